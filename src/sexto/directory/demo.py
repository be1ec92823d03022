"""Demo directory: a service centre in Saint-Jérôme, a territory without agreement, asantos.

All names are fictional. Every demo account shares one password and one TOTP secret (README.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from sexto.directory.models import (
    Agreement,
    Membership,
    Organisation,
    Region,
    Role,
    School,
    Territory,
    User,
)
from sexto.directory.resources import resources_load
from sexto.directory.services import membership_create
from sexto.directory.sign_in.models import IdentityProvider

DEMO_PASSWORD = "sexto-demo-2026"  # noqa: S105 (public demo credentials, documented)
# Base32; any authenticator app or `make totp` turns it into the current 6-digit code.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPSEXTODEMOSEXTOAA"  # noqa: S105
DEMO_START = datetime.date(2024, 8, 20)


@dataclass(frozen=True)
class DemoPerson:
    email: str
    handle: str
    first_name: str
    last_name: str
    role: str
    place: str  # an organisation slug or a school's ministry code
    language: str = "fr"
    is_backup: bool = False
    totp: bool = True


DEMO_PEOPLE = [
    DemoPerson(
        "coordination@hauts-sommets.demo",
        "jtremblay",
        "Julie",
        "Tremblay",
        Role.COORDINATOR,
        "751001",
    ),
    DemoPerson(
        "backup@hauts-sommets.demo",
        "mgagnon",
        "Marc",
        "Gagnon",
        Role.COORDINATOR,
        "751001",
        is_backup=True,
    ),
    DemoPerson(
        "direction@hauts-sommets.demo", "sbergeron", "Sophie", "Bergeron", Role.PRINCIPAL, "751001"
    ),
    DemoPerson(
        "psychoed@hauts-sommets.demo", "iroy", "Isabelle", "Roy", Role.PROFESSIONAL, "751001"
    ),
    DemoPerson("enseignant@hauts-sommets.demo", "lcote", "Luc", "Côté", Role.STAFF, "751001"),
    DemoPerson(
        "coordination@lac-vert.demo", "kbouchard", "Karine", "Bouchard", Role.COORDINATOR, "751002"
    ),
    DemoPerson(
        "coordination@val-des-pins.demo",
        "ppoirier",
        "Pierre",
        "Poirier",
        Role.COORDINATOR,
        "752001",
    ),
    DemoPerson(
        "liaison@police-saint-jerome.demo",
        "plavoie",
        "Patrick",
        "Lavoie",
        Role.POLICE_LIAISON,
        "police-saint-jerome",
    ),
    DemoPerson(
        "sexto@css-mille-lacs.demo",
        "gdubois",
        "Geneviève",
        "Dubois",
        Role.SEXTO_LEAD,
        "css-mille-lacs",
    ),
    DemoPerson(
        "prp@css-mille-lacs.demo",
        "nmorin",
        "Nathalie",
        "Morin",
        Role.PRIVACY_OFFICER,
        "css-mille-lacs",
    ),
    DemoPerson(
        "admin@css-mille-lacs.demo", "afortin", "Alain", "Fortin", Role.ORG_ADMIN, "css-mille-lacs"
    ),
    DemoPerson(
        "analyste@css-mille-lacs.demo", "khaddad", "Karim", "Haddad", Role.ANALYST, "css-mille-lacs"
    ),
    DemoPerson(
        "formation@cadre21.demo", "epelletier", "Émilie", "Pelletier", Role.TRAINER, "cadre21-demo"
    ),
    DemoPerson("asantos@isb.demo", "asantos", "Ana", "Santos", Role.STAFF, "881001", language="en"),
]


def _organisation(slug: str, name: str, kind: str, language: str = "fr") -> Organisation:
    org, _created = Organisation.objects.update_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "language": language}
    )
    return org


def _school(
    code: str,
    name: str,
    org: Organisation,
    municipality: str,
    territory: Territory,
    language: str = "fr",
    region: str = "",
) -> School:
    school, _created = School.objects.update_or_create(
        ministry_code=code,
        defaults={
            "name": name,
            "organisation": org,
            "municipality": municipality,
            "territory": territory,
            "language": language,
            "region": region,
        },
    )
    return school


def demo_directory_seed(write: Callable[[str], None]) -> None:
    """Organisations, territories, agreements, schools and one person per role."""
    kind = Organisation.Kind
    css = _organisation(
        "css-mille-lacs", "Centre de services scolaire des Mille-Lacs", kind.SERVICE_CENTRE
    )
    isb = _organisation("island-school-board", "Island School Board", kind.SERVICE_CENTRE, "en")
    spsj = _organisation(
        "police-saint-jerome", "Service de police de la Ville de Saint-Jérôme", kind.POLICE_FORCE
    )
    spvm = _organisation("spvm", "Service de police de la Ville de Montréal", kind.POLICE_FORCE)
    sq = _organisation(
        "sq-pays-d-en-haut", "Sûreté du Québec — MRC des Pays-d'en-Haut", kind.POLICE_FORCE
    )
    dpcp = _organisation("dpcp-laurentides", "DPCP — Bureau des Laurentides", kind.DPCP_OFFICE)
    dpcp_mtl = _organisation("dpcp-montreal", "DPCP — Bureau de Montréal", kind.DPCP_OFFICE)
    _organisation("cadre21-demo", "CADRE21 (démo)", kind.TRAINING_PROVIDER)

    st_jerome, _c = Territory.objects.update_or_create(
        name="Saint-Jérôme", defaults={"police_force": spsj}
    )
    montreal, _c = Territory.objects.update_or_create(
        name="Montréal", defaults={"police_force": spvm}
    )
    val_des_pins, _c = Territory.objects.update_or_create(
        name="Val-des-Pins (MRC des Pays-d'en-Haut)", defaults={"police_force": sq}
    )

    Agreement.objects.update_or_create(
        police_force=spsj,
        effective_on=datetime.date(2019, 9, 1),
        defaults={
            "dpcp_office": dpcp,
            "signed_on": datetime.date(2019, 6, 12),
            "status": Agreement.Status.ACTIVE,
            "expires_on": None,
        },
    )
    Agreement.objects.update_or_create(
        police_force=spvm,
        effective_on=datetime.date(2021, 1, 15),
        defaults={
            "dpcp_office": dpcp_mtl,
            "signed_on": datetime.date(2020, 11, 30),
            "status": Agreement.Status.ACTIVE,
            "expires_on": None,
        },
    )

    laurentides, mtl = Region.LAURENTIDES, Region.MONTREAL
    _school(
        "751001",
        "École secondaire des Hauts-Sommets",
        css,
        "Saint-Jérôme",
        st_jerome,
        region=laurentides,
    )
    _school(
        "751002", "École secondaire du Lac-Vert", css, "Saint-Jérôme", st_jerome, region=laurentides
    )
    _school(
        "752001",
        "École secondaire de Val-des-Pins",
        css,
        "Val-des-Pins",
        val_des_pins,
        region=laurentides,
    )
    _school("881001", "Riverview High School", isb, "Montréal", montreal, "en", region=mtl)

    # The forces' non-emergency lines (fictional numbers in the 555-01xx range reserved for
    # fiction), shown with the resources on the case page.
    for force, number in ((spsj, "450 555-0142"), (spvm, "514 555-0123"), (sq, "450 555-0177")):
        if force.phone_non_emergency != number:
            force.phone_non_emergency = number
            force.save(update_fields=["phone_non_emergency"])
    loaded = resources_load()
    write(f"Support resources: {loaded.created} created, {loaded.kept} kept.")

    for person in DEMO_PEOPLE:
        demo_person_ensure(person)
    superuser = demo_account_ensure(
        email="plateforme@sexto.demo",
        handle="plateforme",
        first_name="Équipe",
        last_name="Plateforme",
        language="fr",
        totp=True,
    )
    if not superuser.is_superuser:
        superuser.is_superuser = superuser.is_staff = True
        superuser.save(update_fields=["is_superuser", "is_staff"])
    demo_pending_appointment_ensure()
    demo_identity_provider_ensure(css)
    write(
        f"Directory: {Organisation.objects.count()} organisations, "
        f"{School.objects.count()} schools, {User.objects.count()} people."
    )


def demo_account_ensure(
    *, email: str, handle: str, first_name: str, last_name: str, language: str, totp: bool
) -> User:
    """A demo account with the shared password, a verified email and (if asked) the shared TOTP."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            handle=handle,
            first_name=first_name,
            last_name=last_name,
            preferred_language=language,
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if totp and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)
    return user


