"""Validation of ``sexto-grid/1`` input: each bad value is reported at its path, never guessed."""

from __future__ import annotations

import copy
from types import MappingProxyType
from typing import Any

import pytest

from sexto.interventions.grid import (
    ROOT_PATH,
    Content,
    Distribution,
    FieldError,
    Incident,
    IncidentInvalid,
    Indicators,
    Person,
    Production,
    as_input,
    evaluate,
    normalise,
    validate,
)


def valid() -> dict[str, Any]:
    """A complete valid incident; each test breaks one thing in a fresh copy."""
    return copy.deepcopy(
        {
            "schema": "sexto-grid/1",
            "people": [
                {
                    "id": "A",
                    "age": 15,
                    "roles": ["depicted", "producer"],
                    "capacity_concern": False,
                },
                {"id": "B", "age": 16, "roles": ["recipient", "distributor"]},
            ],
            "content": {
                "medium": "photo",
                "depiction": "genitals_or_anal_region",
                "sexual_purpose": True,
                "violent_or_atypical": False,
            },
            "production": {"by": "self", "consent": "yes", "coerced": False},
            "distribution": {
                "stage": "redistributed",
                "redistribution_consent": "no",
                "audience": "few",
                "posted_online": False,
            },
            "indicators": {
                "adult_involved": False,
                "threats_or_extortion": False,
                "intent_to_harm": False,
                "profit": False,
                "grooming": False,
                "immediate_risk_of_harm": False,
                "parent_involved": False,
            },
        }
    )


