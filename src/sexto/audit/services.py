"""Recording audit events: every service calls `audit_record` inside its transaction."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeAlias

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sexto.audit.chain import GENESIS_HASH, changes_digest, event_encode, event_hash
from sexto.audit.models import PLATFORM_CHAIN, AccessGrant, AuditChainHead, AuditEvent
from sexto.core.errors import Conflict, DomainError
from sexto.core.request import client_ip, request_notes
from sexto.core.types import BaseActor, BaseViewer
from sexto.core.validators import EMBEDDED_IMAGE_MESSAGE, embedded_binary_find

# Who an audit event names: a person, a visitor, the platform itself (None: jobs, commands,
# migrations) or an actor key already built (`user:<pk>`, `system`).
AuditActor: TypeAlias = "BaseViewer | str | None"


def actor_key(actor: AuditActor) -> str:
    """`user:<pk>` for a user, `anonymous` for a visitor, `system` for jobs (audit names by key)."""
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    if getattr(actor, "is_authenticated", False):
        return f"user:{actor.pk}"
    return "anonymous"


def target_identity(target: Any) -> tuple[str, str]:
    """(`app_label.model`, pk) for a model instance, or the given pair."""
    if isinstance(target, tuple):
        return str(target[0]), str(target[1])
    meta = target._meta
    return f"{meta.app_label}.{meta.model_name}", str(target.pk)


def chain_for(target: Any) -> str:
    """The target's file-holder chain if it names one, else the platform chain."""
    return str(getattr(target, "audit_chain", PLATFORM_CHAIN) or PLATFORM_CHAIN)


def _head_lock(chain_name: str) -> AuditChainHead:
    """The chain's head, locked until the transaction ends (created for a chain's first event)."""
    head = AuditChainHead.objects.select_for_update().filter(chain=chain_name).first()
    if head is None:  # the chain's first event (one query less on every other one)
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(chain=chain_name, seq=0, hash=GENESIS_HASH.hex())],
            ignore_conflicts=True,
        )
        head = AuditChainHead.objects.select_for_update().get(chain=chain_name)
    return head


def _chain_onto(head: AuditChainHead, event: AuditEvent) -> None:
    """Give the event its place after the head (time, seq, previous hash, its own hash) and move
    the head, in memory: the caller saves both."""
    event.seq = head.seq + 1
    event.prev_hash = head.hash
    event.occurred_at = timezone.now()
    encoding = event_encode(
        event_id=event.id,
        chain=event.chain,
        occurred_at=event.occurred_at,
        actor=event.actor,
        action=event.action,
        target_type=event.target_type,
        target_id=event.target_id,
        request_id=event.request_id,
        ip=event.ip,
        changes_digest=event.changes_digest,
    )
    event.hash = event_hash(previous_hash=bytes.fromhex(head.hash), encoding=encoding).hex()
    head.seq = event.seq
    head.hash = event.hash


def audit_record(
    *,
    actor: AuditActor,
    action: str,
    target: Any,
    request: HttpRequest | None = None,
    changes: Mapping[str, Any] | None = None,
    chain: str | None = None,
) -> AuditEvent:
    """Append one event to the target's chain (or `chain`), linking it to the chain's last hash.
    Inside `audit_batch(request)`, for that request, it is written with the batch instead."""
    chain_name = chain or chain_for(target)
    target_type, target_id = target_identity(target)
    digest = (
        changes_digest(key=settings.AUDIT_HMAC_KEY.encode(), changes=changes) if changes else None
    )
    event = AuditEvent(
        id=uuid.uuid4(),
        chain=chain_name,
        actor=actor_key(actor),
        action=action,
        target_type=target_type,
        target_id=target_id,
        request_id=request_notes(request).request_id if request is not None else None,
        ip=client_ip(request),
        changes_digest=digest,
    )
    pending = request_notes(request).audit_pending if request is not None else None
    if pending is not None:
        pending.append(event)
        return event
    with transaction.atomic():
        head = _head_lock(chain_name)
        _chain_onto(head, event)
        event.save(force_insert=True)
        head.save(update_fields=["seq", "hash"])
    return event


@contextmanager
def audit_batch(request: HttpRequest) -> Iterator[None]:
    """The events this request records inside the block are written together, by
    `audit_batch_write` or when the block closes, even on an error (a refusal is recorded too):
    one transaction, one lock and one insert per chain instead of one of each per event. For a
    page's reads only: a service writes its events inside its own transaction, never batch it."""
    notes = request_notes(request)
    if notes.audit_pending is not None:  # already batching: the outer block writes
        yield
        return
    notes.audit_pending = []
    try:
        yield
    finally:
        audit_batch_write(request)
        notes.audit_pending = None


