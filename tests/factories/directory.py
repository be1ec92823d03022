"""Factories of the directory: people, organisations, territories, agreements, schools, roles."""

from __future__ import annotations

import datetime

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from sexto.directory.demo import DEMO_TOTP_SECRET
from sexto.directory.models import (
    Agreement,
    Membership,
    Organisation,
    Role,
    School,
    Territory,
    User,
)

# The password of every factory-made person (tests.helpers.sign_in uses it by default).
PASSWORD = "correct-horse-battery-9"
# tests.helpers.totp_now() computes codes for one secret: the demo's, so that both factory-made
# people and the browser tests' demo accounts sign in with the same helper.
TOTP_SECRET = DEMO_TOTP_SECRET


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@school.test")
    handle = factory.Sequence(lambda n: f"person{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Test{n}")
    password = factory.django.Password(PASSWORD)


class TwoFactorUserFactory(UserFactory):
    """A person who can sign in to read cases: verified e-mail, TOTP and recovery codes."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def two_factor(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if not create:
            return
        EmailAddress.objects.update_or_create(
            user=obj, email=obj.email, defaults={"verified": True, "primary": True}
        )
        TOTP.activate(obj, TOTP_SECRET)
        RecoveryCodes.activate(obj)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Centre de services scolaire {n}")
    kind = Organisation.Kind.SERVICE_CENTRE


class PoliceForceFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Service de police {n}")
    kind = Organisation.Kind.POLICE_FORCE


class DpcpOfficeFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"DPCP — Bureau {n}")
    kind = Organisation.Kind.DPCP_OFFICE


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Territoire {n}")
    police_force = factory.SubFactory(PoliceForceFactory)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    ministry_code = factory.Sequence(lambda n: f"{700000 + n}")
    name = factory.Sequence(lambda n: f"École secondaire {n}")
    language = "fr"
    organisation = factory.SubFactory(OrganisationFactory)
    municipality = "Saint-Jérôme"
    territory = factory.SubFactory(TerritoryFactory)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    police_force = factory.SubFactory(PoliceForceFactory)
    signed_on = datetime.date(2020, 1, 1)
    effective_on = datetime.date(2020, 2, 1)
    expires_on = None
    status = Agreement.Status.ACTIVE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    organisation = None
    role = Role.STAFF
    valid_from = datetime.date(2020, 1, 1)
    # A membership only gives something once confirmed (the model's default is pending).
    status = Membership.Status.CONFIRMED