class _Missing:
    """The field removed. A fixed repr keeps the test ids the same in every pytest-xdist worker
    (object()'s repr holds its address, and workers refuse to run differently collected tests)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


def with_value(path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    """The valid incident with ``value`` at ``path`` (or the field removed for MISSING)."""
    data = valid()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is MISSING:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


def codes(errors: list[FieldError]) -> list[tuple[str, str]]:
    return [(e.path, e.code) for e in errors]


# (where, value, expected path, expected code)
BAD_VALUES: list[tuple[tuple[str | int, ...], object, str, str]] = [
    # schema
    (("schema",), MISSING, "schema", "required"),
    (("schema",), "sexto-grid/2", "schema", "unsupported_schema"),
    (("schema",), "SEXTO-GRID/1", "schema", "unsupported_schema"),
    (("schema",), 1, "schema", "wrong_type"),
    (("schema",), None, "schema", "wrong_type"),
    # people
    (("people",), MISSING, "people", "required"),
    (("people",), [], "people", "empty"),
    (("people",), {"id": "A"}, "people", "wrong_type"),
    (("people",), "A", "people", "wrong_type"),
    (("people",), None, "people", "wrong_type"),
    (("people", 1), "B", "people[1]", "wrong_type"),
    (("people", 1), None, "people[1]", "wrong_type"),
    (("people", 1), ["B"], "people[1]", "wrong_type"),
    (("people", 0, "name"), "Alex", "people[0].name", "unknown_field"),
    # people[].id
    (("people", 0, "id"), MISSING, "people[0].id", "required"),
    (("people", 0, "id"), "", "people[0].id", "empty"),
    (("people", 0, "id"), "   ", "people[0].id", "empty"),
    (("people", 0, "id"), 1, "people[0].id", "wrong_type"),
    (("people", 0, "id"), None, "people[0].id", "wrong_type"),
    (("people", 1, "id"), "A", "people[1].id", "duplicate"),
    # people[].age
    (("people", 1, "age"), MISSING, "people[1].age", "required"),
    (("people", 1, "age"), True, "people[1].age", "wrong_type"),
    (("people", 1, "age"), False, "people[1].age", "wrong_type"),
    (("people", 1, "age"), 15.0, "people[1].age", "wrong_type"),
    (("people", 1, "age"), "15", "people[1].age", "wrong_type"),
    (("people", 1, "age"), [15], "people[1].age", "wrong_type"),
    (("people", 1, "age"), 4, "people[1].age", "out_of_range"),
    (("people", 1, "age"), 100, "people[1].age", "out_of_range"),
    (("people", 1, "age"), -1, "people[1].age", "out_of_range"),
    (("people", 1, "age"), 10**30, "people[1].age", "out_of_range"),
    # people[].adult
    (("people", 0, "adult"), True, "people[0].adult", "adult_with_age"),
    (("people", 0, "adult"), "yes", "people[0].adult", "wrong_type"),
    (("people", 0, "adult"), None, "people[0].adult", "wrong_type"),
    (("people", 0, "adult"), 1, "people[0].adult", "wrong_type"),
    # people[].roles
    (("people", 0, "roles"), MISSING, "people[0].roles", "required"),
    (("people", 0, "roles"), [], "people[0].roles", "empty"),
    (("people", 0, "roles"), "depicted", "people[0].roles", "wrong_type"),
    (("people", 0, "roles"), None, "people[0].roles", "wrong_type"),
    (("people", 0, "roles"), ["depicted", "boss"], "people[0].roles[1]", "not_a_choice"),
    (("people", 0, "roles"), ["Depicted"], "people[0].roles[0]", "not_a_choice"),
    (("people", 0, "roles"), [1], "people[0].roles[0]", "wrong_type"),
    (("people", 0, "roles"), [["depicted"]], "people[0].roles[0]", "wrong_type"),
    (("people", 0, "roles"), ["sender", "depicted", "sender"], "people[0].roles[2]", "duplicate"),
    # people[].capacity_concern
    (("people", 0, "capacity_concern"), "no", "people[0].capacity_concern", "wrong_type"),
    (("people", 0, "capacity_concern"), None, "people[0].capacity_concern", "wrong_type"),
    (("people", 0, "capacity_concern"), 0, "people[0].capacity_concern", "wrong_type"),
    # content
    (("content",), "photo", "content", "wrong_type"),
    (("content",), None, "content", "wrong_type"),
    (("content",), [], "content", "wrong_type"),
    (("content", "colour"), "red", "content.colour", "unknown_field"),
    (("content", "medium"), MISSING, "content.medium", "required"),
    (("content", "medium"), "Photo", "content.medium", "not_a_choice"),
    (("content", "medium"), "sms", "content.medium", "not_a_choice"),
    (("content", "medium"), None, "content.medium", "wrong_type"),
    (("content", "medium"), ["photo"], "content.medium", "wrong_type"),
    (("content", "depiction"), MISSING, "content.depiction", "required"),
    (("content", "depiction"), "nude", "content.depiction", "not_a_choice"),
    (("content", "depiction"), 3, "content.depiction", "wrong_type"),
    (("content", "sexual_purpose"), "yes", "content.sexual_purpose", "wrong_type"),
    (("content", "sexual_purpose"), 1, "content.sexual_purpose", "wrong_type"),
    (("content", "violent_or_atypical"), None, "content.violent_or_atypical", "wrong_type"),
    (("content", "violent_or_atypical"), "false", "content.violent_or_atypical", "wrong_type"),
    # production
    (("production",), None, "production", "wrong_type"),
    (("production",), [], "production", "wrong_type"),
    (("production", "when"), "today", "production.when", "unknown_field"),
    (("production", "by"), "friend", "production.by", "not_a_choice"),
    (("production", "by"), None, "production.by", "wrong_type"),
    (("production", "consent"), True, "production.consent", "wrong_type"),
    (("production", "consent"), "maybe", "production.consent", "not_a_choice"),
    (("production", "coerced"), "false", "production.coerced", "wrong_type"),
    (("production", "coerced"), None, "production.coerced", "wrong_type"),
    # distribution
    (("distribution",), "none", "distribution", "wrong_type"),
    (("distribution", "reach"), 3, "distribution.reach", "unknown_field"),
    (("distribution", "stage"), "everywhere", "distribution.stage", "not_a_choice"),
    (("distribution", "stage"), None, "distribution.stage", "wrong_type"),
    (
        ("distribution", "redistribution_consent"),
        "maybe",
        "distribution.redistribution_consent",
        "not_a_choice",
    ),
    (("distribution", "audience"), 10, "distribution.audience", "wrong_type"),
    (("distribution", "audience"), "all", "distribution.audience", "not_a_choice"),
    (("distribution", "posted_online"), 1, "distribution.posted_online", "wrong_type"),
    (("distribution", "posted_online"), None, "distribution.posted_online", "wrong_type"),
    # indicators
    (("indicators",), None, "indicators", "wrong_type"),
    (("indicators",), ["grooming"], "indicators", "wrong_type"),
    (("indicators", "weather"), True, "indicators.weather", "unknown_field"),
    # top level
    (("colour",), "red", "colour", "unknown_field"),
]
BAD_VALUES += [
    (("indicators", name), bad, f"indicators.{name}", "wrong_type")
    for name in (
        "adult_involved",
        "threats_or_extortion",
        "intent_to_harm",
        "profit",
        "grooming",
        "immediate_risk_of_harm",
        "parent_involved",
    )
    for bad in ("true", None, 1)
]


@pytest.mark.parametrize(
    ("where", "value", "path", "code"),
    [pytest.param(*case, id=f"{case[2]}={case[1]!r}"[:60]) for case in BAD_VALUES],
)
def test_bad_value_is_reported_at_its_path(
    where: tuple[str | int, ...], value: object, path: str, code: str
) -> None:
    data = with_value(where, value)

    errors = validate(data)

    assert codes(errors) == [(path, code)]
    with pytest.raises(IncidentInvalid) as raised:
        evaluate(data)
    assert raised.value.errors == errors
    with pytest.raises(IncidentInvalid):
        normalise(data)


def test_age_message_is_the_contract_one() -> None:
    errors = validate(with_value(("people", 1, "age"), 150))
    assert [str(e) for e in errors] == ["people[1].age: must be an integer from 5 to 99"]
    assert errors[0].fr == "doit être un nombre entier de 5 à 99"


def test_missing_and_unknown_field_messages() -> None:
    assert [str(e) for e in validate(with_value(("content", "medium"), MISSING))] == [
        "content.medium: is required"
    ]
    assert [str(e) for e in validate(with_value(("content", "colour"), "red"))] == [
        "content.colour: is not a known field"
    ]


@pytest.mark.parametrize("age", [5, 99, None])
def test_age_bounds_and_null_are_valid(age: int | None) -> None:
    assert validate(with_value(("people", 1, "age"), age)) == []


def test_adult_true_with_null_age_is_valid_and_an_adult() -> None:
    data = valid()
    data["people"][1].update(age=None, adult=True)
    assert validate(data) == []
    assert normalise(data).people[1] == Person("B", None, ("recipient", "distributor"), True)
    assert not normalise(data).people[1].is_minor


def test_adult_false_with_age_is_valid() -> None:
    assert validate(with_value(("people", 0, "adult"), False)) == []


@pytest.mark.parametrize("age", [15, 30])
def test_adult_true_with_any_numeric_age_is_an_error(age: int) -> None:
    data = valid()
    data["people"][0].update(age=age, adult=True)
    assert codes(validate(data)) == [("people[0].adult", "adult_with_age")]


def test_duplicate_id_names_the_first_holder() -> None:
    data = valid()
    data["people"].append({"id": "A", "age": 14, "roles": ["possessor"]})
    errors = validate(data)
    assert codes(errors) == [("people[2].id", "duplicate")]
    assert "people[0]" in errors[0].en and "people[0]" in errors[0].fr


def test_missing_content_names_both_required_fields() -> None:
    assert codes(validate(with_value(("content",), MISSING))) == [
        ("content.medium", "required"),
        ("content.depiction", "required"),
    ]


@pytest.mark.parametrize(
    "value", [None, [], [{"schema": "sexto-grid/1"}], "incident", 0, 1.5, True, b"{}"]
)
def test_non_object_input_is_reported_at_root(value: object) -> None:
    errors = validate(value)
    assert codes(errors) == [(ROOT_PATH, "wrong_type")]
    assert str(errors[0]) == "(root): must be an object"
    with pytest.raises(IncidentInvalid):
        evaluate(value)  # type: ignore[arg-type]


def test_empty_object_reports_every_required_field() -> None:
    assert codes(validate({})) == [
        ("schema", "required"),
        ("people", "required"),
        ("content.medium", "required"),
        ("content.depiction", "required"),
    ]


def test_every_problem_is_reported_not_just_the_first() -> None:
    data = valid()
    data["schema"] = "sexto-grid/0"
    data["colour"] = "red"
    data["people"][0]["age"] = True
    data["people"][0]["roles"] = ["depicted", "depicted", "boss"]
    data["people"][1]["id"] = "A"
    data["people"][1]["adult"] = True
    data["content"]["medium"] = "fax"
    data["production"]["coerced"] = "no"
    data["distribution"]["audience"] = "everyone"
    data["indicators"]["grooming"] = None

    errors = validate(data)

    assert codes(errors) == [
        ("colour", "unknown_field"),
        ("schema", "unsupported_schema"),
        ("people[0].age", "wrong_type"),
        ("people[0].roles[1]", "duplicate"),
        ("people[0].roles[2]", "not_a_choice"),
        ("people[1].id", "duplicate"),
        ("people[1].adult", "adult_with_age"),
        ("content.medium", "not_a_choice"),
        ("production.coerced", "wrong_type"),
        ("distribution.audience", "not_a_choice"),
        ("indicators.grooming", "wrong_type"),
    ]
    with pytest.raises(IncidentInvalid) as raised:
        evaluate(data)
    assert raised.value.errors == errors
    assert str(raised.value).splitlines() == [str(e) for e in errors]


def test_messages_are_given_in_both_languages() -> None:
    data: dict[str, Any] = {
        "schema": 2,
        "people": [{"id": "", "age": 3, "roles": [], "x": 1, "adult": "no"}, 7],
        "content": {"medium": None, "depiction": "x", "sexual_purpose": "x"},
        "production": [],
        "indicators": {"profit": "x"},
    }
    errors = validate(data)
    assert len(errors) == 12
    for error in errors:
        assert error.en.strip() and error.fr.strip() and error.code.strip()
        assert error.en != error.fr
        assert str(error) == f"{error.path}: {error.en}"


def test_choice_messages_list_the_allowed_values() -> None:
    (error,) = validate(with_value(("content", "medium"), "fax"))
    assert error.en == "must be one of: photo, video, live_stream, drawing, text, audio"
    assert error.fr.startswith("doit être l’une des valeurs suivantes\u00a0: photo, video")


MINIMAL = {
    "schema": "sexto-grid/1",
    "people": [{"id": "A", "age": 15, "roles": ["depicted"]}],
    "content": {"medium": "photo", "depiction": "suggestive"},
}


def test_omitted_fields_take_their_defaults() -> None:
    incident = normalise(MINIMAL)
    assert incident == Incident(
        people=(Person("A", 15, ("depicted",), adult=False, capacity_concern=False),),
        content=Content("photo", "suggestive", sexual_purpose=None, violent_or_atypical=False),
        production=Production(by="unknown", consent="unknown", coerced=False),
        distribution=Distribution(
            stage="none", redistribution_consent="unknown", audience="none", posted_online=False
        ),
        indicators=Indicators(),
    )
    assert not any(incident.indicators)


def test_empty_sections_take_their_defaults() -> None:
    data = dict(MINIMAL, production={}, distribution={}, indicators={})
    assert normalise(data) == normalise(MINIMAL)


def test_partial_sections_default_each_missing_field() -> None:
    data = dict(
        MINIMAL,
        production={"consent": "no"},
        distribution={"posted_online": True},
        indicators={"profit": True},
    )
    incident = normalise(data)
    assert incident.production == Production(by="unknown", consent="no", coerced=False)
    assert incident.distribution == Distribution(posted_online=True)
    assert incident.indicators == Indicators(profit=True)


def test_sexual_purpose_may_be_null() -> None:
    data = copy.deepcopy(MINIMAL)
    data["content"]["sexual_purpose"] = None  # type: ignore[index]
    assert normalise(data).content.sexual_purpose is None


def test_as_input_round_trips_and_is_fully_defaulted() -> None:
    incident = normalise(MINIMAL)
    full = as_input(incident)
    assert normalise(full) == incident
    assert full["production"] == {"by": "unknown", "consent": "unknown", "coerced": False}
    assert set(full["indicators"]) == set(Indicators._fields)
    assert evaluate(full) == evaluate(MINIMAL)


def test_any_mapping_is_accepted_like_a_dict() -> None:
    data = valid()
    proxied = MappingProxyType({**data, "people": [MappingProxyType(p) for p in data["people"]]})
    assert validate(proxied) == []
    assert evaluate(proxied) == evaluate(data)


def test_validation_does_not_modify_the_input() -> None:
    data = valid()
    before = copy.deepcopy(data)
    evaluate(data)
    validate(dict(data, colour="red"))
    assert data == before


def test_field_error_is_immutable_and_comparable() -> None:
    error = FieldError("people[1].age", "out_of_range", "en", "fr")
    assert error == FieldError("people[1].age", "out_of_range", "en", "fr")
    with pytest.raises(AttributeError):
        error.path = "x"  # type: ignore[misc]
    assert isinstance(IncidentInvalid([error]), ValueError)
