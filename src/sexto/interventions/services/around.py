"""Writes about the people around a case: youth protection (each person's own report), parents
or guardians informed, the victim's support plan, takedown requests, educational measures.

Each write is permission-checked, in one transaction, chronicled and audited (real cases); the
first relevant entry marks the matching step of the kit done if it is still to do."""

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
from sexto.directory.models import User
from sexto.directory.resources import support_resource_keys
from sexto.interventions.models import (
    Case,
    CasePerson,
    CaseStep,
    EducationalMeasure,
    Intake,
    ParentNotification,
    SupportEntry,
    TakedownRequest,
    YouthProtectionReminder,
    YouthProtectionReport,
)
from sexto.interventions.selectors.around import (
    YOUTH_PROTECTION_DUTY,
    case_duty_holders,
    youth_protection_status,
)
from sexto.interventions.selectors.closure import parents_missing, person_is_young
from sexto.interventions.services.common import (
    audit_case,
    case_open_require,
    case_require,
    chronicle,
    save_versioned,
    texts_check,
)
from sexto.interventions.services.notifications import notify
from sexto.interventions.services.plan import parents_notice_hold_check

# A clock a few minutes ahead is not "the future".
_CLOCK_SLACK = datetime.timedelta(minutes=5)


def _past_require(moment: datetime.datetime | None, *, field: str) -> None:
    if moment is not None and moment > timezone.now() + _CLOCK_SLACK:
        raise DomainError(
            _("This moment is in the future. Enter when it happened, or plan it instead."),
            field=field,
        )


def _person_check(case: Case, person: CasePerson | None) -> None:
    if person is not None and person.case_id != case.pk:
        raise DomainError(
            _("This person is not involved in this case. Choose one from the case's list."),
            field="person",
        )


def _step_done(case: Case, *, key: str, actor: User) -> None:
    """Mark the step done if it is still to do (a step someone already settled is left alone)."""
    updated = CaseStep.objects.filter(case=case, key=key, state=CaseStep.State.PENDING).update(
        state=CaseStep.State.DONE,
        done_by=actor,
        done_at=timezone.now(),
        version=F("version") + 1,
    )
    if updated:
        chronicle(case, actor=actor, kind="step.done", text=key)


def youth_protection_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    at: datetime.datetime,
    reference: str = "",
    why_not: str = "",
    request: HttpRequest | None = None,
) -> YouthProtectionReport:
    """Record the actor's OWN report to, or consultation of, youth protection (the duty is
    personal), or why they had no reasonable cause to believe. Only a duty holder of the case may
    (team members but the police, the reporter, the staff who heard the facts); the step is done
    once every duty holder has acted as the grid's level requires."""
    if actor.pk not in {user.pk for user in case_duty_holders(case)}:
        raise PermissionRefused(
            _(
                "Only the people with the duty to report on this case record here: its team "
                "(not the police), the person who filed the report and the staff it names as "
                "having heard the facts. If you also heard the facts, your duty to report to the "
                "DPJ is yours all the same: report without delay."
            )
        )
    case_open_require(case)
    if kind not in YouthProtectionReport.Kind.values:
        raise DomainError(
            _("Choose a report, a consultation or no reasonable cause to believe."), field="kind"
        )
    reference, why_not = reference.strip(), why_not.strip()
    if kind == YouthProtectionReport.Kind.NOT_DONE and not why_not:
        raise DomainError(
            _(
                "Say why you had no reasonable cause to believe that the young person's security "
                "or development is compromised."
            ),
            field="why_not",
        )
    if kind == YouthProtectionReport.Kind.REPORT and not reference:
        raise DomainError(
            _(
                "Enter the reference number the DPJ gave you for your report. If you did not "
                "get one, call the DPJ back and ask for it."
            ),
            field="reference",
        )
    _past_require(at, field="at")
    texts_check({"reference": reference, "why_not": why_not}, DomainError)
    with transaction.atomic():
        entry = YouthProtectionReport.objects.create(
            case=case,
            user=actor,
            kind=kind,
            at=at,
            reference=reference if kind != YouthProtectionReport.Kind.NOT_DONE else "",
            why_not=why_not if kind == YouthProtectionReport.Kind.NOT_DONE else "",
        )
        chronicle(
            case,
            actor=actor,
            kind=f"youth_protection.{kind}",
        )
        audit_case(
            case,
            actor=actor,
            action="case.youth_protection",
            request=request,
            changes={"kind": kind},
        )
        status = youth_protection_status(case)
        # Where a report is required, a consultation does not complete the step: it completes
        # only when every duty holder has reported or written why they had no reasonable cause.
        if status.applies and not status.missing:
            _step_done(case, key="youth_protection", actor=actor)
    return entry


