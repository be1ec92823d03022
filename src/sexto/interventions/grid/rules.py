"""The rules of ``sexto-grid/1``, version 2026.1, applied to a normalised incident.

``facts_compute`` works out every term and rule of GRID.md once, keeping the clauses that held
so that the reasons can name them; ``actions_list`` derives the mandatory actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from .types import (
    MAJORITY,
    UNDER_13,
    Action,
    CsamValue,
    Incident,
    Medium,
    Nature,
    Person,
    Route,
    YouthProtection,
)

VISUAL: Final[frozenset[Medium]] = frozenset(("photo", "video", "live_stream", "drawing"))
INTIMATE: Final = frozenset(("breasts_or_buttocks", "genitals_or_anal_region", "sexual_activity"))

# The clauses each rule can hold on, in the order of GRID.md; reasons are written from them.
N2Clause = Literal[
    "adult_involved",
    "coerced",
    "no_consent",
    "threats",
    "intent_to_harm",
    "profit",
    "grooming",
    "wide_spread",
    "posted_online",
]
R1Clause = Literal[
    "malicious",
    "immediate_risk",
    "violent",
    "under_13_sexual_activity",
    "capacity_concern",
    "offences",
    "adults_intimate_image",
]
Y1Clause = Literal["adult_and_minor_depicted", "parent_involved", "grooming"]
Y2Clause = Literal["immediate_risk", "threats", "capacity_concern", "violent", "under_13"]
L4Clause = Literal["grooming", "adult_requester"]


@dataclass(slots=True)
class Facts:
    """Terms of GRID.md for one incident and the outcome of each rule, with its clauses."""

    incident: Incident
    depicted: list[Person]
    minors_involved: list[Person]
    minors_depicted: list[Person]
    adults: list[Person]
    adult_requesters: list[Person]
    under_13: list[Person]
    capacity_depicted: list[Person]
    visual: bool
    adult_involved: bool
    l1: CsamValue
    l2: bool
    l3: bool
    l4: list[L4Clause]
    l5: bool
    nature: Nature
    n2: list[N2Clause]
    route: Route
    r1: list[R1Clause]
    youth_protection: YouthProtection
    y1: list[Y1Clause]
    y2: list[Y2Clause]


def facts_compute(incident: Incident) -> Facts:
    """Apply rules L1–L5, N, R and Y to a normalised incident."""
    content = incident.content
    production = incident.production
    distribution = incident.distribution
    ind = incident.indicators
    depiction = content.depiction

    depicted: list[Person] = []
    minors_involved: list[Person] = []
    minors_depicted: list[Person] = []
    adults: list[Person] = []
    adult_requesters: list[Person] = []
    under_13: list[Person] = []
    capacity_depicted: list[Person] = []
    for p in incident.people:
        age = p.age
        minor = age < MAJORITY if age is not None else not p.adult
        is_depicted = "depicted" in p.roles
        if minor:
            minors_involved.append(p)
            if is_depicted:
                minors_depicted.append(p)
        else:
            adults.append(p)
            if "requester" in p.roles:
                adult_requesters.append(p)
        if is_depicted:
            depicted.append(p)
            if p.capacity_concern:
                capacity_depicted.append(p)
        if age is not None and age < UNDER_13:
            under_13.append(p)

    visual = content.medium in VISUAL
    adult_involved = ind.adult_involved or bool(adults and minors_depicted)

    # L1: the order of the branches matters: `yes` first, then the two `undetermined` ones.
    l1: CsamValue = "no"
    if visual and minors_depicted:
        if depiction == "sexual_activity" or (
            depiction == "genitals_or_anal_region" and content.sexual_purpose is not False
        ):
            l1 = "yes"
        elif depiction == "breasts_or_buttocks" or depiction == "genitals_or_anal_region":
            l1 = "undetermined"
    elif content.medium in ("text", "audio") and depiction == "sexual_activity" and minors_involved:
        l1 = "undetermined"

    redistribution_consent = distribution.redistribution_consent
    l2 = (
        visual
        and depiction in INTIMATE
        and distribution.stage == "redistributed"
        and redistribution_consent != "yes"
    )
    l3 = ind.threats_or_extortion
    l4: list[L4Clause] = []
    if adult_involved:
        if ind.grooming:
            l4.append("grooming")
        if adult_requesters:
            l4.append("adult_requester")
    l5 = production.by == "other" and production.consent == "no"

    # N2's clauses are gathered even for N1 so nothing depends on evaluation order; they are
    # only reported when N2 is the rule that applied.
    n2: list[N2Clause] = []
    if adult_involved:
        n2.append("adult_involved")
    if production.coerced:
        n2.append("coerced")
    if production.consent == "no":
        n2.append("no_consent")
    if ind.threats_or_extortion:
        n2.append("threats")
    if ind.intent_to_harm:
        n2.append("intent_to_harm")
    if ind.profit:
        n2.append("profit")
    if ind.grooming:
        n2.append("grooming")
    if redistribution_consent == "no" and distribution.audience in ("many", "public"):
        n2.append("wide_spread")
    if distribution.posted_online and redistribution_consent != "yes":
        n2.append("posted_online")
    nature: Nature
    if depiction == "none":
        nature = "not_sexting"
    elif n2:
        nature = "malicious"
    else:
        nature = "impulsive"

    r1: list[R1Clause] = []
    if nature == "malicious":
        r1.append("malicious")
    if ind.immediate_risk_of_harm:
        r1.append("immediate_risk")
    if content.violent_or_atypical:
        r1.append("violent")
    if under_13 and depiction == "sexual_activity":
        r1.append("under_13_sexual_activity")
    if capacity_depicted:
        r1.append("capacity_concern")
    if l3 or l4 or l5:
        r1.append("offences")
    if l2 and depicted and not minors_depicted:
        r1.append("adults_intimate_image")
    route: Route
    if r1:
        route = "police_immediately"
    elif l1 != "no" or l2:
        route = "sexto_procedure"
    else:
        route = "school_follow_up"

    y1: list[Y1Clause] = []
    if adult_involved and minors_depicted:
        y1.append("adult_and_minor_depicted")
    if ind.parent_involved:
        y1.append("parent_involved")
    if ind.grooming:
        y1.append("grooming")
    y2: list[Y2Clause] = []
    if not y1:
        if ind.immediate_risk_of_harm:
            y2.append("immediate_risk")
        if ind.threats_or_extortion:
            y2.append("threats")
        if capacity_depicted:
            y2.append("capacity_concern")
        if content.violent_or_atypical:
            y2.append("violent")
        if under_13:
            y2.append("under_13")
    youth_protection: YouthProtection = "required" if y1 else "consult" if y2 else "not_indicated"

    return Facts(
        incident=incident,
        depicted=depicted,
        minors_involved=minors_involved,
        minors_depicted=minors_depicted,
        adults=adults,
        adult_requesters=adult_requesters,
        under_13=under_13,
        capacity_depicted=capacity_depicted,
        visual=visual,
        adult_involved=adult_involved,
        l1=l1,
        l2=l2,
        l3=l3,
        l4=l4,
        l5=l5,
        nature=nature,
        n2=n2,
        route=route,
        r1=r1,
        youth_protection=youth_protection,
        y1=y1,
        y2=y2,
    )


def actions_list(facts: Facts) -> list[Action]:
    """The mandatory actions, in the contract's order, each at most once."""
    incident = facts.incident
    sexting = facts.nature != "not_sexting"
    route = facts.route
    actions: list[Action] = []
    if sexting:
        actions.append("do_not_view_or_share")
    if route != "school_follow_up":
        actions.append("secure_devices")
        actions.append(
            "call_police_now" if route == "police_immediately" else "inform_police_sexto"
        )
    if facts.youth_protection == "required":
        actions.append("report_to_youth_protection")
    elif facts.youth_protection == "consult":
        actions.append("consult_youth_protection")
    if sexting:
        actions.append("support_victim")
    if facts.l1 != "no" or facts.l2:
        actions.append("refer_victim_services")
    if not incident.indicators.parent_involved:
        actions.append("inform_parents")
    distribution = incident.distribution
    if distribution.stage == "redistributed" or distribution.posted_online:
        actions.append("limit_dissemination")
    if route != "police_immediately":
        actions.append("educational_follow_up")
    actions.append("document")
    return actions
