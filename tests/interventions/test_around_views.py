"""The people around a case on the case page: youth protection, parents, support plan,
takedown requests and educational measures, as each role sees and uses them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from sexto.interventions.models import (
    EducationalMeasure,
    ParentNotification,
    SupportEntry,
    TakedownRequest,
    YouthProtectionReport,
)
from sexto.interventions.services import around
from tests.helpers import FormClient
from tests.interventions.test_around_services import (
    IMAGE_AS_TEXT,
    _ago,
)

pytestmark = pytest.mark.django_db


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _client(user: Any, language: str = "fr") -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


# Pages --------------------------------------------------------------------------------------

URLS = [
    "youth-protection/",
    "parents/",
    "support/",
    "takedowns/",
    "measures/",
]


@pytest.mark.parametrize("who", ["other_coordinator", "staff", "professional", "police", "admin"])
def test_outsiders_get_404_on_every_view(case, people, who):
    client = _client(people[who])
    entry = around.support_entry_add(actor=people["coordinator"], case=case, note="Note")
    takedown = around.takedown_request_add(
        actor=people["coordinator"], case=case, where="Snapchat", sent_at=_ago(hours=1)
    )
    measure = around.educational_measure_add(actor=people["coordinator"], case=case, what="X")
    urls = [f"/cases/{case.pk}/{url}" for url in URLS] + [
        f"/cases/{case.pk}/support/{entry.pk}/held/",
        f"/cases/{case.pk}/takedowns/{takedown.pk}/status/",
        f"/cases/{case.pk}/measures/{measure.pk}/done/",
    ]
    for url in urls:
        assert client.post(url, {"note": "x"}).status_code == 404, (who, url)


def test_views_are_post_only(case, people):
    client = _client(people["coordinator"])
    assert client.get(f"/cases/{case.pk}/parents/").status_code == 405


def test_page_shows_who_has_not_reported_and_records_ones_own(case, people):
    client = _client(people["coordinator"])
    page = client.get(f"/cases/{case.pk}/around/").content.decode()
    assert 'id="youth-protection"' in page
    for key in ("coordinator", "backup", "principal"):
        assert people[key].display_name in page
    response = client.post(
        f"/cases/{case.pk}/youth-protection/",
        {"kind": "report", "at": _local(_ago(minutes=20)), "reference": "DPJ-77"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#youth-protection"
    page = client.get(f"/cases/{case.pk}/around/").content.decode()
    missing = page.split('data-testid="yp-missing"')[1].split("</div>")[0]
    assert people["backup"].display_name in missing
    assert people["principal"].display_name in missing
    assert people["coordinator"].display_name not in missing
    assert "DPJ-77" in page
    assert YouthProtectionReport.objects.get().user == people["coordinator"]


def test_no_youth_protection_section_when_the_grid_does_not_indicate_it(open_case, people):
    plain = open_case()
    page = _client(people["coordinator"]).get(f"/cases/{plain.pk}/around/").content.decode()
    assert 'id="youth-protection"' not in page
    assert 'id="parents"' in page and 'id="support"' in page and 'id="measures"' in page


def test_form_errors_keep_what_was_typed(case, people):
    client = _client(people["coordinator"], "en")
    response = client.post(
        f"/cases/{case.pk}/youth-protection/",
        {"kind": "not_done", "at": _local(_ago(minutes=5)), "reference": "REF-KEPT"},
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert 'value="REF-KEPT"' in body
    assert "Say why you had no reasonable cause to believe" in body
    assert not YouthProtectionReport.objects.exists()


def test_embedded_image_refused_on_the_page(case, people):
    client = _client(people["coordinator"])
    response = client.post(
        f"/cases/{case.pk}/measures/", {"what": IMAGE_AS_TEXT, "with_whom": "Psy"}
    )
    assert response.status_code == 422
    assert not EducationalMeasure.objects.exists()


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("fr", ["https://www.cyberaide.ca", "AidezMoiSVP.ca"], ["https://www.cybertip.ca"]),
        ("en", ["https://www.cybertip.ca", "NeedHelpNow.ca"], ["https://www.cyberaide.ca"]),
    ],
)
def test_resources_shown_in_the_users_language(case, people, language, shown, hidden):
    page = (
        _client(people["coordinator"], language).get(f"/cases/{case.pk}/around/").content.decode()
    )
    support = page.split('id="support"')[1].split("</section>")[0]
    for text in [*shown, "https://cavac.qc.ca", "https://takeitdown.ncmec.org"]:
        assert text in support
    for text in hidden:
        assert text not in support


def test_professional_uses_the_support_plan_but_not_the_parents_log(case, people, professional):
    client = _client(professional)
    page = client.get(f"/cases/{case.pk}/around/").content.decode()
    assert f'action="/cases/{case.pk}/support/"' in page
    assert f'action="/cases/{case.pk}/parents/"' not in page
    response = client.post(
        f"/cases/{case.pk}/support/",
        {"resources": ["cybertip", "take_it_down"], "note": "Ressources remises à l'élève."},
    )
    assert response.status_code == 302 and response["Location"].endswith("#support")
    assert SupportEntry.objects.get().resources == ["cybertip", "take_it_down"]
    for url, data in [
        (
            "parents/",
            {"guardian": "Mère", "at": _local(_ago(hours=1)), "channel": "phone", "summary": "x"},
        ),
        ("takedowns/", {"where": "Snapchat", "sent_at": _local(_ago(hours=1))}),
    ]:
        assert client.post(f"/cases/{case.pk}/{url}", data).status_code == 403, url
    assert not ParentNotification.objects.exists() and not TakedownRequest.objects.exists()


def test_police_liaison_sees_the_section_without_forms(case, people, police):
    around.takedown_request_add(
        actor=people["coordinator"], case=case, where="Snapchat", sent_at=_ago(hours=1)
    )
    client = _client(police)
    page = client.get(f"/cases/{case.pk}/around/").content.decode()
    assert "Snapchat" in page
    assert f'action="/cases/{case.pk}/support/"' not in page
    assert f'action="/cases/{case.pk}/takedowns/"' not in page
    # Police liaisons are not DPJ duty holders: no form, and a POST is refused.
    assert f'action="/cases/{case.pk}/youth-protection/"' not in page
    assert (
        people["police"].display_name
        not in page.split('id="youth-protection"')[1].split("</section>")[0]
    )
    response = client.post(
        f"/cases/{case.pk}/youth-protection/",
        {"kind": "report", "at": _local(_ago(hours=1)), "reference": "DPJ-1"},
    )
    assert response.status_code == 403
    assert not YouthProtectionReport.objects.exists()
    response = client.post(f"/cases/{case.pk}/support/", {"note": "x"})
    assert response.status_code == 403
    assert not SupportEntry.objects.exists()


def test_takedown_status_stale_update_is_refused_on_the_page(case, people):
    takedown = around.takedown_request_add(
        actor=people["coordinator"], case=case, where="Snapchat", sent_at=_ago(hours=1)
    )
    client = _client(people["coordinator"], "en")
    url = f"/cases/{case.pk}/takedowns/{takedown.pk}/status/"
    prefix = f"takedown-{takedown.pk}"
    first = client.post(url, {f"{prefix}-status": "acknowledged", f"{prefix}-version": "1"})
    assert first.status_code == 302 and first["Location"].endswith("#takedowns")
    stale = client.post(url, {f"{prefix}-status": "removed", f"{prefix}-version": "1"})
    assert stale.status_code == 422
    assert "Someone changed this record" in stale.content.decode()
    assert TakedownRequest.objects.get().status == "acknowledged"


def test_parents_support_held_and_measure_done_through_the_page(case, people, person):
    client = _client(people["coordinator"])
    response = client.post(
        f"/cases/{case.pk}/parents/",
        {
            "person": str(person.pk),
            "guardian": "Mère de A",
            "at": _local(_ago(hours=1)),
            "channel": "meeting",
            "summary": "Rencontre à l'école; ressources remises.",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#parents")
    entry = around.support_entry_add(
        actor=people["coordinator"],
        case=case,
        person=person,
        planned_for=timezone.now() + datetime.timedelta(days=1),
    )
    held = client.post(
        f"/cases/{case.pk}/support/{entry.pk}/held/",
        {f"held-{entry.pk}-held_at": _local(_ago(minutes=5)), f"held-{entry.pk}-version": "1"},
    )
    assert held.status_code == 302
    measure = around.educational_measure_add(actor=people["coordinator"], case=case, what="X")
    done = client.post(
        f"/cases/{case.pk}/measures/{measure.pk}/done/",
        {f"done-{measure.pk}-done_at": _local(_ago(minutes=5)), f"done-{measure.pk}-version": "1"},
    )
    assert done.status_code == 302 and done["Location"].endswith("#measures")
    steps = {s.key: s.state for s in case.steps.all()}
    assert steps["inform_parents"] == steps["support_victim"] == "done"
    assert steps["educational_follow_up"] == "done"
    page = client.get(f"/cases/{case.pk}/around/").content.decode()
    assert "Mère de A" in page


def test_the_sections_forms_have_unique_ids(case, people, person):
    import re

    around.support_entry_add(actor=people["coordinator"], case=case, person=person, note="n")
    around.takedown_request_add(
        actor=people["coordinator"], case=case, where="Snapchat", sent_at=_ago(hours=1)
    )
    around.educational_measure_add(actor=people["coordinator"], case=case, what="X")
    page = _client(people["coordinator"]).get(f"/cases/{case.pk}/around/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates
