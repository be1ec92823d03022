"""Transferring a case when the student changes school (issue 18).

Within the file holder (same school service centre or board): the coordinator or principal of
the case's school hands it to another school of the same holder at once. The receiving school's
coordinators become the team (the first of them the lead) and are alerted; the old school's team
reads the case, read only, for `TRANSFER_READ_ONLY_DAYS`. The case keeps its number; the
chronology and the audit say who transferred it from where to where and when.

Across file holders (another board, service centre or private school) the sending school's
coordinator or principal *proposes* the transfer with a reason; the case does not move. The
receiving school's coordinators and its holder's Sexto leads are alerted (a link only) and see
what they need to decide — sending school, date, who proposes, the reason, the route — never the
case's content. A coordinator or principal of the receiving school accepts or refuses (with a
reason); the sending school may withdraw it while it waits. One pending transfer per case; a
closed case is not transferred. On acceptance the receiving holder holds the file, the receiving
school's coordinators are the team (the one who accepted leads it), invited professionals of the
old school leave the team, and the old school reads it, read only, for 30 days.

The case's number (decision): numbers are unique per file holder (`case_number_per_holder`) and
each holder counts from 1 every year (``SX-2026-00042``), so the same number is bound to exist,
or to be issued later by the receiving holder's own counter. A case accepted from another holder
therefore keeps its number behind the ministry code of the school that issued it
(``751001-SX-2026-00042``): the original number stays readable and searchable, and no collision
is possible — a school belongs to one holder, whose numbers are unique, and a holder's own
numbers never carry a prefix. A number that already carries a code keeps it on later transfers.
Should a collision still be found (a school moved between holders), the acceptance is refused
with a message rather than renumbering silently.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.directory.models import Membership, Organisation, Role, School, User
from sexto.interventions.models import Case, CaseMember, CaseTransfer
from sexto.interventions.services.common import (
    audit_case,
    case_open_require,
    case_require,
    chronicle,
    texts_check,
)
from sexto.interventions.services.notifications import notify

TRANSFER_READ_ONLY_DAYS = 30
TRANSFER_SUBJECT = gettext_noop("a case was transferred to your school")
TRANSFER_PROPOSED_SUBJECT = gettext_noop("a case transfer to your school awaits your decision")
TRANSFER_ACCEPTED_SUBJECT = gettext_noop("the receiving school accepted the case transfer")
TRANSFER_REFUSED_SUBJECT = gettext_noop("the receiving school refused the case transfer")
TRANSFER_WITHDRAWN_SUBJECT = gettext_noop("a proposed case transfer was withdrawn")
NUMBER_MAX_LENGTH = 32


def transfer_schools(*, case: Case) -> list[School]:
    """The schools this case may be transferred to: the other schools of its file holder."""
    return list(
        School.objects.filter(organisation_id=case.holder_id)
        .exclude(pk=case.school_id)
        .order_by("name")
    )


def transfer_schools_elsewhere(*, case: Case) -> list[School]:
    """The schools of the other file holders (service centres, private schools), by holder."""
    return transfer_schools_all(case=case)[1]


def transfer_schools_all(*, case: Case) -> tuple[list[School], list[School]]:
    """In one query: the other schools of the case's file holder (a transfer at once), then the
    schools of the other file holders, by holder (a transfer they accept or refuse)."""
    schools = list(
        School.objects.filter(
            organisation__kind__in=[
                Organisation.Kind.SERVICE_CENTRE,
                Organisation.Kind.PRIVATE_SCHOOL,
            ]
        )
        .exclude(pk=case.school_id)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    same = sorted((s for s in schools if s.organisation_id == case.holder_id), key=lambda s: s.name)
    return same, [s for s in schools if s.organisation_id != case.holder_id]


def transfer_pending(*, case: Case) -> CaseTransfer | None:
    """The transfer of this case awaiting the receiving school, if any."""
    return (
        CaseTransfer.objects.filter(case=case, status=CaseTransfer.Status.PENDING)
        .select_related("to_school__organisation", "from_school", "transferred_by")
        .first()
    )


def _receiving_coordinators(school: School) -> list[User]:
    ids = (
        Membership.objects.current()
        .filter(school=school, role=Role.COORDINATOR)
        .order_by("is_backup")
        .values_list("user_id", flat=True)
    )
    users = {u.pk: u for u in User.objects.filter(pk__in=list(ids), is_active=True)}
    return [users[pk] for pk in ids if pk in users]


def _receiving_deciders(school: School) -> list[User]:
    """Who may accept or refuse at the receiving school (transfer_may_decide): its coordinators,
    backups last, then its principals."""
    principal_ids = (
        Membership.objects.current()
        .filter(school=school, role=Role.PRINCIPAL)
        .values_list("user_id", flat=True)
    )
    coordinators = _receiving_coordinators(school)
    principals = User.objects.filter(pk__in=list(principal_ids), is_active=True)
    return [*coordinators, *(u for u in principals if u not in coordinators)]


def _sexto_leads(organisation_id: UUID) -> list[User]:
    ids = (
        Membership.objects.current()
        .filter(organisation_id=organisation_id, role=Role.SEXTO_LEAD)
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=list(ids), is_active=True))


def _receivers_require(school: School) -> list[User]:
    receivers = _receiving_coordinators(school)
    if not receivers:
        raise DomainError(
            _("%(school)s has no Sexto coordinator yet: ask its principal to appoint one first.")
            % {"school": school.name},
            field="to_school",
        )
    return receivers


def transfer_may_decide(*, user: User, transfer: CaseTransfer) -> bool:
    """A coordinator or principal of the receiving school, as of today."""
    return (
        Membership.objects.current()
        .filter(
            user=user, school_id=transfer.to_school_id, role__in=[Role.COORDINATOR, Role.PRINCIPAL]
        )
        .exists()
    )


def _record_both(
    transfer: CaseTransfer,
    *,
    actor: User,
    kind: str,
    text: str,
    action: str,
    request: HttpRequest | None,
) -> None:
    """A step of a transfer between holders: a line in the case's chronology, and the evidence
    on the sending holder's audit chain and on the receiving holder's (each keeps its own)."""
    case = transfer.case
    chronicle(case, actor=actor, kind=kind, text=text)
    changes = {"to_school": str(transfer.to_school_id)}
    for organisation_id in (
        transfer.from_school.organisation_id,
        transfer.to_school.organisation_id,
    ):
        audit_case(
            case,
            actor=actor,
            action=action,
            request=request,
            changes=changes,
            chain=f"org:{organisation_id}",
        )


def _after_commit_notify(
    users: Iterable[User], *, kind: str, url: str, reference: str, subject: str
) -> None:
    people = list(users)
    transaction.on_commit(
        lambda: notify(users=people, kind=kind, url=url, reference=reference, subject=subject)
    )


def case_transfer(
    *, actor: User, case: Case, to_school: School, request: HttpRequest | None = None
) -> CaseTransfer:
    """Hand the case to another school of its file holder (see the module's docstring)."""
    case_require(user=actor, case=case, action="transfer")
    case_open_require(case)
    if to_school.pk == case.school_id:
        raise DomainError(_("The case is already at this school."), field="to_school")
    if to_school.organisation_id != case.holder_id:
        raise DomainError(
            _(
                "This school belongs to another school board: propose the transfer to it "
                "instead; its coordinator accepts or refuses it."
            ),
            field="to_school",
        )
    if transfer_pending(case=case) is not None:
        raise Conflict(_("A transfer of this case awaits another school: withdraw it first."))
    receivers = _receivers_require(to_school)
    now = timezone.now()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        transfer = CaseTransfer.objects.create(
            case=locked,
            from_school_id=locked.school_id,
            to_school=to_school,
            transferred_by=actor,
            transferred_at=now,
            proposed_at=now,
            decided_by=actor,
            decided_at=now,
            read_only_until=now + datetime.timedelta(days=TRANSFER_READ_ONLY_DAYS),
        )
        from_name = locked.school.name
        locked.school = to_school
        locked.lead = receivers[0]
        locked.version += 1
        locked.save(update_fields=["school", "lead", "version"])
        chronicle(locked, actor=actor, kind="case.transfer", text=f"{from_name} → {to_school.name}")
        audit_case(
            locked,
            actor=actor,
            action="case.transfer",
            request=request,
            changes={"from_school": str(transfer.from_school_id), "to_school": str(to_school.pk)},
        )
        url = reverse("interventions:case_detail", args=[locked.pk])
        _after_commit_notify(
            receivers,
            kind="case.transfer",
            url=url,
            reference=locked.number or "",
            subject=TRANSFER_SUBJECT,
        )
    case.refresh_from_db()
    return transfer


def case_transfer_propose(
    *,
    actor: User,
    case: Case,
    to_school: School,
    reason: str,
    request: HttpRequest | None = None,
) -> CaseTransfer:
    """Propose the case to a school of another file holder; it moves once that school accepts."""
    case_require(user=actor, case=case, action="transfer")
    case_open_require(case)
    if to_school.organisation_id == case.holder_id:
        raise DomainError(
            _("This school belongs to your school board: transfer the case to it directly."),
            field="to_school",
        )
    if not to_school.organisation.holds_files:
        raise DomainError(_("Choose a school the student now attends."), field="to_school")
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _(
                "Say why the case should follow the student (for example: the family moved), "
                "without naming anyone: the receiving school reads it before it accepts."
            ),
            field="reason",
        )
    texts_check({"reason": reason}, DomainError)
    _receivers_require(to_school)  # refused before anything is written
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if transfer_pending(case=locked) is not None:
            raise Conflict(
                _("A transfer of this case already awaits a school: withdraw it first."),
            )
        now = timezone.now()
        transfer = CaseTransfer.objects.create(
            case=locked,
            from_school_id=locked.school_id,
            to_school=to_school,
            transferred_by=actor,
            transferred_at=now,
            proposed_at=now,
            status=CaseTransfer.Status.PENDING,
            reason=reason,
        )
        _record_both(
            transfer,
            actor=actor,
            kind="case.transfer.proposed",
            text=f"{locked.school.name} → {to_school.name}",
            action="case.transfer.propose",
            request=request,
        )
        url = reverse("interventions:transfer_detail", args=[transfer.pk])
        _after_commit_notify(
            [*_receiving_deciders(to_school), *_sexto_leads(to_school.organisation_id)],
            kind="case.transfer.proposed",
            url=url,
            reference=locked.number or "",
            subject=TRANSFER_PROPOSED_SUBJECT,
        )
    return transfer


