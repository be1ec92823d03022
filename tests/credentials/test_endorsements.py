"""The agreement's endorsement wired to awards (issue 17): signed by the member's service centre
when the badge is awarded, stored, served, embedded in the badge, verified by our verifier and
by an independent one, shown on the verification page in both languages."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess  # nosec B404 - runs our own node peer verifier
from datetime import UTC, datetime
from html import escape
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import formats, timezone, translation

from sexto.audit.models import AuditEvent
from sexto.credentials import endorsements, services, signing, verification
from sexto.credentials.links import credential_url, issuer_did
from sexto.credentials.models import Award, Endorsement, IssuedCredential
from sexto.credentials.ob3.keys import public_key_from_multibase
from sexto.credentials.ob3.schema import schema_errors
from sexto.directory.models import Organisation, User
from sexto.training.demo import asantos_seed
from sexto.training.models import Level

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
PEER = ROOT / "bench" / "peer_verify.mjs"


def _credential(award: Award) -> dict[str, Any]:
    return dict(json.loads(services.credential_for(award).signed))


def _peer_verifies(document: dict[str, Any], public_key_multibase: str) -> bool:
    """bench/peer_verify.mjs: jsonld.js in safe mode (any term the contexts leave undefined is
    refused), rdf-canonize, node's Ed25519."""
    raw = public_key_from_multibase(public_key_multibase).public_bytes_raw().hex()
    done = subprocess.run(  # nosec B603 - fixed script, our own document
        [str(NODE), str(PEER)],
        input=json.dumps({"credential": document, "publicKeyRaw": raw, "runs": 1}),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return bool(json.loads(done.stdout)["verified"])


def test_the_award_carries_the_service_centres_signed_endorsement(award: Award) -> None:
    endorsement = Endorsement.objects.get(award=award)
    board = Organisation.objects.get(slug="island-school-board")
    assert endorsement.organisation == board
    assert endorsement.agreement.police_force.slug == "spvm"
    assert endorsement.agreement_day.isoformat() == "2024-03-14"
    stored = json.loads(endorsement.signed)
    credential = _credential(award)
    # Embedded as signed: the badge was signed after the endorsement existed.
    assert credential["endorsement"] == [stored]
    assert stored["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert stored["id"] == endorsements.endorsement_url(endorsement)
    assert stored["issuer"]["id"] == issuer_did(board)
    assert stored["issuer"]["name"] == "Island School Board"
    subject = stored["credentialSubject"]
    assert subject["type"] == ["EndorsementSubject"]
    assert subject["id"] == credential["id"] == credential_url(award.pk)
    # In the credential's language (asantos reads English), with the force and the dates.
    assert stored["inLanguage"] == credential["inLanguage"] == "en"
    comment = subject["endorsementComment"]
    assert "Service de police de la Ville de Montréal" in comment
    assert "Riverview High School (Montréal)" in comment
    with translation.override("en"):
        assert formats.date_format(endorsement.agreement_day, "DATE_FORMAT") in comment
    assert stored["validFrom"] == credential["validFrom"] == "2024-03-14T20:43:05Z"
    assert isinstance(stored["proof"], list) and stored["proof"][0]["cryptosuite"] == (
        "eddsa-rdfc-2022"
    )
    assert AuditEvent.objects.filter(action="credentials.endorsement.sign").count() == 1


def test_endorsement_and_badge_follow_the_3_0_3_schemas(award: Award) -> None:
    credential = _credential(award)
    assert schema_errors(credential["endorsement"][0]) == []
    assert schema_errors(credential) == []  # the AchievementCredential schema allows it


def test_our_verifier_verifies_the_badge_and_its_endorsement(award: Award) -> None:
    result = verification.credential_verify_submitted(services.credential_for(award).signed)
    assert result.verified, result.errors
    assert len(result.endorsements) == 1
    checked = result.endorsements[0]
    assert checked.verified, checked.errors
    assert checked.check("subject").status == "passed"  # type: ignore[union-attr]
    assert checked.check("schema").reason == "OB 3.0.3 EndorsementCredential JSON Schema"  # type: ignore[union-attr]
    assert result.as_dict()["endorsements"][0]["verified"] is True


@pytest.mark.skipif(NODE is None or not (ROOT / "node_modules" / "jsonld").exists(), reason="node")
def test_an_independent_verifier_accepts_the_endorsement_and_the_badge(award: Award) -> None:
    """jsonld.js + rdf-canonize + node's Ed25519 (bench/peer_verify.mjs), not our code: the
    endorsement alone, and the badge that embeds it; an altered endorsement is refused."""
    credential = _credential(award)
    endorsement = Endorsement.objects.get(award=award)
    stored = json.loads(endorsement.signed)
    assert _peer_verifies(stored, endorsement.signing_key.public_key_multibase)
    tampered = copy.deepcopy(stored)
    tampered["credentialSubject"]["endorsementComment"] = "No agreement."
    assert not _peer_verifies(tampered, endorsement.signing_key.public_key_multibase)
    # Embedded in the badge (its own @context and proof inside the badge's graph): the same
    # N-Quads in both implementations.
    issued = IssuedCredential.objects.get(award=award)
    assert credential["endorsement"] == [stored]
    assert _peer_verifies(credential, issued.signing_key.public_key_multibase)


DCC_MISSING = NODE is None or not (ROOT / "node_modules" / "@digitalcredentials").exists()


@pytest.mark.skipif(DCC_MISSING, reason="node and the npm devDependencies (npm ci) are needed")
def test_dcc_verifier_core_accepts_the_endorsement_and_the_badge_that_embeds_it(
    award: Award,
) -> None:
    """DCC verifier-core (Learner Credential Wallet's and VerifierPlus's verifier, JSON-LD safe
    mode), offline through tests/credentials/interop/dcc.py: the endorsement's signature by the
    service centre's did:web key and its 3.0.3 EndorsementCredential schema; the badge too."""
    from tests.credentials.interop.dcc import dcc_verify, schema_results, step

    stored = json.loads(Endorsement.objects.get(award=award).signed)
    for document, schema in ((stored, "endorsement"), (_credential(award), "achievement")):
        result = dcc_verify(document)["result"]
        assert step(result, "valid_signature") == {"id": "valid_signature", "valid": True}
        [checked] = schema_results(result)
        assert schema in checked["schema"] and checked["result"]["valid"] is True
    tampered = copy.deepcopy(stored)
    tampered["credentialSubject"]["endorsementComment"] = "No agreement."
    result = dcc_verify(tampered)["result"]
    assert step(result, "valid_signature") != {"id": "valid_signature", "valid": True}


def _badge_with_tampered_endorsement(award: Award) -> dict[str, Any]:
    """The badge re-signed by its own issuer over an altered endorsement: the badge's proof holds,
    the endorsement's does not."""
    issued = IssuedCredential.objects.get(award=award)
    credential = _credential(award)
    credential.pop("proof")
    credential["endorsement"][0]["credentialSubject"]["endorsementComment"] = "Altered."
    signed = signing.document_sign(
        key=issued.signing_key,
        document=credential,
        did=issuer_did(issued.organisation),
        created=timezone.now(),
        proof_as_array=True,
    )
    IssuedCredential.objects.filter(pk=issued.pk).update(signed=json.dumps(signed))
    return signed


def test_a_tampered_endorsement_fails_while_the_badge_stays_verified(award: Award) -> None:
    signed = _badge_with_tampered_endorsement(award)
    result = verification.credential_verify_submitted(signed)
    assert result.verified, result.errors
    checked = result.endorsements[0]
    assert not checked.verified
    assert checked.check("proof").status == "failed"  # type: ignore[union-attr]


def test_an_endorsement_of_another_credential_is_reported(award: Award) -> None:
    credential = _credential(award)
    endorsement = credential["endorsement"][0]
    result = verification.credential_verify_submitted(
        {**credential, "id": credential_url("00000000-0000-0000-0000-000000000000")}
    )
    assert not result.verified  # the badge's own proof covers its id
    subject = result.endorsements[0].check("subject")
    assert subject is not None and subject.status == "failed"
    assert endorsement["credentialSubject"]["id"] in subject.reason


def test_the_endorsement_is_served_at_its_id(award: Award) -> None:
    endorsement = Endorsement.objects.get(award=award)
    url = endorsements.endorsement_url(endorsement)
    response = Client().get(url.removeprefix("https://sexto.test"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+ld+json"
    assert response.content.decode() == endorsement.signed
    assert json.loads(response.content)["id"] == url
    elsewhere = f"/credentials/00000000-0000-0000-0000-000000000000/endorsements/{endorsement.pk}"
    assert Client().get(elsewhere + ".json").status_code == 404


def _endorsement_line(page: str) -> str:
    start = page.index('data-testid="endorsement"')
    return page[start : page.index("</li>", start)]


def test_the_verification_page_shows_the_endorsement_in_english(
    award: Award, english: None
) -> None:
    page = Client(headers={"accept-language": "en"}).get(f"/verify/{award.pk}").content.decode()
    line = _endorsement_line(page)
    assert 'data-state="verified"' in line
    day = formats.date_format(datetime(2024, 3, 14, tzinfo=UTC).date(), "DATE_FORMAT")
    expected = (
        "Endorsed by Island School Board: the territory had an agreement with the DPCP in force "
        f"on {day}."
    )
    assert escape(expected) in line
    assert "The endorser’s digital signature is valid." in line


def test_the_verification_page_shows_the_endorsement_in_french(award: Award) -> None:
    page = Client(headers={"accept-language": "fr"}).get(f"/verify/{award.pk}").content.decode()
    line = _endorsement_line(page)
    assert 'data-state="verified"' in line
    assert "Island School Board" in line
    assert "14 mars 2024" in line  # the date in the page's language, whatever the credential's
    with translation.override("fr"):
        words = translation.gettext("The endorser’s digital signature is valid.")
    if words != "The endorser’s digital signature is valid.":  # once the catalogue has it
        assert escape(words) in line


def test_the_page_says_a_tampered_endorsement_failed(award: Award, english: None) -> None:
    _badge_with_tampered_endorsement(award)
    page = Client().get(f"/verify/{award.pk}").content.decode()
    assert "This badge is authentic and valid." in page
    line = _endorsement_line(page)
    assert 'data-state="failed"' in line
    assert "Its digital signature does not match" in line


def test_revoking_the_badge_makes_the_endorsement_moot(
    award: Award, people: dict[str, User], english: None
) -> None:
    services.credential_revoke(award=award, actor=people["trainer"], reason="Erreur.")
    page = Client().get(f"/verify/{award.pk}").content.decode()
    line = _endorsement_line(page)
    assert 'data-state="moot"' in line
    assert "No longer applies: the badge it endorses was revoked." in line


def test_an_award_without_an_agreement_is_never_endorsed(
    people: dict[str, User], explorateur: Level, django_capture_on_commit_callbacks: Any
) -> None:
    """Training refuses such a submission; an award made anyway (an import, the admin) gets no
    endorsement: nobody vouches for an agreement that was not in force."""
    with django_capture_on_commit_callbacks(execute=True):
        award = Award.objects.create(
            recipient=people["no_agreement"],
            level=explorateur,
            badge_slug=explorateur.badge_slug,
            issued_at=timezone.now(),
        )
    assert endorsements.endorsement_basis(award) is None
    assert endorsements.endorsement_issue(award=award) is None
    assert not Endorsement.objects.filter(award=award).exists()
    assert "endorsement" not in _credential(award)


def test_an_agreement_not_yet_in_force_on_the_award_day_is_not_endorsed(
    award: Award, people: dict[str, User]
) -> None:
    Endorsement.objects.filter(award=award).delete()
    Award.objects.filter(pk=award.pk).update(issued_at=datetime(2020, 6, 1, 16, tzinfo=UTC))
    award.refresh_from_db()
    assert endorsements.endorsement_basis(award) is None  # the SPVM's took effect in 2021


def test_endorse_awards_endorses_credentials_signed_before_and_is_idempotent(
    award: Award, people: dict[str, User]
) -> None:
    from sexto.credentials.resign import credentials_resign_for

    Endorsement.objects.filter(award=award).delete()
    credentials_resign_for(user=award.recipient)  # as signed before endorsements existed
    assert "endorsement" not in _credential(award)
    out = StringIO()
    call_command("endorse_awards", stdout=out)
    assert out.getvalue().startswith("1 credential(s)")
    credential = _credential(award)
    assert credential["endorsement"] == [json.loads(Endorsement.objects.get(award=award).signed)]
    result = verification.credential_verify_submitted(credential)
    assert result.verified and result.endorsements[0].verified
    assert AuditEvent.objects.filter(action="credentials.credential.resign").exists()
    out = StringIO()
    call_command("endorse_awards", stdout=out)
    assert out.getvalue().startswith("0 credential(s)")


def test_endorse_awards_leaves_revoked_badges_as_they_were_revoked(
    award: Award, people: dict[str, User]
) -> None:
    Endorsement.objects.filter(award=award).delete()
    services.credential_revoke(award=award, actor=people["trainer"], reason="Erreur.")
    signed = IssuedCredential.objects.get(award=award).signed
    call_command("endorse_awards", stdout=StringIO())
    assert IssuedCredential.objects.get(award=award).signed == signed
    assert not Endorsement.objects.filter(award=award).exists()


def test_an_embedded_context_other_than_the_tops_is_still_refused(award: Award) -> None:
    """The canonicaliser accepts an endorsement's own @context only when it repeats the top's
    URLs: anything else inside a credential stays refused before any JSON-LD work."""
    credential = _credential(award)
    credential["endorsement"][0]["@context"] = [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2",
    ]
    proof = verification.credential_verify_submitted(credential).check("proof")
    assert proof is not None and proof.status == "failed"
    assert "@context is accepted only at the top" in proof.reason
    credential["endorsement"][0]["@context"] = {"evil": "https://evil.example/"}
    proof = verification.credential_verify_submitted(credential).check("proof")
    assert proof is not None and "@context is accepted only at the top" in proof.reason


def test_every_demo_award_shows_an_endorsement(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    """seed_demo: the demo's awards carry the agreement's endorsement (``make run`` shows it on
    /verify/…); the step is registered after the training step and is idempotent."""
    from sexto.core.demo import demo_steps
    from sexto.credentials.resign import demo_endorsements_seed
    from sexto.training.demo import demo_training_seed

    steps = {step.name: step.order for step in demo_steps()}
    assert steps["credentials_endorsements"] > steps["training"]
    with django_capture_on_commit_callbacks(execute=True):
        demo_training_seed(lambda line: None)
    lines: list[str] = []
    demo_endorsements_seed(lines.append)
    demo_endorsements_seed(lines.append)
    awards = list(Award.objects.all())
    assert len(awards) >= 3
    for each in awards:
        assert Endorsement.objects.filter(award=each).count() == 1
        result = verification.credential_verify_submitted(services.credential_for(each).signed)
        assert result.verified and result.endorsements[0].verified, each
    assert lines[-1].endswith("(0 added now).")


def test_the_endorsers_did_document_describes_an_endorser(award: Award, english: None) -> None:
    document = Client().get("/issuers/island-school-board/did.json").json()
    text = json.dumps(document, ensure_ascii=False)
    assert "vouches, in the Sexto badges of its schools’ staff" in text
    assert "issues its badges" not in text


def test_suspending_the_badge_makes_the_endorsement_moot_until_lifted(
    award: Award, people: dict[str, User], english: None
) -> None:
    from sexto.credentials.suspension import credential_suspend, credential_suspension_lift

    credential_suspend(award=award, actor=people["trainer"], reason="Vérification.")
    line = _endorsement_line(Client().get(f"/verify/{award.pk}").content.decode())
    assert 'data-state="moot"' in line
    assert "Does not apply while the badge it endorses is suspended." in line
    credential_suspension_lift(award=award, actor=people["trainer"], reason="Vérifié.")
    line = _endorsement_line(Client().get(f"/verify/{award.pk}").content.decode())
    assert 'data-state="verified"' in line


def test_a_failing_endorsement_never_holds_the_badge_back(
    people: dict[str, User],
    explorateur: Level,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(award: Award) -> None:
        raise RuntimeError("directory unavailable")

    monkeypatch.setattr(endorsements, "endorsement_basis", broken)
    with django_capture_on_commit_callbacks(execute=True):
        asantos_seed(level=explorateur, trainer=people["trainer"])
    award = Award.objects.get(recipient__handle="asantos")
    assert IssuedCredential.objects.filter(award=award).exists()
    assert "endorsement" not in _credential(award)
    assert verification.credential_verify_submitted(_credential(award)).verified
    monkeypatch.undo()
    call_command("endorse_awards", stdout=StringIO())  # added later
    assert len(_credential(award)["endorsement"]) == 1


def test_platform_administrators_read_endorsements_in_the_admin_and_change_nothing(
    award: Award, people: dict[str, User], world: Any
) -> None:
    """The last note's leftover: no screen showed the endorsements. Superusers read them in the
    admin; nobody adds, edits or deletes one there (a change would break two signatures)."""
    from tests.helpers import sign_in

    endorsement = Endorsement.objects.get(award=award)
    admin = Client()
    sign_in(admin, world.people["superuser"].email)
    listing = admin.get("/admin/credentials/endorsement/")
    assert listing.status_code == 200
    assert f"/admin/credentials/endorsement/{endorsement.pk}/change/" in listing.content.decode()
    detail = admin.get(f"/admin/credentials/endorsement/{endorsement.pk}/change/")
    assert detail.status_code == 200 and "EndorsementCredential" in detail.content.decode()
    assert admin.get("/admin/credentials/endorsement/add/").status_code == 403
    deleted = admin.post(
        f"/admin/credentials/endorsement/{endorsement.pk}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 403 and Endorsement.objects.filter(pk=endorsement.pk).exists()
    trainer = Client()
    trainer.force_login(people["trainer"])
    assert trainer.get("/admin/credentials/endorsement/").status_code in (302, 403)