YOUTH_PROTECTION_REMINDER_SUBJECT = gettext_noop(
    "your own report to youth protection (DPJ) is still to be recorded"
)


def youth_protection_duty_url(*, case: Case, user: User, on_team: bool) -> str:
    """Where this duty holder records their report: the case page's section for the team, their
    own "my reports" page for the others (who may not read the case)."""
    if on_team:
        return reverse("interventions:case_detail", args=[case.pk]) + "#youth-protection"
    return reverse("interventions:intakes_mine") + f"#intake-{case.intake_id}"


def youth_protection_remind(*, case: Case, users: list[User] | None = None) -> list[User]:
    """Remind the duty holders who have not acted (or only `users` among them), once per day per
    person per case: an in-app notification and an e-mail with a link only. Nothing where the
    grid does not make the duty apply, on a closed case, or on a simulation. Returns who was
    reminded now."""
    if case.simulation or case.status != Case.Status.OPEN:
        return []
    status = youth_protection_status(case)
    if not status.applies:
        return []
    wanted = None if users is None else {user.pk for user in users}
    intake_reference = ""
    if case.intake_id is not None:
        intake_reference = (
            Intake.all_objects.filter(pk=case.intake_id).values_list("reference", flat=True).first()
            or ""
        )
    today = timezone.localdate()
    reminded = []
    for holder in status.holders:
        if holder.discharged or (wanted is not None and holder.user.pk not in wanted):
            continue
        with transaction.atomic():
            _reminder, created = YouthProtectionReminder.objects.get_or_create(
                case=case, user=holder.user, day=today
            )
            if not created:
                continue
            url = youth_protection_duty_url(case=case, user=holder.user, on_team=holder.on_team)
            # The team sees the case number; the others, the reference of the report they know.
            reference = (case.number or "") if holder.on_team else intake_reference
            user = holder.user
            transaction.on_commit(
                lambda user=user, url=url, reference=reference: notify(  # type: ignore[misc]
                    users=[user],
                    kind="youth_protection.reminder",
                    url=url,
                    reference=reference,
                    subject=YOUTH_PROTECTION_REMINDER_SUBJECT,
                )
            )
        reminded.append(holder.user)
    return reminded


def youth_protection_duty_start(*, case: Case, previous_level: str) -> None:
    """After the grid is saved: where it now makes the duty apply and did not before, remind
    every duty holder who has not acted (after commit)."""
    if (
        previous_level in YOUTH_PROTECTION_DUTY
        or case.youth_protection not in YOUTH_PROTECTION_DUTY
    ):
        return
    transaction.on_commit(lambda: youth_protection_remind(case=case))


