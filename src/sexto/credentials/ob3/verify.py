"""``credential_verify``: every check on a submitted credential, each passed/failed/skipped with
a precise reason. Never raises on bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld

from sexto.credentials.ob3.canon import CanonicalizationRefused, document_bounds_check
from sexto.credentials.ob3.dataintegrity import CRYPTOSUITE, PROOF_TYPE, proof_signature_valid
from sexto.credentials.ob3.did import KeyResolutionError, ResolvedKey
from sexto.credentials.ob3.keys import KeyFormatError
from sexto.credentials.ob3.loader import UnknownContext
from sexto.credentials.ob3.schema import schema_available, schema_errors

Status = Literal["passed", "failed", "skipped"]
STATUSES = ("passed", "failed", "skipped")
OB_TYPES = {"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"}


@dataclass(frozen=True)
class Check:
    name: str  # "json", "proof", "issuer", "validFrom", "validUntil", "status", "schema"
    status: Status
    reason: str


@dataclass(frozen=True)
class StatusOutcome:
    """What a status callable answers for one ``credentialStatus`` entry."""

    status: Status
    reason: str


@dataclass
class VerifyResult:
    checks: list[Check] = field(default_factory=list)
    credential: dict[str, Any] | None = None
    # The embedded ``endorsement`` credentials, each verified on its own: a failed endorsement
    # is reported there and never makes the endorsed credential itself fail.
    endorsements: list[VerifyResult] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        """True when no check failed and the proof passed."""
        return any(c.name == "proof" and c.status == "passed" for c in self.checks) and not any(
            c.status == "failed" for c in self.checks
        )

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    @property
    def errors(self) -> list[str]:
        return [f"{c.name}: {c.reason}" for c in self.checks if c.status == "failed"]

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "verified": self.verified,
            "checks": [asdict(c) for c in self.checks],
        }
        if self.endorsements:
            body["endorsements"] = [e.as_dict() for e in self.endorsements]
        return body


KeyResolver = Callable[[str], "ResolvedKey | Ed25519PublicKey"]
StatusChecker = Callable[[dict[str, Any]], StatusOutcome]
# Issuer binding (issue 17): given the issuer id and the credential, a failure reason when the
# credential claims something of a site (its achievement, its status list) that only another
# issuer may issue, else None. Pluggable: this module knows no site.
BindingChecker = Callable[[str, dict[str, Any]], "str | None"]


def issuer_id_of(document: dict[str, Any]) -> str | None:
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    return issuer_id if isinstance(issuer_id, str) else None


def _check_binding(document: dict[str, Any], binding_check: BindingChecker | None) -> Check:
    if binding_check is None:
        return Check("issuer", "skipped", "no issuer binding known to this verifier")
    issuer_id = issuer_id_of(document)
    if issuer_id is None:
        return Check("issuer", "failed", "the credential names no issuer")
    reason = binding_check(issuer_id, document)
    if reason:
        return Check("issuer", "failed", reason)
    return Check("issuer", "passed", issuer_id)


def _parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("not a string")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("no timezone")
    return parsed


def _unknown_context_in(exc: BaseException) -> UnknownContext | None:
    """pyld wraps loader errors several times; find ours in the chain."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, UnknownContext):
            return current
        seen.add(id(current))
        cause = getattr(current, "cause", None)
        current = cause if isinstance(cause, BaseException) else current.__cause__
    return None


