"""Validation and normalisation of a ``sexto-grid/1`` incident.

One pass over the input both collects every problem and builds the normalised ``Incident``, so
``evaluate`` pays for validation once. Nothing is guessed: an unknown field, a wrong type or a
value out of range is an error, reported with the path of the field concerned.

Paths use dots and ``[i]`` indices (``people[1].age``, ``people[0].roles[2]``); a required
field that is missing is named by its own path (``content.medium``); an unknown field by its
own path too (``content.colour``), quoted when it is not a plain name (``content["my key"]``,
``[""]`` at the top level); an input that is not an object at all is reported at ``(root)``.

Error codes (``FieldError.code``): ``required``, ``unknown_field``, ``wrong_type``,
``out_of_range``, ``not_a_choice``, ``empty``, ``duplicate``, ``adult_with_age``,
``unsupported_schema``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, TypeVar

from .types import (
    AGE_MAX,
    AGE_MIN,
    AUDIENCES,
    CONSENTS,
    DEFAULT_DISTRIBUTION,
    DEFAULT_INDICATORS,
    DEFAULT_PRODUCTION,
    DEPICTIONS,
    MEDIA,
    PRODUCERS,
    ROLES,
    SCHEMA,
    STAGES,
    Content,
    Distribution,
    Incident,
    Indicators,
    Person,
    Production,
    Role,
)

ROOT_PATH: Final = "(root)"


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field of an incident, in English and French."""

    path: str
    code: str
    en: str
    fr: str

    def __str__(self) -> str:
        return f"{self.path}: {self.en}"


