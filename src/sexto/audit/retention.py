"""Retention on the audit side: legal holds, destruction records, and pruning old audit events.

The audit app knows no case: callers (the kit's retention, the privacy pages) name targets by
key — (`interventions.case`, id) — with the target's chain and reference.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sexto.audit.models import AccessGrant, AuditChainHead, AuditCheckpoint, AuditEvent
from sexto.audit.retention_models import DestructionRecord, LegalHold
from sexto.audit.selectors import audit_chain_names, audit_chain_verify
from sexto.audit.services import audit_record
from sexto.core.errors import Conflict, DomainError
from sexto.core.types import BaseActor
from sexto.core.validators import EMBEDDED_IMAGE_MESSAGE, embedded_binary_find


class LegalHoldInvalid(DomainError):
    """A hold placed or lifted without what it must carry (a reason)."""

    code = "invalid_legal_hold"
    status = 422


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    """The same calendar moment `years` earlier (29 February becomes the 28th)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def years_after(moment: datetime.datetime, years: int) -> datetime.datetime:
    """The same calendar moment `years` later (29 February becomes the 28th)."""
    return years_before(moment, -years)


# ---- Legal holds ---------------------------------------------------------------------------


def legal_hold_place(
    *,
    actor: BaseActor,
    target: tuple[str, str],
    chain: str,
    reference: str,
    reason: str,
    request: HttpRequest | None = None,
) -> LegalHold:
    """Hold a record against destruction, with a reason (recorded on its chain as a digest).
    Callers check that the actor is a privacy officer of the record's file holder."""
    reason = (reason or "").strip()
    if not reason:
        raise LegalHoldInvalid(
            _("Say why this record must be kept: the reason is required and recorded."),
            field="reason",
        )
    if embedded_binary_find(reason) is not None:
        raise LegalHoldInvalid(str(EMBEDDED_IMAGE_MESSAGE), field="reason")
    with transaction.atomic():
        # The user FKs are typed with AUTH_USER_MODEL's class, which audit may not import (layers):
        # every caller passes that class; BaseActor is its base.
        hold = LegalHold.objects.create(  # type: ignore[misc]
            target_type=target[0],
            target_id=target[1],
            chain=chain,
            reference=reference,
            reason=reason,
            placed_by=actor,
        )
        audit_record(
            actor=actor,
            action="legal_hold.place",
            target=target,
            chain=chain,
            request=request,
            changes={"hold": str(hold.pk), "reason": reason},
        )
    return hold


def legal_hold_lift(
    *, actor: BaseActor, hold: LegalHold, reason: str, request: HttpRequest | None = None
) -> LegalHold:
    """Lift a hold in force, with a reason; the record's retention clock applies again."""
    reason = (reason or "").strip()
    if not reason:
        raise LegalHoldInvalid(
            _("Say why the hold is lifted: the reason is required and recorded."), field="reason"
        )
    if embedded_binary_find(reason) is not None:
        raise LegalHoldInvalid(str(EMBEDDED_IMAGE_MESSAGE), field="reason")
    with transaction.atomic():
        locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if locked.lifted_at is not None:
            raise Conflict(_("This hold was already lifted."))
        locked.lifted_at = timezone.now()
        locked.lifted_by = actor  # type: ignore[assignment]  # a user, typed BaseActor (layers)
        locked.lift_reason = reason
        locked.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        audit_record(
            actor=actor,
            action="legal_hold.lift",
            target=(locked.target_type, locked.target_id),
            chain=locked.chain,
            request=request,
            changes={"hold": str(locked.pk), "reason": reason},
        )
    return locked


