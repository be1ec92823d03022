"""Vocabulary, input/output shapes and the normalised incident of contract ``sexto-grid/1``.

Every enum exists twice on purpose: as a ``Literal`` type (so mypy checks the rules) and as
a tuple in the contract's order (so a UI can build its choices and tests can enumerate them).
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple, NotRequired, TypedDict

SCHEMA: Final = "sexto-grid/1"
RULES_VERSION: Final = "2026.1"

Role = Literal[
    "depicted", "producer", "sender", "recipient", "distributor", "possessor", "requester"
]
Medium = Literal["photo", "video", "live_stream", "drawing", "text", "audio"]
Depiction = Literal[
    "none", "suggestive", "breasts_or_buttocks", "genitals_or_anal_region", "sexual_activity"
]
Producer = Literal["self", "other", "unknown"]
Consent = Literal["yes", "no", "unknown"]
Stage = Literal["none", "to_intended_recipient", "redistributed"]
Audience = Literal["none", "one", "few", "many", "public"]
IndicatorName = Literal[
    "adult_involved",
    "threats_or_extortion",
    "intent_to_harm",
    "profit",
    "grooming",
    "immediate_risk_of_harm",
    "parent_involved",
]
CsamValue = Literal["yes", "undetermined", "no"]
Nature = Literal["malicious", "impulsive", "not_sexting"]
Route = Literal["police_immediately", "sexto_procedure", "school_follow_up"]
YouthProtection = Literal["required", "consult", "not_indicated"]
Action = Literal[
    "do_not_view_or_share",
    "secure_devices",
    "call_police_now",
    "inform_police_sexto",
    "report_to_youth_protection",
    "consult_youth_protection",
    "support_victim",
    "refer_victim_services",
    "inform_parents",
    "limit_dissemination",
    "educational_follow_up",
    "document",
]
RuleId = Literal["L1", "L2", "L3", "L4", "L5", "N1", "N2", "N3", "R1", "R2", "R3", "Y1", "Y2", "Y3"]

ROLES: Final[tuple[Role, ...]] = (
    "depicted",
    "producer",
    "sender",
    "recipient",
    "distributor",
    "possessor",
    "requester",
)
MEDIA: Final[tuple[Medium, ...]] = ("photo", "video", "live_stream", "drawing", "text", "audio")
DEPICTIONS: Final[tuple[Depiction, ...]] = (
    "none",
    "suggestive",
    "breasts_or_buttocks",
    "genitals_or_anal_region",
    "sexual_activity",
)
PRODUCERS: Final[tuple[Producer, ...]] = ("self", "other", "unknown")
CONSENTS: Final[tuple[Consent, ...]] = ("yes", "no", "unknown")
STAGES: Final[tuple[Stage, ...]] = ("none", "to_intended_recipient", "redistributed")
AUDIENCES: Final[tuple[Audience, ...]] = ("none", "one", "few", "many", "public")
INDICATORS: Final[tuple[IndicatorName, ...]] = (
    "adult_involved",
    "threats_or_extortion",
    "intent_to_harm",
    "profit",
    "grooming",
    "immediate_risk_of_harm",
    "parent_involved",
)
CSAM_VALUES: Final[tuple[CsamValue, ...]] = ("yes", "undetermined", "no")
NATURES: Final[tuple[Nature, ...]] = ("malicious", "impulsive", "not_sexting")
# Most urgent first, as the rules list them; the property tests rely on this order.
ROUTES: Final[tuple[Route, ...]] = ("police_immediately", "sexto_procedure", "school_follow_up")
YOUTH_PROTECTIONS: Final[tuple[YouthProtection, ...]] = ("required", "consult", "not_indicated")
ACTIONS: Final[tuple[Action, ...]] = (
    "do_not_view_or_share",
    "secure_devices",
    "call_police_now",
    "inform_police_sexto",
    "report_to_youth_protection",
    "consult_youth_protection",
    "support_victim",
    "refer_victim_services",
    "inform_parents",
    "limit_dissemination",
    "educational_follow_up",
    "document",
)
RULE_IDS: Final[tuple[RuleId, ...]] = (
    "L1",
    "L2",
    "L3",
    "L4",
    "L5",
    "N1",
    "N2",
    "N3",
    "R1",
    "R2",
    "R3",
    "Y1",
    "Y2",
    "Y3",
)

AGE_MIN: Final = 5
AGE_MAX: Final = 99
MAJORITY: Final = 18
UNDER_13: Final = 13


# --- Input, as JSON (what an API or a form sends) -------------------------------------------


class PersonInput(TypedDict):
    """One person of ``people``; ``adult`` and ``capacity_concern`` default to false."""

    id: str
    age: int | None
    roles: list[Role]
    adult: NotRequired[bool]
    capacity_concern: NotRequired[bool]


class ContentInput(TypedDict):
    """``content``: medium and depiction are required."""

    medium: Medium
    depiction: Depiction
    sexual_purpose: NotRequired[bool | None]
    violent_or_atypical: NotRequired[bool]


class ProductionInput(TypedDict, total=False):
    """``production``: every field optional."""

    by: Producer
    consent: Consent
    coerced: bool


class DistributionInput(TypedDict, total=False):
    """``distribution``: every field optional."""

    stage: Stage
    redistribution_consent: Consent
    audience: Audience
    posted_online: bool


class IndicatorsInput(TypedDict, total=False):
    """``indicators``: every field optional, false by default."""

    adult_involved: bool
    threats_or_extortion: bool
    intent_to_harm: bool
    profit: bool
    grooming: bool
    immediate_risk_of_harm: bool
    parent_involved: bool


class IncidentInput(TypedDict):
    """A whole incident as the contract describes it."""

    schema: str
    people: list[PersonInput]
    content: ContentInput
    production: NotRequired[ProductionInput]
    distribution: NotRequired[DistributionInput]
    indicators: NotRequired[IndicatorsInput]


# --- Output --------------------------------------------------------------------------------


class Legal(TypedDict):
    """Legal qualification (rules L1–L5)."""

    child_sexual_abuse_material: CsamValue
    intimate_image_without_consent: bool
    extortion: bool
    luring: bool
    voyeurism: bool


class Reason(TypedDict):
    """Why one rule fired, one sentence in each language."""

    rule: RuleId
    en: str
    fr: str


class GridResult(TypedDict):
    """The result of ``evaluate``: plain JSON."""

    schema: str
    rules_version: str
    legal: Legal
    nature: Nature
    route: Route
    youth_protection: YouthProtection
    actions: list[Action]
    reasons: list[Reason]


# --- Normalised incident (every default filled in) -----------------------------------------
# Immutable NamedTuples rather than frozen dataclasses: they are built for every evaluation and
# cost a third as much to construct, which matters for batch evaluation and the API.


class Person(NamedTuple):
    """A person with defaults applied."""

    id: str
    age: int | None
    roles: tuple[Role, ...]
    adult: bool = False
    capacity_concern: bool = False

    @property
    def is_minor(self) -> bool:
        """True when the age is under 18, or unknown without ``adult: true``."""
        return self.age < MAJORITY if self.age is not None else not self.adult


class Content(NamedTuple):
    """``content`` with defaults applied."""

    medium: Medium
    depiction: Depiction
    sexual_purpose: bool | None = None
    violent_or_atypical: bool = False


class Production(NamedTuple):
    """``production`` with defaults applied."""

    by: Producer = "unknown"
    consent: Consent = "unknown"
    coerced: bool = False


class Distribution(NamedTuple):
    """``distribution`` with defaults applied."""

    stage: Stage = "none"
    redistribution_consent: Consent = "unknown"
    audience: Audience = "none"
    posted_online: bool = False


class Indicators(NamedTuple):
    """``indicators``, each false unless given."""

    adult_involved: bool = False
    threats_or_extortion: bool = False
    intent_to_harm: bool = False
    profit: bool = False
    grooming: bool = False
    immediate_risk_of_harm: bool = False
    parent_involved: bool = False


DEFAULT_PRODUCTION: Final = Production()
DEFAULT_DISTRIBUTION: Final = Distribution()
DEFAULT_INDICATORS: Final = Indicators()


class Incident(NamedTuple):
    """A valid incident with every default filled in (what ``normalise`` returns)."""

    people: tuple[Person, ...]
    content: Content
    production: Production = DEFAULT_PRODUCTION
    distribution: Distribution = DEFAULT_DISTRIBUTION
    indicators: Indicators = DEFAULT_INDICATORS


def as_input(incident: Incident) -> IncidentInput:
    """The fully-defaulted JSON form of a normalised incident (e.g. to store a case's answers)."""
    people: list[PersonInput] = [
        {
            "id": p.id,
            "age": p.age,
            "roles": list(p.roles),
            "adult": p.adult,
            "capacity_concern": p.capacity_concern,
        }
        for p in incident.people
    ]
    c, pr, d, i = incident.content, incident.production, incident.distribution, incident.indicators
    return {
        "schema": SCHEMA,
        "people": people,
        "content": {
            "medium": c.medium,
            "depiction": c.depiction,
            "sexual_purpose": c.sexual_purpose,
            "violent_or_atypical": c.violent_or_atypical,
        },
        "production": {"by": pr.by, "consent": pr.consent, "coerced": pr.coerced},
        "distribution": {
            "stage": d.stage,
            "redistribution_consent": d.redistribution_consent,
            "audience": d.audience,
            "posted_online": d.posted_online,
        },
        "indicators": {
            "adult_involved": i.adult_involved,
            "threats_or_extortion": i.threats_or_extortion,
            "intent_to_harm": i.intent_to_harm,
            "profit": i.profit,
            "grooming": i.grooming,
            "immediate_risk_of_harm": i.immediate_risk_of_harm,
            "parent_involved": i.parent_involved,
        },
    }