class IncidentInvalid(ValueError):
    """The incident does not follow the contract; ``errors`` lists every problem found."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


_E = TypeVar("_E", bound=str)
_D = TypeVar("_D")

_MISSING: Final = object()


def _choices(values: tuple[_E, ...]) -> dict[str, _E]:
    # A dict lookup both checks membership and yields the value typed as its Literal.
    return {v: v for v in values}


_MEDIA: Final = _choices(MEDIA)
_DEPICTIONS: Final = _choices(DEPICTIONS)
_PRODUCERS: Final = _choices(PRODUCERS)
_CONSENTS: Final = _choices(CONSENTS)
_STAGES: Final = _choices(STAGES)
_AUDIENCES: Final = _choices(AUDIENCES)
_ROLES: Final = _choices(ROLES)

_TOP_FIELDS: Final = frozenset(
    ("schema", "people", "content", "production", "distribution", "indicators")
)
_PERSON_FIELDS: Final = frozenset(("id", "age", "roles", "adult", "capacity_concern"))
_CONTENT_FIELDS: Final = frozenset(("medium", "depiction", "sexual_purpose", "violent_or_atypical"))
_PRODUCTION_FIELDS: Final = frozenset(("by", "consent", "coerced"))
_DISTRIBUTION_FIELDS: Final = frozenset(
    ("stage", "redistribution_consent", "audience", "posted_online")
)
# Field order of the contract, which is also the order of Indicators' constructor.
_INDICATOR_FIELDS: Final = (
    "adult_involved",
    "threats_or_extortion",
    "intent_to_harm",
    "profit",
    "grooming",
    "immediate_risk_of_harm",
    "parent_involved",
)
_INDICATOR_SET: Final = frozenset(_INDICATOR_FIELDS)

_REQUIRED = ("required", "is required", "est obligatoire")
_UNKNOWN = ("unknown_field", "is not a known field", "n’est pas un champ connu")
_OBJECT = ("wrong_type", "must be an object", "doit être un objet")
_LIST = ("wrong_type", "must be a list", "doit être une liste")
_BOOL = ("wrong_type", "must be true or false", "doit être true ou false")
_BOOL_OR_NULL = ("wrong_type", "must be true, false or null", "doit être true, false ou null")
_AGE_EN = f"must be an integer from {AGE_MIN} to {AGE_MAX}"
_AGE_FR = f"doit être un nombre entier de {AGE_MIN} à {AGE_MAX}"
_AGE_TYPE = ("wrong_type", _AGE_EN, _AGE_FR)
_AGE_RANGE = ("out_of_range", _AGE_EN, _AGE_FR)
_ID_TYPE = (
    "wrong_type",
    "must be a non-empty string",
    "doit être une chaîne de caractères non vide",
)
_ID_EMPTY = ("empty", "must be a non-empty string", "doit être une chaîne de caractères non vide")
_NO_PEOPLE = ("empty", "must list at least one person", "doit contenir au moins une personne")
_NO_ROLES = ("empty", "must list at least one role", "doit contenir au moins un rôle")
_ADULT_WITH_AGE = (
    "adult_with_age",
    "may be true only when age is null (unknown)",
    "ne peut être true que si age est null (âge inconnu)",
)
_SCHEMA_EN = f'must be "{SCHEMA}"'
_SCHEMA_FR = f"doit être « {SCHEMA} »"


def _choice_message(values: Mapping[str, str], code: str) -> tuple[str, str, str]:
    listed = ", ".join(values)
    french = f"doit être l’une des valeurs suivantes\u00a0: {listed}"
    return (code, f"must be one of: {listed}", french)


def _child_path(path: str, key: object) -> str:
    """``path.key``; a key that is not a plain name is quoted: ``content["my key"]``."""
    if type(key) is str and key.isidentifier() and key.isascii():
        return f"{path}.{key}" if path else key
    quoted = json.dumps(key, ensure_ascii=False) if type(key) is str else repr(key)
    return f"{path}[{quoted}]"


class _Collector:
    """Accumulates errors while the incident is read; the helpers return a usable default."""

    __slots__ = ("errors",)

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, path: str, message: tuple[str, str, str]) -> None:
        code, en, fr = message
        self.errors.append(FieldError(path, code, en, fr))

    def section(
        self, parent: Mapping[object, object], key: str, path: str, known: frozenset[str]
    ) -> Mapping[object, object] | None:
        """The nested object under ``key``; an empty one when omitted, None when not an object."""
        value = parent.get(key, _MISSING)
        if value is _MISSING:
            return _EMPTY
        return self.mapping(value, path, known)

    def mapping(
        self, value: object, path: str, known: frozenset[str]
    ) -> Mapping[object, object] | None:
        """``value`` if it is an object (reporting its unknown fields), else None."""
        if type(value) is not dict and not isinstance(value, Mapping):
            self.add(path or ROOT_PATH, _OBJECT)
            return None
        if not known.issuperset(value):
            for key in value:
                if key not in known:
                    self.add(_child_path(path, key), _UNKNOWN)
        return value

    def boolean(self, obj: Mapping[object, object], key: str, path: str) -> bool:
        """An optional bool, false when omitted."""
        value = obj.get(key, False)
        if type(value) is bool:
            return value
        self.add(f"{path}.{key}", _BOOL)
        return False

    def choice(
        self,
        obj: Mapping[object, object],
        key: str,
        path: str,
        values: Mapping[str, _E],
        default: _E,
    ) -> _E:
        """An optional enum value, ``default`` when omitted or wrong."""
        value = obj.get(key, _MISSING)
        if value is _MISSING:
            return default
        return self._lookup(value, f"{path}.{key}", values, default)

    def required_choice(
        self, obj: Mapping[object, object], key: str, path: str, values: Mapping[str, _E]
    ) -> _E | None:
        """A required enum value, None when missing or wrong."""
        value = obj.get(key, _MISSING)
        if value is _MISSING:
            self.add(f"{path}.{key}", _REQUIRED)
            return None
        return self._lookup(value, f"{path}.{key}", values, None)

    def required_choice_value(
        self, value: object, path: str, values: Mapping[str, _E]
    ) -> _E | None:
        """``value`` as one of ``values``, None (with an error) when it is not one."""
        return self._lookup(value, path, values, None)

    def _lookup(self, value: object, path: str, values: Mapping[str, _E], default: _D) -> _E | _D:
        if type(value) is str:
            found = values.get(value)
            if found is not None:
                return found
            self.add(path, _choice_message(values, "not_a_choice"))
        else:
            self.add(path, _choice_message(values, "wrong_type"))
        return default


_EMPTY: Final[Mapping[object, object]] = {}


def _read_person(
    c: _Collector, value: object, path: str, seen_ids: dict[str, str]
) -> Person | None:
    obj = c.mapping(value, path, _PERSON_FIELDS)
    if obj is None:
        return None
    before = len(c.errors)

    person_id = ""
    raw_id = obj.get("id", _MISSING)
    if raw_id is _MISSING:
        c.add(f"{path}.id", _REQUIRED)
    elif type(raw_id) is not str:
        c.add(f"{path}.id", _ID_TYPE)
    elif not raw_id.strip():
        c.add(f"{path}.id", _ID_EMPTY)
    elif raw_id in seen_ids:
        first = seen_ids[raw_id]
        c.add(
            f"{path}.id",
            ("duplicate", f"is already the id of {first}", f"est déjà l’identifiant de {first}"),
        )
    else:
        person_id = raw_id
        seen_ids[raw_id] = path

    age: int | None = None
    raw_age = obj.get("age", _MISSING)
    if raw_age is _MISSING:
        c.add(f"{path}.age", _REQUIRED)
    elif raw_age is not None:
        # bool is a subclass of int and 15.0 is a float: both are refused, never coerced.
        if type(raw_age) is not int:
            c.add(f"{path}.age", _AGE_TYPE)
        else:
            age = raw_age
            if not AGE_MIN <= raw_age <= AGE_MAX:
                c.add(f"{path}.age", _AGE_RANGE)

    adult = c.boolean(obj, "adult", path)
    if adult and age is not None:
        c.add(f"{path}.adult", _ADULT_WITH_AGE)

    roles: list[Role] = []
    raw_roles = obj.get("roles", _MISSING)
    if raw_roles is _MISSING:
        c.add(f"{path}.roles", _REQUIRED)
    elif type(raw_roles) is not list:
        c.add(f"{path}.roles", _LIST)
    elif not raw_roles:
        c.add(f"{path}.roles", _NO_ROLES)
    else:
        for i, raw in enumerate(raw_roles):
            role = c.required_choice_value(raw, f"{path}.roles[{i}]", _ROLES)
            if role is None:
                continue
            if role in roles:
                c.add(
                    f"{path}.roles[{i}]",
                    ("duplicate", f'repeats the role "{role}"', f"répète le rôle « {role} »"),
                )
            else:
                roles.append(role)

    capacity_concern = c.boolean(obj, "capacity_concern", path)
    if len(c.errors) != before:
        return None
    return Person(person_id, age, tuple(roles), adult, capacity_concern)


def _read(incident: object) -> Incident | list[FieldError]:
    c = _Collector()
    top = c.mapping(incident, "", _TOP_FIELDS)
    if top is None:
        return c.errors

    schema = top.get("schema", _MISSING)
    if schema is _MISSING:
        c.add("schema", _REQUIRED)
    elif type(schema) is not str or schema != SCHEMA:
        code = "unsupported_schema" if type(schema) is str else "wrong_type"
        c.add("schema", (code, _SCHEMA_EN, _SCHEMA_FR))

    people: list[Person] = []
    raw_people = top.get("people", _MISSING)
    if raw_people is _MISSING:
        c.add("people", _REQUIRED)
    elif type(raw_people) is not list:
        c.add("people", _LIST)
    elif not raw_people:
        c.add("people", _NO_PEOPLE)
    else:
        seen_ids: dict[str, str] = {}
        for i, raw_person in enumerate(raw_people):
            person = _read_person(c, raw_person, f"people[{i}]", seen_ids)
            if person is not None:
                people.append(person)

    content: Content | None = None
    obj = c.section(top, "content", "content", _CONTENT_FIELDS)
    if obj is not None:
        medium = c.required_choice(obj, "medium", "content", _MEDIA)
        depiction = c.required_choice(obj, "depiction", "content", _DEPICTIONS)
        sexual_purpose: bool | None = None
        raw_purpose = obj.get("sexual_purpose")
        if type(raw_purpose) is bool:
            sexual_purpose = raw_purpose
        elif raw_purpose is not None:
            c.add("content.sexual_purpose", _BOOL_OR_NULL)
        violent = c.boolean(obj, "violent_or_atypical", "content")
        if medium is not None and depiction is not None:
            content = Content(medium, depiction, sexual_purpose, violent)

    production = DEFAULT_PRODUCTION
    obj = c.section(top, "production", "production", _PRODUCTION_FIELDS)
    if obj:
        production = Production(
            c.choice(obj, "by", "production", _PRODUCERS, "unknown"),
            c.choice(obj, "consent", "production", _CONSENTS, "unknown"),
            c.boolean(obj, "coerced", "production"),
        )

    distribution = DEFAULT_DISTRIBUTION
    obj = c.section(top, "distribution", "distribution", _DISTRIBUTION_FIELDS)
    if obj:
        distribution = Distribution(
            c.choice(obj, "stage", "distribution", _STAGES, "none"),
            c.choice(obj, "redistribution_consent", "distribution", _CONSENTS, "unknown"),
            c.choice(obj, "audience", "distribution", _AUDIENCES, "none"),
            c.boolean(obj, "posted_online", "distribution"),
        )

    indicators = DEFAULT_INDICATORS
    obj = c.section(top, "indicators", "indicators", _INDICATOR_SET)
    if obj:
        indicators = Indicators(*[c.boolean(obj, name, "indicators") for name in _INDICATOR_FIELDS])

    if c.errors or content is None:
        return c.errors
    return Incident(tuple(people), content, production, distribution, indicators)


def _read_fast(incident: object) -> Incident | None:
    """The incident when it is a well-formed plain dict; None as soon as anything is unusual.

    The common case pays only for straight-line checks; any doubt falls back to ``_read``,
    which re-reads everything and names every problem. Both must accept exactly the same
    inputs (tested), so every check here mirrors one of ``_read``'s, only stricter.
    """
    if type(incident) is not dict or not _TOP_FIELDS.issuperset(incident):
        return None
    schema = incident.get("schema")
    if type(schema) is not str or schema != SCHEMA:
        return None
    raw_people = incident.get("people")
    if type(raw_people) is not list or not raw_people:
        return None
    people: list[Person] = []
    ids: set[str] = set()
    for raw in raw_people:
        if type(raw) is not dict or not _PERSON_FIELDS.issuperset(raw):
            return None
        person_id = raw.get("id")
        if type(person_id) is not str or person_id in ids or not person_id.strip():
            return None
        ids.add(person_id)
        age = raw.get("age", _MISSING)
        adult = raw.get("adult", False)
        if age is None:
            if type(adult) is not bool:
                return None
        elif type(age) is not int or not AGE_MIN <= age <= AGE_MAX or adult is not False:
            return None
        capacity_concern = raw.get("capacity_concern", False)
        raw_roles = raw.get("roles")
        if type(capacity_concern) is not bool or type(raw_roles) is not list or not raw_roles:
            return None
        roles: list[Role] = []
        for raw_role in raw_roles:
            role = _ROLES.get(raw_role) if type(raw_role) is str else None
            if role is None or role in roles:
                return None
            roles.append(role)
        people.append(Person(person_id, age, tuple(roles), adult, capacity_concern))

    obj = incident.get("content")
    if type(obj) is not dict or not _CONTENT_FIELDS.issuperset(obj):
        return None
    medium = obj.get("medium")
    depiction = obj.get("depiction")
    sexual_purpose = obj.get("sexual_purpose")
    violent = obj.get("violent_or_atypical", False)
    if type(medium) is not str or type(depiction) is not str or type(violent) is not bool:
        return None
    if sexual_purpose is not None and type(sexual_purpose) is not bool:
        return None
    medium_value = _MEDIA.get(medium)
    depiction_value = _DEPICTIONS.get(depiction)
    if medium_value is None or depiction_value is None:
        return None
    content = Content(medium_value, depiction_value, sexual_purpose, violent)

    production = DEFAULT_PRODUCTION
    obj = incident.get("production", _EMPTY)
    if type(obj) is not dict or not _PRODUCTION_FIELDS.issuperset(obj):
        return None
    if obj:
        by = obj.get("by", "unknown")
        consent = obj.get("consent", "unknown")
        coerced = obj.get("coerced", False)
        if type(by) is not str or type(consent) is not str or type(coerced) is not bool:
            return None
        by_value = _PRODUCERS.get(by)
        consent_value = _CONSENTS.get(consent)
        if by_value is None or consent_value is None:
            return None
        production = Production(by_value, consent_value, coerced)

    distribution = DEFAULT_DISTRIBUTION
    obj = incident.get("distribution", _EMPTY)
    if type(obj) is not dict or not _DISTRIBUTION_FIELDS.issuperset(obj):
        return None
    if obj:
        stage = obj.get("stage", "none")
        redistribution = obj.get("redistribution_consent", "unknown")
        audience = obj.get("audience", "none")
        posted_online = obj.get("posted_online", False)
        if (
            type(stage) is not str
            or type(redistribution) is not str
            or type(audience) is not str
            or type(posted_online) is not bool
        ):
            return None
        stage_value = _STAGES.get(stage)
        redistribution_value = _CONSENTS.get(redistribution)
        audience_value = _AUDIENCES.get(audience)
        if stage_value is None or redistribution_value is None or audience_value is None:
            return None
        distribution = Distribution(
            stage_value, redistribution_value, audience_value, posted_online
        )

    indicators = DEFAULT_INDICATORS
    obj = incident.get("indicators", _EMPTY)
    if type(obj) is not dict or not _INDICATOR_SET.issuperset(obj):
        return None
    if obj:
        for value in obj.values():
            if type(value) is not bool:
                return None
        indicators = Indicators(**obj)

    return Incident(tuple(people), content, production, distribution, indicators)


def validate(incident: object) -> list[FieldError]:
    """Every problem with ``incident`` (any JSON value), in field order; empty when valid."""
    if _read_fast(incident) is not None:
        return []
    result = _read(incident)
    return result if isinstance(result, list) else []


def normalise(incident: object) -> Incident:
    """The incident with every default filled in; raises ``IncidentInvalid`` listing all."""
    result = _read_fast(incident)
    if result is not None:
        return result
    slow = _read(incident)
    if isinstance(slow, list):
        raise IncidentInvalid(slow)
    return slow
