"""One small world for the authorisation matrix: every role of DESIGN.md as a real account, one
case with a bit of everything on it, a case of another school, an untriaged intake.

Built with the product's services (as people would have done it), on top of the demo directory.
`world_build()` returns the accounts by role key and the values of the matrix's placeholders.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from sexto.directory.demo import demo_account_ensure
from sexto.directory.models import Membership, Organisation, Role, School, User
from sexto.interventions.models import Notification
from tests.grid_answers import grid_answers

# The roles the matrix checks, in the order its report prints them. `None` = not signed in.
ROLE_EMAILS: dict[str, str | None] = {
    "anonymous": None,
    "staff": "enseignant@hauts-sommets.demo",
    "coordinator": "coordination@hauts-sommets.demo",
    "principal": "direction@hauts-sommets.demo",
    "professional": "psychoed@hauts-sommets.demo",  # invited onto the case
    "police": "liaison@police-saint-jerome.demo",  # the force the case was referred to
    "police_other": "liaison@spvm.authz.test",  # a liaison of another force
    "privacy": "prp@css-mille-lacs.demo",  # no break-glass
    "admin": "admin@css-mille-lacs.demo",  # service-centre admin
    "trainer": "formation@cadre21.demo",
    "learner": "learner@authz.test",  # a plain account with no role
    "analyst": "analyste@css-mille-lacs.demo",
    "superuser": "plateforme@sexto.demo",  # is_superuser + is_staff, no membership
}
ROLES = tuple(ROLE_EMAILS)


def _ago(**kwargs: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


@dataclass
class World:
    users: dict[str, User | None]
    placeholders: dict[str, str] = field(default_factory=dict)
    case: Any = None
    other_school_case: Any = None


def extra_accounts_ensure() -> None:
    """The two accounts the demo does not have: another force's liaison, a plain learner."""
    liaison = demo_account_ensure(
        email="liaison@spvm.authz.test",
        handle="liaison-spvm-authz",
        first_name="Luc",
        last_name="Montréal",
        language="fr",
        totp=True,
    )
    Membership.objects.get_or_create(
        user=liaison,
        organisation=Organisation.objects.get(slug="spvm"),
        role=Role.POLICE_LIAISON,
        defaults={"valid_from": datetime.date(2020, 1, 1), "status": "confirmed"},
    )
    demo_account_ensure(
        email="learner@authz.test",
        handle="learner-authz",
        first_name="Léo",
        last_name="Apprenant",
        language="fr",
        totp=False,
    )


