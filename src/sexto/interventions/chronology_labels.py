"""Plain-language labels for the chronology's entry kinds (stored as stable codes)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

KIND_LABELS: dict[str, StrPromise] = {
    "case.open": _("Case opened"),
    "note": _("Note"),
    "case.grid": _("Evaluation grid filled in"),
    "case.close": _("Case closed"),
    "case.reopen": _("Case reopened"),
    "case.lead_assigned": _("New lead coordinator named"),
    "case.lead_needed": _("A new lead coordinator is needed"),
    "team.invite": _("Professional invited onto the case"),
    "team.lead": _("New lead coordinator named"),
    "team.lead_left": _("The lead coordinator left the school"),
    "person.add": _("Person added"),
    "step.done": _("Step done"),
    "step.not_applicable": _("Step marked not applicable"),
    "step.pending": _("Step back to do"),
    "device.seize": _("Device seized and sealed"),
    "device.transferred": _("Device transferred"),
    "device.handed_to_police": _("Device handed to the police"),
    "device.returned": _("Device returned"),
    "device.acknowledged": _("Device receipt acknowledged by the police"),
    "referral.create": _("Case referred to the police"),
    "referral.acknowledge": _("Referral acknowledged by the police"),
    "referral.determination.impulsive": _("DPCP determination: impulsive"),
    "referral.determination.malicious": _("DPCP determination: malicious"),
    "meeting.schedule": _("SEXTO awareness meeting scheduled"),
    "meeting.held": _("SEXTO awareness meeting held"),
    "youth_protection.report": _("Report to the DPJ recorded"),
    "youth_protection.consultation": _("Consultation of the DPJ recorded"),
    "youth_protection.not_done": _("No DPJ report, with the reason"),
    "parents.informed": _("Parents or guardians informed"),
    "parents.not_informed": _("Parents not informed, with the reason"),
    "support.add": _("Support plan entry added"),
    "support.held": _("Support follow-up held"),
    "takedown.add": _("Takedown request sent"),
    "takedown.status": _("Takedown request updated"),
    "measure.add": _("Educational measure planned"),
    "measure.done": _("Educational measure done"),
    "access.grant": _("Time-limited access given"),
    "access.revoke": _("Access revoked"),
    "access.break_glass": _("Opened by a privacy officer (break-glass)"),
    "access.break_glass.end": _("Break-glass access ended early by the privacy officer"),
}


def chronology_label(kind: str) -> StrPromise | str:
    """The label of an entry kind; unknown kinds show as they are (never hidden)."""
    return KIND_LABELS.get(kind, kind)
