"""Issue 16 item 3: the intake page says what the law says (911; the personal DPJ duty), and the
internal report is a « déclaration » (FR) / "report" (EN) numbered DEC-…, while the older SIG-…
references are still found, and « signalement » stays the word for a report to the DPJ."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone

from sexto.core.models import Counter
from sexto.interventions import services
from sexto.interventions.models import Intake
from sexto.interventions.retention import retention_target_find
from tests.helpers import FormClient

pytestmark = pytest.mark.django_db


def _client(user: Any, language: str) -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _text(html: str) -> str:
    """What a reader sees: the page without its tags (URLs and test ids say "intake")."""
    return re.sub(r"<[^>]+>", " ", html)


def _intake(people: dict[str, Any], school: Any) -> Intake:
    return services.intake_create(
        reporter=people["staff"],
        school=school,
        told_at=timezone.now() - datetime.timedelta(minutes=20),
        told_by="Un élève de 3e secondaire",
        account="Une photo intime de Zoé circule.",
    )


@pytest.mark.parametrize(
    ("language", "emergency", "dpj_duty"),
    [
        (
            "en",
            "Call 911 now.",
            "you must also report it to the DPJ yourself, without delay. This form does not do "
            "it for you",
        ),
        (
            "fr",
            "Composez le 911 maintenant.",
            "vous devez aussi le signaler vous-même à la DPJ, sans délai. Ce formulaire ne le "
            "fait pas à votre place",
        ),
    ],
)
def test_the_intake_page_reminds_of_911_and_the_personal_dpj_duty_before_the_form(
    people: dict[str, Any], language: str, emergency: str, dpj_duty: str
) -> None:
    page = _client(people["staff"], language).get("/intakes/new/").content.decode()
    assert emergency in page
    assert dpj_duty in page
    first_field = page.index('name="told_at"')
    assert page.index(emergency) < first_field
    assert page.index(dpj_duty) < first_field


def test_a_new_intake_is_numbered_dec_from_one_whatever_sig_gave_before(
    people: dict[str, Any], school: Any
) -> None:
    year = timezone.localdate().year
    # This holder already filed 41 intakes this year under the old prefix.
    Counter.objects.create(scope=school.organisation_id, kind="SIG", year=year, last=41)

    first, second = _intake(people, school), _intake(people, school)

    assert first.reference == f"DEC-{year}-00001"
    assert second.reference == f"DEC-{year}-00002"
    assert Counter.objects.get(scope=school.organisation_id, kind="SIG", year=year).last == 41


def test_an_old_sig_reference_is_still_found_beside_the_new_dec_ones(
    people: dict[str, Any], school: Any
) -> None:
    old = _intake(people, school)
    Intake.objects.filter(pk=old.pk).update(reference="SIG-2025-00107")
    new = _intake(people, school)
    coordinator = _client(people["coordinator"], "en")

    for reference in ["SIG-2025-00107", "sig-2025-00107", new.reference]:
        found = coordinator.get("/cases/", {"q": reference}).content.decode()
        assert reference.upper() in found, reference

    services.intake_close(actor=people["coordinator"], intake=new, reason="Rien de sexuel.")
    holders = [school.organisation_id]
    assert retention_target_find(reference="SIG-2025-00107", holder_ids=holders) is not None
    assert retention_target_find(reference=new.reference or "", holder_ids=holders) is not None


def test_the_staff_members_pages_say_declaration_never_signalement_in_french(
    people: dict[str, Any], school: Any
) -> None:
    intake = _intake(people, school)
    staff = _client(people["staff"], "fr")

    mine = staff.get("/intakes/mine/").content.decode()
    assert "Mes déclarations" in mine and intake.reference in mine
    assert "signalement" not in mine.lower()

    coordinator = _client(people["coordinator"], "fr")
    worklist = coordinator.get("/cases/").content.decode()
    assert "Déclarations à traiter" in worklist
    assert "signalement" not in worklist.lower()
    detail = coordinator.get(f"/intakes/{intake.pk}/").content.decode()
    assert f"Déclaration {intake.reference}" in detail
    assert "signalement" not in detail.lower()


def test_the_english_pages_call_it_a_report_not_an_intake(
    people: dict[str, Any], school: Any
) -> None:
    intake = _intake(people, school)
    coordinator = _client(people["coordinator"], "en")
    worklist = coordinator.get("/cases/").content.decode()
    assert "Reports awaiting triage" in worklist
    detail = coordinator.get(f"/intakes/{intake.pk}/").content.decode()
    assert f"Report {intake.reference}" in detail
    assert "intake" not in _text(detail).lower()


def test_the_youth_protection_section_still_says_signalement_for_the_dpj_report(
    people: dict[str, Any], open_case: Any
) -> None:
    case = open_case()
    coordinator = _client(people["coordinator"], "fr")
    # The section alone, as htmx loads it into the case page.
    around = coordinator.get(f"/cases/{case.pk}/around/", HTTP_HX_REQUEST="true").content.decode()
    assert "signalement" in around.lower()
    assert "déclaration" not in around.lower()
