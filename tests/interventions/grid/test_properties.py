"""Properties of the grid over generated incidents (hypothesis)."""

from __future__ import annotations

import copy
import json
import os
import string
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sexto.interventions.grid import (
    ACTIONS,
    AUDIENCES,
    CONSENTS,
    CSAM_VALUES,
    DEPICTIONS,
    INDICATORS,
    MEDIA,
    NATURES,
    PRODUCERS,
    ROLES,
    ROUTES,
    RULE_IDS,
    RULES_VERSION,
    SCHEMA,
    STAGES,
    YOUTH_PROTECTIONS,
    FieldError,
    IncidentInvalid,
    as_input,
    evaluate,
    normalise,
    validate,
)
from sexto.interventions.grid.validation import _read, _read_fast

settings.register_profile(
    "grid", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200
)
# GRID_HYPOTHESIS_PROFILE=grid-long for a deeper search before a rules change.
settings.register_profile("grid-long", settings.get_profile("grid"), max_examples=5000)
settings.load_profile(os.environ.get("GRID_HYPOTHESIS_PROFILE", "grid"))

NATURE_RULE = {"not_sexting": "N1", "malicious": "N2", "impulsive": "N3"}
ROUTE_RULE = {"police_immediately": "R1", "sexto_procedure": "R2", "school_follow_up": "R3"}
YOUTH_RULE = {"required": "Y1", "consult": "Y2", "not_indicated": "Y3"}

rarely_true = st.sampled_from([False, False, False, True])
ANY_DEPICTION = st.sampled_from(DEPICTIONS)
ID_ALPHABET = string.ascii_lowercase + string.digits + "-_é"


@st.composite
def incidents(draw: st.DrawFn, depiction: st.SearchStrategy[str] = ANY_DEPICTION) -> dict[str, Any]:
    """Valid incidents; optional sections and fields are sometimes omitted."""
    count = draw(st.integers(1, 5))
    ids = draw(
        st.lists(
            # Plain ids, so the reasons can be checked for leftover template markers.
            st.text(alphabet=ID_ALPHABET, min_size=1, max_size=6),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    people = []
    for pid in ids:
        age = draw(st.one_of(st.none(), st.integers(5, 17), st.integers(5, 99)))
        p: dict[str, Any] = {
            "id": pid,
            "age": age,
            "roles": draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=4, unique=True)),
        }
        if draw(st.booleans()):
            p["adult"] = draw(st.booleans()) if age is None else False
        if draw(st.booleans()):
            p["capacity_concern"] = draw(rarely_true)
        people.append(p)

    def some(fields: dict[str, st.SearchStrategy[Any]]) -> dict[str, Any]:
        return {k: draw(s) for k, s in fields.items() if draw(st.booleans())}

    data: dict[str, Any] = {
        "schema": SCHEMA,
        "people": people,
        "content": {
            "medium": draw(st.sampled_from(MEDIA)),
            "depiction": draw(depiction),
            **some(
                {
                    "sexual_purpose": st.one_of(st.none(), st.booleans()),
                    "violent_or_atypical": rarely_true,
                }
            ),
        },
    }
    if draw(st.booleans()):
        data["production"] = some(
            {
                "by": st.sampled_from(PRODUCERS),
                "consent": st.sampled_from(CONSENTS),
                "coerced": rarely_true,
            }
        )
    if draw(st.booleans()):
        data["distribution"] = some(
            {
                "stage": st.sampled_from(STAGES),
                "redistribution_consent": st.sampled_from(CONSENTS),
                "audience": st.sampled_from(AUDIENCES),
                "posted_online": rarely_true,
            }
        )
    if draw(st.booleans()):
        data["indicators"] = some({name: rarely_true for name in INDICATORS})
    return data


def section(data: dict[str, Any], name: str) -> dict[str, Any]:
    return data.setdefault(name, {})  # type: ignore[no-any-return]