def _first_line(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return str(message).splitlines()[0]


def _check_proof(document: dict[str, Any], resolve_key: KeyResolver) -> Check:
    """One proof object, or a proof set (the OB 3.0.3 schema's array form): every proof in the
    set must verify on its own over the unsecured document (VC Data Integrity proof sets)."""
    proof = document.get("proof")
    if proof is None:
        return Check("proof", "failed", "the credential has no proof")
    if not isinstance(proof, list):
        return _check_one_proof(document, proof, resolve_key)
    if not proof:
        return Check("proof", "failed", "the proof set is empty")
    checks = [_check_one_proof(document, p, resolve_key) for p in proof]
    if len(checks) == 1:
        return checks[0]
    failed = [f"proof {i + 1}: {c.reason}" for i, c in enumerate(checks) if c.status != "passed"]
    if failed:
        return Check("proof", "failed", "; ".join(failed))
    return Check("proof", "passed", "; ".join(c.reason for c in checks))


def _check_one_proof(document: dict[str, Any], proof: Any, resolve_key: KeyResolver) -> Check:
    document = {**document, "proof": proof}
    if not isinstance(proof, dict):
        return Check("proof", "failed", "proof must be an object")
    if "previousProof" in proof:
        return Check("proof", "failed", "proof chains (previousProof) are not supported")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return Check(
            "proof",
            "failed",
            f"unsupported proof {proof.get('type')!r}/{proof.get('cryptosuite')!r}: "
            f"only {PROOF_TYPE} with {CRYPTOSUITE} is verified",
        )
    if proof.get("proofPurpose") != "assertionMethod":
        return Check(
            "proof",
            "failed",
            f"proofPurpose must be assertionMethod, not {proof.get('proofPurpose')!r}",
        )
    for key in ("verificationMethod", "proofValue", "created"):
        if not isinstance(proof.get(key), str):
            return Check("proof", "failed", f"proof.{key} is missing or not a string")
    try:
        created = _parse_datetime(proof["created"])
    except ValueError:
        return Check("proof", "failed", f"proof.created {proof['created']!r} is not a date-time")
    method = proof["verificationMethod"]
    try:
        resolved = resolve_key(method)
    except KeyResolutionError as exc:
        return Check("proof", "failed", str(exc))
    if isinstance(resolved, Ed25519PublicKey):
        resolved = ResolvedKey(public_key=resolved, controller=method.split("#", 1)[0])
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != resolved.controller:
        return Check(
            "proof", "failed", f"the key {method} is not controlled by the issuer {issuer_id!r}"
        )
    if resolved.retired_at is not None and created >= _parse_datetime(resolved.retired_at):
        return Check(
            "proof",
            "failed",
            f"key {method} was retired on {resolved.retired_at}, before this proof",
        )
    try:
        valid = proof_signature_valid(document, resolved.public_key)
    except KeyFormatError as exc:
        return Check("proof", "failed", f"proofValue is malformed: {exc}")
    except CanonicalizationRefused as exc:
        return Check("proof", "failed", f"refused before checking the signature: {exc.reason}")
    except jsonld.JsonLdError as exc:
        unknown = _unknown_context_in(exc)
        if unknown is not None:
            return Check(
                "proof",
                "failed",
                f"unknown JSON-LD context {unknown.url!r} (only bundled contexts are used)",
            )
        return Check("proof", "failed", f"invalid JSON-LD: {_first_line(exc)}")
    if not valid:
        return Check(
            "proof",
            "failed",
            "the signature does not match: the credential was altered after signing,"
            " or signed with another key",
        )
    return Check("proof", "passed", f"eddsa-rdfc-2022 signature by {method}")


def _check_dates(document: dict[str, Any], now: datetime) -> list[Check]:
    checks = []
    for name, must_be_before in (("validFrom", True), ("validUntil", False)):
        raw = document.get(name)
        if raw is None:
            reason = "absent" if name == "validUntil" else "absent (VC 2.0 makes it optional)"
            checks.append(Check(name, "skipped", reason))
            continue
        try:
            moment = _parse_datetime(raw)
        except ValueError:
            checks.append(Check(name, "failed", f"{raw!r} is not a date-time with a timezone"))
            continue
        if must_be_before and moment > now:
            checks.append(Check(name, "failed", f"not valid yet: valid from {raw}"))
        elif not must_be_before and moment <= now:
            checks.append(Check(name, "failed", f"expired on {raw}"))
        else:
            checks.append(Check(name, "passed", raw))
    return checks


def _check_status(document: dict[str, Any], status_check: StatusChecker | None) -> Check:
    entries = document.get("credentialStatus")
    if entries is None:
        return Check("status", "skipped", "the credential has no credentialStatus")
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        return Check("status", "failed", "credentialStatus must be an object or a list of objects")
    if status_check is None:
        return Check("status", "skipped", "status list not available to this verifier (no network)")
    outcomes = []
    for entry in entries:
        try:
            outcome = status_check(entry)
        except Exception as exc:  # a status callable must not turn into a 500
            outcome = StatusOutcome("failed", f"status could not be checked: {exc}")
        # Fail closed: an answer that is not a StatusOutcome with a known status is a failure.
        if not isinstance(outcome, StatusOutcome) or outcome.status not in STATUSES:
            outcome = StatusOutcome("failed", f"status could not be checked: {outcome!r}")
        outcomes.append(outcome)
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        return Check("status", "failed", "; ".join(o.reason for o in failed))
    if all(o.status == "skipped" for o in outcomes):
        return Check("status", "skipped", "; ".join(o.reason for o in outcomes))
    return Check("status", "passed", "; ".join(o.reason for o in outcomes))


def _check_schema(document: dict[str, Any]) -> Check:
    types = document.get("type")
    types = {types} if isinstance(types, str) else set(types or [])
    if not types & OB_TYPES:
        return Check("schema", "skipped", "not an Open Badges credential")
    if not schema_available():
        return Check("schema", "skipped", "the official OB 3.0 JSON Schema is not bundled")
    errors = schema_errors(document)
    if errors:
        return Check("schema", "failed", "; ".join(errors[:5]))
    kind = "Endorsement" if "EndorsementCredential" in types else "Achievement"
    return Check("schema", "passed", f"OB 3.0.3 {kind}Credential JSON Schema")


# Embedded endorsements verified per credential, at most (each costs a full proof check).
MAX_ENDORSEMENTS = 5


def _endorsements_verify(
    document: dict[str, Any],
    *,
    resolve_key: KeyResolver,
    status_check: StatusChecker | None,
    binding_check: BindingChecker | None,
    now: datetime | None,
) -> list[VerifyResult]:
    """Each embedded EndorsementCredential, verified like a credential, plus a ``subject``
    check: it must speak of this credential (its ``credentialSubject.id`` is this ``id``)."""
    entries = document.get("endorsement")
    if entries is None:
        return []
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list):
        entries = [entries]
    results = []
    for entry in entries[:MAX_ENDORSEMENTS]:
        if not isinstance(entry, dict):
            bad = VerifyResult()
            bad.checks.append(Check("json", "failed", "an endorsement must be a JSON object"))
            results.append(bad)
            continue
        result = credential_verify(
            entry,
            resolve_key=resolve_key,
            status_check=status_check,
            binding_check=binding_check,
            now=now,
            endorsements=False,
        )
        subject = entry.get("credentialSubject")
        about = subject.get("id") if isinstance(subject, dict) else None
        if about == document.get("id"):
            result.checks.append(Check("subject", "passed", f"endorses {about}"))
        else:
            result.checks.append(
                Check("subject", "failed", f"endorses {about!r}, not this credential")
            )
        results.append(result)
    return results


