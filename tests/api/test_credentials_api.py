"""POST /api/v1/credentials/verify: ours and foreign credentials, every bad input gives
verified false with the precise reason (never a 500), bodies over 256 KB get 413, rate limit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from sexto.core.limits_rules import RateRule
from sexto.credentials import services
from sexto.credentials.models import Award
from sexto.directory.models import User
from sexto.training.demo import asantos_seed
from tests.factories import World, world_email

URL = "/api/v1/credentials/verify"
FIXTURES = Path(__file__).resolve().parents[1] / "credentials" / "ob3" / "fixtures"


TRAINER = world_email("trainer")


@pytest.fixture
def award(world: World, django_capture_on_commit_callbacks: Any) -> Award:
    """asantos's award through the training demo step (signed after commit)."""
    from sexto.training.demo import demo_program_seed

    level = demo_program_seed().levels.get(slug="explorateur")
    with django_capture_on_commit_callbacks(execute=True):
        asantos_seed(level=level, trainer=User.objects.get(email=TRAINER))
    return Award.objects.get(recipient__handle="asantos")


def _post(body: bytes | str, client: Client | None = None) -> Any:
    return (client or Client()).post(URL, data=body, content_type="application/json")


def _checks(response: Any) -> dict[str, str]:
    return {c["name"]: c["status"] for c in response.json()["checks"]}


def _reason(response: Any, name: str) -> str:
    return next(c["reason"] for c in response.json()["checks"] if c["name"] == name)


def test_url_name_is_the_one_the_limits_target() -> None:
    assert reverse("api:credential_verify") == URL


def test_the_exported_asantos_credential_verifies(award: Award) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("export_credential", user="asantos", badge="sexto-explorateur", stdout=out)
    response = _post(out.getvalue())
    assert response.status_code == 200
    assert response.json()["verified"] is True
    assert _checks(response)["proof"] == "passed"
    assert _checks(response)["status"] == "passed"
    wrapped = _post(json.dumps({"credential": json.loads(out.getvalue())}))
    assert wrapped.json()["verified"] is True


def test_the_embedded_endorsement_is_verified_and_reported(award: Award) -> None:
    """Issue 17: the service centre's endorsement of the agreement, checked on its own."""
    response = _post(services.credential_for(award).signed)
    assert response.json()["verified"] is True
    [endorsement] = response.json()["endorsements"]
    assert endorsement["verified"] is True
    checks = {c["name"]: c["status"] for c in endorsement["checks"]}
    assert checks["proof"] == checks["subject"] == checks["schema"] == "passed"


def test_revocation_flips_verification_through_the_api(award: Award) -> None:
    signed = services.credential_for(award).signed
    assert _post(signed).json()["verified"] is True
    services.credential_revoke(award=award, actor=User.objects.get(email=TRAINER), reason="Erreur.")
    response = _post(signed)
    assert response.json()["verified"] is False
    assert _reason(response, "status").startswith("revoked on ")


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "dcc").glob("*.json")))
def test_a_foreign_did_key_credential_verifies(db: None, name: str) -> None:
    response = _post((FIXTURES / "dcc" / name).read_bytes())
    assert response.status_code == 200
    assert response.json()["verified"] is True, response.json()
    assert _checks(response)["proof"] == "passed"


def test_foreign_status_lists_are_skipped_with_a_reason(db: None) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from sexto.credentials.ob3.dataintegrity import credential_sign
    from sexto.credentials.ob3.keys import did_key_for
    from tests.credentials.ob3.ob3_factory import common_shape

    private = Ed25519PrivateKey.generate()
    did = did_key_for(private.public_key())
    document = common_shape(issuer=did)
    signed = credential_sign(
        document,
        private_key=private,
        verification_method=f"{did}#{did.removeprefix('did:key:')}",
        created="2024-03-14T20:43:05Z",
    )
    response = _post(json.dumps(signed))
    assert response.json()["verified"] is True
    assert _checks(response)["status"] == "skipped"
    assert "no network" in _reason(response, "status")


@pytest.mark.parametrize(
    "mutate, check, words",
    [
        (lambda d: d.update(name="Autre"), "proof", "signature does not match"),
        (
            lambda d: d["@context"].append("https://example.org/unknown-context.jsonld"),
            "proof",
            "unknown JSON-LD context",
        ),
        (lambda d: d.update(validUntil="2020-01-01T00:00:00Z"), "validUntil", "expired"),
        (lambda d: d.update(validFrom="2999-01-01T00:00:00Z"), "validFrom", "not valid yet"),
        (
            lambda d: d["proof"][0].update(
                verificationMethod="did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
                "#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
            ),
            "proof",
            "not controlled by the issuer",
        ),
        (lambda d: d.pop("proof"), "proof", "no proof"),
    ],
)
def test_bad_credentials_say_precisely_why(
    award: Award, mutate: Any, check: str, words: str
) -> None:
    document = json.loads(services.credential_for(award).signed)
    mutate(document)
    response = _post(json.dumps(document))
    assert response.status_code == 200
    assert response.json()["verified"] is False
    assert _checks(response)[check] == "failed"
    assert words in _reason(response, check)


