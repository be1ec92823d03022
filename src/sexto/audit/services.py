"""Recording audit events: every service calls `audit_record` inside its transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sexto.audit.chain import GENESIS_HASH, changes_digest, event_encode, event_hash
from sexto.audit.models import PLATFORM_CHAIN, AuditChainHead, AuditEvent


def actor_key(actor: Any) -> str:
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


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: Any,
    action: str,
    target: Any,
    request: HttpRequest | None = None,
    changes: Mapping[str, Any] | None = None,
    chain: str | None = None,
) -> AuditEvent:
    """Append one event to the target's chain (or `chain`), linking it to the chain's last hash."""
    chain_name = chain or chain_for(target)
    target_type, target_id = target_identity(target)
    digest = (
        changes_digest(key=settings.AUDIT_HMAC_KEY.encode(), changes=changes) if changes else None
    )
    with transaction.atomic():
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(chain=chain_name, seq=0, hash=GENESIS_HASH.hex())],
            ignore_conflicts=True,
        )
        head = AuditChainHead.objects.select_for_update().get(chain=chain_name)
        event = AuditEvent(
            id=uuid.uuid4(),
            chain=chain_name,
            seq=head.seq + 1,
            occurred_at=timezone.now(),
            actor=actor_key(actor),
            action=action,
            target_type=target_type,
            target_id=target_id,
            request_id=getattr(request, "request_id", None) if request is not None else None,
            ip=_client_ip(request),
            changes_digest=digest,
            prev_hash=head.hash,
        )
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
        event.save(force_insert=True)
        head.seq = event.seq
        head.hash = event.hash
        head.save(update_fields=["seq", "hash"])
    return event
