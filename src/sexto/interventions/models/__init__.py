"""The Sexto kit's records: intakes, cases, their team, steps, people and chronology.

No model here has a file field, and narrative fields refuse embedded images: no sexual image of a
young person ever enters the system. Names and narratives are encrypted at rest; what lists and
statistics need (school, dates, states, route, nature, rules version) stays in plain columns.
"""

from sexto.interventions.models.around import (
    EducationalMeasure,
    ParentNotification,
    SupportEntry,
    TakedownRequest,
    YouthProtectionReminder,
    YouthProtectionReport,
)
from sexto.interventions.models.cases import (
    Case,
    CaseMember,
    CasePerson,
    CaseStep,
    ChronologyEntry,
    Intake,
    Notification,
    RealOnlyManager,
    SimulationAwareQuerySet,
)
from sexto.interventions.models.custody import (
    CustodyEvent,
    Device,
)
from sexto.interventions.models.referrals import (
    AwarenessMeeting,
    Referral,
)
from sexto.interventions.models.reminders import StepReminder
from sexto.interventions.models.transfers import CaseTransfer

__all__ = [
    "AwarenessMeeting",
    "Case",
    "CaseMember",
    "CasePerson",
    "CaseStep",
    "CaseTransfer",
    "ChronologyEntry",
    "CustodyEvent",
    "Device",
    "EducationalMeasure",
    "Intake",
    "Notification",
    "ParentNotification",
    "RealOnlyManager",
    "Referral",
    "SimulationAwareQuerySet",
    "StepReminder",
    "SupportEntry",
    "TakedownRequest",
    "YouthProtectionReminder",
    "YouthProtectionReport",
]
