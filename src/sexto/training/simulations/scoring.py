"""The score of a simulation attempt, and the explanation of every difference.

Points come from the learner's decisions, never from filling a form: 30 % the route (the route
the learner decided, or their grid's when they kept it), 20 % the preliminary nature their grid
gives, 50 % the actions (Jaccard similarity of the grid's mandatory actions and the actions the
steps the learner marked done on the case carry out, STEP_ACTIONS). Saving the grid earns nothing
by itself: its answers are compared field by field to explain the decisions, not scored. A
scenario may accept an action the grid does not require as good practice (a takedown request in
a sextortion): done, it counts with the expected ones (it earns); not done, it is not missed (it
never costs). The report holds codes and the grid's own bilingual reasons only, so it stays JSON
and can be shown later in either language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from sexto.interventions import grid
from sexto.training.simulations.scenarios import Scenario

ROUTE_WEIGHT = 30
NATURE_WEIGHT = 20
ACTIONS_WEIGHT = 50

# Each step of the kit marked done stands for the grid's mandatory action it carries out. Steps
# are matched by key, whatever their order or deadlines on the case (the plan follows the route).
# Two steps have two flavours, chosen by what the learner's own grid said: the police now (route
# "police immediately") or under the Sexto procedure; a report to youth protection (required) or
# a consultation. The route the learner *decided* is scored on its own, never through these.
# "evaluate_grid" is done by saving the grid: it stands for no action.
STEP_ACTIONS: dict[str, str] = {
    "protect_victim": "support_victim",
    "stop_dissemination": "limit_dissemination",
    "secure_devices": "secure_devices",
    "contact_police": "inform_police_sexto",
    "youth_protection": "consult_youth_protection",
    "inform_parents": "inform_parents",
    "support_victim": "refer_victim_services",
    "limit_dissemination": "limit_dissemination",
    "educational_follow_up": "educational_follow_up",
}
STEP_FLAVOURS: dict[str, tuple[str, ...]] = {
    "contact_police": ("call_police_now", "inform_police_sexto"),
    "youth_protection": ("report_to_youth_protection", "consult_youth_protection"),
}
# The grid's actions a step carries out, in the grid's order: the only ones compared. The others
# are no step of their own ("do not view or share" holds throughout; "document" is the case).
SCORED_ACTIONS: tuple[str, ...] = tuple(
    action
    for action in grid.ACTIONS
    if action in set(STEP_ACTIONS.values()).union(*STEP_FLAVOURS.values())
)

# The grid rules whose reasons explain why an action is (or is not) called for.
ACTION_RULES: dict[str, tuple[str, ...]] = {
    "do_not_view_or_share": ("N",),
    "support_victim": ("N",),
    "secure_devices": ("R",),
    "call_police_now": ("R",),
    "inform_police_sexto": ("R",),
    "educational_follow_up": ("R",),
    "report_to_youth_protection": ("Y",),
    "consult_youth_protection": ("Y",),
    "inform_parents": ("Y",),
    "refer_victim_services": ("L1", "L2"),
    "limit_dissemination": ("L2",),
    "document": (),
}
# What GRID.md says of each action, for the actions no single rule's reason covers.
ACTION_BASIS: dict[str, Any] = {
    "do_not_view_or_share": _("Always, unless nothing sexual is described."),
    "support_victim": _("Always, unless nothing sexual is described."),
    "secure_devices": _("When the route is the police now or the Sexto procedure."),
    "call_police_now": _("When the route is: call the police now."),
    "inform_police_sexto": _("When the route is the Sexto procedure."),
    "educational_follow_up": _("When the route is the Sexto procedure or a school follow-up."),
    "report_to_youth_protection": _("When a report to youth protection is required."),
    "consult_youth_protection": _("When youth protection should be consulted."),
    "inform_parents": _("Always, unless a parent is involved (youth protection then decides)."),
    "refer_victim_services": _(
        "When the content may be child pornography or an intimate image shared without consent."
    ),
    "limit_dissemination": _(
        "When the content was passed on beyond its intended recipient or posted online."
    ),
    "document": _("Always."),
}

PERSON_FIELDS = ("age", "adult", "roles", "capacity_concern")
INCIDENT_FIELDS = (
    ("content", ("medium", "depiction", "sexual_purpose", "violent_or_atypical")),
    ("production", ("by", "consent", "coerced")),
    ("distribution", ("stage", "redistribution_consent", "audience", "posted_online")),
    ("indicators", grid.INDICATORS),
)


def actions_from_steps(done: Iterable[str], *, route: str, youth_protection: str) -> list[str]:
    """The actions the learner carried out: one per step marked done, in the grid's order. The
    flavours of the police and youth-protection steps follow the learner's grid; a step that
    stands for no action (the grid's own) counts for nothing."""
    chosen = set()
    for key in done:
        action = STEP_ACTIONS.get(key)
        if action is None:
            continue
        if key == "contact_police" and route == "police_immediately":
            action = "call_police_now"
        if key == "youth_protection" and youth_protection == "required":
            action = "report_to_youth_protection"
        chosen.add(action)
    return [action for action in grid.ACTIONS if action in chosen]


def actions_scored(actions: Iterable[str]) -> list[str]:
    """The actions a step carries out, among ``actions`` (grid order)."""
    wanted = set(actions)
    return [action for action in SCORED_ACTIONS if action in wanted]


def steps_for_actions(actions: Iterable[str]) -> list[str]:
    """The steps that stand for these actions (to show which steps were expected done)."""
    wanted = set(actions)
    steps = []
    for step, action in STEP_ACTIONS.items():
        if action in wanted or wanted & set(STEP_FLAVOURS.get(step, ())):
            steps.append(step)
    return steps


def jaccard(first: Iterable[str], second: Iterable[str]) -> float:
    """|A ∩ B| / |A ∪ B|; two empty sets are identical."""
    a, b = set(first), set(second)
    union = a | b
    return 1.0 if not union else len(a & b) / len(union)


def _value(value: Any) -> Any:
    # Roles compare as sets: their order on the form means nothing.
    return sorted(value) if isinstance(value, tuple) else value


def grid_fields_compare(
    expected: grid.Incident, given: grid.Incident
) -> tuple[int, int, list[dict[str, Any]]]:
    """(equal fields, total fields, differences). People are matched by id; a person present on
    one side only counts all their fields as different."""
    expected_people = {p.id: p for p in expected.people}
    given_people = {p.id: p for p in given.people}
    ids = list(expected_people) + [pid for pid in given_people if pid not in expected_people]
    equal = total = 0
    differences: list[dict[str, Any]] = []
    for pid in ids:
        mine, theirs = given_people.get(pid), expected_people.get(pid)
        if mine is None or theirs is None:
            total += len(PERSON_FIELDS)
            differences.append(
                {
                    "path": f"people[{pid}]",
                    "person": pid,
                    "field": "",
                    "kind": "missing" if mine is None else "extra",
                    "expected": None,
                    "given": None,
                }
            )
            continue
        for name in PERSON_FIELDS:
            total += 1
            a, b = getattr(theirs, name), getattr(mine, name)
            if set(a) == set(b) if name == "roles" else a == b:
                equal += 1
            else:
                differences.append(
                    {
                        "path": f"people[{pid}].{name}",
                        "person": pid,
                        "field": name,
                        "kind": "value",
                        "expected": _value(a),
                        "given": _value(b),
                    }
                )
    for section, names in INCIDENT_FIELDS:
        for name in names:
            total += 1
            a = getattr(getattr(expected, section), name)
            b = getattr(getattr(given, section), name)
            if a == b:
                equal += 1
            else:
                differences.append(
                    {
                        "path": f"{section}.{name}",
                        "person": "",
                        "field": name,
                        "kind": "value",
                        "expected": a,
                        "given": b,
                    }
                )
    return equal, total, differences


def _reasons(result: Mapping[str, Any], prefixes: tuple[str, ...]) -> list[dict[str, str]]:
    if not prefixes:
        return []
    return [dict(r) for r in result["reasons"] if str(r["rule"]).startswith(prefixes)]


@dataclass(frozen=True)
class Played:
    """What the learner did on the simulation case."""

    answers: Mapping[str, Any]
    decided_route: str
    steps_done: frozenset[str]


def score_compute(*, scenario: Scenario, played: Played, pass_mark: float) -> dict[str, Any]:
    """The score and its explanation (JSON). Raises grid.IncidentInvalid if the answers are not a
    valid incident: they are checked like a real grid's."""
    expected_incident = grid.normalise(scenario.expected_answers)
    given_incident = grid.normalise(played.answers)
    expected = grid.evaluate_normalised(expected_incident)
    given = grid.evaluate_normalised(given_incident)

    equal, total, differences = grid_fields_compare(expected_incident, given_incident)
    grid_share = equal / total if total else 1.0
    route = played.decided_route or given["route"]
    route_ok = route == expected["route"]
    nature_ok = given["nature"] == expected["nature"]
    expected_actions = actions_scored(expected["actions"])
    given_actions = actions_from_steps(
        played.steps_done, route=given["route"], youth_protection=given["youth_protection"]
    )
    # Good practice the scenario accepts beyond the grid: counted when done, never missed.
    good_practice = [
        a for a in given_actions if a in scenario.good_practice and a not in expected_actions
    ]
    compared = [a for a in grid.ACTIONS if a in expected_actions or a in good_practice]
    similarity = jaccard(compared, given_actions)
    route_points = ROUTE_WEIGHT if route_ok else 0
    nature_points = NATURE_WEIGHT if nature_ok else 0
    action_points = ACTIONS_WEIGHT * similarity
    score = round(route_points + nature_points + action_points, 1)

    changed_actions = [a for a in grid.ACTIONS if (a in compared) != (a in given_actions)]
    expected_reasons = {r["rule"]: r for r in expected["reasons"]}
    given_reasons = {r["rule"]: r for r in given["reasons"]}
    rules_differing = [
        rule
        for rule in grid.RULE_IDS
        if expected_reasons.get(rule) != given_reasons.get(rule)
        and (rule in expected_reasons or rule in given_reasons)
    ]
    return {
        "scenario": scenario.key,
        "rules_version": expected["rules_version"],
        "score": score,
        "pass_mark": pass_mark,
        "passed": score >= pass_mark,
        # The grid's answers explain the decisions; they earn nothing by themselves.
        "grid": {
            "equal": equal,
            "total": total,
            "share": round(grid_share, 4),
            "points": 0,
            "differences": differences,
        },
        "nature": {
            "expected": expected["nature"],
            "given": given["nature"],
            "ok": nature_ok,
            "points": nature_points,
            "expected_reasons": _reasons(expected, ("N",)),
            "given_reasons": _reasons(given, ("N",)),
        },
        "route": {
            "expected": expected["route"],
            "given": route,
            "grid_route": given["route"],
            "decided": bool(played.decided_route),
            "ok": route_ok,
            "points": route_points,
            "expected_reasons": _reasons(expected, ("R",)),
            "given_reasons": _reasons(given, ("R",)),
        },
        "actions": {
            "expected": expected_actions,
            "good_practice": good_practice,
            "not_scored": [a for a in expected["actions"] if a not in SCORED_ACTIONS],
            "given": given_actions,
            "missing": [a for a in changed_actions if a in expected_actions],
            "extra": [a for a in changed_actions if a in given_actions],
            "similarity": round(similarity, 4),
            "points": round(action_points, 2),
            "explanations": {
                a: {
                    "expected_reasons": _reasons(expected, ACTION_RULES[a]),
                    "given_reasons": _reasons(given, ACTION_RULES[a]),
                }
                for a in changed_actions
            },
        },
        "steps": {
            "expected": sorted(scenario.expected_steps),
            "done": sorted(played.steps_done),
        },
        "result": {
            "expected": {
                "nature": expected["nature"],
                "youth_protection": expected["youth_protection"],
                "legal": dict(expected["legal"]),
            },
            "given": {
                "nature": given["nature"],
                "youth_protection": given["youth_protection"],
                "legal": dict(given["legal"]),
            },
        },
        "reasons": {
            "expected": [dict(r) for r in expected["reasons"]],
            "given": [dict(r) for r in given["reasons"]],
            "differing": rules_differing,
        },
        "answers": dict(grid.as_input(given_incident)),
    }
