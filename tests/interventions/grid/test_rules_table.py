"""A table of realistic incidents, written from the rules of GRID.md (rules 2026.1).

Each row's id names the rule or clause it exercises. Every row states the reasons' rule ids
(which fixes nature, route and youth protection, and which of L2–L5 hold) and the L1 value;
rows about actions also state the full list of actions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from sexto.interventions.grid import RULE_IDS, evaluate

NATURE_OF = {"N1": "not_sexting", "N2": "malicious", "N3": "impulsive"}
ROUTE_OF = {"R1": "police_immediately", "R2": "sexto_procedure", "R3": "school_follow_up"}
YOUTH_OF = {"Y1": "required", "Y2": "consult", "Y3": "not_indicated"}


def person(
    pid: str, age: int | None, *roles: str, adult: bool = False, capacity: bool = False
) -> dict[str, Any]:
    """One person; ``adult``/``capacity_concern`` only written when true (defaults false)."""
    p: dict[str, Any] = {"id": pid, "age": age, "roles": list(roles)}
    if adult:
        p["adult"] = True
    if capacity:
        p["capacity_concern"] = True
    return p


def incident(
    people: list[dict[str, Any]],
    medium: str,
    depiction: str,
    *,
    content: dict[str, Any] | None = None,
    production: dict[str, Any] | None = None,
    distribution: dict[str, Any] | None = None,
    **indicators: bool,
) -> dict[str, Any]:
    """An incident with only the sections given (the others take their defaults)."""
    data: dict[str, Any] = {
        "schema": "sexto-grid/1",
        "people": people,
        "content": {"medium": medium, "depiction": depiction, **(content or {})},
    }
    if production is not None:
        data["production"] = production
    if distribution is not None:
        data["distribution"] = distribution
    if indicators:
        data["indicators"] = indicators
    return data


SELFIE = {"by": "self", "consent": "yes", "coerced": False}
SENT = {"stage": "to_intended_recipient"}


def passed_on(consent: str, audience: str = "few", **more: Any) -> dict[str, Any]:
    """A redistribution beyond the intended recipient."""
    return {
        "stage": "redistributed",
        "redistribution_consent": consent,
        "audience": audience,
        **more,
    }


# A couple sexting between two 15-year-olds: the base most rows vary.
COUPLE = [person("A", 15, "depicted", "producer", "sender"), person("B", 15, "recipient")]


@dataclass
class Row:
    id: str
    incident: dict[str, Any]
    rules: list[str]
    csam: str = "no"
    actions: list[str] | None = None
    notes: list[str] = field(default_factory=list)


ROWS = [
    # --- L1 ---------------------------------------------------------------------------------
    Row(
        "L1-yes-sexual-activity-video-R2-sexto-procedure",
        incident(COUPLE, "video", "sexual_activity", production=SELFIE, distribution=SENT),
        ["L1", "N3", "R2", "Y3"],
        csam="yes",
        actions=[
            "do_not_view_or_share",
            "secure_devices",
            "inform_police_sexto",
            "support_victim",
            "refer_victim_services",
            "inform_parents",
            "educational_follow_up",
            "document",
        ],
    ),
    Row(
        "L1-yes-sexual-activity-whatever-sexual-purpose-says",
        incident(COUPLE, "photo", "sexual_activity", content={"sexual_purpose": False}),
        ["L1", "N3", "R2", "Y3"],
        csam="yes",
    ),
    Row(
        "L1-yes-genitals-sexual-purpose-unknown",
        incident(COUPLE, "photo", "genitals_or_anal_region", content={"sexual_purpose": None}),
        ["L1", "N3", "R2", "Y3"],
        csam="yes",
    ),
    Row(
        "L1-yes-genitals-sexual-purpose-true",
        incident(COUPLE, "photo", "genitals_or_anal_region", content={"sexual_purpose": True}),
        ["L1", "N3", "R2", "Y3"],
        csam="yes",
    ),
    Row(
        "L1-undetermined-genitals-no-sexual-purpose",
        incident(COUPLE, "photo", "genitals_or_anal_region", content={"sexual_purpose": False}),
        ["L1", "N3", "R2", "Y3"],
        csam="undetermined",
    ),
    Row(
        "L1-undetermined-breasts",
        incident(COUPLE, "photo", "breasts_or_buttocks", content={"sexual_purpose": True}),
        ["L1", "N3", "R2", "Y3"],
        csam="undetermined",
    ),
    Row(
        "L1-yes-drawing-is-visual",
        incident(COUPLE, "drawing", "genitals_or_anal_region"),
        ["L1", "N3", "R2", "Y3"],
        csam="yes",
    ),
    Row(
        "L1-undetermined-unknown-age-presumed-minor",
        incident(
            [person("A", None, "depicted", "sender"), person("B", 16, "recipient")],
            "photo",
            "breasts_or_buttocks",
        ),
        ["L1", "N3", "R2", "Y3"],
        csam="undetermined",
    ),
    Row(
        "L1-undetermined-text-sexual-activity-minor-involved",
        incident(
            [person("A", 16, "sender", "producer"), person("B", 15, "recipient")],
            "text",
            "sexual_activity",
            distribution=SENT,
        ),
        ["L1", "N3", "R2", "Y3"],
        csam="undetermined",
    ),
    Row(
        "L1-undetermined-audio-sexual-activity",
        incident(
            [person("A", 17, "producer", "sender"), person("B", 17, "recipient")],
            "audio",
            "sexual_activity",
        ),
        ["L1", "N3", "R2", "Y3"],
        csam="undetermined",
    ),
    Row(
        "L1-no-text-genitals-R3-school-follow-up",
        incident(COUPLE, "text", "genitals_or_anal_region"),
        ["N3", "R3", "Y3"],
        actions=[
            "do_not_view_or_share",
            "support_victim",
            "inform_parents",
            "educational_follow_up",
            "document",
        ],
    ),
    Row(
        "L1-no-suggestive-pose-R3",
        incident(COUPLE, "photo", "suggestive", production=SELFIE, distribution=SENT),
        ["N3", "R3", "Y3"],
    ),
    Row(
        "L1-no-adults-only-exchange",
        incident(
            [person("A", 19, "depicted", "sender"), person("B", 20, "recipient")],
            "photo",
            "breasts_or_buttocks",
            distribution=SENT,
        ),
        ["N3", "R3", "Y3"],
    ),
    Row(
        "L1-no-unknown-age-known-adult",
        incident(
            [person("A", None, "depicted", "sender", adult=True), person("B", 17, "recipient")],
            "photo",
            "breasts_or_buttocks",
        ),
        ["N3", "R3", "Y3"],
    ),
    Row(
        "L1-no-text-sexual-activity-between-adults",
        incident(
            [person("A", 18, "sender"), person("B", 19, "recipient")], "text", "sexual_activity"
        ),
        ["N3", "R3", "Y3"],
    ),
    Row(
        "L1-yes-L2-not-own-public-live-stream",
        incident(
            [person("A", 16, "depicted", "producer", "sender")],
            "live_stream",
            "sexual_activity",
            production=SELFIE,
            distribution={
                "stage": "to_intended_recipient",
                "redistribution_consent": "yes",
                "audience": "public",
                "posted_online": True,
            },
        ),
        ["L1", "N3", "R2", "Y3"],
        csam="yes",
        actions=[
            "do_not_view_or_share",
            "secure_devices",
            "inform_police_sexto",
            "support_victim",
            "refer_victim_services",
            "inform_parents",
            "limit_dissemination",
            "educational_follow_up",
            "document",
        ],
    ),
    # --- L2 ---------------------------------------------------------------------------------
    Row(
        "L2-redistributed-without-consent-to-few-N3-R2",
        incident(
            [*COUPLE, person("C", 15, "distributor")],
            "photo",
            "breasts_or_buttocks",
            distribution=passed_on("no", "few"),
        ),
        ["L1", "L2", "N3", "R2", "Y3"],
        csam="undetermined",
        actions=[
            "do_not_view_or_share",
            "secure_devices",
            "inform_police_sexto",
            "support_victim",
            "refer_victim_services",
            "inform_parents",
            "limit_dissemination",
            "educational_follow_up",
            "document",
        ],
    ),
    Row(
        "L2-not-posted-online-alone-N2-posted-online-R1",
        incident(
            COUPLE,
            "photo",
            "breasts_or_buttocks",
            production=SELFIE,
            distribution={"stage": "to_intended_recipient", "posted_online": True},
        ),
        ["L1", "N2", "R1", "Y3"],
        csam="undetermined",
        actions=[
            "do_not_view_or_share",
            "secure_devices",
            "call_police_now",
            "support_victim",
            "refer_victim_services",
            "inform_parents",
            "limit_dissemination",
            "document",
        ],
    ),
    Row(
        "L2-not-when-redistribution-consented",
        incident(COUPLE, "photo", "breasts_or_buttocks", distribution=passed_on("yes", "one")),
        ["L1", "N3", "R2", "Y3"],
        csam="undetermined",
    ),
    Row(
        "L2-not-for-suggestive-depiction",
        incident(COUPLE, "photo", "suggestive", distribution=passed_on("no", "few")),
        ["N3", "R3", "Y3"],
        actions=[
            "do_not_view_or_share",
            "support_victim",
            "inform_parents",
            "limit_dissemination",
            "educational_follow_up",
            "document",
        ],
    ),
    Row(
        "L2-not-for-text",
        incident(COUPLE, "text", "sexual_activity", distribution=passed_on("no", "one")),
        ["L1", "N3", "R2", "Y3"],
        csam="undetermined",
    ),
    Row(
        "L2-R1-adults-only-intimate-image",
        incident(
            [
                person("A", 19, "depicted", "sender"),
                person("B", 22, "recipient", "distributor"),
            ],
            "photo",
            "genitals_or_anal_region",
            distribution=passed_on("no", "few"),
        ),
        ["L2", "N3", "R1", "Y3"],
        actions=[
            "do_not_view_or_share",
            "secure_devices",
            "call_police_now",
            "support_victim",
            "refer_victim_services",
            "inform_parents",
            "limit_dissemination",
            "document",
        ],
    ),
    Row(
        "L2-R2-nobody-depicted-listed",
        incident(
            [person("C", 16, "possessor", "distributor"), person("D", 15, "distributor")],
            "video",
            "breasts_or_buttocks",
            distribution=passed_on("unknown", "one"),
        ),
        ["L2", "N3", "R2", "Y3"],
        actions=[
            "do_not_view_or_share",
            "secure_devices",
            "inform_police_sexto",
            "support_victim",
            "refer_victim_services",
            "inform_parents",
            "limit_dissemination",
            "educational_follow_up",
            "document",
        ],
    ),
    # --- L3 ---------------------------------------------------------------------------------
    Row(
        "L3-extortion-N2-threats-R1-Y2",
        incident(
            COUPLE, "photo", "breasts_or_buttocks", production=SELFIE, threats_or_extortion=True
        ),
        ["L1", "L3", "N2", "R1", "Y2"],
        csam="undetermined",
    ),
    Row(
        "L3-threats-with-nothing-sexual-N1-R1",
        incident(COUPLE, "text", "none", threats_or_extortion=True),
        ["L3", "N1", "R1", "Y2"],
        actions=[
            "secure_devices",
            "call_police_now",
            "consult_youth_protection",
            "inform_parents",
            "document",
        ],
    ),
    # --- L4 ---------------------------------------------------------------------------------
    Row(
        "L4-grooming-with-adult-indicator-Y1",
        incident(
            [person("A", 13, "depicted", "sender")],
            "photo",
            "suggestive",
            adult_involved=True,
            grooming=True,
        ),
        ["L4", "N2", "R1", "Y1"],
        actions=[
            "do_not_view_or_share",
            "secure_devices",
            "call_police_now",
            "report_to_youth_protection",
            "support_victim",
            "inform_parents",
            "document",
        ],
    ),
    Row(
        "L4-adult-requester-N2-adult-involved-Y1",
        incident(
            [person("A", 14, "depicted", "producer", "sender"), person("P", 24, "requester")],
            "photo",
            "breasts_or_buttocks",
        ),
        ["L1", "L4", "N2", "R1", "Y1"],
        csam="undetermined",
    ),
    Row(
        "L4-not-when-requester-is-a-minor",
        incident(
            [person("A", 15, "depicted", "sender"), person("B", 16, "requester", "recipient")],
            "photo",
            "breasts_or_buttocks",
        ),
        ["L1", "N3", "R2", "Y3"],
        csam="undetermined",
    ),
    Row(
        "L4-not-adult-requester-without-depicted-minor",
        incident(
            [person("A", 20, "depicted", "sender"), person("B", 25, "requester", "recipient")],
            "photo",
            "suggestive",
        ),
        ["N3", "R3", "Y3"],
    ),
    Row(
        "L4-not-grooming-without-adult-N2-grooming-Y1-grooming",
        incident(COUPLE, "photo", "suggestive", grooming=True),
        ["N2", "R1", "Y1"],
    ),
    Row(
        "L4-luring-with-nothing-sexual-N1-R1-Y1",
        incident(
            [person("A", 12, "recipient")], "text", "none", adult_involved=True, grooming=True
        ),
        ["L4", "N1", "R1", "Y1"],
        actions=[
            "secure_devices",
            "call_police_now",
            "report_to_youth_protection",
            "inform_parents",
            "document",
        ],
    ),
    # --- L5 ---------------------------------------------------------------------------------
    Row(
        "L5-voyeurism-N2-no-consent-R1",
        incident(
            [person("A", 16, "depicted"), person("B", 16, "producer", "sender")],
            "photo",
            "breasts_or_buttocks",
            production={"by": "other", "consent": "no"},
        ),
        ["L1", "L5", "N2", "R1", "Y3"],
        csam="undetermined",
    ),
    Row(
        "L5-not-when-consent-unknown",
        incident(
            [person("A", 16, "depicted"), person("B", 16, "producer")],
            "photo",
            "breasts_or_buttocks",
            production={"by": "other", "consent": "unknown"},
        ),
        ["L1", "N3", "R2", "Y3"],
        csam="undetermined",
    ),
    Row(
        "L5-not-producer-unknown-N2-no-consent-whoever-produced",
        incident(
            [person("A", 16, "depicted")],
            "photo",
            "breasts_or_buttocks",
            production={"by": "unknown", "consent": "no"},
        ),
        ["L1", "N2", "R1", "Y3"],
        csam="undetermined",
    ),
    Row(
        "L5-R1-voyeurism-with-nothing-sexual-N1",
        incident(
            [person("A", 15, "depicted"), person("B", 15, "producer")],
            "video",
            "none",
            production={"by": "other", "consent": "no"},
        ),
        ["L5", "N1", "R1", "Y3"],
        actions=["secure_devices", "call_police_now", "inform_parents", "document"],
    ),
    # --- N1 ---------------------------------------------------------------------------------
    Row(
        "N1-nothing-sexual-R3",
        incident(COUPLE, "text", "none"),
        ["N1", "R3", "Y3"],
        actions=["inform_parents", "educational_follow_up", "document"],
    ),
    Row(
        "N1-N2-indicators-alone-do-not-route-to-police",
        incident(
            COUPLE,
            "photo",
            "none",
            production={"coerced": True},
            distribution=passed_on("no", "public", posted_online=True),
            intent_to_harm=True,
            profit=True,
        ),
        ["N1", "R3", "Y3"],
        actions=["inform_parents", "limit_dissemination", "educational_follow_up", "document"],
    ),
    Row(
        "N1-R1-immediate-risk-still-police-Y2",
        incident(COUPLE, "text", "none", immediate_risk_of_harm=True),
        ["N1", "R1", "Y2"],
    ),
    # --- N2 clauses --------------------------------------------------------------------------
    Row(
        "N2-adult-involved-indicator-Y1",
        incident(COUPLE, "photo", "breasts_or_buttocks", adult_involved=True),
        ["L1", "N2", "R1", "Y1"],
        csam="undetermined",
    ),
    Row(
        "N2-adult-among-people-with-depicted-minor-Y1",
        incident(
            [person("A", 16, "depicted", "sender"), person("B", 19, "recipient")],
            "photo",
            "suggestive",
        ),
        ["N2", "R1", "Y1"],
    ),
    Row(
        "N2-coerced",
        incident(COUPLE, "photo", "suggestive", production={"by": "self", "coerced": True}),
        ["N2", "R1", "Y3"],
    ),
    Row(
        "N2-intent-to-harm",
        incident(COUPLE, "photo", "suggestive", intent_to_harm=True),
        ["N2", "R1", "Y3"],
    ),
    Row(
        "N2-profit",
        incident(COUPLE, "video", "suggestive", profit=True),
        ["N2", "R1", "Y3"],
    ),
    Row(
        "N2-no-redistribution-consent-to-many-L2",
        incident(COUPLE, "photo", "breasts_or_buttocks", distribution=passed_on("no", "many")),
        ["L1", "L2", "N2", "R1", "Y3"],
        csam="undetermined",
    ),
    Row(
        "N2-no-redistribution-consent-public",
        incident(COUPLE, "photo", "suggestive", distribution=passed_on("no", "public")),
        ["N2", "R1", "Y3"],
    ),
    Row(
        "N2-clauses-ignore-stage",
        incident(
            COUPLE,
            "photo",
            "suggestive",
            distribution={"stage": "none", "redistribution_consent": "no", "audience": "many"},
        ),
        ["N2", "R1", "Y3"],
        actions=[
            "do_not_view_or_share",
            "secure_devices",
            "call_police_now",
            "support_victim",
            "inform_parents",
            "document",
        ],
    ),
    Row(
        "N3-many-with-unknown-consent-is-not-malicious",
        incident(COUPLE, "photo", "breasts_or_buttocks", distribution=passed_on("unknown", "many")),
        ["L1", "L2", "N3", "R2", "Y3"],
        csam="undetermined",
    ),
    Row(
        "N2-posted-online-consent-unknown",
        incident(COUPLE, "photo", "suggestive", distribution={"posted_online": True}),
        ["N2", "R1", "Y3"],
    ),
    Row(
        "N3-posted-online-with-consent",
        incident(
            COUPLE,
            "photo",
            "suggestive",
            distribution={"posted_online": True, "redistribution_consent": "yes"},
        ),
        ["N3", "R3", "Y3"],
        actions=[
            "do_not_view_or_share",
            "support_victim",
            "inform_parents",
            "limit_dissemination",
            "educational_follow_up",
            "document",
        ],
    ),
    # --- R1 clauses --------------------------------------------------------------------------
    Row(
        "R1-immediate-risk-impulsive-Y2",
        incident(COUPLE, "photo", "suggestive", immediate_risk_of_harm=True),
        ["N3", "R1", "Y2"],
    ),
    Row(
        "R1-violent-or-atypical-Y2",
        incident(COUPLE, "photo", "suggestive", content={"violent_or_atypical": True}),
        ["N3", "R1", "Y2"],
    ),
    Row(
        "R1-under13-sexual-activity-text-Y2",
        incident(
            [person("A", 12, "sender", "producer"), person("B", 13, "recipient")],
            "text",
            "sexual_activity",
        ),
        ["L1", "N3", "R1", "Y2"],
        csam="undetermined",
    ),
    Row(
        "R1-not-under13-without-sexual-activity-R2-Y2-under13",
        incident(
            [person("A", 12, "depicted", "sender"), person("B", 12, "recipient")],
            "photo",
            "breasts_or_buttocks",
        ),
        ["L1", "N3", "R2", "Y2"],
        csam="undetermined",
    ),
    Row(
        "R1-capacity-concern-on-depicted-person-Y2",
        incident(
            [person("A", 16, "depicted", "sender", capacity=True), person("B", 16, "recipient")],
            "photo",
            "suggestive",
        ),
        ["N3", "R1", "Y2"],
    ),
    Row(
        "R3-Y3-capacity-concern-on-non-depicted-person-ignored",
        incident(
            [person("A", 16, "depicted", "sender"), person("B", 16, "recipient", capacity=True)],
            "photo",
            "suggestive",
        ),
        ["N3", "R3", "Y3"],
    ),
    # --- Y1, Y2 -----------------------------------------------------------------------------
    Row(
        "Y1-parent-involved-drops-inform-parents",
        incident(COUPLE, "photo", "breasts_or_buttocks", parent_involved=True),
        ["L1", "N3", "R2", "Y1"],
        csam="undetermined",
        actions=[
            "do_not_view_or_share",
            "secure_devices",
            "inform_police_sexto",
            "report_to_youth_protection",
            "support_victim",
            "refer_victim_services",
            "educational_follow_up",
            "document",
        ],
    ),
    Row(
        "Y3-adult-indicator-without-depicted-minor-not-Y1",
        incident(
            [person("A", None, "depicted", "sender", adult=True)],
            "photo",
            "suggestive",
            adult_involved=True,
        ),
        ["N2", "R1", "Y3"],
    ),
    Row(
        "Y1-wins-over-Y2-adult-and-threats",
        incident(
            [person("A", 15, "depicted", "sender"), person("M", 41, "recipient")],
            "photo",
            "suggestive",
            threats_or_extortion=True,
        ),
        ["L3", "N2", "R1", "Y1"],
    ),
    Row(
        "Y2-threats-L3-N2",
        incident(COUPLE, "text", "suggestive", threats_or_extortion=True),
        ["L3", "N2", "R1", "Y2"],
    ),
    Row(
        "Y2-under13-any-role",
        incident(
            [person("A", 14, "depicted", "sender"), person("B", 11, "possessor")],
            "photo",
            "suggestive",
        ),
        ["N3", "R3", "Y2"],
        actions=[
            "do_not_view_or_share",
            "consult_youth_protection",
            "support_victim",
            "inform_parents",
            "educational_follow_up",
            "document",
        ],
    ),
    Row(
        "Y3-unknown-age-never-counts-as-under13",
        incident(
            [person("A", None, "depicted", "sender"), person("B", None, "recipient")],
            "photo",
            "suggestive",
        ),
        ["N3", "R3", "Y3"],
    ),
    Row(
        "Y2-capacity-concern-immediate-risk-violent-all-clauses",
        incident(
            [person("A", 9, "depicted", capacity=True)],
            "video",
            "suggestive",
            content={"violent_or_atypical": True},
            immediate_risk_of_harm=True,
        ),
        ["N3", "R1", "Y2"],
    ),
]


@pytest.mark.parametrize("row", [pytest.param(r, id=r.id) for r in ROWS])
def test_row(row: Row) -> None:
    result = evaluate(row.incident)

    assert [reason["rule"] for reason in result["reasons"]] == row.rules
    rules = set(row.rules)
    assert result["legal"] == {
        "child_sexual_abuse_material": row.csam,
        "intimate_image_without_consent": "L2" in rules,
        "extortion": "L3" in rules,
        "luring": "L4" in rules,
        "voyeurism": "L5" in rules,
    }
    assert ("L1" in rules) == (row.csam != "no")
    assert result["nature"] == next(NATURE_OF[r] for r in row.rules if r in NATURE_OF)
    assert result["route"] == next(ROUTE_OF[r] for r in row.rules if r in ROUTE_OF)
    assert result["youth_protection"] == next(YOUTH_OF[r] for r in row.rules if r in YOUTH_OF)
    if row.actions is not None:
        assert result["actions"] == row.actions


def test_table_is_large_and_covers_every_rule() -> None:
    assert len(ROWS) >= 40
    assert len({r.id for r in ROWS}) == len(ROWS)
    assert {rule for r in ROWS for rule in r.rules} == set(RULE_IDS)


def test_reasons_name_the_facts_of_the_incident() -> None:
    result = evaluate(
        incident(
            [
                person("B", 12, "depicted", "sender"),
                person("P1", 34, "requester", "recipient"),
            ],
            "photo",
            "breasts_or_buttocks",
            distribution={"posted_online": True, "redistribution_consent": "no"},
            threats_or_extortion=True,
        )
    )
    reasons = {r["rule"]: r for r in result["reasons"]}
    assert list(reasons) == ["L1", "L3", "L4", "N2", "R1", "Y1"]
    # Who: ids and ages, in both languages.
    assert "(B, 12)" in reasons["L1"]["en"] and "(B, 12 ans)" in reasons["L1"]["fr"]
    assert "(P1, 34)" in reasons["L4"]["en"] and "(P1, 34 ans)" in reasons["L4"]["fr"]
    # What: the medium and the depiction in the grid's calm words.
    assert "photo" in reasons["L1"]["en"] and "breasts or buttocks" in reasons["L1"]["en"]
    assert "seins ou les fesses" in reasons["L1"]["fr"]
    # Why malicious: every clause that held.
    n2 = reasons["N2"]
    assert "threats or extortion" in n2["en"] and "posted online" in n2["en"]
    assert "an adult (P1, 34) is involved" in n2["en"]
    assert "menaces ou de l’extorsion" in n2["fr"] and "publié en ligne" in n2["fr"]
    # Why police: the malicious reading and the offences.
    assert (
        "extortion (s. 346)" in reasons["R1"]["en"] and "luring (s. 172.1)" in reasons["R1"]["en"]
    )
    assert "l’extorsion (art. 346)" in reasons["R1"]["fr"]


def test_reasons_count_people_beyond_three() -> None:
    people = [person(f"S{i}", 14, "depicted") for i in range(5)]
    result = evaluate(incident(people, "photo", "breasts_or_buttocks"))
    l1 = result["reasons"][0]
    assert l1["rule"] == "L1"
    assert "(S0, 14; S1, 14; S2, 14; and 2 others)" in l1["en"]
    assert "(S0, 14 ans; S1, 14 ans; S2, 14 ans; et 2 autres)" in l1["fr"]