def parent_notification_record(
    *,
    actor: User,
    case: Case,
    person: CasePerson | None,
    guardian: str = "",
    at: datetime.datetime,
    channel: str,
    summary: str = "",
    why_not: str = "",
    request: HttpRequest | None = None,
) -> ParentNotification:
    """Log that a parent or guardian was informed (who, when, how, what was said), or why they
    were not."""
    case_require(user=actor, case=case, action="edit")
    case_open_require(case)
    _person_check(case, person)
    if channel != ParentNotification.Channel.NOT_DONE:
        # police_immediately: a suspect's parents wait for the police's go-ahead (plan.py).
        parents_notice_hold_check(case=case, person=person)
    if channel not in ParentNotification.Channel.values:
        raise DomainError(_("Choose how the parent or guardian was informed."), field="channel")
    guardian, summary, why_not = guardian.strip(), summary.strip(), why_not.strip()
    informed = channel != ParentNotification.Channel.NOT_DONE
    if not informed and not why_not:
        raise DomainError(
            _("Say why the parents or guardians were not informed (e.g. the DPJ advised against)."),
            field="why_not",
        )
    if informed and not guardian:
        raise DomainError(
            _("Say which parent or guardian you informed (e.g. the mother of A)."),
            field="guardian",
        )
    if informed and not summary:
        raise DomainError(_("Summarise what was said to the parent or guardian."), field="summary")
    _past_require(at, field="at")
    texts_check({"guardian": guardian, "summary": summary, "why_not": why_not}, DomainError)
    with transaction.atomic():
        notice = ParentNotification.objects.create(
            case=case,
            person=person,
            guardian=guardian,
            by=actor,
            at=at,
            channel=channel,
            summary=summary if informed else "",
            why_not="" if informed else why_not,
        )
        chronicle(
            case,
            actor=actor,
            kind="parents.informed" if informed else "parents.not_informed",
            # The channel's code, named in the reader's language (interventions/chronology.py).
            text=" — ".join(part for part in (person.label if person else "", channel) if part),
        )
        audit_case(
            case,
            actor=actor,
            action="case.parents",
            request=request,
            changes={"channel": channel, "person": person.label if person else ""},
        )
        # The step completes per young person (issue 16): once the parents of each one were
        # informed, or recorded as not informed with why; not at the first contact.
        young = [p for p in case.people.all() if person_is_young(p)]
        if not parents_missing(case, young):
            _step_done(case, key="inform_parents", actor=actor)
    return notice


