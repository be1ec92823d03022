"""Plain-language, bilingual labels: the grid's fields, values and results, and the kinds of
the chronology's entries (stored as stable codes).

Nothing here describes content explicitly: coordinators read these to students and parents.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise as Promise

ROLE_LABELS: dict[str, Promise] = {
    "depicted": _("Appears in the content"),
    "producer": _("Took or recorded it"),
    "sender": _("Sent it to someone chosen"),
    "recipient": _("Received it"),
    "distributor": _("Passed it on to others"),
    "possessor": _("Has it on a device"),
    "requester": _("Asked for it"),
}
MEDIUM_LABELS: dict[str, Promise] = {
    "photo": _("Photo"),
    "video": _("Video"),
    "live_stream": _("Live stream (video call, live broadcast)"),
    "drawing": _("Drawing, animation or generated image"),
    "text": _("Text message"),
    "audio": _("Audio recording"),
}
DEPICTION_LABELS: dict[str, Promise] = {
    "none": _("Nothing sexual is described"),
    "suggestive": _("Suggestive: clothed or in underwear, sexual pose"),
    "breasts_or_buttocks": _("Breasts or buttocks visible"),
    "genitals_or_anal_region": _("Genitals or anal region visible"),
    "sexual_activity": _("Sexual activity"),
}
DEPICTION_HELP = _(
    "Choose from what the people involved describe. Never look at the content yourself and never "
    "ask anyone to show it to you."
)
PURPOSE_LABELS: dict[str, Promise] = {
    "yes": _("Yes, sexual in purpose"),
    "no": _("No (e.g. a medical or everyday context)"),
    "unknown": _("Not known"),
}
PRODUCER_LABELS: dict[str, Promise] = {
    "self": _("The person who appears in it (selfie)"),
    "other": _("Someone else"),
    "unknown": _("Not known"),
}
CONSENT_LABELS: dict[str, Promise] = {
    "yes": _("Yes"),
    "no": _("No"),
    "unknown": _("Not known"),
}
STAGE_LABELS: dict[str, Promise] = {
    "none": _("Not sent: only on the device of the person who made it"),
    "to_intended_recipient": _("Sent only to the person it was meant for"),
    "redistributed": _("Passed on beyond the person it was meant for"),
}
AUDIENCE_LABELS: dict[str, Promise] = {
    "none": _("Nobody beyond the intended recipient"),
    "one": _("One person"),
    "few": _("A few people (2 to 9)"),
    "many": _("Many people (10 or more)"),
    "public": _("Public (anyone can see it)"),
}
INDICATOR_LABELS: dict[str, tuple[Promise, Promise]] = {
    "adult_involved": (
        _("An adult is involved"),
        _("An adult asked for, received, holds or passed on the content."),
    ),
    "threats_or_extortion": (
        _("Threats or extortion"),
        _("Someone threatens to share it, or demands more images, money or favours."),
    ),
    "intent_to_harm": (
        _("Intent to harm"),
        _("It was shared to humiliate, get revenge, bully or hurt."),
    ),
    "profit": (_("Profit"), _("It was sold or traded for something.")),
    "grooming": (
        _("Luring or grooming"),
        _("Someone built trust with a young person to obtain sexual content or contact."),
    ),
    "immediate_risk_of_harm": (
        _("Immediate risk"),
        _("A young person is at risk of self-harm, suicide or being hurt now."),
    ),
    "parent_involved": (
        _("A parent is involved"),
        _("A parent or guardian took part or failed to protect the young person."),
    ),
}
ROUTE_LABELS: dict[str, Promise] = {
    "police_immediately": _("Call the police now"),
    "sexto_procedure": _("Sexto procedure: inform the police through the kit"),
    "school_follow_up": _("School follow-up: education and support"),
}
NATURE_LABELS: dict[str, Promise] = {
    "malicious": _("Malicious (preliminary)"),
    "impulsive": _("Impulsive (preliminary)"),
    "not_sexting": _("Not sexting"),
}
YOUTH_PROTECTION_LABELS: dict[str, Promise] = {
    "required": _("Report to youth protection (DPJ): required"),
    "consult": _("Consult youth protection (DPJ)"),
    "not_indicated": _("Youth protection: not indicated"),
}
# The same after a "Youth protection" heading (packet, grid result), without repeating it.
YOUTH_PROTECTION_VALUES: dict[str, Promise] = {
    "required": _("Report to the DPJ required"),
    "consult": _("Consult the DPJ"),
    "not_indicated": _("Not indicated"),
}
ACTION_LABELS: dict[str, Promise] = {
    "do_not_view_or_share": _("Do not view, copy or share the content; tell others not to"),
    "secure_devices": _("Secure the devices in sealed envelopes"),
    "call_police_now": _("Call the police now"),
    "inform_police_sexto": _("Inform the police under the Sexto procedure"),
    "report_to_youth_protection": _("Report to youth protection (DPJ): a personal duty"),
    "consult_youth_protection": _("Consult youth protection (DPJ)"),
    "support_victim": _("Support the young person depicted"),
    "refer_victim_services": _(
        "Refer to victim services (CAVAC, Cybertip.ca, NeedHelpNow.ca, Take It Down)"
    ),
    "inform_parents": _("Inform the parents or guardians"),
    "limit_dissemination": _("Limit dissemination (takedown requests, reach those who have it)"),
    "educational_follow_up": _("Educational follow-up"),
    "document": _("Document everything in the case"),
}
CSAM_LABELS: dict[str, Promise] = {
    "yes": _("Yes"),
    "undetermined": _("To be determined by the prosecutor"),
    "no": _("No"),
}
LEGAL_LABELS: dict[str, Promise] = {
    "child_sexual_abuse_material": _("Child pornography (Criminal Code s. 163.1)"),
    "intimate_image_without_consent": _("Intimate image shared without consent (s. 162.1)"),
    "extortion": _("Extortion (s. 346)"),
    "luring": _("Luring a child (s. 172.1)"),
    "voyeurism": _("Voyeurism (s. 162)"),
}


# ---- The chronology's entry kinds ---------------------------------------------------------

CHRONOLOGY_LABELS: dict[str, Promise] = {
    "case.open": _("Case opened"),
    "note": _("Note"),
    "case.grid": _("Evaluation grid filled in"),
    "case.plan.police_immediately": _("The plan follows the route: call the police now"),
    "case.plan.sexto_procedure": _("The plan follows the route: the Sexto procedure"),
    "case.plan.school_follow_up": _("The plan follows the route: school follow-up"),
    "police.called_now": _("Police called at once, before the grid"),
    "police.go_ahead": _("The police's go-ahead to tell the parents recorded"),
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
    "referral.determination.no_offence": _(
        "Police and DPCP outcome: no offence or no further action"
    ),
    "referral.determination.extrajudicial": _(
        "Police and DPCP outcome: extrajudicial measures or sanctions"
    ),
    "referral.determination.charges": _("Police and DPCP outcome: charges laid"),
    "referral.determination.other": _("Police and DPCP outcome: other"),
    "referral.determination.corrected": _("Police and DPCP outcome corrected"),
    "meeting.schedule": _("SEXTO awareness meeting scheduled"),
    "meeting.held": _("SEXTO awareness meeting held"),
    "meeting.not_held": _("SEXTO awareness meeting not held"),
    "youth_protection.report": _("Report to the DPJ recorded"),
    "youth_protection.consultation": _("Consultation of the DPJ recorded"),
    "youth_protection.not_done": _("No reasonable cause to believe, with the reason"),
    "parents.informed": _("Parents or guardians informed"),
    "parents.not_informed": _("Parents not informed, with the reason"),
    "support.add": _("Support plan entry added"),
    "support.held": _("Support follow-up held"),
    "takedown.add": _("Takedown request sent"),
    "takedown.status": _("Takedown request updated"),
    "measure.add": _("Educational measure planned"),
    "measure.done": _("Educational measure done"),
    "case.dg_report_sent": _("Summary report sent to the director general"),
    "case.transfer": _("Case transferred to another school"),
    "case.transfer.proposed": _("Transfer to another school board's school proposed"),
    "case.transfer.accepted": _("Transfer accepted by the receiving school"),
    "case.transfer.refused": _("Transfer refused by the receiving school, with the reason"),
    "case.transfer.withdrawn": _("Proposed transfer withdrawn"),
    "access.grant": _("Time-limited access given"),
    "access.revoke": _("Access revoked"),
    "access.break_glass": _("Opened by a privacy officer (break-glass)"),
    "access.break_glass.end": _("Break-glass access ended early by the privacy officer"),
}


def chronology_label(kind: str) -> Promise | str:
    """The label of an entry kind; unknown kinds show as they are (never hidden)."""
    return CHRONOLOGY_LABELS.get(kind, kind)
