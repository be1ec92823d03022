"""The people around a case: youth protection (each person's own report; who has not), parents,
support plan and its resources, takedown requests, educational measures — services and pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from sexto.audit.models import AuditEvent
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.directory.models import Organisation
from sexto.interventions import services
from sexto.interventions.errors import StaleRecord
from sexto.interventions.models import (
    Case,
    CaseStep,
    ChronologyEntry,
    EducationalMeasure,
    ParentNotification,
    Referral,
    SupportEntry,
    TakedownRequest,
    YouthProtectionReport,
)
from sexto.interventions.selectors import around as around_selectors
from sexto.interventions.services import around
from tests.helpers import FormClient

pytestmark = pytest.mark.django_db

IMAGE_AS_TEXT = "iVBORw0KGgo" + "A" * 200


def _ago(**kwargs: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _step(case: Case, key: str) -> CaseStep:
    return CaseStep.objects.get(case=case, key=key)


def _client(user: Any, language: str = "fr") -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def case(open_case: Any) -> Case:
    made = open_case()
    Case.objects.filter(pk=made.pk).update(youth_protection="required")
    made.refresh_from_db()
    return made


@pytest.fixture
def person(case: Case, people: dict[str, Any]) -> Any:
    return services.case_person_add(
        actor=people["coordinator"], case=case, label="A", name="Zoé Tremblay", roles=["depicted"]
    )


@pytest.fixture
def professional(case: Case, people: dict[str, Any]) -> Any:
    services.professional_invite(actor=people["principal"], case=case, user=people["professional"])
    return people["professional"]


@pytest.fixture
def police(case: Case, people: dict[str, Any]) -> Any:
    Referral.objects.create(
        case=case,
        police_force=Organisation.objects.get(slug="police-saint-jerome"),
        referred_by=people["coordinator"],
        police_contacted_at=timezone.now(),
    )
    return people["police"]


# Youth protection ---------------------------------------------------------------------------


def test_each_person_records_their_own_report_and_the_case_shows_who_has_not(case, people):
    around.youth_protection_record(
        actor=people["coordinator"],
        case=case,
        kind="report",
        at=_ago(minutes=30),
        reference="DPJ-2026-0042",
    )
    status = around_selectors.youth_protection_status(case)
    assert status.applies
    assert [(user, entry.reference) for user, entry in status.acted] == [
        (people["coordinator"], "DPJ-2026-0042")
    ]
    assert set(status.missing) == {people["backup"], people["principal"]}
    step = _step(case, "youth_protection")
    assert step.state == CaseStep.State.DONE and step.done_by == people["coordinator"]
    assert AuditEvent.objects.filter(action="case.youth_protection").count() == 1
    assert ChronologyEntry.objects.filter(case=case, kind="youth_protection.report").exists()

    around.youth_protection_record(
        actor=people["principal"],
        case=case,
        kind="not_done",
        at=_ago(minutes=5),
        why_not="La répondante a déjà signalé; je n'ai pas d'autres faits.",
    )
    status = around_selectors.youth_protection_status(case)
    assert status.missing == [people["backup"]]
    # The entry is the actor's own, never someone else's.
    assert YouthProtectionReport.objects.get(kind="not_done").user == people["principal"]


@pytest.mark.parametrize(
    ("kind", "reference", "why_not", "field"),
    [
        ("not_done", "", "", "why_not"),
        ("report", "", "", "reference"),
        ("phoned", "X", "", "kind"),
        ("consultation", "", IMAGE_AS_TEXT, "why_not"),
    ],
)
def test_youth_protection_refusals(case, people, kind, reference, why_not, field):
    with pytest.raises(DomainError) as error:
        around.youth_protection_record(
            actor=people["coordinator"],
            case=case,
            kind=kind,
            at=_ago(minutes=5),
            reference=reference,
            why_not=why_not,
        )
    assert error.value.field == field
    assert not YouthProtectionReport.objects.exists()
    assert _step(case, "youth_protection").state == CaseStep.State.PENDING


def test_youth_protection_refuses_the_future_and_a_not_done_leaves_the_step(case, people):
    with pytest.raises(DomainError):
        around.youth_protection_record(
            actor=people["coordinator"],
            case=case,
            kind="consultation",
            at=timezone.now() + datetime.timedelta(hours=2),
        )
    around.youth_protection_record(
        actor=people["coordinator"], case=case, kind="not_done", at=_ago(minutes=1), why_not="X"
    )
    assert _step(case, "youth_protection").state == CaseStep.State.PENDING


# Permissions --------------------------------------------------------------------------------


def test_professional_adds_to_the_support_plan_but_not_the_rest(case, people, professional):
    entry = around.support_entry_add(
        actor=professional,
        case=case,
        planned_for=timezone.now() + datetime.timedelta(days=2),
        resources=["needhelpnow", "cavac"],
        note="Rencontre de suivi prévue avec l'élève.",
    )
    assert entry.by == professional
    assert _step(case, "support_victim").state == CaseStep.State.DONE
    around.support_entry_held(
        actor=professional, entry=entry, held_at=_ago(minutes=1), version=entry.version
    )
    calls = [
        lambda: around.youth_protection_record(
            actor=professional, case=case, kind="consultation", at=_ago(minutes=1)
        ),
        lambda: around.parent_notification_record(
            actor=professional,
            case=case,
            person=None,
            guardian="Mère",
            at=_ago(minutes=1),
            channel="phone",
            summary="Informée.",
        ),
        lambda: around.takedown_request_add(
            actor=professional, case=case, where="Snapchat", sent_at=_ago(minutes=1)
        ),
        lambda: around.educational_measure_add(actor=professional, case=case, what="Atelier"),
    ]
    for call in calls:
        with pytest.raises(PermissionRefused):
            call()
    assert not ParentNotification.objects.exists() and not TakedownRequest.objects.exists()


def test_police_liaison_reads_only(case, people, police):
    with pytest.raises(PermissionRefused):
        around.support_entry_add(actor=police, case=case, note="Note")
    with pytest.raises(PermissionRefused):
        around.takedown_request_add(
            actor=police, case=case, where="Snapchat", sent_at=_ago(minutes=1)
        )


# Parents ------------------------------------------------------------------------------------


def test_parents_log_informed_or_why_not(case, people, person):
    with pytest.raises(DomainError) as error:
        around.parent_notification_record(
            actor=people["coordinator"],
            case=case,
            person=person,
            at=_ago(hours=1),
            channel="not_done",
        )
    assert error.value.field == "why_not"
    with pytest.raises(DomainError) as error:
        around.parent_notification_record(
            actor=people["coordinator"],
            case=case,
            person=person,
            guardian="Mère de A",
            at=_ago(hours=1),
            channel="phone",
        )
    assert error.value.field == "summary"
    around.parent_notification_record(
        actor=people["coordinator"],
        case=case,
        person=person,
        at=_ago(hours=1),
        channel="not_done",
        why_not="La DPJ a demandé d'attendre son évaluation.",
    )
    assert _step(case, "inform_parents").state == CaseStep.State.PENDING
    notice = around.parent_notification_record(
        actor=people["coordinator"],
        case=case,
        person=person,
        guardian="Mère de A",
        at=_ago(minutes=10),
        channel="phone",
        summary="Informée de la situation et des ressources.",
    )
    assert notice.by == people["coordinator"] and notice.summary.startswith("Informée")
    assert _step(case, "inform_parents").state == CaseStep.State.DONE
    assert AuditEvent.objects.filter(action="case.parents").count() == 2


def test_parents_refuse_a_person_of_another_case_and_embedded_images(case, people, open_case):
    other = open_case()
    stranger = services.case_person_add(
        actor=people["coordinator"], case=other, label="A", name="X"
    )
    with pytest.raises(DomainError) as error:
        around.parent_notification_record(
            actor=people["coordinator"],
            case=case,
            person=stranger,
            guardian="Père",
            at=_ago(hours=1),
            channel="meeting",
            summary="Rencontre.",
        )
    assert error.value.field == "person"
    with pytest.raises(DomainError) as error:
        around.parent_notification_record(
            actor=people["coordinator"],
            case=case,
            person=None,
            guardian="Père",
            at=_ago(hours=1),
            channel="meeting",
            summary=IMAGE_AS_TEXT,
        )
    assert error.value.field == "summary"
    assert not ParentNotification.objects.exists()


# Support ------------------------------------------------------------------------------------


def test_support_refuses_unknown_resources_empty_entries_and_stale_updates(case, people):
    with pytest.raises(DomainError) as error:
        around.support_entry_add(actor=people["coordinator"], case=case, resources=["tiktok"])
    assert error.value.field == "resources"
    with pytest.raises(DomainError):
        around.support_entry_add(actor=people["coordinator"], case=case)
    entry = around.support_entry_add(
        actor=people["coordinator"], case=case, resources=["take_it_down"], note="Première note"
    )
    stale_version = entry.version
    around.support_entry_held(
        actor=people["backup"],
        entry=SupportEntry.objects.get(pk=entry.pk),
        held_at=_ago(minutes=3),
        note="Suivi fait.",
        version=stale_version,
    )
    with pytest.raises(StaleRecord):
        around.support_entry_held(
            actor=people["coordinator"],
            entry=SupportEntry.objects.get(pk=entry.pk),
            held_at=_ago(minutes=2),
            version=stale_version,
        )
    entry.refresh_from_db()
    assert entry.note == "Première note\n\nSuivi fait."


def test_resources_in_the_users_language():
    with translation.override("fr"):
        french = {r.key: (r.name, r.url) for r in around_selectors.support_resources()}
    with translation.override("en"):
        english = {r.key: (r.name, r.url) for r in around_selectors.support_resources()}
    assert french["cybertip"] == ("Cyberaide.ca", "https://www.cyberaide.ca")
    assert english["cybertip"] == ("Cybertip.ca", "https://www.cybertip.ca")
    assert french["needhelpnow"] == ("AidezMoiSVP.ca", "https://aidezmoisvp.ca")
    assert english["needhelpnow"] == ("NeedHelpNow.ca", "https://needhelpnow.ca")
    assert french["cavac"][1] == english["cavac"][1] == "https://cavac.qc.ca"
    assert english["take_it_down"][1] == "https://takeitdown.ncmec.org"


# Takedowns and measures ---------------------------------------------------------------------


def test_takedown_request_and_status_with_stale_update_refused(case, people):
    takedown = around.takedown_request_add(
        actor=people["coordinator"],
        case=case,
        where="Take It Down",
        sent_at=_ago(hours=2),
        reference="TID-123",
    )
    assert _step(case, "limit_dissemination").state == CaseStep.State.DONE
    around.takedown_status_update(
        actor=people["principal"],
        takedown=TakedownRequest.objects.get(pk=takedown.pk),
        status="removed",
        version=takedown.version,
    )
    with pytest.raises(StaleRecord):
        around.takedown_status_update(
            actor=people["coordinator"],
            takedown=TakedownRequest.objects.get(pk=takedown.pk),
            status="refused",
            version=takedown.version,
        )
    with pytest.raises(DomainError):
        around.takedown_request_add(
            actor=people["coordinator"], case=case, where="  ", sent_at=_ago(hours=1)
        )
    assert TakedownRequest.objects.get().status == "removed"


def test_measures_are_planned_then_done_once(case, people, person):
    measure = around.educational_measure_add(
        actor=people["coordinator"],
        case=case,
        person=person,
        what="Atelier sur le consentement et le partage d'images.",
        with_whom="Psychoéducatrice",
        planned_for=timezone.localdate() + datetime.timedelta(days=7),
    )
    assert _step(case, "educational_follow_up").state == CaseStep.State.PENDING
    around.educational_measure_done(
        actor=people["coordinator"], measure=measure, done_at=_ago(minutes=1), version=1
    )
    assert _step(case, "educational_follow_up").state == CaseStep.State.DONE
    with pytest.raises(Conflict):
        around.educational_measure_done(
            actor=people["coordinator"],
            measure=EducationalMeasure.objects.get(pk=measure.pk),
            done_at=_ago(minutes=1),
            version=2,
        )
    with pytest.raises(DomainError) as error:
        around.educational_measure_add(actor=people["coordinator"], case=case, what="")
    assert error.value.field == "what"


def test_a_step_already_settled_is_left_alone(case, people):
    step = _step(case, "limit_dissemination")
    services.case_step_update(
        actor=people["principal"],
        step=step,
        state="not_applicable",
        note="Contenu jamais publié en ligne.",
        version=step.version,
    )
    around.takedown_request_add(
        actor=people["coordinator"], case=case, where="Instagram", sent_at=_ago(hours=1)
    )
    step = _step(case, "limit_dissemination")
    assert step.state == CaseStep.State.NOT_APPLICABLE and step.done_by == people["principal"]


def test_a_closed_case_takes_no_new_entry(case, people):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    case.refresh_from_db()
    with pytest.raises(Conflict):
        around.takedown_request_add(
            actor=people["coordinator"], case=case, where="Snapchat", sent_at=_ago(hours=1)
        )


def test_simulations_write_no_audit_and_their_learner_holds_the_duty(open_case, people, school):
    simulation = services.case_open(
        actor=people["learner"], school=school, summary="Cas fictif.", simulation=True
    )
    Case.all_objects.filter(pk=simulation.pk).update(youth_protection="consult")
    simulation.refresh_from_db()
    before = AuditEvent.objects.count()
    assert around_selectors.youth_protection_status(simulation).missing == [people["learner"]]
    around.youth_protection_record(
        actor=people["learner"], case=simulation, kind="consultation", at=_ago(minutes=1)
    )
    assert around_selectors.youth_protection_status(simulation).missing == []
    assert AuditEvent.objects.count() == before


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
    assert "Say why you did not report" in body
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
        ("youth-protection/", {"kind": "consultation", "at": _local(_ago(hours=1))}),
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