def demo_person_ensure(person: DemoPerson) -> Membership:
    user = demo_account_ensure(
        email=person.email,
        handle=person.handle,
        first_name=person.first_name,
        last_name=person.last_name,
        language=person.language,
        totp=person.totp,
    )
    school = School.objects.filter(ministry_code=person.place).first()
    organisation = None if school else Organisation.objects.get(slug=person.place)
    existing = Membership.objects.filter(
        user=user, role=person.role, school=school, organisation=organisation
    ).first()
    if existing is not None:
        return existing
    return membership_create(
        actor=None,
        user=user,
        role=person.role,
        school=school,
        organisation=organisation,
        is_backup=person.is_backup,
        valid_from=DEMO_START,
    )


def demo_pending_appointment_ensure() -> Membership:
    """One appointment for the demo principal to confirm: the administrator proposed a new
    coordinator at Hauts-Sommets, who reads nothing until the principal confirms."""
    user = demo_account_ensure(
        email="releve@hauts-sommets.demo",
        handle="nouellet",
        first_name="Nicolas",
        last_name="Ouellet",
        language="fr",
        totp=True,
    )
    school = School.objects.get(ministry_code="751001")
    existing = Membership.objects.filter(user=user, school=school, role=Role.COORDINATOR).first()
    if existing is not None:
        return existing
    return membership_create(
        actor=User.objects.get(email="admin@css-mille-lacs.demo"),
        user=user,
        role=Role.COORDINATOR,
        school=school,
        valid_from=DEMO_START,
    )


def demo_identity_provider_ensure(organisation: Organisation) -> IdentityProvider:
    """The service centre's sign-in through Microsoft Entra ID, filled with placeholders and
    disabled: its administrator's page (Organisation → Sign-in with your provider) shows what to
    fill in (docs/sign-in.md). Kept as the administrator left it when it already exists."""
    existing = IdentityProvider.objects.filter(organisation=organisation).first()
    if existing is not None:
        return existing
    return IdentityProvider.objects.create(
        organisation=organisation,
        kind=IdentityProvider.Kind.ENTRA_ID,
        display_name="Centre de services scolaire des Mille-Lacs",
        # The tenant is a placeholder: the administrator puts their own directory's ID here.
        issuer="https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
        client_id="00000000-0000-0000-0000-000000000000",
        enabled=False,
    )