def assert_well_formed(result: dict[str, Any], *, plain_ids: bool = True) -> None:
    assert list(result) == [
        "schema",
        "rules_version",
        "legal",
        "nature",
        "route",
        "youth_protection",
        "actions",
        "reasons",
    ]
    assert result["schema"] == SCHEMA and result["rules_version"] == RULES_VERSION
    legal = result["legal"]
    assert list(legal) == [
        "child_sexual_abuse_material",
        "intimate_image_without_consent",
        "extortion",
        "luring",
        "voyeurism",
    ]
    assert legal["child_sexual_abuse_material"] in CSAM_VALUES
    assert all(type(legal[k]) is bool for k in list(legal)[1:])
    assert result["nature"] in NATURES
    assert result["route"] in ROUTES
    assert result["youth_protection"] in YOUTH_PROTECTIONS

    # Actions: a subsequence of ACTIONS (contract order, no repeats).
    positions = [ACTIONS.index(a) for a in result["actions"]]
    assert positions == sorted(set(positions))
    assert result["actions"][-1] == "document"
    sexting = result["nature"] != "not_sexting"
    assert ("do_not_view_or_share" in result["actions"]) == sexting
    assert ("support_victim" in result["actions"]) == sexting

    # Reasons: the L rules that hold, in order, then exactly one N, R and Y rule.
    rules = [r["rule"] for r in result["reasons"]]
    expected_l = [
        rule
        for rule, holds in zip(
            ("L1", "L2", "L3", "L4", "L5"),
            (
                legal["child_sexual_abuse_material"] != "no",
                legal["intimate_image_without_consent"],
                legal["extortion"],
                legal["luring"],
                legal["voyeurism"],
            ),
            strict=True,
        )
        if holds
    ]
    assert rules == [
        *expected_l,
        NATURE_RULE[result["nature"]],
        ROUTE_RULE[result["route"]],
        YOUTH_RULE[result["youth_protection"]],
    ]
    for reason in result["reasons"]:
        assert list(reason) == ["rule", "en", "fr"]
        for text in (reason["en"], reason["fr"]):
            assert text.strip() and text.endswith(".")
            if plain_ids:
                assert "{" not in text and "None" not in text and "  " not in text
        assert reason["en"] != reason["fr"]

    assert json.loads(json.dumps(result)) == result


@given(incidents())
def test_result_is_always_well_formed(data: dict[str, Any]) -> None:
    assert_well_formed(dict(evaluate(data)))


@given(incidents())
def test_normalise_and_as_input_round_trip(data: dict[str, Any]) -> None:
    incident = normalise(data)
    assert normalise(as_input(incident)) == incident
    assert evaluate(as_input(incident)) == evaluate(data)


def _add_adult_with_depicted_minor(data: dict[str, Any]) -> None:
    data["people"] += [
        {"id": "\x00minor", "age": 15, "roles": ["depicted"]},
        {"id": "\x00adult", "age": 40, "roles": ["recipient"]},
    ]


N2_TRIGGERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "adult_involved": lambda d: section(d, "indicators").update(adult_involved=True),
    "adult_among_people": _add_adult_with_depicted_minor,
    "coerced": lambda d: section(d, "production").update(coerced=True),
    "no_consent": lambda d: section(d, "production").update(consent="no"),
    "threats": lambda d: section(d, "indicators").update(threats_or_extortion=True),
    "intent_to_harm": lambda d: section(d, "indicators").update(intent_to_harm=True),
    "profit": lambda d: section(d, "indicators").update(profit=True),
    "grooming": lambda d: section(d, "indicators").update(grooming=True),
    "many_without_consent": lambda d: section(d, "distribution").update(
        redistribution_consent="no", audience="many"
    ),
    "public_without_consent": lambda d: section(d, "distribution").update(
        redistribution_consent="no", audience="public"
    ),
    "posted_online_consent_unknown": lambda d: section(d, "distribution").update(
        posted_online=True, redistribution_consent="unknown"
    ),
    "posted_online_without_consent": lambda d: section(d, "distribution").update(
        posted_online=True, redistribution_consent="no"
    ),
}


@given(
    incidents(depiction=st.sampled_from([d for d in DEPICTIONS if d != "none"])),
    st.sampled_from(sorted(N2_TRIGGERS)),
)
def test_any_n2_indicator_with_sexual_content_is_never_school_follow_up(
    data: dict[str, Any], trigger: str
) -> None:
    N2_TRIGGERS[trigger](data)
    result = evaluate(data)
    assert result["nature"] == "malicious"
    assert result["route"] != "school_follow_up"
    assert result["route"] == "police_immediately"


AGGRAVATIONS = [("indicators", name) for name in INDICATORS] + [
    ("production", "coerced"),
    ("content", "violent_or_atypical"),
    ("person", "capacity_concern"),
]


@given(incidents(), st.sampled_from(AGGRAVATIONS), st.integers(0, 4))
def test_an_aggravating_fact_never_lowers_the_route(
    data: dict[str, Any], aggravation: tuple[str, str], who: int
) -> None:
    before = evaluate(data)
    worse = copy.deepcopy(data)
    where, name = aggravation
    if where == "person":
        worse["people"][who % len(worse["people"])][name] = True
    else:
        section(worse, where)[name] = True
    after = evaluate(worse)
    # ROUTES and YOUTH_PROTECTIONS list the most urgent first.
    assert ROUTES.index(after["route"]) <= ROUTES.index(before["route"])
    assert YOUTH_PROTECTIONS.index(after["youth_protection"]) <= YOUTH_PROTECTIONS.index(
        before["youth_protection"]
    )


def _incident(people: list[dict[str, Any]], medium: str, depiction: str, **more: Any) -> Any:
    return {
        "schema": SCHEMA,
        "people": people,
        "content": {"medium": medium, "depiction": depiction},
        **more,
    }


