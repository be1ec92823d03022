"""The OB 3.0 ``evidence`` of a credential (issue 17): the approved answers when the member
consented at submission, otherwise one entry saying a proof was reviewed and approved.

Only the narrative of reflective answers ever goes in: a simulation's case data (names, messages
of the fictional case) stays on the platform, so its entry says the proof was approved.
"""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sexto.credentials.models import Award

REFLECTIVE_GENRE = "Reflective answer"


def evidence_consented(award: Award) -> bool:
    """Whether the member chose, at submission, to put their approved answers in the badge."""
    return bool(award.evidence.get("evidence_consent")) and bool(award.evidence.get("answers"))


def credential_evidence(*, award: Award, language: str) -> list[dict[str, Any]]:
    """The credential's ``evidence`` array, in ``language`` (call inside its translation)."""
    if not award.evidence:
        return []
    if evidence_consented(award):
        other = "en" if language == "fr" else "fr"
        entries = []
        for item in award.evidence.get("answers") or []:
            if not isinstance(item, dict) or not str(item.get("answer") or "").strip():
                continue
            prompt = item.get(f"prompt_{language}") or item.get(f"prompt_{other}") or ""
            entries.append(
                {
                    "type": ["Evidence"],
                    "name": str(prompt),
                    "narrative": str(item["answer"]),
                    "genre": REFLECTIVE_GENRE,
                }
            )
        if entries:
            return entries
    # Written out in the credential's language (« 4 décembre 2026 »), never an ISO date in a
    # sentence (FRENCH.md).
    approved_on = formats.date_format(timezone.localtime(award.issued_at).date(), "DATE_FORMAT")
    if award.evidence.get("answers"):
        narrative = _("A reflective proof was reviewed and approved on %(date)s.")
    else:
        narrative = _("A proof was reviewed and approved on %(date)s.")
    return [
        {
            "type": ["Evidence"],
            "name": _("Reviewed proof"),
            "narrative": narrative % {"date": approved_on},
        }
    ]
