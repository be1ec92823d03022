"""The grid answers many tests use, in one place: GRID.md's `sexto-grid/1` incident of a
self-produced photo redistributed by its recipient, and the case grid form's POST body for any
incident (what a person would tick on /cases/<id>/grid/)."""

from __future__ import annotations

import copy
from typing import Any

# A 14-year-old's photo, taken and sent by her, redistributed by the 15-year-old who received it
# to a few classmates: the kit's "impulsive redistribution", handled by the Sexto procedure.
IMPULSIVE_REDISTRIBUTION: dict[str, Any] = {
    "schema": "sexto-grid/1",
    "people": [
        {"id": "A", "age": 14, "roles": ["depicted", "producer", "sender"]},
        {"id": "B", "age": 15, "roles": ["recipient", "distributor"]},
    ],
    "content": {"medium": "photo", "depiction": "breasts_or_buttocks", "sexual_purpose": True},
    "production": {"by": "self", "consent": "yes"},
    "distribution": {
        "stage": "redistributed",
        "redistribution_consent": "unknown",
        "audience": "few",
        "posted_online": False,
    },
    "indicators": {},
}


def grid_answers() -> dict[str, Any]:
    """A fresh copy of the impulsive redistribution (a test may change it freely)."""
    return copy.deepcopy(IMPULSIVE_REDISTRIBUTION)


def grid_form_data(
    answers: dict[str, Any], *, version: int, decided_route: str = "", justification: str = ""
) -> dict[str, Any]:
    """The case grid form's POST body that describes `answers` (a sexto-grid/1 incident)."""
    people = answers["people"]
    data: dict[str, Any] = {
        "people-TOTAL_FORMS": str(len(people)),
        "people-INITIAL_FORMS": "0",
        "version": str(version),
        "decided_route": decided_route,
        "justification": justification,
    }
    for index, person in enumerate(people):
        data[f"people-{index}-id"] = person["id"]
        data[f"people-{index}-age"] = "" if person.get("age") is None else str(person["age"])
        data[f"people-{index}-roles"] = list(person["roles"])
        if person.get("adult"):
            data[f"people-{index}-adult"] = "on"
        if person.get("capacity_concern"):
            data[f"people-{index}-capacity_concern"] = "on"
    content = answers["content"]
    production = answers.get("production", {})
    distribution = answers.get("distribution", {})
    purpose = content.get("sexual_purpose")
    data.update(
        {
            "medium": content["medium"],
            "depiction": content["depiction"],
            "sexual_purpose": {True: "yes", False: "no"}.get(purpose, "unknown"),
            "production_by": production.get("by", "unknown"),
            "production_consent": production.get("consent", "unknown"),
            "stage": distribution.get("stage", "none"),
            "redistribution_consent": distribution.get("redistribution_consent", "unknown"),
            "audience": distribution.get("audience", "none"),
        }
    )
    flags = {
        "violent_or_atypical": content.get("violent_or_atypical", False),
        "coerced": production.get("coerced", False),
        "posted_online": distribution.get("posted_online", False),
        **answers.get("indicators", {}),
    }
    data.update({name: "on" for name, value in flags.items() if value})
    return data
