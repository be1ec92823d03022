"""The summary report to the director general (Education Act s.96.12): the principal only,
content-minimal (no name, no narrative), audited as an export, and the date sent recorded,
chronicled and shown on the case page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.audit.services import actor_key
from sexto.core.errors import DomainError, PermissionRefused
from sexto.interventions.dg_report import dg_report_html
from sexto.interventions.models import Case, ChronologyEntry
from sexto.interventions.services import (
    case_grid_save,
    case_note_add,
    case_person_add,
    case_step_update,
    referrals,
)
from sexto.interventions.services import dg_report as services
from tests.grid_answers import grid_answers
from tests.helpers import FormClient

pytestmark = pytest.mark.django_db

# Markers put in every name and narrative of the case: none may reach the summary.
MARKERS = ("ZXQNOMELEVE", "ZXQRECIT", "ZXQNOTE", "ZXQTEMOIN", "ZXQCOMPTE")


@pytest.fixture
def marked_case(open_case: Any, people: dict[str, Any]) -> Case:
    case = open_case()
    Case.objects.filter(pk=case.pk).update(summary="Résumé ZXQRECIT du dossier")
    intake = case.intake
    intake.told_by = "ZXQTEMOIN, élève"
    intake.account = "ZXQCOMPTE : ce qui a été dit"
    intake.save()
    case.refresh_from_db()
    case_grid_save(actor=people["coordinator"], case=case, answers=grid_answers())
    case_person_add(
        actor=people["coordinator"], case=case, label="A", name="Zoé ZXQNOMELEVE", age=14
    )
    case_note_add(actor=people["coordinator"], case=case, text="Note ZXQNOTE")
    step = case.steps.order_by("position").first()
    case_step_update(actor=people["coordinator"], step=step, state="done", note="Fait ZXQNOTE")
    referrals.referral_create(
        actor=people["coordinator"], case=case, police_contacted_at=timezone.now()
    )
    case.refresh_from_db()
    return case


def _client(user: Any, language: str = "fr") -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_the_summary_holds_labels_and_dates_but_no_name_or_narrative(marked_case, people):
    for language in ("fr", "en"):
        from django.utils import translation

        with translation.override(language):
            html = dg_report_html(case=marked_case, exported_by=people["principal"])
        assert marked_case.number in html
        assert marked_case.school.name in html
        assert "Service de police de la Ville de Saint-Jérôme" in html
        for marker in MARKERS:
            assert marker not in html, marker


def test_the_principal_downloads_it_and_the_export_is_audited(marked_case, people):
    response = _client(people["principal"]).get(f"/cases/{marked_case.pk}/dg-report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]
    export = AuditEvent.objects.get(action="case.export")
    assert export.target_id == str(marked_case.pk)
    assert export.actor == actor_key(people["principal"])


@pytest.mark.parametrize("who", ["coordinator", "backup"])
def test_coordinators_may_not(marked_case, people, who):
    client = _client(people[who])
    # The page is not there for them (like the packet for a professional); the action is 403.
    assert client.get(f"/cases/{marked_case.pk}/dg-report.pdf").status_code == 404
    sent = client.post(f"/cases/{marked_case.pk}/dg-report/sent/", {"sent_on": "2020-01-01"})
    assert sent.status_code == 403
    assert not AuditEvent.objects.filter(action__in=["case.export", "case.dg_report_sent"])
    with pytest.raises(PermissionRefused):
        services.case_dg_report_export(actor=people[who], case=marked_case)


@pytest.mark.parametrize("who", ["other_coordinator", "staff", "admin"])
def test_outsiders_get_404(marked_case, people, who):
    client = _client(people[who])
    assert client.get(f"/cases/{marked_case.pk}/dg-report.pdf").status_code == 404
    assert not AuditEvent.objects.filter(action="case.export").exists()


def test_only_the_principal_sees_the_section(marked_case, people):
    url = f"/cases/{marked_case.pk}/"
    assert 'data-testid="dg-report"' in _client(people["principal"]).get(url).content.decode()
    assert 'data-testid="dg-report"' not in _client(people["coordinator"]).get(url).content.decode()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_mark_as_sent_records_the_date_shown_on_the_case_page(marked_case, people, language):
    today = timezone.localdate()
    client = _client(people["principal"], language)
    response = client.post(
        f"/cases/{marked_case.pk}/dg-report/sent/", {"sent_on": today.isoformat()}
    )
    assert response.status_code == 302
    marked_case.refresh_from_db()
    assert marked_case.dg_report_sent_on == today
    assert ChronologyEntry.objects.filter(case=marked_case, kind="case.dg_report_sent").exists()
    assert AuditEvent.objects.filter(action="case.dg_report_sent").count() == 1
    page = _client(people["coordinator"], language).get(f"/cases/{marked_case.pk}/")
    fact = page.content.decode().split('data-testid="dg-report-sent"')[1].split("</dd>")[0]
    assert str(today.year) in fact


def test_a_date_in_the_future_is_refused_and_kept(marked_case, people):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = _client(people["principal"]).post(
        f"/cases/{marked_case.pk}/dg-report/sent/", {"sent_on": tomorrow.isoformat()}
    )
    assert response.status_code == 422
    assert tomorrow.isoformat() in response.content.decode()
    marked_case.refresh_from_db()
    assert marked_case.dg_report_sent_on is None
    with pytest.raises(DomainError):
        services.case_dg_report_sent(actor=people["principal"], case=marked_case, sent_on=tomorrow)