def _pending_lock(transfer: CaseTransfer) -> CaseTransfer:
    locked = (
        CaseTransfer.objects.select_for_update()
        .select_related("case", "from_school", "to_school")
        .get(pk=transfer.pk)
    )
    if locked.status != CaseTransfer.Status.PENDING:
        raise Conflict(
            _(
                "This transfer no longer awaits a decision (%(status)s): reload the page to see "
                "where it stands."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


def case_number_at(*, case: Case, origin: School) -> str:
    """The number the case carries at the receiving holder (see the module's docstring)."""
    number = case.number or ""
    if not number or not number[:1].isalpha():
        return number  # no number (never for real cases) or already behind its origin's code
    carried = f"{origin.ministry_code}-{number}"
    if len(carried) > NUMBER_MAX_LENGTH:
        raise Conflict(_("This case's number is too long to keep. Ask the Sexto team."))
    return carried


def case_transfer_accept(
    *, actor: User, transfer: CaseTransfer, request: HttpRequest | None = None
) -> CaseTransfer:
    """The receiving school takes the case: holder, school, team and lead change; the number
    stays (behind its origin's code); the old school reads it for 30 days."""
    if not transfer_may_decide(user=actor, transfer=transfer):
        raise PermissionRefused(
            _("Only the receiving school's coordinators and principal may accept a transfer.")
        )
    with transaction.atomic():
        locked = _pending_lock(transfer)
        case = Case.objects.select_for_update().select_related("school").get(pk=locked.case_id)
        if case.status != Case.Status.OPEN:
            raise Conflict(
                _("The sending school closed this case: there is nothing left to transfer.")
            )
        to_school = School.objects.select_related("organisation").get(pk=locked.to_school_id)
        receivers = _receivers_require(to_school)
        lead = actor if actor in receivers else receivers[0]
        number = case_number_at(case=case, origin=locked.from_school)
        if (
            number != case.number
            and Case.all_objects.filter(holder_id=to_school.organisation_id, number=number).exists()
        ):
            raise Conflict(
                _(
                    "%(holder)s already has a case numbered %(number)s, so this one cannot keep "
                    "its number there. Ask the Sexto team before accepting it."
                )
                % {"holder": to_school.organisation.name, "number": number}
            )
        now = timezone.now()
        locked.status = CaseTransfer.Status.ACCEPTED
        locked.decided_by, locked.decided_at, locked.transferred_at = actor, now, now
        locked.read_only_until = now + datetime.timedelta(days=TRANSFER_READ_ONLY_DAYS)
        locked.number_before = case.number or ""
        locked.save(
            update_fields=[
                "status",
                "decided_by",
                "decided_at",
                "transferred_at",
                "read_only_until",
                "number_before",
            ]
        )
        # Evidence on the sending holder's chain first: the case leaves it now.
        changes = {
            "from_school": str(locked.from_school_id),
            "to_school": str(to_school.pk),
            "number": number,
        }
        audit_case(
            case, actor=actor, action="case.transfer.accept", request=request, changes=changes
        )
        from_name = case.school.name
        case.school, case.holder_id = to_school, to_school.organisation_id
        case.lead, case.number = lead, number
        case.version += 1
        case.save(update_fields=["school", "holder", "lead", "number", "version"])
        # The old school's invited professionals leave the team: it reads on for 30 days.
        CaseMember.objects.filter(
            case=case, kind=CaseMember.Kind.PROFESSIONAL, removed_at__isnull=True
        ).update(removed_at=now)
        chronicle(
            case, actor=actor, kind="case.transfer.accepted", text=f"{from_name} → {to_school.name}"
        )
        audit_case(
            case, actor=actor, action="case.transfer.accept", request=request, changes=changes
        )
        url = reverse("interventions:case_detail", args=[case.pk])
        _after_commit_notify(
            [locked.transferred_by],
            kind="case.transfer.accepted",
            url=url,
            reference=number,
            subject=TRANSFER_ACCEPTED_SUBJECT,
        )
        others = [u for u in receivers if u.pk != actor.pk]
        _after_commit_notify(
            others, kind="case.transfer", url=url, reference=number, subject=TRANSFER_SUBJECT
        )
    transfer.refresh_from_db()
    return transfer


def case_transfer_refuse(
    *, actor: User, transfer: CaseTransfer, reason: str, request: HttpRequest | None = None
) -> CaseTransfer:
    """The receiving school declines, saying why; the case stays and the proposer is alerted."""
    if not transfer_may_decide(user=actor, transfer=transfer):
        raise PermissionRefused(
            _("Only the receiving school's coordinators and principal may refuse a transfer.")
        )
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Say why you refuse, so the sending school knows what to do next."), field="reason"
        )
    texts_check({"reason": reason}, DomainError)
    with transaction.atomic():
        locked = _pending_lock(transfer)
        locked.status = CaseTransfer.Status.REFUSED
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.refusal_reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])
        _record_both(
            locked,
            actor=actor,
            kind="case.transfer.refused",
            text=f"{locked.to_school.name} — {reason}",  # no colon: read in either language
            action="case.transfer.refuse",
            request=request,
        )
        url = reverse("interventions:transfer_detail", args=[locked.pk])
        _after_commit_notify(
            [locked.transferred_by],
            kind="case.transfer.refused",
            url=url,
            reference=locked.case.number or "",
            subject=TRANSFER_REFUSED_SUBJECT,
        )
    transfer.refresh_from_db()
    return transfer


