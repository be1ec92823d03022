"""Retention of the kit's records (DESIGN.md): what is destroyed when, legal holds, the daily job.

Rules (settings.RETENTION_YEARS, per record type):
- `closed_case`: a closed case, with everything under it and the intake it came from, is
  destroyed RETENTION_YEARS["closed_case"] years (default 5) after its closure;
- `intake_without_case`: an intake closed without a case — or on which the police were called
  directly, where the territory has no agreement — is destroyed
  RETENTION_YEARS["intake_without_case"] years (default 1) after it was triaged.
Open cases and intakes awaiting triage are never destroyed. A legal hold in force on the case
(or on the intake) blocks its destruction. Simulations are never touched: they are invisible
through the default managers used here (training owns their life cycle).

Each destruction leaves a DestructionRecord (audit app) without personal data — type, id, case
number or intake reference, file holder, closure date, rule, and row counts — and an audit
event, in the same transaction as the deletion. Only plain columns are read here: never the
encrypted content.
"""

from __future__ import annotations

import datetime
from collections import Counter as Tally
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from sexto.audit.retention import (
    destruction_record_write,
    legal_holds_in_force,
    retention_target_forget,
    years_after,
    years_before,
)
from sexto.core.errors import DomainError
from sexto.interventions.models import Case, Intake, Notification

CASE = "interventions.case"
INTAKE = "interventions.intake"

# Intakes that ended without a case: closed with a reason, or the police called directly.
INTAKE_WITHOUT_CASE = (Intake.Status.CLOSED, Intake.Status.POLICE_DIRECT)

RULE_LABELS = {
    "closed_case": _("Closed case"),
    "intake_without_case": _("Report closed without a case"),
}


class DestructionBlocked(DomainError):
    """Something outside the case still refers to it: nothing of it was destroyed."""

    code = "destruction_blocked"
    status = 409


@dataclass(frozen=True)
class RetentionItem:
    """One record under a retention rule, as the report shows it (plain columns only)."""

    target_type: str
    target_id: str
    reference: str
    holder_id: Any
    school_name: str
    rule: str
    closed_at: datetime.datetime | None  # None: still open (a hold may be placed on it anyway)
    destroy_on: datetime.datetime | None
    held: bool

    @property
    def chain(self) -> str:
        return f"org:{self.holder_id}"

    @property
    def rule_label(self) -> Any:
        return RULE_LABELS[self.rule]

    def due(self, now: datetime.datetime) -> bool:
        return self.destroy_on is not None and self.destroy_on <= now and not self.held


def moment_max() -> datetime.datetime:
    return datetime.datetime.max.replace(tzinfo=datetime.UTC)


def _years(rule: str) -> int:
    return int(settings.RETENTION_YEARS[rule])


def retention_items(
    *, holder_ids: Iterable[Any] | None = None, due_before: datetime.datetime | None = None
) -> list[RetentionItem]:
    """Closed cases and intakes closed without a case, with the day each will be destroyed and
    whether a hold keeps it; soonest first. `holder_ids` limits to some file holders;
    `due_before` to what is due by then."""
    cases = Case.objects.filter(status=Case.Status.CLOSED, closed_at__isnull=False)
    intakes = Intake.objects.filter(status__in=INTAKE_WITHOUT_CASE, triaged_at__isnull=False)
    if holder_ids is not None:
        holders = list(holder_ids)
        cases = cases.filter(holder_id__in=holders)
        intakes = intakes.filter(school__organisation_id__in=holders)
    if due_before is not None:
        cases = cases.filter(closed_at__lte=years_before(due_before, _years("closed_case")))
        intakes = intakes.filter(
            triaged_at__lte=years_before(due_before, _years("intake_without_case"))
        )
    rows: list[tuple[str, str, str, Any, str, str, datetime.datetime]] = [
        (CASE, str(pk), number or "", holder, school, "closed_case", closed)
        for pk, number, holder, school, closed in cases.values_list(
            "pk", "number", "holder_id", "school__name", "closed_at"
        )
    ]
    rows += [
        (INTAKE, str(pk), reference or "", holder, school, "intake_without_case", closed)
        for pk, reference, holder, school, closed in intakes.values_list(
            "pk", "reference", "school__organisation_id", "school__name", "triaged_at"
        )
    ]
    held = legal_holds_in_force((kind, pk) for kind, pk, *_rest in rows)
    items = [
        RetentionItem(
            target_type=kind,
            target_id=pk,
            reference=reference,
            holder_id=holder,
            school_name=school,
            rule=rule,
            closed_at=closed,
            destroy_on=years_after(closed, _years(rule)),
            held=(kind, pk) in held,
        )
        for kind, pk, reference, holder, school, rule, closed in rows
    ]
    return sorted(items, key=lambda item: (item.destroy_on or moment_max(), item.reference))