def world_build() -> World:
    """The demo directory must exist (the `demo` fixture). Everything else is made here."""
    from sexto.api.models import ApiToken
    from sexto.interventions import services
    from sexto.interventions.services import around, devices, referrals

    extra_accounts_ensure()
    users = {
        role: (User.objects.get(email=email) if email else None)
        for role, email in ROLE_EMAILS.items()
    }
    coordinator = users["coordinator"]
    assert coordinator is not None
    hauts = School.objects.get(ministry_code="751001")
    lac_vert = School.objects.get(ministry_code="751002")

    intake = services.intake_create(
        reporter=users["staff"],
        school=hauts,
        told_at=_ago(minutes=90),
        told_by="Élève de 3e secondaire (témoin)",
        account="Une photo intime d'une élève circule dans un groupe de la classe.",
        students="Élève A, élève B",
        circulation="Messages privés",
    )
    case = services.case_open(
        actor=coordinator, school=hauts, intake=intake, summary="Photo intime retransmise."
    )
    person_a = services.case_person_add(
        actor=coordinator, case=case, label="A", name="Élève Alpha", age=14,
        roles=["depicted", "producer", "sender"],
    )  # fmt: skip
    person_b = services.case_person_add(
        actor=coordinator, case=case, label="B", name="Élève Bravo", age=15,
        roles=["recipient", "distributor"],
    )  # fmt: skip
    case.refresh_from_db()
    services.case_grid_save(actor=coordinator, case=case, answers=grid_answers())
    services.professional_invite(actor=users["principal"], case=case, user=users["professional"])
    device = devices.device_seize(
        actor=coordinator,
        case=case,
        description="Téléphone",
        envelope_number="ENV-AUTHZ-1",
        storage_place="Coffre",
        seized_at=_ago(minutes=60),
    )
    referral = referrals.referral_create(
        actor=coordinator, case=case, police_contacted_at=_ago(minutes=30)
    )
    # The police acknowledged it (an outcome needs that) and determined it impulsive (so
    # awareness meetings can be scheduled).
    referrals.referral_acknowledge(actor=users["police"], referral=referral)
    referral.refresh_from_db()
    referrals.determination_record(
        actor=users["police"], referral=referral, determination="impulsive", version=None
    )
    meeting = referrals.meeting_schedule(
        actor=coordinator,
        referral=referral,
        person=person_a,
        scheduled_at=timezone.now() + datetime.timedelta(days=2),
        with_guardian="Sa mère",
    )
    support = around.support_entry_add(
        actor=coordinator, case=case, person=person_a, planned_for=_ago(days=-1)
    )
    takedown = around.takedown_request_add(
        actor=coordinator, case=case, where="take_it_down", sent_at=_ago(minutes=20)
    )
    measure = around.educational_measure_add(
        actor=coordinator, case=case, what="Atelier sur le consentement"
    )

    other_intake = services.intake_create(
        reporter=users["staff"],
        school=hauts,
        told_at=_ago(minutes=10),
        told_by="Un enseignant",
        account="Une rumeur de photo intime.",
    )
    lac_coordinator = User.objects.get(email="coordination@lac-vert.demo")
    other_case = services.case_open(
        actor=lac_coordinator, school=lac_vert, summary="Autre école, autre équipe."
    )

    # A live grant to someone outside the roles checked (another school's coordinator), so the
    # grant rows have one to revoke without changing what the checked roles may see.
    from sexto.interventions.services import access as grants

    grant = grants.case_access_grant(
        actor=coordinator,
        case=case,
        email="coordination@lac-vert.demo",
        reason="Relève pendant un congé.",
        ends_at=timezone.now() + datetime.timedelta(days=3),
    )

    # A transfer proposed to another board's school, awaiting its coordinator (issue 18).
    from sexto.interventions.demo_day import demo_riverview_coordinator_ensure
    from sexto.interventions.services.transfer import case_transfer_propose

    demo_riverview_coordinator_ensure()
    transfer = case_transfer_propose(
        actor=coordinator,
        case=case,
        to_school=School.objects.get(ministry_code="881001"),
        reason="La famille a déménagé.",
    )

    token = ApiToken.objects.create(
        user=coordinator,
        name="matrix",
        prefix=f"sxt_{uuid.uuid4().hex[:8]}",
        digest=uuid.uuid4().hex * 2,
        scopes=["read"],
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    staff_membership = Membership.objects.get(user=users["staff"], school=hauts)
    step = case.steps.order_by("position").first()
    assert step is not None
    case.refresh_from_db()
    device.refresh_from_db()
    referral.refresh_from_db()
    meeting.refresh_from_db()

    placeholders = {
        **training_credentials_privacy_build(users=users, case=case),
        "case": str(case.pk),
        "other_school_case": str(other_case.pk),
        "missing_case": "00000000-0000-0000-0000-000000000000",
        "intake": str(other_intake.pk),
        "case_intake": str(intake.pk),
        "step": str(step.pk),
        "step_key": step.key,
        "device": str(device.pk),
        "referral": str(referral.pk),
        "meeting": str(meeting.pk),
        "support_entry": str(support.pk),
        "takedown": str(takedown.pk),
        "measure": str(measure.pk),
        "organisation": "css-mille-lacs",
        "membership": str(staff_membership.pk),
        # The demo's appointment awaiting the principal (proposed by the administrator).
        "pending_membership": str(
            Membership.objects.pending().get(user__email="releve@hauts-sommets.demo").pk
        ),
        "token": str(token.pk),
        "grant": str(grant.pk),
        "transfer": str(transfer.pk),
        "alert": str(
            Notification.objects.create(
                user=coordinator,
                kind="intake.new",
                url=f"/cases/{case.pk}/",
                reference=case.number or "",
                subject="a new intake report awaits triage",
            ).pk
        ),
        "school": str(hauts.pk),
        "person": str(person_a.pk),
        "person_b": str(person_b.pk),
        "now": timezone.localtime().isoformat(),
        "tomorrow": (timezone.localtime() + datetime.timedelta(days=1)).isoformat(),
        # Versions as read, for the API's writes (a stale one gets 409).
        "case_version": str(case.version),
        "step_version": str(step.version),
        "device_version": str(device.version),
        "referral_version": str(referral.version),
        "meeting_version": str(meeting.version),
    }
    return World(users=users, placeholders=placeholders, case=case, other_school_case=other_case)


def training_credentials_privacy_build(
    *, users: dict[str, User | None], case: Any
) -> dict[str, str]:
    """Training, credentials and privacy objects, through their apps' own services.

    - the Sexto program (training's demo content): a reflective level and a simulation level;
    - a submission awaiting review, by a learner outside the checked roles (a technician of the
      school), so only the reviewers' rows see it;
    - an award (signed, on a status list) held by `learner`, who opted in to a public profile;
    - a simulation attempt of `staff`, whose Explorateur is approved (open, its grid not filled
      in);
    - an incident in the service centre's register and a legal hold on the case.
    """
    from sexto.audit.retention import legal_hold_place
    from sexto.credentials import services
    from sexto.credentials.member_choices import member_profile_update
    from sexto.credentials.models import Award, Endorsement
    from sexto.credentials.services import award_issue
    from sexto.directory.demo import demo_person_ensure
    from sexto.directory.permissions import privacy_officer_holders
    from sexto.interventions.retention import retention_target_find
    from sexto.privacy import services as privacy
    from sexto.training import demo as training_demo
    from sexto.training import services as training
    from sexto.training.models import Level
    from sexto.training.simulations import services as simulations

    learner, officer, trainer = users["learner"], users["privacy"], users["trainer"]
    assert learner is not None and officer is not None and trainer is not None

    program = training_demo.demo_program_seed()
    reflective = Level.objects.get(program=program, slug="explorateur")
    simulation = Level.objects.get(program=program, slug="architecte")
    assert reflective.badge_slug

    # A proof awaiting review (its author is no checked role).
    author = demo_person_ensure(training_demo.DEMO_LEARNERS[1]).user
    for module in reflective.modules.order_by("position"):
        training.module_mark_read(user=author, module=module)
    submission = training.submission_submit(
        user=author,
        level=reflective,
        answers={f"answer_{n}": training_demo.LONG_ANSWER for n in range(1, 4)},
    )

    # The learner's badge, signed now (not after commit: the test's transaction never commits).
    award = award_issue(
        recipient=learner, level=reflective, evidence={"answers": []}, actor=trainer
    )
    assert award is not None
    issued = services.credential_for(award)
    member_profile_update(user=learner, public=True, show_name=False)
    issuer = issued.organisation

    # The Architecte's simulations need its eligibility: `staff` (a teacher of a school with an
    # agreement) had the Explorateur approved, then started one; `learner` (no role) may not.
    player = users["staff"]
    assert player is not None
    for module in reflective.modules.order_by("position"):
        training.module_mark_read(user=player, module=module)  # the proof needs every module read
    played = training.submission_submit(
        user=player,
        level=reflective,
        answers={f"answer_{n}": training_demo.LONG_ANSWER for n in range(1, 4)},
    )
    training.submission_review(
        reviewer=trainer, submission=played, decision="approved", comment="Très bien."
    )
    # Endorsed by the player's board: their school's territory has an agreement (issue 17).
    endorsed = Award.objects.filter(recipient=player, level=reflective).first() or award_issue(
        recipient=player, level=reflective, evidence={"answers": []}, actor=trainer
    )
    assert endorsed is not None
    services.credential_for(endorsed)
    attempt = simulations.simulation_start(
        user=player,
        program_slug=program.slug,
        level_slug=simulation.slug,
        scenario_key="impulsive-redistribution",
    )

    organisation = Organisation.objects.get(slug="css-mille-lacs")
    incident = privacy.incident_create(
        actor=officer,
        organisation=organisation,
        what_happened="Un courriel envoyé au mauvais destinataire.",
        occurred_at=_ago(days=2),
        discovered_at=_ago(days=1),
        reported_by="Secrétariat",
        people_affected_count=1,
    )
    target = retention_target_find(
        reference=case.number, holder_ids=privacy_officer_holders(officer)
    )
    assert target is not None, "the case is held by the privacy officer's service centre"
    hold = legal_hold_place(
        actor=officer,
        target=(target.target_type, target.target_id),
        chain=target.chain,
        reference=target.reference,
        reason="Demande d'accès en cours.",
    )

    return {
        "program": program.slug,
        "level": reflective.slug,
        "level_pk": str(reflective.pk),
        "simulation_level": simulation.slug,
        "scenario": "impulsive-redistribution",
        "submission": str(submission.pk),
        "award": str(award.pk),
        "endorsed_award": str(endorsed.pk),
        "endorsement": str(Endorsement.objects.get(award=endorsed).pk),
        "badge": reflective.badge_slug,
        "issuer": issuer.slug,
        "status_list": str(issued.status_list.number),
        "member": learner.handle,
        "attempt": str(attempt.pk),
        "simulation_case": str(attempt.case_id),
        "incident": str(incident.pk),
        "hold": str(hold.pk),
    }
