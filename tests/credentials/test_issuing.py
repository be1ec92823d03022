"""Issuing: the award's OB3 credential is signed, stored, exported byte for byte, verifies;
keys rotate without breaking earlier credentials; revocation flips verification."""

from __future__ import annotations

import copy
import json
from io import StringIO
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.errors import DomainError, PermissionRefused
from sexto.credentials import selectors, services, signing, verification
from sexto.credentials.models import Award, IssuedCredential, IssuerSigningKey, MemberProfile
from sexto.credentials.ob3.schema import schema_available, schema_errors
from sexto.directory.models import Organisation, User
from sexto.training.demo import asantos_seed
from sexto.training.models import Level
from tests.factories import world_email


@pytest.fixture
def asantos_award(
    people: dict[str, User], explorateur: Level, django_capture_on_commit_callbacks: Any
) -> Award:
    """The demo's asantos award, through the training demo step (signed after commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        asantos_seed(level=explorateur, trainer=people["trainer"])
    return Award.objects.get(recipient__handle="asantos", badge_slug="sexto-explorateur")


def _credential(award: Award) -> dict[str, Any]:
    return json.loads(services.credential_for(award).signed)


def test_the_award_is_signed_when_issued_by_the_trainers_organisation(asantos_award: Award) -> None:
    issued = IssuedCredential.objects.get(award=asantos_award)
    credential = json.loads(issued.signed)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        # defines credentialSchema's type 1EdTechJsonSchemaValidator2019 (safe-mode JSON-LD)
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "did:web:sexto.test:issuers:cadre21"
    assert credential["validFrom"] == "2024-03-14T20:43:05Z"  # 16:43:05 in Montréal
    subject = credential["credentialSubject"]
    identity = subject["identifier"][0]
    assert identity["hashed"] is True and identity["identityType"] == "emailAddress"
    assert identity["identityHash"] == selectors.identity_hash(
        world_email("learner"), identity["salt"]
    )
    assert world_email("learner") not in issued.signed
    assert "name" not in subject  # no opt-in: no name
    assert [i["identityType"] for i in subject["identifier"]] == ["emailAddress"]
    achievement = subject["achievement"]
    assert achievement["name"] == "Sexto response kit 1 - Explorateur"
    assert achievement["description"].startswith("For legal reasons, the use of the SEXTO kit")
    assert achievement["image"]["id"] == "https://sexto.test/badges/sexto-explorateur.png"
    assert credential["credentialStatus"]["statusListCredential"] == (
        "https://sexto.test/status/cadre21/1.json"
    )
    # The OB 3.0.3 schema's form: a proof set of one proof.
    assert isinstance(credential["proof"], list) and len(credential["proof"]) == 1
    assert credential["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert AuditEvent.objects.filter(action="credentials.credential.sign").count() == 1


def test_the_stored_credential_verifies_and_passes_the_official_schema(
    asantos_award: Award,
) -> None:
    result = verification.credential_verify_submitted(services.credential_for(asantos_award).signed)
    statuses = {c.name: c.status for c in result.checks}
    assert result.verified, result.errors
    assert statuses["proof"] == "passed"
    assert statuses["status"] == "passed"
    assert schema_available()  # the official OB 3.0 schema is bundled (ob3/schemas/SOURCES.md)
    assert statuses["schema"] == "passed", result.errors


def test_a_credential_that_breaks_the_official_schema_fails_its_check(
    asantos_award: Award,
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from sexto.credentials.ob3.dataintegrity import credential_sign
    from sexto.credentials.ob3.keys import did_key_for

    document = _credential(asantos_award)
    del document["credentialSubject"]["achievement"]["criteria"]
    private = Ed25519PrivateKey.generate()
    did = did_key_for(private.public_key())
    document["issuer"]["id"] = did
    signed = credential_sign(
        document,
        private_key=private,
        verification_method=f"{did}#{did.removeprefix('did:key:')}",
        created="2024-03-14T20:43:05Z",
    )
    result = verification.credential_verify_submitted(signed)
    schema = result.check("schema")
    assert result.check("proof").status == "passed"  # type: ignore[union-attr]
    assert schema is not None and schema.status == "failed" and "criteria" in schema.reason
    assert not result.verified


def test_a_member_who_opted_in_has_their_name_in_the_credential(
    people: dict[str, User], explorateur: Level
) -> None:
    MemberProfile.objects.create(user=people["learner"], public=True, show_name=True)
    award = Award.objects.create(
        recipient=people["learner"],
        level=explorateur,
        badge_slug="sexto-explorateur",
        issued_at=timezone.now(),
    )
    credential = _credential(award)
    subject = credential["credentialSubject"]
    # An OB identifier of type "name" in plain text, not an unknown "name" property; the email
    # identity stays hashed.
    assert "name" not in subject
    assert subject["identifier"][1] == {
        "type": "IdentityObject",
        "identityHash": people["learner"].get_full_name(),
        "identityType": "name",
        "hashed": False,
    }
    assert subject["identifier"][0]["identityType"] == "emailAddress"
    assert subject["identifier"][0]["hashed"] is True
    assert schema_errors(credential) == []
    assert verification.credential_verify_submitted(json.dumps(credential)).verified


def test_an_award_made_before_signing_existed_is_signed_on_first_need(
    people: dict[str, User], explorateur: Level
) -> None:
    # Outside django_capture_on_commit_callbacks the after-commit signing never runs: as if
    # the award predated this code.
    award = Award.objects.create(
        recipient=people["asantos"],
        level=explorateur,
        badge_slug="sexto-explorateur",
        issued_at=timezone.now(),
    )
    assert not IssuedCredential.objects.filter(award=award).exists()
    out = StringIO()
    call_command("export_credential", user="asantos", badge="sexto-explorateur", stdout=out)
    exported = out.getvalue()
    assert exported.strip() == IssuedCredential.objects.get(award=award).signed
    again = StringIO()
    call_command("export_credential", user="asantos", badge="sexto-explorateur", stdout=again)
    assert again.getvalue() == exported  # identical bytes every time


def test_export_credential_exits_2_with_one_line_when_not_found(
    people: dict[str, User], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("export_credential", user="nobody", badge="sexto-explorateur")
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "path, value",
    [
        (("name",), "Sexto — Virtuose"),
        (("validFrom",), "2024-03-13T20:43:05Z"),
        (("issuer", "name"), "Another issuer"),
        (("credentialSubject", "identifier", 0, "identityHash"), "sha256$" + "0" * 64),
        (("credentialSubject", "identifier", 0, "salt"), "pepper"),
        (("credentialSubject", "achievement", "name"), "Sexto response kit 4 - Innovateur"),
        (("credentialSubject", "achievement", "description"), "Something else."),
        (("credentialSubject", "achievement", "criteria", "narrative"), "Nothing."),
        (("credentialSubject", "achievement", "image", "id"), "https://evil.example/b.png"),
        (("credentialStatus", "statusListIndex"), "99"),
        (("id",), "https://sexto.test/credentials/00000000-0000-0000-0000-000000000000"),
        (("proof", 0, "created"), "2020-01-01T00:00:00Z"),
        (("proof", 0, "proofValue"), "z" + "1" * 86),
        (("inLanguage",), "de"),
        (("issuer", "description"), "A forged description."),
        (("credentialSubject", "achievement", "related", 0, "id"), "https://evil.example/a"),
    ],
)
def test_tampering_any_field_fails_verification(
    asantos_award: Award, path: tuple[Any, ...], value: Any
) -> None:
    credential = _credential(asantos_award)
    tampered = copy.deepcopy(credential)
    target = tampered
    for part in path[:-1]:
        target = target[part]
    assert target[path[-1]] != value
    target[path[-1]] = value
    result = verification.credential_verify_submitted(json.dumps(tampered))
    assert not result.verified
    assert result.check("proof").status == "failed"  # type: ignore[union-attr]


def test_every_field_tampered_in_turn_fails(asantos_award: Award) -> None:
    credential = _credential(asantos_award)

    def leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if isinstance(node, dict):
            return [p for k, v in node.items() for p in leaves(v, (*path, k))]
        if isinstance(node, list):
            return [p for i, v in enumerate(node) for p in leaves(v, (*path, i))]
        return [path]

    paths = [p for p in leaves(credential) if p[0] != "@context"]
    assert len(paths) > 20
    for path in paths:
        tampered = copy.deepcopy(credential)
        target = tampered
        for part in path[:-1]:
            target = target[part]
        old = target[path[-1]]
        target[path[-1]] = (not old) if isinstance(old, bool) else f"{old}x"
        assert not verification.credential_verify_submitted(tampered).verified, path


def test_revocation_by_a_trainer_flips_verification_and_is_audited(
    asantos_award: Award, people: dict[str, User]
) -> None:
    with pytest.raises(PermissionRefused):
        services.credential_revoke(award=asantos_award, actor=people["learner"], reason="x")
    with pytest.raises(DomainError):
        services.credential_revoke(award=asantos_award, actor=people["trainer"], reason="  ")
    signed = services.credential_for(asantos_award).signed
    issued = services.credential_revoke(
        award=asantos_award, actor=people["trainer"], reason="Attribuée par erreur."
    )
    result = verification.credential_verify_submitted(signed)
    assert not result.verified
    status = result.check("status")
    assert status is not None and status.status == "failed"
    assert status.reason.startswith("revoked on ")
    assert issued.revocation_reason == "Attribuée par erreur."
    assert AuditEvent.objects.filter(action="credentials.credential.revoke").count() == 1
    # The status list is re-signed and still verifies as a credential of the issuer.
    listed = issued.status_list
    listed.refresh_from_db()
    list_result = verification.credential_verify_submitted(listed.signed)
    assert list_result.check("proof").status == "passed"  # type: ignore[union-attr]


def test_rotation_keeps_earlier_credentials_verifiable(asantos_award: Award) -> None:
    signed = services.credential_for(asantos_award).signed
    organisation = Organisation.objects.get(slug="cadre21")
    old = IssuerSigningKey.objects.get(organisation=organisation)
    out = StringIO()
    call_command("rotate_issuer_key", org="cadre21", stdout=out)
    new = IssuerSigningKey.objects.get(organisation=organisation, retired_at__isnull=True)
    assert new.pk != old.pk and new.public_key_multibase in out.getvalue()
    assert verification.credential_verify_submitted(signed).verified
    document = verification.issuer_did_document(organisation)
    methods = {m["publicKeyMultibase"]: m for m in document["verificationMethod"]}
    assert "retiredAt" in methods[old.public_key_multibase]
    assert "retiredAt" not in methods[new.public_key_multibase]
    # A leaked key: revoked, and what it signed no longer verifies.
    signing.issuer_key_rotate(organisation=organisation, compromised=True)
    assert verification.credential_verify_submitted(signed).verified  # signed by the retired key
    IssuerSigningKey.objects.filter(pk=old.pk).update(revoked_at=new.created_at)
    cache.clear()  # the update above bypassed the service, which forgets the cached document
    assert not verification.credential_verify_submitted(signed).verified


def test_the_private_key_is_encrypted_at_rest(asantos_award: Award) -> None:
    from django.db import connection

    # The badge's issuer's key (the member's service centre has one too: it signs the endorsement)
    key = IssuedCredential.objects.get(award=asantos_award).signing_key
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT private_key FROM credentials_issuersigningkey WHERE id = %s", [key.pk.hex]
        )
        stored = cursor.fetchone()[0]
    assert key.private_key.startswith("z") and key.private_key not in stored


def test_the_fast_schema_check_agrees_with_jsonschema(asantos_award: Award) -> None:
    """jsonschema-rs only short-cuts "conforms"; on every document it must agree with jsonschema."""
    from sexto.credentials.ob3 import schema
    from tests.credentials.ob3.ob3_factory import varied

    installed = schema._fast_validator() is not None
    documents = [*varied(30), _credential(asantos_award)]
    broken = copy.deepcopy(documents[-1])
    broken["credentialSubject"]["identifier"][0]["hashed"] = "yes"
    documents.append(broken)
    for document in documents:
        slow = schema.python_errors(document)
        # Without jsonschema-rs the short cut never answers: jsonschema decides alone.
        assert schema.fast_conforms(document) == ((not slow) if installed else None)