def retention_target_find(*, reference: str, holder_ids: Iterable[Any]) -> RetentionItem | None:
    """A case (by its number, open or closed) or an intake (by its reference) of these file
    holders, as a hold target; None when there is none, or it is another holder's."""
    reference = reference.strip().upper()
    holders = list(holder_ids)
    found: tuple[str, str, tuple[Any, ...] | None] = (
        CASE,
        "closed_case",
        Case.objects.filter(number=reference, holder_id__in=holders)
        .values_list("pk", "number", "holder_id", "school__name", "closed_at")
        .first(),
    )
    if found[2] is None:
        found = (
            INTAKE,
            "intake_without_case",
            Intake.objects.filter(reference=reference, school__organisation_id__in=holders)
            .values_list("pk", "reference", "school__organisation_id", "school__name", "triaged_at")
            .first(),
        )
    kind, rule, row = found
    if row is None:
        return None
    pk, ref, holder, school, closed = row
    return RetentionItem(
        target_type=kind,
        target_id=str(pk),
        reference=ref or "",
        holder_id=holder,
        school_name=school,
        rule=rule,
        closed_at=closed,
        destroy_on=years_after(closed, _years(rule)) if closed else None,
        held=bool(legal_holds_in_force([(kind, str(pk))])),
    )


# ---- Destruction ---------------------------------------------------------------------------


def _belongs_to(obj: models.Model, root: models.Model, depth: int = 4) -> bool:
    """Whether `obj` hangs under `root` through foreign keys (a device under a case, a meeting
    under a referral under a case): those may be deleted with it, anything else blocks."""
    if type(obj) is type(root) and obj.pk == root.pk:
        return True
    if depth == 0:
        return False
    for field in obj._meta.concrete_fields:
        if not field.is_relation or field.many_to_many:
            continue
        parent = getattr(obj, field.name, None)
        if isinstance(parent, models.Model) and _belongs_to(parent, root, depth - 1):
            return True
    return False


def _delete_under(obj: models.Model, root: models.Model, tally: Tally[str]) -> None:
    """Delete `obj` with everything cascading from it; rows it protects (PROTECT) are deleted
    first when they belong to the same root. Runs inside the caller's transaction."""
    for _attempt in range(10):
        try:
            with transaction.atomic():
                _total, per_model = obj.delete()
        except ProtectedError as error:
            protected = list(error.protected_objects)
            outside = [p for p in protected if not _belongs_to(p, root)]
            if outside:
                raise DestructionBlocked(
                    _("%(model)s rows outside this record refer to it.")
                    % {"model": outside[0]._meta.label}
                ) from None
            for inner in protected:
                _delete_under(inner, root, tally)
            continue
        tally.update(per_model)
        return
    raise DestructionBlocked(_("The record's rows could not be deleted in any order."))


def _case_destroy(item: RetentionItem) -> dict[str, int]:
    case = Case.objects.select_related("intake").get(pk=item.target_id)
    tally: Tally[str] = Tally()
    intake = case.intake
    # Alerts about the case carry a link and its number only; they point nowhere now.
    tally.update(Notification.objects.filter(url__contains=str(case.pk)).delete()[1])
    _delete_under(case, case, tally)
    if intake is not None:
        _delete_under(intake, intake, tally)
    return dict(tally)


def _intake_destroy(item: RetentionItem) -> dict[str, int]:
    intake = Intake.objects.get(pk=item.target_id)
    tally: Tally[str] = Tally()
    tally.update(Notification.objects.filter(url__contains=str(intake.pk)).delete()[1])
    _delete_under(intake, intake, tally)
    return dict(tally)


@dataclass
class RetentionRun:
    destroyed: list[str]  # references (or ids) destroyed
    held: int
    blocked: list[str]


def retention_item_destroy(*, item: RetentionItem, now: datetime.datetime) -> bool:
    """Destroy one expired record and leave its destruction record, all or nothing; checks the
    hold and the dates again inside the transaction (a hold placed a moment ago wins). False
    when it no longer qualifies (reopened, held, gone)."""
    with transaction.atomic():
        manager = Case.objects if item.target_type == CASE else Intake.objects
        # Lock the row: a reopening or a hold placed now waits for us, or we see it.
        current = manager.select_for_update().filter(pk=item.target_id).first()
        if current is None:
            return False
        still_closed = (
            current.status == Case.Status.CLOSED and current.closed_at == item.closed_at
            if item.target_type == CASE
            else current.status in INTAKE_WITHOUT_CASE and current.triaged_at == item.closed_at
        )
        if not still_closed or legal_holds_in_force([(item.target_type, item.target_id)]):
            return False
        if item.closed_at is None or not item.due(now):
            return False
        rows = _case_destroy(item) if item.target_type == CASE else _intake_destroy(item)
        forgotten = retention_target_forget(target=(item.target_type, item.target_id))
        rows.update({name: count for name, count in forgotten.items() if count})
        destruction_record_write(
            target=(item.target_type, item.target_id),
            chain=item.chain,
            reference=item.reference,
            rule=item.rule,
            retention_years=_years(item.rule),
            closed_at=item.closed_at,
            rows=rows,
        )
    return True


def retention_apply(*, now: datetime.datetime | None = None) -> RetentionRun:
    """Destroy every record past its retention that no hold keeps; one transaction each, so one
    blocked record does not stop the others."""
    moment = now or timezone.now()
    run = RetentionRun(destroyed=[], held=0, blocked=[])
    for item in retention_items(due_before=moment):
        if item.held:
            run.held += 1
            continue
        try:
            destroyed = retention_item_destroy(item=item, now=moment)
        except DestructionBlocked as error:
            run.blocked.append(f"{item.reference or item.target_id}: {error}")
            continue
        if destroyed:
            run.destroyed.append(item.reference or item.target_id)
    return run


@task()
def retention_daily() -> int:
    """The daily job (`manage.py daily_jobs`): destroy what expired; returns how many records."""
    return len(retention_apply().destroyed)
