"""A small fictional school world built by factories: one person per role, four schools.

It mirrors the shape of the demo directory (so the tests' expectations about names and places
still read naturally) without depending on `seed_demo` or its `.demo` addresses: a change to the
demo no longer breaks the kit's tests, and a test names the people it needs.

- Hauts-Sommets (751001) and Lac-Vert (751002): Saint-Jérôme, whose police force has an agreement.
- Val-des-Pins (752001): a territory without agreement (no case can be opened there).
- Riverview High School (881001): Montréal, another organisation, in English.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sexto.directory.models import Organisation, Role, School, User
from tests.factories.directory import (
    AgreementFactory,
    DpcpOfficeFactory,
    MembershipFactory,
    OrganisationFactory,
    PoliceForceFactory,
    SchoolFactory,
    TerritoryFactory,
    TwoFactorUserFactory,
)

START = datetime.date(2024, 8, 20)


@dataclass(frozen=True)
class Person:
    key: str
    handle: str
    first_name: str
    last_name: str
    role: str
    place: str  # a school's ministry code or an organisation slug
    language: str = "fr"
    is_backup: bool = False


# One person per role; the key is what tests ask for (`people["coordinator"]`).
PEOPLE = [
    Person("coordinator", "jtremblay", "Julie", "Tremblay", Role.COORDINATOR, "751001"),
    Person("backup", "mgagnon", "Marc", "Gagnon", Role.COORDINATOR, "751001", is_backup=True),
    Person("principal", "sbergeron", "Sophie", "Bergeron", Role.PRINCIPAL, "751001"),
    Person("professional", "iroy", "Isabelle", "Roy", Role.PROFESSIONAL, "751001"),
    Person("staff", "lcote", "Luc", "Côté", Role.STAFF, "751001"),
    Person("other_coordinator", "kbouchard", "Karine", "Bouchard", Role.COORDINATOR, "751002"),
    Person("no_agreement_coordinator", "ppoirier", "Pierre", "Poirier", Role.COORDINATOR, "752001"),
    Person("police", "plavoie", "Patrick", "Lavoie", Role.POLICE_LIAISON, "police-saint-jerome"),
    Person("privacy", "nmorin", "Nathalie", "Morin", Role.PRIVACY_OFFICER, "css-mille-lacs"),
    Person("admin", "afortin", "Alain", "Fortin", Role.ORG_ADMIN, "css-mille-lacs"),
    Person("analyst", "khaddad", "Karim", "Haddad", Role.ANALYST, "css-mille-lacs"),
    Person("sexto_lead", "ndubois", "Nadia", "Dubois", Role.SEXTO_LEAD, "css-mille-lacs"),
    Person("trainer", "epelletier", "Émilie", "Pelletier", Role.TRAINER, "cadre21"),
    Person("learner", "asantos", "Ana", "Santos", Role.STAFF, "881001", language="en"),
]


SUPERUSER_EMAIL = "plateforme@sexto.test"


def world_email(key: str) -> str:
    """The e-mail address of the world's person for this key (known before the world is built,
    so a test module may name it in a constant)."""
    if key == "superuser":
        return SUPERUSER_EMAIL
    person = next(p for p in PEOPLE if p.key == key)
    local = f"{person.first_name}.{person.last_name}".lower().replace("é", "e").replace("ô", "o")
    return f"{local}@{person.place}.test"


@dataclass(frozen=True)
class World:
    people: dict[str, User]
    schools: dict[str, School]  # by ministry code
    organisations: dict[str, Organisation]  # by slug


def world_build() -> World:
    """Organisations, territories, agreements, schools, and one confirmed person per role (each
    with a verified e-mail and TOTP, so `tests.helpers.sign_in` works), plus a superuser."""
    css = OrganisationFactory(
        slug="css-mille-lacs", name="Centre de services scolaire des Mille-Lacs"
    )
    isb = OrganisationFactory(slug="island-school-board", name="Island School Board", language="en")
    spsj = PoliceForceFactory(
        slug="police-saint-jerome", name="Service de police de la Ville de Saint-Jérôme"
    )
    spvm = PoliceForceFactory(slug="spvm", name="Service de police de la Ville de Montréal")
    sq = PoliceForceFactory(
        slug="sq-pays-d-en-haut", name="Sûreté du Québec — MRC des Pays-d'en-Haut"
    )
    cadre21 = OrganisationFactory(
        slug="cadre21", name="CADRE21", kind=Organisation.Kind.TRAINING_PROVIDER
    )
    saint_jerome = TerritoryFactory(name="Saint-Jérôme", police_force=spsj)
    montreal = TerritoryFactory(name="Montréal", police_force=spvm)
    val_des_pins = TerritoryFactory(name="Val-des-Pins (MRC des Pays-d'en-Haut)", police_force=sq)
    AgreementFactory(
        police_force=spsj,
        dpcp_office=DpcpOfficeFactory(
            slug="dpcp-laurentides", name="DPCP — Bureau des Laurentides"
        ),
        signed_on=datetime.date(2019, 6, 12),
        effective_on=datetime.date(2019, 9, 1),
    )
    AgreementFactory(
        police_force=spvm,
        dpcp_office=DpcpOfficeFactory(slug="dpcp-montreal", name="DPCP — Bureau de Montréal"),
        signed_on=datetime.date(2020, 11, 30),
        effective_on=datetime.date(2021, 1, 15),
    )
    schools = {
        school.ministry_code: school
        for school in [
            SchoolFactory(
                ministry_code="751001",
                name="École secondaire des Hauts-Sommets",
                organisation=css,
                territory=saint_jerome,
            ),
            SchoolFactory(
                ministry_code="751002",
                name="École secondaire du Lac-Vert",
                organisation=css,
                territory=saint_jerome,
            ),
            SchoolFactory(
                ministry_code="752001",
                name="École secondaire de Val-des-Pins",
                organisation=css,
                municipality="Val-des-Pins",
                territory=val_des_pins,
            ),
            SchoolFactory(
                ministry_code="881001",
                name="Riverview High School",
                organisation=isb,
                municipality="Montréal",
                territory=montreal,
                language="en",
            ),
        ]
    }
    organisations = {org.slug: org for org in [css, isb, spsj, spvm, sq, cadre21]}
    people: dict[str, User] = {}
    for person in PEOPLE:
        user = TwoFactorUserFactory(
            email=world_email(person.key),
            handle=person.handle,
            first_name=person.first_name,
            last_name=person.last_name,
            preferred_language=person.language,
        )
        school = schools.get(person.place)
        MembershipFactory(
            user=user,
            role=person.role,
            school=school,
            organisation=None if school else organisations[person.place],
            is_backup=person.is_backup,
            valid_from=START,
        )
        people[person.key] = user
    people["superuser"] = TwoFactorUserFactory(
        email=SUPERUSER_EMAIL,
        handle="plateforme",
        first_name="Équipe",
        last_name="Plateforme",
        is_superuser=True,
        is_staff=True,
    )
    return World(people=people, schools=schools, organisations=organisations)
