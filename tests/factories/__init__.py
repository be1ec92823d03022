"""factory_boy factories, one module per app, all importable from here.

Factories of the kit go through its services, so what they make is valid by default. The
fictional people and places are in `world.py` (one person per role, four schools).
"""

from tests.factories.credentials import AwardFactory, LevelFactory, ProgramFactory
from tests.factories.directory import (
    PASSWORD,
    TOTP_SECRET,
    AgreementFactory,
    DpcpOfficeFactory,
    MembershipFactory,
    OrganisationFactory,
    PoliceForceFactory,
    SchoolFactory,
    TerritoryFactory,
    TwoFactorUserFactory,
    UserFactory,
)
from tests.factories.interventions import (
    AgreedSchoolFactory,
    CaseFactory,
    CasePersonFactory,
    DeviceFactory,
    IntakeFactory,
    ReferralFactory,
    case_closed,
    case_settle,
    school_member,
)
from tests.factories.privacy import PrivacyIncidentFactory
from tests.factories.stats import history_build
from tests.factories.world import World, world_build, world_email

__all__ = [
    "PASSWORD",
    "TOTP_SECRET",
    "AgreedSchoolFactory",
    "AgreementFactory",
    "AwardFactory",
    "CaseFactory",
    "CasePersonFactory",
    "DeviceFactory",
    "DpcpOfficeFactory",
    "IntakeFactory",
    "LevelFactory",
    "MembershipFactory",
    "OrganisationFactory",
    "PoliceForceFactory",
    "PrivacyIncidentFactory",
    "ProgramFactory",
    "ReferralFactory",
    "SchoolFactory",
    "TerritoryFactory",
    "TwoFactorUserFactory",
    "UserFactory",
    "World",
    "case_closed",
    "case_settle",
    "history_build",
    "school_member",
    "world_build",
    "world_email",
]