def credential_verify(
    document: dict[str, Any] | str | bytes,
    *,
    resolve_key: KeyResolver,
    status_check: StatusChecker | None = None,
    binding_check: BindingChecker | None = None,
    now: datetime | None = None,
    endorsements: bool = True,
) -> VerifyResult:
    """Check proof, dates, status and OB 3.0 schema; never raises on bad input. With
    ``endorsements``, embedded endorsements are verified too (``VerifyResult.endorsements``)."""
    result = VerifyResult()
    if isinstance(document, bytes | str):
        try:
            document = json.loads(document)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            result.checks.append(Check("json", "failed", f"malformed JSON: {exc}"))
            return result
    if not isinstance(document, dict):
        result.checks.append(Check("json", "failed", "a credential must be a JSON object"))
        return result
    try:
        # Before anything else reads it: no check may take long on a hostile body (canon.py).
        document_bounds_check(document)
    except CanonicalizationRefused as exc:
        result.checks.append(Check("json", "failed", f"refused: {exc.reason}"))
        return result
    result.credential = document
    result.checks.append(Check("json", "passed", "JSON object"))
    try:
        result.checks.append(_check_proof(document, resolve_key))
    except Exception as exc:  # last resort: odd JSON-LD pyld chokes on must not be a 500
        result.checks.append(
            Check("proof", "failed", f"could not be processed: {type(exc).__name__}: {exc}")
        )
    try:
        if binding_check is not None:
            result.checks.append(_check_binding(document, binding_check))
    except Exception as exc:  # fail closed, never a 500
        result.checks.append(Check("issuer", "failed", f"issuer binding not checked: {exc}"))
    result.checks.extend(_check_dates(document, now or datetime.now(UTC)))
    result.checks.append(_check_status(document, status_check))
    try:
        result.checks.append(_check_schema(document))
    except Exception as exc:
        result.checks.append(Check("schema", "failed", f"could not be validated: {exc}"))
    if endorsements:
        result.endorsements = _endorsements_verify(
            document,
            resolve_key=resolve_key,
            status_check=status_check,
            binding_check=binding_check,
            now=now,
        )
    return result
