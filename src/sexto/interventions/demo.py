"""Demo cases at every stage of the kit, in the demo schools, and a grant on one of them to a
coordinator of another school. All people are fictional."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from sexto.audit.models import AccessGrant
from sexto.audit.selectors import access_grant_live
from sexto.directory.models import School, User
from sexto.interventions import demo_closure, services

# Helpers shared with closure's part of the demo (demo_common.py), under their names here.
from sexto.interventions.demo_common import grid_answers as _grid
from sexto.interventions.demo_common import intake_file as _intake
from sexto.interventions.demo_common import steps_done as _steps_done
from sexto.interventions.demo_common import user_get as _user
from sexto.interventions.models import Case, CaseStep, ChronologyEntry, Intake, Referral
from sexto.interventions.services import around, devices, dg_report, referrals
from sexto.interventions.services.access import case_access_grant


def _backdate(case: Case, *, days: float) -> None:
    """Move a demo case back in time so the work list and delays look lived-in."""
    shift = datetime.timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(opened_at=case.opened_at - shift)
    for step in CaseStep.objects.filter(case=case):
        CaseStep.objects.filter(pk=step.pk).update(
            due_at=step.due_at - shift if step.due_at else None,
            done_at=step.done_at - shift if step.done_at else None,
        )
    for entry in ChronologyEntry.objects.filter(case=case):
        ChronologyEntry.objects.filter(pk=entry.pk).update(at=entry.at - shift)
    if case.intake_id:
        intake = Intake.objects.get(pk=case.intake_id)
        Intake.objects.filter(pk=intake.pk).update(
            created_at=intake.created_at - shift,
            told_at=intake.told_at - shift,
            triaged_at=intake.triaged_at - shift if intake.triaged_at else None,
        )


def demo_police_direct_seed(write: Callable[[str], None]) -> None:
    """At Val-des-Pins, whose police force has no agreement with the DPCP, a report on which the
    coordinator recorded that the police were called directly (no Sexto case can be opened).
    Its own demo step, seeded once (even in a database seeded before it existed)."""
    val_des_pins = School.objects.get(ministry_code="752001")
    if Intake.all_objects.filter(school=val_des_pins, status=Intake.Status.POLICE_DIRECT).exists():
        return
    coordinator = _user("coordination@val-des-pins.demo")
    intake = _intake(
        school=val_des_pins,
        reporter=coordinator,
        told_by="Élève de 3e secondaire, victime",
        account="Un élève de 3e secondaire dit qu’un adulte rencontré en ligne menace de "
        "publier une photo intime de lui s’il n’envoie pas d’autres photos.",
        students="Thomas R. (3e sec.)",
        circulation="Instagram (messages privés)",
        minutes_ago=60 * 24 * 2,
    )
    services.intake_police_direct_record(
        actor=coordinator,
        intake=intake,
        called_at=intake.told_at + datetime.timedelta(minutes=25),
        police_force=val_des_pins.territory.police_force,
        police_file_number="SQ-2026-118734",
    )
    write("Kit : a report at Val-des-Pins (no agreement) with the police called directly.")


def demo_cases_seed(write: Callable[[str], None]) -> list[Case]:
    """Intakes and cases at every stage; returns the cases so later steps can extend them."""
    hauts = School.objects.get(ministry_code="751001")
    lac_vert = School.objects.get(ministry_code="751002")
    coordinator = _user("coordination@hauts-sommets.demo")
    principal = _user("direction@hauts-sommets.demo")
    teacher = _user("enseignant@hauts-sommets.demo")
    if Intake.all_objects.filter(reported_by=teacher, school=hauts).exists():
        write("Kit: demo cases already present.")
        return []
    psychoed = _user("psychoed@hauts-sommets.demo")
    lac_coordinator = _user("coordination@lac-vert.demo")

    # 1. A fresh intake, waiting for triage.
    _intake(
        school=hauts,
        reporter=teacher,
        told_by="Élève de 2e secondaire, amie de la victime",
        account="Une élève de 2e secondaire dit qu’une photo d’elle en sous-vêtements, "
        "envoyée à son copain, circule dans un groupe Snapchat de la classe.",
        students="Léa T. (2e sec.), Samuel B. (2e sec.)",
        circulation="Snapchat, groupe « 2e sec. groupe 204 »",
        minutes_ago=12,
    )

    # 2. An intake closed without a case: nothing sexual was described.
    closed_intake = _intake(
        school=hauts,
        reporter=teacher,
        told_by="Enseignant d’éducation physique",
        account="Un montage humoristique d’un élève déguisé circule; rien de sexuel n’est décrit.",
        students="Victor P. (4e sec.)",
        circulation="Instagram",
        minutes_ago=60 * 26,
    )
    services.intake_close(
        actor=coordinator,
        intake=closed_intake,
        reason="Rien de sexuel n’est décrit : suivi par la TES pour "
        "l'intimidation, hors trousse Sexto.",
    )

    cases: list[Case] = []
    # 3. An open case, grid filled (impulsive, Sexto procedure), first steps done.
    intake = _intake(
        school=hauts,
        reporter=teacher,
        told_by="Élève de 3e secondaire (témoin)",
        account="Une photo intime de Zoé (14 ans), prise par elle-même et envoyée à Noah, a été "
        "retransmise par Noah à trois amis.",
        students="Zoé L. (3e sec.), Noah G. (3e sec.)",
        circulation="Messages privés Instagram",
        minutes_ago=95,
    )
    case = services.case_open(
        actor=coordinator,
        school=hauts,
        intake=intake,
        summary="Photo intime d’une élève de 14 ans retransmise par le "
        "destinataire à trois élèves.",
    )
    services.case_person_add(
        actor=coordinator,
        case=case,
        label="A",
        name="Zoé Lavoie",
        age=14,
        grade="3e secondaire",
        roles=["depicted", "producer", "sender"],
    )
    services.case_person_add(
        actor=coordinator,
        case=case,
        label="B",
        name="Noah Gagné",
        age=15,
        grade="3e secondaire",
        roles=["recipient", "distributor"],
    )
    services.case_grid_save(
        actor=coordinator,
        case=case,
        answers=_grid(
            people=[
                {"id": "A", "age": 14, "roles": ["depicted", "producer", "sender"]},
                {"id": "B", "age": 15, "roles": ["recipient", "distributor"]},
            ],
            depiction="breasts_or_buttocks",
        ),
    )
    _steps_done(case, coordinator, ["protect_victim", "stop_dissemination"])
    services.professional_invite(actor=principal, case=case, user=psychoed)
    cases.append(case)

    # 4. A case with a threat: malicious, police called at once (extended by the referral demo).
    intake = _intake(
        school=hauts,
        reporter=psychoed,
        told_by="Élève de 4e secondaire (victime)",
        account="Un élève menace de publier une vidéo intime d’elle si elle ne lui en envoie "
        "pas d'autres.",
        students="Maya R. (4e sec.), Jérémy D. (5e sec.)",
        circulation="Pas encore diffusée selon l’élève",
        minutes_ago=60 * 24 * 3,
        # The teacher was there when she confided: his own DPJ duty is still pending (issue 16).
        heard_by=(teacher,),
    )
    case = services.case_open(
        actor=coordinator,
        school=hauts,
        intake=intake,
        summary="Menace de diffusion d’une vidéo intime (sextorsion).",
    )
    services.case_person_add(
        actor=coordinator,
        case=case,
        label="A",
        name="Maya Roy",
        age=15,
        grade="4e secondaire",
        roles=["depicted", "producer", "sender"],
    )
    services.case_person_add(
        actor=coordinator,
        case=case,
        label="B",
        name="Jérémy Dubé",
        age=17,
        grade="5e secondaire",
        roles=["recipient", "possessor"],
    )
    services.case_grid_save(
        actor=coordinator,
        case=case,
        answers=_grid(
            people=[
                {"id": "A", "age": 15, "roles": ["depicted", "producer", "sender"]},
                {"id": "B", "age": 17, "roles": ["recipient", "possessor"]},
            ],
            medium="video",
            depiction="sexual_activity",
            stage="to_intended_recipient",
            audience="none",
            threats_or_extortion=True,
        ),
    )
    _steps_done(case, coordinator, ["protect_victim", "stop_dissemination", "secure_devices"])
    cases.append(case)

    # 5. A closed case at another school.
    intake = _intake(
        school=lac_vert,
        reporter=lac_coordinator,
        told_by="Élève de 1re secondaire",
        account="Une photo suggestive d’un élève (en maillot) a été montrée à deux amis.",
        students="Olivier M. (1re sec.)",
        circulation="Montrée sur un téléphone",
        minutes_ago=60 * 24 * 20,
    )
    case = services.case_open(
        actor=lac_coordinator,
        school=lac_vert,
        intake=intake,
        summary="Photo suggestive montrée à deux élèves.",
    )
    olivier = services.case_person_add(
        actor=lac_coordinator,
        case=case,
        label="A",
        name="Olivier Martin",
        age=12,
        grade="1re secondaire",
        roles=["depicted", "producer", "sender"],
    )
    services.case_grid_save(
        actor=lac_coordinator,
        case=case,
        answers=_grid(
            people=[{"id": "A", "age": 12, "roles": ["depicted", "producer", "sender"]}],
            depiction="suggestive",
            audience="few",
        ),
    )
    demo_closure.closed_case_settle(case, coordinator=lac_coordinator, person=olivier)
    for step in case.steps.filter(state=CaseStep.State.PENDING):
        services.case_step_update(
            actor=lac_coordinator,
            step=step,
            state=CaseStep.State.DONE
            if step.key
            in {
                "protect_victim",
                "stop_dissemination",
                "evaluate_grid",
                "inform_parents",
                "educational_follow_up",
            }
            else CaseStep.State.NOT_APPLICABLE,
            note=""
            if step.key
            in {
                "protect_victim",
                "stop_dissemination",
                "evaluate_grid",
                "inform_parents",
                "educational_follow_up",
            }
            else "Suivi scolaire seulement selon la grille.",
        )
    case.refresh_from_db()
    services.case_close(
        actor=lac_coordinator,
        case=case,
        outcome="Rencontre éducative tenue, parents informés, photo supprimée "
        "des deux téléphones en présence des parents.",
    )
    cases.append(case)

    cases.append(_demo_impulsive_with_meetings(hauts, coordinator, principal, teacher))
    _demo_extend(cases, coordinator=coordinator, principal=principal, psychoed=psychoed)
    cases.append(demo_closure.almost_closable_case(hauts, coordinator=coordinator, teacher=teacher))
    _referral_timeline()
    for case, days in zip(cases, [0.05, 3, 20, 12, 9], strict=True):
        _backdate(case, days=days)
    # Félix's case: the principal sent the summary report to the director general (Education
    # Act s.96.12) two days ago.
    felix_case = cases[3]
    felix_case.refresh_from_db()
    dg_report.case_dg_report_sent(
        actor=principal,
        case=felix_case,
        sent_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    write(f"Kit: {Intake.objects.count()} intakes, {Case.objects.count()} cases.")
    return cases


def _demo_impulsive_with_meetings(
    hauts: School, coordinator: User, principal: User, teacher: User
) -> Case:
    intake = _intake(
        school=hauts,
        reporter=teacher,
        told_by="Élève de 5e secondaire",
        account="Une vidéo intime d’un élève de 16 ans, envoyée à sa copine, a été montrée "
        "à deux amies par celle-ci.",
        students="Félix B. (5e sec.), Amélie C. (5e sec.)",
        circulation="Montrée sur un téléphone, envoyée à une amie",
        minutes_ago=60 * 24 * 12,
    )
    case = services.case_open(
        actor=coordinator,
        school=hauts,
        intake=intake,
        summary="Vidéo intime d’un élève de 16 ans montrée et envoyée à "
        "deux élèves par la destinataire.",
    )
    services.case_person_add(
        actor=coordinator,
        case=case,
        label="A",
        name="Félix Bélanger",
        age=16,
        grade="5e secondaire",
        roles=["depicted", "producer", "sender"],
    )
    services.case_person_add(
        actor=coordinator,
        case=case,
        label="B",
        name="Amélie Caron",
        age=16,
        grade="5e secondaire",
        roles=["recipient", "distributor"],
    )
    services.case_grid_save(
        actor=coordinator,
        case=case,
        answers=_grid(
            people=[
                {"id": "A", "age": 16, "roles": ["depicted", "producer", "sender"]},
                {"id": "B", "age": 16, "roles": ["recipient", "distributor"]},
            ],
            medium="video",
            depiction="genitals_or_anal_region",
            audience="few",
        ),
    )
    return case


def _referral_timeline(*, determined_after: datetime.timedelta | None = None) -> None:
    """Give the demo's referrals believable times: sent when the police were contacted,
    acknowledged half an hour later, decided some hours after that."""
    for referral in Referral.objects.select_related("case"):
        contacted = referral.police_contacted_at
        updates: dict[str, Any] = {"referred_at": contacted}
        if referral.acknowledged_at:
            updates["acknowledged_at"] = contacted + datetime.timedelta(minutes=30)
        if referral.determined_at:
            decided = contacted + (determined_after or datetime.timedelta(hours=20))
            updates["determined_at"] = decided
            updates["outcome_at"] = decided
            if referral.investigation_opened_at:
                updates["investigation_opened_at"] = decided
            Case.all_objects.filter(pk=referral.case_id).update(determined_at=decided)
        Referral.objects.filter(pk=referral.pk).update(**updates)


def _demo_extend(cases: list[Case], *, coordinator: User, principal: User, psychoed: User) -> None:
    """Devices, referrals, determinations, meetings and the people around, per stage."""
    police = _user("liaison@police-saint-jerome.demo")
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    zoe_case, maya_case, _closed, felix_case = cases

    # Zoé: devices sealed, referred, acknowledged, awaiting the DPCP's determination.
    noah = zoe_case.people.get(label="B")
    zoe = zoe_case.people.get(label="A")
    devices.device_seize(
        actor=coordinator,
        case=zoe_case,
        description="iPhone noir, étui bleu",
        envelope_number="HS-2026-014",
        storage_place="Coffre du secrétariat",
        seized_at=now - 2 * hour,
        seized_where="Bureau de la direction",
        owner=noah,
    )
    devices.device_seize(
        actor=coordinator,
        case=zoe_case,
        description="Téléphone Android gris",
        envelope_number="HS-2026-015",
        storage_place="Coffre du secrétariat",
        seized_at=now - 2 * hour,
        owner_text="Élève ayant reçu la photo",
    )
    referral = referrals.referral_create(
        actor=coordinator, case=zoe_case, police_contacted_at=now - hour
    )
    referrals.referral_acknowledge(
        actor=police, referral=referral, police_file_number="SPSJ-26-004211"
    )
    around.parent_notification_record(
        actor=coordinator,
        case=zoe_case,
        person=zoe,
        guardian="Mère de Zoé",
        at=now - hour,
        channel="phone",
        summary="Situation expliquée, rencontre prévue demain matin.",
    )
    around.support_entry_add(
        actor=psychoed,
        case=zoe_case,
        person=zoe,
        planned_for=now + 20 * hour,
        resources=["teljeunes", "cavac", "take_it_down"],
        note="Premier suivi avec la psychoéducatrice.",
    )

    # Maya: sextortion, malicious, investigation opened; device handed to the police.
    jeremy = maya_case.people.get(label="B")
    device = devices.device_seize(
        actor=coordinator,
        case=maya_case,
        description="iPhone blanc",
        envelope_number="HS-2026-011",
        storage_place="Coffre du secrétariat",
        seized_at=now - 70 * hour,
        owner=jeremy,
    )
    referral = referrals.referral_create(
        actor=coordinator, case=maya_case, police_contacted_at=now - 69 * hour
    )
    devices.device_hand_to_police(
        actor=coordinator,
        device=device,
        officer_name="Sgt Patrick Lavoie",
        receipt_signed_by="Sgt Patrick Lavoie",
        at=now - 66 * hour,
        version=device.version,
    )
    referrals.referral_acknowledge(
        actor=police, referral=referral, police_file_number="SPSJ-26-003987"
    )
    referral.refresh_from_db()
    referrals.determination_record(
        actor=police,
        referral=referral,
        determination="malicious",
        note="Enquête ouverte par la section des crimes majeurs.",
        version=referral.version,
    )
    # The personal DPJ duty: the coordinator and the principal each reported; the teacher who
    # heard the facts, the psychoeducator who filed the report and the backup have not yet.
    around.youth_protection_record(
        actor=coordinator,
        case=maya_case,
        kind="report",
        at=now - 68 * hour,
        reference="DPJ-LAU-26-1187",
    )
    around.youth_protection_record(
        actor=principal,
        case=maya_case,
        kind="report",
        at=now - 67 * hour,
        reference="DPJ-LAU-26-1192",
    )
    around.takedown_request_add(
        actor=coordinator,
        case=maya_case,
        where="Take It Down (NCMEC)",
        sent_at=now - 60 * hour,
        reference="TID-8841",
    )

    # Félix: impulsive, SEXTO awareness meetings held, parents informed, measures done.
    felix = felix_case.people.get(label="A")
    amelie = felix_case.people.get(label="B")
    devices.device_seize(
        actor=coordinator,
        case=felix_case,
        description="Téléphone Samsung",
        envelope_number="HS-2026-009",
        storage_place="Coffre du secrétariat",
        seized_at=now - 280 * hour,
        owner=amelie,
    )
    referral = referrals.referral_create(
        actor=coordinator, case=felix_case, police_contacted_at=now - 279 * hour
    )
    referrals.referral_acknowledge(actor=police, referral=referral)
    referral.refresh_from_db()
    referrals.determination_record(
        actor=police,
        referral=referral,
        determination="impulsive",
        note="Rencontres de sensibilisation SEXTO.",
        version=referral.version,
    )
    for person, guardian in [(felix, "Père de Félix"), (amelie, "Mère d’Amélie")]:
        meeting = referrals.meeting_schedule(
            actor=police,
            referral=referral,
            person=person,
            scheduled_at=now - 100 * hour,
            with_guardian=guardian,
        )
        referrals.meeting_held(
            actor=police, meeting=meeting, held_at=now - 99 * hour, version=meeting.version
        )
        around.parent_notification_record(
            actor=principal,
            case=felix_case,
            person=person,
            guardian=guardian,
            at=now - 270 * hour,
            channel="meeting",
            summary="Rencontre à l’école : démarche expliquée, soutien offert.",
        )
    measure = around.educational_measure_add(
        actor=coordinator,
        case=felix_case,
        person=amelie,
        what="Atelier sur le consentement et le partage d’images",
        with_whom="TES de l’école",
        planned_for=(now - 90 * hour).date(),
    )
    around.educational_measure_done(
        actor=coordinator, measure=measure, done_at=now - 80 * hour, version=measure.version
    )
    services.professional_invite(actor=principal, case=felix_case, user=psychoed)
    around.support_entry_add(
        actor=psychoed,
        case=felix_case,
        person=felix,
        held_at=now - 200 * hour,
        resources=["needhelpnow"],
        note="Suivi tenu, élève rassuré.",
    )


# ---- Access beyond the team: a coordinator of another school of the same service centre holds
# a live grant on a Hauts-Sommets case (the victim is changing schools).

DEMO_GRANT_REASON = (
    "L’élève victime change d’école (vers l’École secondaire du Lac-Vert) : continuité du plan "
    "de soutien pendant la transition."
)


def demo_access_seed(write: Callable[[str], None]) -> AccessGrant | None:
    """Idempotent: a grant is given again only when the previous demo grant has ended."""
    case = (
        Case.objects.filter(school__ministry_code="751001", status=Case.Status.OPEN)
        .order_by("opened_at")
        .first()
    )
    grantee = User.objects.filter(email="coordination@lac-vert.demo").first()
    principal = User.objects.filter(email="direction@hauts-sommets.demo").first()
    if case is None or grantee is None or principal is None:
        return None
    current = access_grant_live(user=grantee, target=case)
    if current is not None:
        return current
    grant = case_access_grant(
        actor=principal,
        case=case,
        email=grantee.email,
        reason=DEMO_GRANT_REASON,
        ends_at=timezone.now() + datetime.timedelta(days=14),
    )
    write(f"Access grant: {grantee.handle} reads {case.number} until {grant.ends_at:%Y-%m-%d}.")
    return grant
