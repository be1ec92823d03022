"""Quebec resources on the case page and in the support plan: the school's region's DPJ first,
the police force's non-emergency line, each phone a tel: link, in the reader's language."""

from __future__ import annotations

from typing import Any

import pytest

from sexto.directory.models import Organisation, School
from sexto.directory.resources import resources_load
from sexto.interventions.forms.around import SupportEntryForm
from sexto.interventions.models import SupportEntry
from sexto.interventions.services import around
from tests.helpers import FormClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def resources() -> None:
    resources_load()


@pytest.fixture
def laurentides_case(case: Any, school: School) -> Any:
    School.objects.filter(pk=school.pk).update(region="15")
    Organisation.objects.filter(slug="police-saint-jerome").update(
        phone_non_emergency="450 555-0142"
    )
    case.refresh_from_db()
    return case


def _page(user: Any, url: str, language: str) -> str:
    client = FormClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "dpj_name"),
    [("fr", "DPJ — Laurentides"), ("en", "Youth protection (DPJ) — Laurentides")],
)
def test_the_case_page_shows_the_regions_dpj_first_and_the_police_line(
    laurentides_case, people, language, dpj_name
):
    page = _page(people["coordinator"], f"/cases/{laurentides_case.pk}/", language)
    panel = page.split('data-testid="resources-panel-list"')[1].split("</ul>")[0]
    assert dpj_name in panel
    assert 'href="tel:+18003618665"' in panel and "1 800 361-8665" in panel
    # The DPJ comes first, then the police force serving the school.
    assert panel.index("dpj_15") < panel.index('data-resource="police"') < panel.index("teljeunes")
    assert "Service de police de la Ville de Saint-Jérôme" in panel
    assert 'href="tel:+14505550142"' in panel
    # Another region's DPJ is not offered.
    assert "1 800 361-5310" not in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_support_section_lists_them_too(laurentides_case, people, language):
    page = _page(people["coordinator"], f"/cases/{laurentides_case.pk}/around/", language)
    support = page.split('id="support"')[1].split("</section>")[0]
    assert 'href="tel:+18003618665"' in support
    assert 'href="tel:+18002632266"' in support  # Tel-jeunes
    assert 'href="sms:686868"' in support  # Kids Help Phone by text
    assert ("Jeunesse, J’écoute" if language == "fr" else "Kids Help Phone") in support


def test_a_school_without_a_region_says_so(case, people):
    page = _page(people["coordinator"], f"/cases/{case.pk}/around/", "fr")
    support = page.split('id="support"')[1].split("</section>")[0]
    assert 'data-resource="dpj_' not in support
    assert 'data-resource="teljeunes"' in support


def test_the_support_plan_offers_the_dpj_and_police_and_records_them(laurentides_case, people):
    form = SupportEntryForm(case=laurentides_case)
    keys = [key for key, _name in form.fields["resources"].choices]
    assert keys[:2] == ["dpj_15", "police"]
    entry = around.support_entry_add(
        actor=people["coordinator"],
        case=laurentides_case,
        resources=["dpj_15", "police", "cybertip"],
        note="Ressources remises.",
    )
    assert entry.resources == ["dpj_15", "police", "cybertip"]
    page = _page(people["coordinator"], f"/cases/{laurentides_case.pk}/around/", "fr")
    row = page.split(f'id="support-{entry.pk}"')[1].split("</tr>")[0]
    assert "DPJ — Laurentides" in row and "Cyberaide.ca" in row
    assert "Service de police de la Ville de Saint-Jérôme" in row


def test_entries_recorded_with_the_old_keys_keep_their_names(case, people):
    entry = SupportEntry.objects.create(
        case=case, resources=["cavac", "take_it_down", "needhelpnow"], by=people["coordinator"]
    )
    page = _page(people["coordinator"], f"/cases/{case.pk}/around/", "en")
    row = page.split(f'id="support-{entry.pk}"')[1].split("</tr>")[0]
    assert "CAVAC" in row and "Take It Down" in row and "NeedHelpNow.ca" in row


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_intake_page_names_the_regions_dpj_with_its_number(laurentides_case, people, language):
    page = _page(people["staff"], "/intakes/new/", language)
    reminder = page.split('data-testid="reminder-dpj"')[1].split("</p>")[0]
    assert 'data-testid="intake-dpj"' in reminder
    assert 'href="tel:+18003618665"' in reminder


def test_before_the_grid_the_police_block_gives_the_forces_non_emergency_line(
    laurentides_case, people
):
    page = _page(people["coordinator"], f"/cases/{laurentides_case.pk}/", "fr")
    block = page.split('data-testid="route-unknown"')[1].split("</section>")[0]
    assert 'data-testid="police-phone"' in block and 'href="tel:+14505550142"' in block
