"""Police referral: to the force serving the school's territory only; its acknowledgement, the
police and DPCP outcome (with its follow-up steps, and its correction) and the SEXTO awareness
meetings that follow an impulsive one."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.core.french import name_in_sentence
from sexto.directory.models import Membership, Organisation, Role, User
from sexto.directory.permissions import organisations_where
from sexto.interventions.models import (
    AwarenessMeeting,
    Case,
    CasePerson,
    CaseStep,
    Referral,
)
from sexto.interventions.packet import packet_render
from sexto.interventions.permissions import COORDINATOR, LEARNER, POLICE, PRINCIPAL
from sexto.interventions.services.common import (
    audit_case,
    case_open_require,
    case_require,
    chronicle,
    save_versioned,
    texts_check,
)
from sexto.interventions.services.notifications import notify, school_team_users
from sexto.interventions.services.outcomes import (
    follow_ups_add,
    follow_ups_set_aside,
    outcome_check,
    outcome_label,
    outcome_refusal,
    outcome_store,
)

# Who may export the referral packet: the school's team and the police, not invited professionals.
PACKET_ROLES = frozenset({COORDINATOR, PRINCIPAL, POLICE, LEARNER})
_FUTURE_SLACK = datetime.timedelta(minutes=5)


def _not_in_future(moment: datetime.datetime, *, field: str) -> None:
    if moment > timezone.now() + _FUTURE_SLACK:
        raise DomainError(_("This moment is in the future: enter when it happened."), field=field)


def _case_url(case: Case) -> str:
    return reverse("interventions:case_detail", args=[case.pk]) + "#referral"


def police_liaisons_of(*, force: Organisation) -> list[User]:
    """The police force's liaisons, as of today."""
    ids = (
        Membership.objects.current()
        .filter(organisation=force, role=Role.POLICE_LIAISON)
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _require_liaison_of(*, actor: User, referral: Referral) -> None:
    """The police role on the case is not enough: the actor must serve the force referred to."""
    if referral.police_force_id not in organisations_where(actor, {Role.POLICE_LIAISON}):
        raise PermissionRefused(
            # Translators: in French, force comes with « de » and its article (« du Service… »).
            _("Only a liaison of %(force)s may do this on this referral.")
            % {"force": name_in_sentence(referral.police_force.name, preposition="de")}
        )


def referral_create(
    *,
    actor: User,
    case: Case,
    police_contacted_at: datetime.datetime,
    police_force: Organisation | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    """Refer the case to the police force serving the school's territory (and no other); its
    liaisons are alerted with a link only."""
    case_require(user=actor, case=case, action="refer_close")
    serving = case.school.territory.police_force
    if police_force is not None and police_force.pk != serving.pk:
        raise DomainError(
            # Translators: in French, school comes with its article (« L’École… ») and force
            # with « par » and its article (« par le Service… »).
            _(
                "%(school)s stands in a territory served by %(force)s: a case is referred to "
                "that force only."
            )
            % {
                "school": name_in_sentence(case.school.name, capital=True),
                "force": name_in_sentence(serving.name, preposition="par"),
            },
            field="police_force",
        )
    if case.status != Case.Status.OPEN:
        raise Conflict(_("This case is closed: reopen it before referring it to the police."))
    if case.referrals.filter(determination="").exists():
        raise Conflict(
            _(
                "This case is already referred and awaits the DPCP's determination: follow that "
                "referral up instead of making another."
            )
        )
    _not_in_future(police_contacted_at, field="police_contacted_at")
    now = timezone.now()
    with transaction.atomic():
        referral = Referral.objects.create(
            case=case,
            police_force=serving,
            referred_by=actor,
            referred_at=now,
            police_contacted_at=police_contacted_at,
        )
        case.police_contacted_at = police_contacted_at
        save_versioned(case, version=None, fields=["police_contacted_at"])
        CaseStep.objects.filter(
            case=case, key="contact_police", state=CaseStep.State.PENDING
        ).update(state=CaseStep.State.DONE, done_by=actor, done_at=now, version=F("version") + 1)
        chronicle(case, actor=actor, kind="referral.create", text=serving.name)
        audit_case(
            case,
            actor=actor,
            action="case.referral_create",
            request=request,
            changes={"police_force": str(serving.pk), "police_contacted_at": police_contacted_at},
        )
        if not case.simulation:
            liaisons = police_liaisons_of(force=serving)
            url, reference = _case_url(case), case.number or ""
            transaction.on_commit(
                lambda: notify(
                    users=liaisons,
                    kind="referral.new",
                    url=url,
                    reference=reference,
                    subject=gettext_noop("a case was referred to your police force"),
                )
            )
    return referral


def referral_acknowledge(
    *,
    actor: User,
    referral: Referral,
    police_file_number: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    """The police liaison acknowledges the referral, with the police file number if there is one."""
    case = referral.case
    case_require(user=actor, case=case, action="police")
    _require_liaison_of(actor=actor, referral=referral)
    case_open_require(case)
    if referral.acknowledged_at is not None:
        raise Conflict(_("This referral is already acknowledged: nothing more to do here."))
    police_file_number = police_file_number.strip()
    texts_check({"police_file_number": police_file_number}, DomainError)
    with transaction.atomic():
        referral.acknowledged_by = actor
        referral.acknowledged_at = timezone.now()
        referral.police_file_number = police_file_number
        save_versioned(
            referral,
            version=None,
            fields=["acknowledged_by", "acknowledged_at", "police_file_number"],
        )
        chronicle(case, actor=actor, kind="referral.acknowledge", text=police_file_number)
        audit_case(
            case,
            actor=actor,
            action="case.referral_acknowledge",
            request=request,
            changes={"referral": str(referral.pk), "police_file_number": police_file_number},
        )
    return referral


def _team_alert(case: Case, *, subject: str) -> None:
    if case.simulation:
        return
    team = school_team_users(school=case.school)
    url, reference = _case_url(case), case.number or ""
    transaction.on_commit(
        lambda: notify(
            users=team,
            kind="referral.determination",
            url=url,
            reference=reference,
            subject=subject,
        )
    )


def determination_record(
    *,
    actor: User,
    referral: Referral,
    determination: str,
    other_text: str = "",
    note: str = "",
    version: int | None,
    request: HttpRequest | None = None,
) -> Referral:
    """Record the police and DPCP outcome on an acknowledged referral; after "malicious", the
    investigation's end (charges laid, extrajudicial measures, no further action). The outcome's
    follow-up steps join the case and the school's team is alerted with a link."""
    case = referral.case
    case_require(user=actor, case=case, action="police")
    _require_liaison_of(actor=actor, referral=referral)
    case_open_require(case)
    other_text = other_text.strip()
    outcome_check(outcome=determination, other_text=other_text, note=note)
    refusal = outcome_refusal(referral, determination)
    if refusal is not None:
        raise refusal
    now = timezone.now()
    with transaction.atomic():
        outcome_store(
            referral=referral,
            outcome=determination,
            other_text=other_text,
            note=note,
            version=version,
            now=now,
        )
        follow_ups_add(case=case, outcome=determination, start=now)
        chronicle(
            case,
            actor=actor,
            kind=f"referral.determination.{determination}",
            text="\n".join(t for t in (other_text, note) if t),
        )
        audit_case(
            case,
            actor=actor,
            action="case.determination",
            request=request,
            changes={"referral": str(referral.pk), "determination": determination},
        )
        _team_alert(case, subject=gettext_noop("the DPCP's determination was recorded"))
    return referral


def determination_correct(
    *,
    actor: User,
    referral: Referral,
    determination: str,
    reason: str,
    other_text: str = "",
    version: int | None,
    request: HttpRequest | None = None,
) -> Referral:
    """The liaison corrects a recorded outcome, with the reason (chronicled, audited): the new
    outcome's follow-ups join the case, the replaced one's still to do are set aside."""
    case = referral.case
    case_require(user=actor, case=case, action="police")
    _require_liaison_of(actor=actor, referral=referral)
    other_text = other_text.strip()
    reason = reason.strip()
    outcome_check(outcome=determination, other_text=other_text, note="")
    if not reason:
        raise DomainError(_("Say why the outcome is corrected."), field="reason")
    texts_check({"reason": reason}, DomainError)
    previous = referral.determination
    if not previous:
        raise Conflict(_("No outcome is recorded on this referral yet: record it instead."))
    if case.status != Case.Status.OPEN:
        raise Conflict(
            _(
                "This case is closed: ask the school's coordinator to reopen it, then correct the "
                "outcome."
            )
        )
    if previous == determination and other_text == referral.determination_other:
        raise Conflict(
            _("This outcome is already recorded: %(value)s.")
            % {"value": outcome_label(determination)}
        )
    now = timezone.now()
    with transaction.atomic():
        outcome_store(
            referral=referral,
            outcome=determination,
            other_text=other_text,
            note=None,
            version=version,
            now=now,
        )
        follow_ups_set_aside(
            case=case, replaced=previous, by=determination, actor=actor, reason=reason
        )
        follow_ups_add(case=case, outcome=determination, start=now)
        chronicle(
            case,
            actor=actor,
            kind="referral.determination.corrected",
            text=f"{previous} → {determination}: {reason}",  # codes, named when read
        )
        audit_case(
            case,
            actor=actor,
            action="case.determination_correct",
            request=request,
            changes={
                "referral": str(referral.pk),
                "from": previous,
                "determination": determination,
                "reason": reason,
            },
        )
        _team_alert(case, subject=gettext_noop("the police and DPCP outcome was corrected"))
    return referral


def meeting_schedule(
    *,
    actor: User,
    referral: Referral,
    person: CasePerson,
    scheduled_at: datetime.datetime,
    with_guardian: str = "",
    request: HttpRequest | None = None,
) -> AwarenessMeeting:
    """Schedule a SEXTO awareness meeting for one young person (the victim too), with a parent
    or guardian; only after an impulsive determination."""
    case = referral.case
    case_require(user=actor, case=case, action="meetings")
    case_open_require(case)
    if referral.determination == Referral.Determination.MALICIOUS:
        raise Conflict(
            _(
                "The DPCP determined this case malicious: a criminal investigation follows, not "
                "awareness meetings. Keep supporting the young people through the school."
            )
        )
    if referral.determination and referral.determination != Referral.Determination.IMPULSIVE:
        raise Conflict(
            _(
                'The outcome recorded is "%(value)s": awareness meetings follow an impulsive '
                "determination only."
            )
            % {"value": outcome_label(referral.determination)}
        )
    if referral.determination != Referral.Determination.IMPULSIVE:
        raise Conflict(
            _(
                "Awareness meetings follow an impulsive determination by the DPCP, which is not "
                "recorded yet. Schedule them once the police record it."
            )
        )
    if person.case_id != case.pk:
        raise DomainError(_("Choose a person involved in this case."), field="person")
    with_guardian = with_guardian.strip()
    if not with_guardian and not (person.age is not None and person.age >= 18):
        raise DomainError(
            _("Each young person meets with a parent or guardian: say who will come."),
            field="with_guardian",
        )
    texts_check({"with_guardian": with_guardian}, DomainError)
    # A meeting recorded as not held (with why) is settled: another may be scheduled.
    if referral.meetings.filter(person=person, held_at__isnull=True, not_held_reason="").exists():
        raise Conflict(
            _(
                "A meeting is already scheduled for %(label)s: record it as held before "
                "scheduling another."
            )
            % {"label": person.label}
        )
    with transaction.atomic():
        meeting = AwarenessMeeting.objects.create(
            referral=referral,
            person=person,
            with_guardian=with_guardian,
            scheduled_at=scheduled_at,
            recorded_by=actor,
        )
        chronicle(case, actor=actor, kind="meeting.schedule", text=person.label)
        audit_case(
            case,
            actor=actor,
            action="case.meeting_schedule",
            request=request,
            changes={"meeting": meeting.pk, "person": person.label, "scheduled_at": scheduled_at},
        )
    return meeting


def meeting_held(
    *,
    actor: User,
    meeting: AwarenessMeeting,
    held_at: datetime.datetime,
    version: int | None,
    request: HttpRequest | None = None,
) -> AwarenessMeeting:
    """Record that an awareness meeting was held, and when."""
    case = meeting.referral.case
    case_require(user=actor, case=case, action="meetings")
    case_open_require(case)
    if meeting.held_at is not None:
        raise Conflict(_("This meeting is already recorded as held."))
    if meeting.not_held_reason:
        raise Conflict(
            _(
                "This meeting is recorded as not held. If it took place after all, schedule "
                "another and record that one as held."
            )
        )
    _not_in_future(held_at, field="held_at")
    with transaction.atomic():
        meeting.held_at = held_at
        meeting.recorded_by = actor
        save_versioned(meeting, version=version, fields=["held_at", "recorded_by"])
        chronicle(case, actor=actor, kind="meeting.held", text=meeting.person.label)
        audit_case(
            case,
            actor=actor,
            action="case.meeting_held",
            request=request,
            changes={"meeting": meeting.pk, "held_at": held_at},
        )
    return meeting


def meeting_not_held(
    *,
    actor: User,
    meeting: AwarenessMeeting,
    reason: str,
    version: int | None,
    request: HttpRequest | None = None,
) -> AwarenessMeeting:
    """Record that an awareness meeting did not take place, and why (the police liaison or the
    school): the meeting is then settled for closure."""
    case = meeting.referral.case
    case_require(user=actor, case=case, action="meetings")
    case_open_require(case)
    if meeting.held_at is not None:
        raise Conflict(_("This meeting is already recorded as held."))
    if meeting.not_held_reason:
        raise Conflict(_("This meeting is already recorded as not held. Reload the page."))
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Say why the meeting did not take place (e.g. the family declined)."),
            field="reason",
        )
    texts_check({"reason": reason}, DomainError)
    with transaction.atomic():
        meeting.not_held_reason = reason
        meeting.recorded_by = actor
        save_versioned(meeting, version=version, fields=["not_held_reason", "recorded_by"])
        chronicle(case, actor=actor, kind="meeting.not_held", text=meeting.person.label)
        audit_case(
            case,
            actor=actor,
            action="case.meeting_not_held",
            request=request,
            changes={"meeting": meeting.pk},
        )
    return meeting


def referral_packet_export(
    *, actor: User, case: Case, role: str, request: HttpRequest | None = None
) -> bytes:
    """The bilingual referral packet as a PDF, carrying the case number and who exported it;
    the export is audited."""
    if role not in PACKET_ROLES:
        raise PermissionRefused(
            _("Only the school's coordinators and principal, and the police, export the packet.")
        )
    content = packet_render(case=case, exported_by=actor)
    audit_case(
        case,
        actor=actor,
        action="case.export",
        request=request,
        changes={"kind": "referral_packet", "bytes": len(content)},
    )
    return content
