"""Factories of the kit: intakes, cases, people involved, devices, referrals.

Each goes through the service that creates the real thing (`intake_create`, `case_open`,
`device_seize`, `referral_create`…), so what a factory makes is valid by default: a case has a
number, its steps, its team and its chronology, at a school whose territory has an agreement.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import factory
from django.utils import timezone

from sexto.directory.models import Membership, Role, School, User
from sexto.interventions.models import Case, CasePerson, Device, Intake, Referral
from tests.factories.directory import (
    AgreementFactory,
    MembershipFactory,
    SchoolFactory,
    TwoFactorUserFactory,
)


def _ago(**kwargs: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


class AgreedSchoolFactory(SchoolFactory):
    """A school whose territory's police force has an agreement in force (cases may open)."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def agreement(obj: School, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            AgreementFactory(police_force=obj.territory.police_force)


def school_member(*, school: School, role: str) -> User:
    """The school's first confirmed person in this role, or a new one (signed up with TOTP)."""
    membership = (
        Membership.objects.filter(school=school, role=role, status=Membership.Status.CONFIRMED)
        .order_by("valid_from", "created_at")
        .first()
    )
    if membership is not None:
        return membership.user
    return MembershipFactory(school=school, role=role, user=TwoFactorUserFactory()).user


class IntakeFactory(factory.Factory):
    """A staff member's report of what a student told them (filed through `intake_create`)."""

    class Meta:
        model = Intake

    school = factory.SubFactory(AgreedSchoolFactory)
    reporter = factory.LazyAttribute(lambda o: school_member(school=o.school, role=Role.STAFF))
    told_at = factory.LazyFunction(lambda: _ago(minutes=20))
    told_by = "Élève de 3e secondaire (amie de la victime)"
    account = "Une photo intime d'une élève de 14 ans circule dans un groupe de la classe."

    @classmethod
    def _create(cls, model_class: type[Intake], *args: Any, **kwargs: Any) -> Intake:
        from sexto.interventions.services import intake_create

        return intake_create(**kwargs)


class CaseFactory(factory.Factory):
    """A case opened by the school's coordinator from a staff member's intake (`case_open`).

    `CaseFactory(intake=None)` opens one directly; `CaseFactory(school=…)` picks the school (its
    coordinator is found, or made)."""

    class Meta:
        model = Case

    school = factory.SubFactory(AgreedSchoolFactory)
    actor = factory.LazyAttribute(lambda o: school_member(school=o.school, role=Role.COORDINATOR))
    intake = factory.SubFactory(IntakeFactory, school=factory.SelfAttribute("..school"))
    summary = "Photo intime d'une élève de 14 ans retransmise."

    @classmethod
    def _create(cls, model_class: type[Case], *args: Any, **kwargs: Any) -> Case:
        from sexto.interventions.services import case_open

        return case_open(**kwargs)


class CasePersonFactory(factory.Factory):
    """A student involved in the case (`case_person_add`: the name is encrypted and indexed)."""

    class Meta:
        model = CasePerson

    case = factory.SubFactory(CaseFactory)
    actor = factory.LazyAttribute(lambda o: o.case.opened_by)
    label = factory.Sequence(lambda n: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n % 26])
    name = factory.Iterator(["Zoé Lavoie", "Noah Gagné", "Maya Roy", "Jérémy Dubé"])
    age = 14
    grade = "3e secondaire"
    roles = factory.LazyFunction(lambda: ["depicted"])

    @classmethod
    def _create(cls, model_class: type[CasePerson], *args: Any, **kwargs: Any) -> CasePerson:
        from sexto.interventions.services import case_person_add

        return case_person_add(**kwargs)


class DeviceFactory(factory.Factory):
    """A phone seized and sealed in a numbered envelope, never looked at (`device_seize`)."""

    class Meta:
        model = Device

    case = factory.SubFactory(CaseFactory)
    actor = factory.LazyAttribute(lambda o: o.case.opened_by)
    description = "Téléphone cellulaire noir, étui rose, écran fissuré"
    envelope_number = factory.Sequence(lambda n: f"ENV-{n + 1:04d}")
    storage_place = "Coffre verrouillé du bureau de la direction"
    seized_at = factory.LazyFunction(lambda: _ago(minutes=30))
    seized_where = "Bureau de la direction"

    @classmethod
    def _create(cls, model_class: type[Device], *args: Any, **kwargs: Any) -> Device:
        from sexto.interventions.services.devices import device_seize

        return device_seize(**kwargs)


class ReferralFactory(factory.Factory):
    """The case referred to the police force serving the school's territory (`referral_create`)."""

    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory)
    actor = factory.LazyAttribute(lambda o: o.case.opened_by)
    police_contacted_at = factory.LazyFunction(lambda: _ago(minutes=10))

    @classmethod
    def _create(cls, model_class: type[Referral], *args: Any, **kwargs: Any) -> Referral:
        from sexto.interventions.services.referrals import referral_create

        return referral_create(**kwargs)


def case_settle(*, case: Case, duty_left_to: Iterable[Any] = ()) -> Case:
    """Settle everything closure asks for (selectors/closure.py) that the case still lacks: each
    DPJ duty holder's own report, each young person's parents (not informed, with why), each
    meeting the DPCP ordered (not held, with why), then every step still to do (not applicable,
    with why). Records are written directly where the service's own rules (who may record, the
    police's go-ahead) are not what a test of something else is about."""
    from sexto.interventions.models import (
        AwarenessMeeting,
        CaseStep,
        ParentNotification,
        YouthProtectionReport,
    )
    from sexto.interventions.selectors.around import youth_protection_status
    from sexto.interventions.selectors.closure import parents_missing, person_is_young
    from sexto.interventions.services import case_step_update

    actor = case.opened_by
    left = {user.pk for user in duty_left_to}
    for user in youth_protection_status(case).missing:
        if user.pk in left:  # their own report is what the test is about
            continue
        YouthProtectionReport.objects.create(
            case=case, user=user, kind="report", at=_ago(minutes=30), reference="DPJ-TEST-001"
        )
    young = [person for person in case.people.all() if person_is_young(person)]
    for person in parents_missing(case, young):
        ParentNotification.objects.create(
            case=case,
            person=person,
            by=actor,
            at=_ago(minutes=30),
            channel=ParentNotification.Channel.NOT_DONE,
            why_not="La DPJ a demandé d'attendre son évaluation.",
        )
    for referral in case.referrals.filter(determination=Referral.Determination.IMPULSIVE):
        referral.meetings.filter(held_at__isnull=True, not_held_reason="").update(
            not_held_reason="La famille a décliné la rencontre."
        )
        met = set(referral.meetings.values_list("person_id", flat=True))
        for person in young:
            if person.pk not in met:
                AwarenessMeeting.objects.create(
                    referral=referral,
                    person=person,
                    scheduled_at=_ago(hours=2),
                    not_held_reason="La famille a décliné la rencontre.",
                    recorded_by=actor,
                )
    for step in case.steps.filter(state=CaseStep.State.PENDING):
        case_step_update(
            actor=actor,
            step=step,
            state=CaseStep.State.NOT_APPLICABLE,
            note="Suivi scolaire seulement selon la grille.",
        )
    case.refresh_from_db()
    return case


def case_closed(
    *, case: Case, outcome: str = "Rencontre éducative tenue, parents informés."
) -> Case:
    """The case closed by its opener (`case_close`), once `case_settle` settled what closing
    requires."""
    from sexto.interventions.services import case_close

    return case_close(actor=case.opened_by, case=case_settle(case=case), outcome=outcome)