def legal_holds_in_force(targets: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (type, id) targets a hold in force protects."""
    wanted = {(t, str(i)) for t, i in targets}
    if not wanted:
        return set()
    found = LegalHold.objects.active().filter(
        target_type__in={t for t, _i in wanted}, target_id__in={i for _t, i in wanted}
    )
    return {(h.target_type, h.target_id) for h in found} & wanted


# ---- Destruction records -------------------------------------------------------------------


def retention_target_forget(*, target: tuple[str, str]) -> dict[str, int]:
    """A destroyed record's access grants and lifted legal holds go with it: their reasons may
    name people, and they point at nothing now. The audit chain keeps their events."""
    target_type, target_id = target
    grants = AccessGrant.objects.filter(target_type=target_type, target_id=target_id).delete()[0]
    holds = (
        LegalHold.objects.filter(target_type=target_type, target_id=target_id)
        .exclude(lifted_at__isnull=True)
        .delete()[0]
    )
    return {"audit.accessgrant": grants, "audit.legalhold": holds}


def destruction_record_write(
    *,
    target: tuple[str, str],
    chain: str,
    reference: str,
    rule: str,
    retention_years: int,
    closed_at: datetime.datetime,
    rows: Mapping[str, int],
    actor: BaseActor | None = None,
) -> DestructionRecord:
    """Keep the trace of a destruction (no personal data) and record it on the chain; called in
    the destroying transaction, so both happen or neither."""
    record = DestructionRecord.objects.create(
        target_type=target[0],
        target_id=target[1],
        chain=chain,
        reference=reference,
        rule=rule,
        retention_years=retention_years,
        closed_at=closed_at,
        rows=dict(rows),
        actor="system" if actor is None else f"user:{actor.pk}",
    )
    audit_record(
        actor=actor,
        action="retention.destroy",
        target=target,
        chain=chain,
        changes={"record": str(record.pk), "rule": rule, "rows": dict(rows)},
    )
    return record


# ---- Audit pruning -------------------------------------------------------------------------


@dataclass(frozen=True)
class PruneResult:
    chain: str
    removed: int
    through_seq: int  # the checkpoint: verification now starts after this event
    refused: str = ""  # why nothing was removed (a broken chain is never pruned)


def audit_retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Events older than this are past retention (AUDIT_RETENTION_YEARS, default 7)."""
    return years_before(now or timezone.now(), settings.AUDIT_RETENTION_YEARS)


@contextmanager
def _prune_permit() -> Iterator[None]:
    """Let DELETE through the append-only trigger (sexto.audit.triggers) inside this block, in
    this transaction only."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # is_local=true: the setting ends with the transaction (SET LOCAL).
            cursor.execute("SELECT set_config('sexto.audit_prune', 'on', true)")
        else:
            cursor.execute("INSERT INTO audit_prune_permit (id) VALUES (1)")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('sexto.audit_prune', 'off', true)")
            else:
                cursor.execute("DELETE FROM audit_prune_permit")


def audit_chain_prune(*, chain: str, before: datetime.datetime) -> PruneResult:
    """Remove the chain's events older than `before` from its start (up to the first event that
    is not), leaving a checkpoint with the last removed event's number and hash, so that
    verification resumes there. A chain that does not verify is left whole, as evidence."""
    report = audit_chain_verify(chain=chain)
    if report.broken is not None:
        return PruneResult(chain, 0, 0, refused=str(report.broken))
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
        checkpoint = AuditCheckpoint.objects.filter(chain=chain).first()
        start = checkpoint.seq if checkpoint else 0
        kept = (
            AuditEvent.objects.filter(chain=chain, seq__gt=start, occurred_at__gte=before)
            .order_by("seq")
            .values_list("seq", flat=True)
            .first()
        )
        # No event within retention: the whole chain goes (its head stays, and links on).
        last_seq = head.seq if head else start
        through = last_seq if kept is None else kept - 1
        if through <= start:
            return PruneResult(chain, 0, start)
        last = AuditEvent.objects.filter(chain=chain, seq=through).values_list("hash", flat=True)
        last_hash = last.get()
        with _prune_permit():
            removed, _rows = AuditEvent.objects.filter(chain=chain, seq__lte=through).delete()
        AuditCheckpoint.objects.update_or_create(
            chain=chain,
            defaults={"seq": through, "hash": last_hash, "pruned_at": timezone.now()},
        )
        audit_record(
            actor=None,
            action="audit.prune",
            target=("audit.chain", chain),
            chain=chain,
            changes={"through_seq": through, "removed": removed},
        )
    return PruneResult(chain, removed, through)


def audit_prune(*, before: datetime.datetime | None = None) -> list[PruneResult]:
    """Prune every chain of the events past audit retention (the only deletion of audit events)."""
    cutoff = before or audit_retention_cutoff()
    return [audit_chain_prune(chain=name, before=cutoff) for name in audit_chain_names()]


@task()
def audit_prune_daily() -> int:
    """The daily job: prune every chain; returns how many events were removed."""
    return sum(result.removed for result in audit_prune())