def support_entry_add(
    *,
    actor: User,
    case: Case,
    person: CasePerson | None = None,
    planned_for: datetime.datetime | None = None,
    held_at: datetime.datetime | None = None,
    resources: list[str] | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> SupportEntry:
    """Add to the victim's support plan: a follow-up planned or held, resources given, a note.
    Invited professionals may do this too."""
    case_require(user=actor, case=case, action="support")
    case_open_require(case)
    _person_check(case, person)
    resources = list(dict.fromkeys(resources or []))
    if set(resources) - support_resource_keys():
        raise DomainError(_("Unknown resource. Choose among those listed."), field="resources")
    note = note.strip()
    if planned_for is None and held_at is None and not resources and not note:
        raise DomainError(
            _("Enter a follow-up date, a meeting held, a resource given or a note."),
            field="note",
        )
    _past_require(held_at, field="held_at")
    texts_check({"note": note}, DomainError)
    with transaction.atomic():
        entry = SupportEntry.objects.create(
            case=case,
            person=person,
            planned_for=planned_for,
            held_at=held_at,
            resources=resources,
            note=note,
            by=actor,
        )
        chronicle(case, actor=actor, kind="support.add", text=person.label if person else "")
        audit_case(
            case,
            actor=actor,
            action="case.support_add",
            request=request,
            changes={"resources": resources},
        )
        _step_done(case, key="support_victim", actor=actor)
    return entry


def support_entry_held(
    *,
    actor: User,
    entry: SupportEntry,
    held_at: datetime.datetime,
    note: str = "",
    version: int | None,
    request: HttpRequest | None = None,
) -> SupportEntry:
    """Record that a planned follow-up took place (when), with an optional note added."""
    case = entry.case
    case_require(user=actor, case=case, action="support")
    case_open_require(case)
    _past_require(held_at, field="held_at")
    note = note.strip()
    texts_check({"note": note}, DomainError)
    with transaction.atomic():
        entry.held_at = held_at
        if note:
            entry.note = f"{entry.note}\n\n{note}" if entry.note else note
        save_versioned(entry, version=version, fields=["held_at", "note"])
        chronicle(
            case, actor=actor, kind="support.held", text=entry.person.label if entry.person else ""
        )
        audit_case(
            case,
            actor=actor,
            action="case.support_held",
            request=request,
            changes={"entry": entry.pk},
        )
    return entry


def takedown_request_add(
    *,
    actor: User,
    case: Case,
    where: str,
    sent_at: datetime.datetime,
    reference: str = "",
    request: HttpRequest | None = None,
) -> TakedownRequest:
    """Log a request to remove the content (the platform, Take It Down, Cybertip.ca…)."""
    case_require(user=actor, case=case, action="edit")
    case_open_require(case)
    where, reference = where.strip(), reference.strip()
    if not where:
        raise DomainError(
            _("Say where the request was sent (the platform, Take It Down, Cybertip.ca…)."),
            field="where",
        )
    _past_require(sent_at, field="sent_at")
    texts_check({"where": where, "reference": reference}, DomainError)
    with transaction.atomic():
        takedown = TakedownRequest.objects.create(
            case=case, where=where[:200], sent_at=sent_at, reference=reference[:120], by=actor
        )
        chronicle(case, actor=actor, kind="takedown.add", text=takedown.where)
        audit_case(
            case,
            actor=actor,
            action="case.takedown_add",
            request=request,
            changes={"where": takedown.where},
        )
        _step_done(case, key="limit_dissemination", actor=actor)
    return takedown


def takedown_status_update(
    *,
    actor: User,
    takedown: TakedownRequest,
    status: str,
    version: int | None,
    request: HttpRequest | None = None,
) -> TakedownRequest:
    """Update a takedown request's status (acknowledged, removed, refused)."""
    case = takedown.case
    case_require(user=actor, case=case, action="edit")
    case_open_require(case)
    if status not in TakedownRequest.Status.values:
        raise DomainError(_("Choose a status from the list."), field="status")
    with transaction.atomic():
        takedown.status = status
        save_versioned(takedown, version=version, fields=["status"])
        chronicle(
            case,
            actor=actor,
            kind="takedown.status",
            text=f"{takedown.where} — {status}",
        )
        audit_case(
            case,
            actor=actor,
            action="case.takedown_status",
            request=request,
            changes={"takedown": takedown.pk, "status": status},
        )
    return takedown


def educational_measure_add(
    *,
    actor: User,
    case: Case,
    person: CasePerson | None = None,
    what: str,
    with_whom: str = "",
    planned_for: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> EducationalMeasure:
    """Plan an educational or restorative measure for another student involved."""
    case_require(user=actor, case=case, action="edit")
    case_open_require(case)
    _person_check(case, person)
    what, with_whom = what.strip(), with_whom.strip()
    if not what:
        raise DomainError(
            _("Describe the measure (e.g. a meeting on consent with the psychoeducator)."),
            field="what",
        )
    texts_check({"what": what, "with_whom": with_whom}, DomainError)
    with transaction.atomic():
        measure = EducationalMeasure.objects.create(
            case=case,
            person=person,
            what=what,
            with_whom=with_whom[:200],
            planned_for=planned_for,
            by=actor,
        )
        chronicle(case, actor=actor, kind="measure.add", text=person.label if person else "")
        audit_case(
            case,
            actor=actor,
            action="case.measure_add",
            request=request,
            changes={"person": person.label if person else ""},
        )
    return measure


def educational_measure_done(
    *,
    actor: User,
    measure: EducationalMeasure,
    done_at: datetime.datetime,
    version: int | None,
    request: HttpRequest | None = None,
) -> EducationalMeasure:
    """Record that a measure took place; the first one done settles the kit's step."""
    case = measure.case
    case_require(user=actor, case=case, action="edit")
    case_open_require(case)
    if measure.done_at is not None:
        raise Conflict(_("This measure is already recorded as done. Reload the page."))
    _past_require(done_at, field="done_at")
    with transaction.atomic():
        measure.done_at = done_at
        save_versioned(measure, version=version, fields=["done_at"])
        chronicle(
            case,
            actor=actor,
            kind="measure.done",
            text=measure.person.label if measure.person else "",
        )
        audit_case(
            case,
            actor=actor,
            action="case.measure_done",
            request=request,
            changes={"measure": measure.pk},
        )
        _step_done(case, key="educational_follow_up", actor=actor)
    return measure