def test_a_credential_signed_with_the_wrong_key_fails(award: Award) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from sexto.credentials.ob3.dataintegrity import credential_sign

    document = json.loads(services.credential_for(award).signed)
    forged = credential_sign(
        document,
        private_key=Ed25519PrivateKey.generate(),
        verification_method=document["proof"][0]["verificationMethod"],
        created=document["proof"][0]["created"],
    )
    response = _post(json.dumps(forged))
    assert response.json()["verified"] is False
    assert "signature does not match" in _reason(response, "proof")


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"",
        b"[1, 2, 3]",
        b'"a string"',
        b"\xff\xfe\x00garbage",
        b"[" * 100_000,
        b'{"@context": 5, "proof": {"type": "DataIntegrityProof"}}',
        b'{"@context": ["https://www.w3.org/ns/credentials/v2"], "proof": []}',
        b'{"@context": [{"@version": 2}], "type": "x", "proof": {"type": "DataIntegrityProof",'
        b' "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "assertionMethod",'
        b' "verificationMethod": "did:key:zzz#zzz", "proofValue": "z1", "created": "x"}}',
        b'{"validFrom": 12, "validUntil": [], "credentialStatus": "x", "type": 7}',
    ],
)
def test_malformed_input_is_never_a_500(db: None, body: bytes) -> None:
    response = _post(body)
    assert response.status_code == 200, response.content[:300]
    assert response.json()["verified"] is False


def test_a_body_over_256_kb_is_refused_with_413(db: None) -> None:
    body = json.dumps({"padding": "x" * (256 * 1024)})
    response = _post(body)
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/problem+json")


@override_settings(
    RATE_LIMITS_ENABLED=True,
    RATE_LIMITS=[RateRule("api:credential_verify", "3/m", ("POST",))],
)
def test_the_rate_limit_applies(db: None) -> None:
    client = Client()
    statuses = [_post(b"{}", client).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_no_sign_in_and_no_csrf_token_needed(db: None) -> None:
    response = Client(enforce_csrf_checks=True).post(
        URL, data=b"{}", content_type="application/json"
    )
    assert response.status_code == 200


def test_the_operation_is_documented_without_authentication(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/credentials/verify"]["post"]
    assert "requestBody" in operation
    assert not operation.get("security")
    assert {"200", "413", "429"} <= set(operation["responses"])


def _clique_credential(*, open_badges: bool) -> bytes:
    """Issue 14 item 1, as sent: a small credential whose credentialSubject holds 8 blank nodes
    all linked to each other through a full-IRI property, with a well-formed did:key proof."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from sexto.credentials.ob3.dataintegrity import credential_sign
    from sexto.credentials.ob3.keys import did_key_for
    from tests.credentials.ob3.ob3_factory import VC_V2, common_shape

    private = Ed25519PrivateKey.generate()
    did = did_key_for(private.public_key())
    signed = credential_sign(
        common_shape(issuer=did),
        private_key=private,
        verification_method=f"{did}#{did.removeprefix('did:key:')}",
        created="2024-03-14T20:43:05Z",
    )
    knows = "https://evil.example/knows"
    signed["credentialSubject"] = {
        knows: [
            {"id": f"_:n{i}", knows: [{"id": f"_:n{j}"} for j in range(8) if j != i]}
            for i in range(8)
        ]
    }
    if not open_badges:
        signed["@context"] = [VC_V2]
        signed["type"] = ["VerifiableCredential"]
    for key in ("credentialStatus", "name", "validFrom"):
        signed.pop(key)
    return json.dumps(signed, separators=(",", ":")).encode()


def _warm() -> None:
    """A running server has loaded its code and contexts: verify one normal credential first."""
    body = (FIXTURES / "dcc" / "legacyRegistry-noStatus-noExpiry-basicOBv3.json").read_bytes()
    assert _post(body).json()["verified"] is True


@pytest.mark.parametrize(
    "open_badges, words",
    [
        (True, "'https://evil.example/knows' is not defined by the Open Badges 3.0"),
        (False, "blank nodes form a cycle"),
    ],
)
def test_the_8_node_canonicalisation_bomb_is_answered_in_under_a_second(
    db: None, open_badges: bool, words: str
) -> None:
    import time

    body = _clique_credential(open_badges=open_badges)
    assert len(body) < 2500  # the issue's ~1.9 KB body, give or take the keys' length
    _warm()
    start = time.perf_counter()
    response = _post(body)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200
    assert response.json()["verified"] is False
    assert _checks(response)["proof"] == "failed"
    assert words in _reason(response, "proof")
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_every_hostile_shape_is_answered_in_under_a_second_through_the_api(db: None) -> None:
    import time

    from tests.credentials.ob3.hostile_shapes import HOSTILE

    _warm()
    for name, build in HOSTILE.items():
        body = json.dumps(build()[0])
        check, words = build()[1:]
        times = []
        for _attempt in range(3):  # the best of three: the machine's speed, not its neighbours'
            start = time.perf_counter()
            response = _post(body)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, name
            assert response.json()["verified"] is False, name
            assert words in _reason(response, check), name
        assert min(times) < 1.0, f"{name}: {min(times):.2f} s"