def case_transfer_withdraw(
    *, actor: User, transfer: CaseTransfer, request: HttpRequest | None = None
) -> CaseTransfer:
    """The sending school takes back its proposal (the proposer, or its coordinator or
    principal); the receiving school is told."""
    case_require(user=actor, case=transfer.case, action="transfer")
    with transaction.atomic():
        _withdrawn(_pending_lock(transfer), actor=actor, request=request)
    transfer.refresh_from_db()
    return transfer


def case_transfers_pending_withdraw(
    *, actor: User, case: Case, request: HttpRequest | None = None
) -> int:
    """Closing a case ends the proposals still awaiting a receiving school: once closed there is
    nothing left to transfer, and the receiving school must not be left with a decision to make.
    Each is withdrawn as if by hand (chronology, both holders' audit, the receivers told). Runs
    inside the caller's transaction."""
    pending = CaseTransfer.objects.select_for_update().select_related(
        "case", "from_school", "to_school"
    )
    withdrawn = 0
    for locked in pending.filter(case=case, status=CaseTransfer.Status.PENDING):
        _withdrawn(locked, actor=actor, request=request)
        withdrawn += 1
    return withdrawn


def _withdrawn(locked: CaseTransfer, *, actor: User, request: HttpRequest | None) -> None:
    locked.status = CaseTransfer.Status.WITHDRAWN
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    _record_both(
        locked,
        actor=actor,
        kind="case.transfer.withdrawn",
        text=f"{locked.from_school.name} → {locked.to_school.name}",
        action="case.transfer.withdraw",
        request=request,
    )
    url = reverse("interventions:transfer_detail", args=[locked.pk])
    _after_commit_notify(
        _receiving_deciders(locked.to_school),
        kind="case.transfer.withdrawn",
        url=url,
        reference=locked.case.number or "",
        subject=TRANSFER_WITHDRAWN_SUBJECT,
    )