def audit_batch_write(request: HttpRequest) -> None:
    """Write what this request's batch holds so far (nothing outside a batch), in the order it
    was recorded, in one transaction; chains locked in name order, so two writers of the same
    chains never wait on each other."""
    notes = request_notes(request)
    events, notes.audit_pending = (
        notes.audit_pending,
        ([] if notes.audit_pending is not None else None),
    )
    if not events:
        return
    by_chain: dict[str, list[AuditEvent]] = {}
    for event in events:
        by_chain.setdefault(event.chain, []).append(event)
    with transaction.atomic():
        for chain_name in sorted(by_chain):
            head = _head_lock(chain_name)
            for event in by_chain[chain_name]:
                _chain_onto(head, event)
            AuditEvent.objects.bulk_create(by_chain[chain_name])
            head.save(update_fields=["seq", "hash"])


class AccessGrantInvalid(DomainError):
    """A grant or break-glass request that cannot be accepted as given (reason, end date)."""

    code = "invalid_grant"
    status = 422


def access_grant_limit(kind: str, *, now: datetime.datetime) -> datetime.datetime:
    """The latest end a grant of this kind may have if given now (settings: ACCESS_GRANT_MAX_DAYS,
    BREAK_GLASS_HOURS)."""
    if kind == AccessGrant.Kind.BREAK_GLASS:
        return now + datetime.timedelta(hours=settings.BREAK_GLASS_HOURS)
    return now + datetime.timedelta(days=settings.ACCESS_GRANT_MAX_DAYS)


def access_grant_open(
    *,
    actor: BaseActor,
    grantee: BaseActor,
    kind: str,
    target: Any,
    reason: str,
    ends_at: datetime.datetime | None = None,
    reference: str = "",
    request: HttpRequest | None = None,
) -> AccessGrant:
    """Give `grantee` access to `target` until `ends_at` (break-glass: for BREAK_GLASS_HOURS),
    with a mandatory reason; recorded on the target's chain with a digest of the reason.
    Callers check who may give it: this only enforces what every grant must carry."""
    reason = (reason or "").strip()
    if not reason:
        message = (
            _("Say why you open this case by break-glass: the reason is required and recorded.")
            if kind == AccessGrant.Kind.BREAK_GLASS
            else _("Say why this person needs access: the reason is required and recorded.")
        )
        raise AccessGrantInvalid(message, field="reason")
    if embedded_binary_find(reason) is not None:
        raise AccessGrantInvalid(str(EMBEDDED_IMAGE_MESSAGE), field="reason")
    now = timezone.now()
    limit = access_grant_limit(kind, now=now)
    if kind == AccessGrant.Kind.BREAK_GLASS or ends_at is None:
        ends_at = limit
    if ends_at <= now:
        raise AccessGrantInvalid(_("The end of the access must be in the future."), field="ends_at")
    # A minute of slack: the form's default end is computed a moment before this check.
    if ends_at > limit + datetime.timedelta(minutes=1):
        raise AccessGrantInvalid(
            _("Access may last %(days)d days at most: choose an earlier end.")
            % {"days": settings.ACCESS_GRANT_MAX_DAYS},
            field="ends_at",
        )
    target_type, target_id = target_identity(target)
    with transaction.atomic():
        # The user FKs are typed with AUTH_USER_MODEL's class, which audit may not import (layers):
        # every caller passes that class; BaseActor is its base.
        grant = AccessGrant.objects.create(  # type: ignore[misc]
            kind=kind,
            target_type=target_type,
            target_id=target_id,
            chain=chain_for(target),
            reference=reference,
            grantee=grantee,
            granted_by=actor,
            reason=reason,
            starts_at=now,
            ends_at=ends_at,
        )
        audit_record(
            actor=actor,
            action="access.break_glass" if kind == AccessGrant.Kind.BREAK_GLASS else "access.grant",
            target=target,
            request=request,
            changes={
                "grant": str(grant.pk),
                "grantee": actor_key(grantee),
                "ends_at": ends_at.isoformat(),
                "reason": reason,
            },
        )
    return grant


def access_grant_revoke(
    *,
    actor: BaseActor,
    grant: AccessGrant,
    request: HttpRequest | None = None,
    action: str = "access.revoke",
) -> AccessGrant:
    """End a live grant now; recorded on its target's chain (as `action`). An ended grant cannot
    be revoked."""
    with transaction.atomic():
        locked = AccessGrant.objects.select_for_update().get(pk=grant.pk)
        if not locked.is_live():
            raise Conflict(_("This access has already ended."))
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor  # type: ignore[assignment]  # a user, typed BaseActor (layers)
        locked.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=actor,
            action=action,
            target=(locked.target_type, locked.target_id),
            chain=locked.chain,
            request=request,
            changes={"grant": str(locked.pk), "grantee": actor_key(locked.grantee)},
        )
    grant.revoked_at, grant.revoked_by = locked.revoked_at, locked.revoked_by
    return grant