TEEN = {"id": "A", "age": 15, "roles": ["depicted", "sender"]}
RULE_EXAMPLES: dict[str, Any] = {
    "L1": _incident([TEEN], "photo", "sexual_activity"),
    "L2": _incident(
        [TEEN],
        "photo",
        "breasts_or_buttocks",
        distribution={"stage": "redistributed", "redistribution_consent": "no"},
    ),
    "L3": _incident([TEEN], "text", "none", indicators={"threats_or_extortion": True}),
    "L4": _incident(
        [TEEN], "photo", "suggestive", indicators={"adult_involved": True, "grooming": True}
    ),
    "L5": _incident([TEEN], "video", "suggestive", production={"by": "other", "consent": "no"}),
    "N1": _incident([TEEN], "text", "none"),
    "N2": _incident([TEEN], "photo", "suggestive", indicators={"profit": True}),
    "N3": _incident([TEEN], "photo", "suggestive"),
    "R1": _incident([TEEN], "photo", "suggestive", indicators={"immediate_risk_of_harm": True}),
    "R2": _incident([TEEN], "photo", "breasts_or_buttocks"),
    "R3": _incident([TEEN], "audio", "suggestive"),
    "Y1": _incident([TEEN], "photo", "suggestive", indicators={"parent_involved": True}),
    "Y2": _incident([{"id": "K", "age": 10, "roles": ["recipient"]}], "text", "suggestive"),
    "Y3": _incident([TEEN], "drawing", "suggestive"),
}


@pytest.mark.parametrize("rule", RULE_IDS)
def test_every_rule_has_an_english_and_a_french_reason(rule: str) -> None:
    result = evaluate(RULE_EXAMPLES[rule])
    (reason,) = [r for r in result["reasons"] if r["rule"] == rule]
    assert reason["en"].strip() and reason["fr"].strip() and reason["en"] != reason["fr"]
    assert_well_formed(dict(result))


@given(st.sampled_from(RULE_IDS), st.text(min_size=1, max_size=12).filter(str.strip))
def test_reasons_of_every_rule_name_the_people_by_id(rule: str, pid: str) -> None:
    data = copy.deepcopy(RULE_EXAMPLES[rule])
    for person in data["people"]:
        person["id"] = pid
    result = evaluate(data)
    assert_well_formed(dict(result), plain_ids=False)
    if rule in ("L1", "L2", "L5", "Y2"):
        # These name the people concerned.
        reason = next(r for r in result["reasons"] if r["rule"] == rule)
        assert f"({pid}, " in reason["en"] and f"({pid}, " in reason["fr"]


# --- Garbage never crashes ---------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=16,
)
FIELD_NAMES = [
    "schema",
    "people",
    "content",
    "production",
    "distribution",
    "indicators",
    "id",
    "age",
    "roles",
    "adult",
    "capacity_concern",
    "medium",
    "depiction",
    "sexual_purpose",
    "violent_or_atypical",
    "by",
    "consent",
    "coerced",
    "stage",
    "redistribution_consent",
    "audience",
    "posted_online",
    *INDICATORS,
]
# Objects that use the contract's own field names, so garbage reaches the deeper checks.
near_json = st.recursive(
    json_values,
    lambda children: (
        st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=4), children, max_size=6)
        | st.lists(children, max_size=3)
    ),
    max_leaves=24,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@st.composite
def mutated_incidents(draw: st.DrawFn) -> Any:
    """A valid incident with one place replaced, removed or given an extra field."""
    data = draw(incidents())
    path = draw(st.sampled_from(_paths(data)))
    if not path:
        return draw(near_json)
    parent: Any = data
    for key in path[:-1]:
        parent = parent[key]
    action = draw(st.sampled_from(["replace", "remove", "extra"]))
    if action == "replace" or isinstance(parent, list):
        parent[path[-1]] = draw(near_json)
    elif action == "remove":
        del parent[path[-1]]
    else:
        parent[draw(st.text(max_size=6))] = draw(json_values)
    return data


def _check_never_crashes(value: Any) -> None:
    errors = validate(value)
    assert all(isinstance(e, FieldError) for e in errors)
    for error in errors:
        assert error.path and error.code and error.en and error.fr
    try:
        result = evaluate(value)
    except IncidentInvalid as invalid:
        assert invalid.errors == errors and errors
    else:
        assert errors == []
        assert_well_formed(dict(result), plain_ids=False)
    # The fast path, when it accepts, agrees with the full reading.
    fast = _read_fast(value)
    assert fast is None or fast == _read(value)


@given(json_values)
def test_random_json_never_raises_anything_but_incident_invalid(value: Any) -> None:
    _check_never_crashes(value)


@given(near_json)
def test_field_shaped_garbage_never_raises_anything_but_incident_invalid(value: Any) -> None:
    _check_never_crashes(value)


@given(mutated_incidents())
def test_mutated_incidents_are_reported_or_evaluated(value: Any) -> None:
    _check_never_crashes(value)


@given(incidents())
def test_fast_and_full_validation_agree_on_valid_input(data: dict[str, Any]) -> None:
    fast = _read_fast(data)
    assert fast is not None
    assert fast == _read(data)
