"""Reading and verifying the audit chains."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sexto.audit.chain import GENESIS_HASH, event_encode, event_hash
from sexto.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    seq: int
    event_id: str
    problem: str

    def __str__(self) -> str:
        return f"chain {self.chain}: event #{self.seq} ({self.event_id}) {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    chain: str
    events: int
    broken: ChainBreak | None


def audit_chain_names() -> list[str]:
    """Every chain that has events or a head."""
    names = set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    names.update(AuditChainHead.objects.values_list("chain", flat=True))
    return sorted(names)


def _events(chain: str, after_seq: int) -> Iterator[AuditEvent]:
    return (
        AuditEvent.objects.filter(chain=chain, seq__gt=after_seq)
        .order_by("seq")
        .iterator(chunk_size=5000)
    )


def _displaced_event(*, chain: str, link: str, seq: int) -> ChainBreak | None:
    """The event the next one links to, found out of place: its chain or number was altered."""
    found = AuditEvent.objects.filter(hash=link).first()
    if found is None:
        return None
    where = "moved to another chain" if found.chain != chain else "renumbered"
    return ChainBreak(
        chain, seq, str(found.id), f"was altered: {where} (now {found.chain}#{found.seq})"
    )


def audit_chain_verify(*, chain: str) -> ChainReport:
    """Recompute every hash of one chain from its start (or checkpoint); report the first break."""
    checkpoint = AuditCheckpoint.objects.filter(chain=chain).first()
    expected_seq = checkpoint.seq if checkpoint else 0
    previous = bytes.fromhex(checkpoint.hash) if checkpoint else GENESIS_HASH
    count = 0
    last: AuditEvent | None = None
    for event in _events(chain, expected_seq):
        count += 1
        expected_seq += 1
        if event.seq != expected_seq or event.prev_hash != previous.hex():
            displaced = _displaced_event(chain=chain, link=event.prev_hash, seq=expected_seq)
            if displaced is not None:
                return ChainReport(chain, count, displaced)
            problem = (
                f"follows #{expected_seq - 1}: events are missing"
                if event.seq != expected_seq
                else "does not link to the previous event's hash"
            )
            return ChainReport(chain, count, ChainBreak(chain, event.seq, str(event.id), problem))
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
        computed = event_hash(previous_hash=previous, encoding=encoding)
        if computed.hex() != event.hash:
            return ChainReport(
                chain,
                count,
                ChainBreak(
                    chain,
                    event.seq,
                    str(event.id),
                    "was altered: its hash does not match its columns",
                ),
            )
        previous = computed
        last = event
    head = AuditChainHead.objects.filter(chain=chain).first()
    if head is not None and (head.seq != expected_seq or head.hash != previous.hex()):
        last_id = str(last.id) if last else "none"
        return ChainReport(
            chain,
            count,
            ChainBreak(
                chain,
                expected_seq,
                last_id,
                f"is the last event, but the chain's head says #{head.seq}: events were removed",
            ),
        )
    return ChainReport(chain, count, None)
