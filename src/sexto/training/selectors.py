"""Reads of training that views use: programs, progress, eligibility, queues, cohorts."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sexto.core.french import name_in_sentence
from sexto.directory.models import SCHOOL_ROLES, Membership, Organisation, School
from sexto.directory.permissions import is_superuser, is_trainer
from sexto.directory.selectors import school_kit_status
from sexto.directory.types import Actor, Viewer
from sexto.training.models import (
    Enrolment,
    Level,
    Module,
    ModuleRead,
    Program,
    ProofRound,
    Question,
    Submission,
)


def user_is_reviewer(user: Viewer) -> bool:
    """Trainers review submissions and read cohort reports (DESIGN.md)."""
    return bool(is_trainer(user))


def user_may_author(user: Viewer) -> bool:
    """Trainers author programs in the admin; superusers run the platform."""
    return bool(is_trainer(user) or is_superuser(user))


# --- eligibility -------------------------------------------------------------------------------

EDUCATION_ORGANISATIONS = {Organisation.Kind.SERVICE_CENTRE, Organisation.Kind.PRIVATE_SCHOOL}


@dataclass(frozen=True)
class Eligibility:
    """May this person submit for a badge, and why (or why not), in words for them."""

    eligible: bool
    reason: str | Promise


def learner_eligibility(*, user: Actor, on: datetime.date | None = None) -> Eligibility:
    """Staff of a school, or of a school organisation, whose territory has an active police–DPCP
    agreement may submit (DESIGN.md, the seed's description); everyone else reads only."""
    day = on or timezone.localdate()
    memberships = list(
        Membership.objects.current(day)
        .filter(user=user)
        .select_related("school__territory__police_force", "organisation")
    )
    refusals: list[str] = []
    for membership in memberships:
        school = membership.school
        if school is not None and membership.role in SCHOOL_ROLES:
            status = school_kit_status(school=school, on=day)
            if status.usable:
                return Eligibility(
                    True,
                    # Translators: in French, school comes with « à » and its article.
                    _(
                        "You work at %(school)s, in a territory where the police have an "
                        "agreement with the DPCP: you can submit your proof for the badge."
                    )
                    % {"school": name_in_sentence(school.name, preposition="à")},
                )
            refusals.append(str(status.reason))
    for membership in memberships:
        organisation = membership.organisation
        if organisation is None or organisation.kind not in EDUCATION_ORGANISATIONS:
            continue
        schools = School.objects.filter(organisation=organisation).select_related(
            "territory__police_force"
        )
        if any(school_kit_status(school=s, on=day).usable for s in schools):
            return Eligibility(
                True,
                # Translators: in French, organisation comes with « pour » and its article.
                _(
                    "You work for %(organisation)s, which has schools in a territory where the "
                    "police have an agreement with the DPCP: you can submit your proof for the "
                    "badge."
                )
                % {"organisation": name_in_sentence(organisation.name, preposition="pour")},
            )
        refusals.append(
            str(
                # Translators: in French, organisation comes with « de » and its article.
                _(
                    "None of the schools of %(organisation)s stands in a territory with an "
                    "agreement."
                )
                % {"organisation": name_in_sentence(organisation.name, preposition="de")}
            )
        )
    why = _(
        "Badges are only awarded to education staff in a territory where the police force has an "
        "agreement with the DPCP. You can read everything; check with your superiors or your "
        "police force."
    )
    if refusals:
        return Eligibility(False, f"{refusals[0]} {why}")
    return Eligibility(
        False,
        _(
            "The Sexto kit is reserved for the staff of Quebec schools and school organisations: "
            "your account has no such role, so you cannot submit for the badge. You can read "
            "everything."
        ),
    )


# --- programs and levels -----------------------------------------------------------------------


def levels_open_count(program: Program) -> tuple[int, int]:
    """(open, coming) levels of a program, from its prefetched levels."""
    levels = list(program.levels.all())
    opened = sum(1 for level in levels if level.is_open)
    return opened, len(levels) - opened


def program_list_for(*, user: Viewer) -> QuerySet[Program]:
    """Published programs with their levels (authors also see drafts)."""
    programs = Program.objects.all()
    if not user_may_author(user):
        programs = programs.filter(is_published=True)
    return programs.prefetch_related(
        Prefetch("levels", queryset=Level.objects.order_by("position", "slug"))
    )


def level_get_for(*, user: Viewer, program_slug: str, level_slug: str) -> Level:
    """A level of a program this user may read (anyone signed in reads); Http404 otherwise."""
    level = (
        Level.objects.select_related("program")
        .filter(
            program__in=program_list_for(user=user), program__slug=program_slug, slug=level_slug
        )
        .first()
    )
    if level is None:
        raise Http404(_("No such training level."))
    return level


def level_modules(*, level: Level) -> list[Module]:
    return list(level.modules.order_by("position", "title_fr"))


def level_questions(*, level: Level, proof_round: str = ProofRound.FIRST) -> list[Question]:
    """The questions of the level's first proof, or of its renewal refresher."""
    return list(level.questions.filter(round=proof_round).order_by("position"))


def renewal_submissions(*, user: Actor, level: Level) -> list[Submission]:
    """The learner's renewal refreshers of the level, newest first, with their reviews."""
    return list(
        Submission.objects.filter(
            enrolment__user=user, enrolment__level=level, round=ProofRound.RENEWAL
        )
        .prefetch_related("reviews__reviewer")
        .order_by("-attempt")
    )


def level_get_open_for(*, user: Viewer, program_slug: str, level_slug: str) -> Level:
    """An open level this user may read; Http404 for a level announced as coming (no module,
    enrolment or proof page exists for it)."""
    level = level_get_for(user=user, program_slug=program_slug, level_slug=level_slug)
    if not level.is_open:
        raise Http404(_("This level is coming: it cannot be taken yet."))
    return level


def modules_unread(*, user: Actor, level: Level) -> list[Module]:
    """The level's modules this learner has not marked read yet, in order."""
    read = set(
        ModuleRead.objects.filter(enrolment__user=user, enrolment__level=level).values_list(
            "module_id", flat=True
        )
    )
    return [module for module in level_modules(level=level) if module.pk not in read]


def module_get(*, level: Level, position: int) -> Module:
    module = level.modules.filter(position=position).first()
    if module is None:
        raise Http404(_("No such module."))
    return module


def enrolment_of(*, user: Viewer, level: Level) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, level=level).first()


def level_approved_for(*, user: Actor, level: Level) -> bool:
    return Submission.objects.filter(
        enrolment__user=user,
        enrolment__level=level,
        status=Submission.Status.APPROVED,
        round=ProofRound.FIRST,
    ).exists()


def prerequisites_missing(*, user: Actor, level: Level) -> list[Level]:
    """Prerequisite levels this learner has not had approved yet."""
    return [
        required
        for required in level.prerequisites.select_related("program").order_by("position")
        if not level_approved_for(user=user, level=required)
    ]


@dataclass
class LevelProgress:
    """Where a learner stands on a level: modules read, resume point, proof state, may submit."""

    level: Level
    enrolment: Enrolment | None
    modules: list[tuple[Module, bool]]
    read_count: int
    eligibility: Eligibility
    missing_prerequisites: list[Level]
    submissions: list[Submission]
    resume: Module | None
    questions: list[Question] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.modules)

    @property
    def percent(self) -> int:
        return round(100 * self.read_count / self.total) if self.total else 0

    @property
    def latest(self) -> Submission | None:
        return self.submissions[0] if self.submissions else None

    @property
    def under_review(self) -> bool:
        return self.latest is not None and self.latest.status == Submission.Status.SUBMITTED

    @property
    def approved(self) -> bool:
        return any(s.status == Submission.Status.APPROVED for s in self.submissions)

    @property
    def has_proof(self) -> bool:
        return self.level.is_open and self.level.proof_kind != Level.ProofKind.NONE

    @property
    def unread(self) -> list[Module]:
        """The modules left to read: the proof is refused until there are none."""
        return [module for module, read in self.modules if not read]

    @property
    def may_submit(self) -> bool:
        """Eligible, prerequisites approved, nothing under review, not approved yet."""
        return (
            self.has_proof
            and self.eligibility.eligible
            and not self.missing_prerequisites
            and not self.under_review
            and not self.approved
        )

    @property
    def state(self) -> str:
        """One word for lists and the cohort report."""
        if self.approved:
            return "approved"
        if self.latest is not None:
            return str(self.latest.status)
        if self.enrolment is None:
            return "not_enrolled"
        if self.read_count or self.enrolment.draft_saved_at:
            return "in_progress"
        return "enrolled"


def level_progress(*, user: Actor, level: Level) -> LevelProgress:
    """The learner's progress on a level (nothing stored until they enrol)."""
    enrolment = enrolment_of(user=user, level=level)
    modules = level_modules(level=level)
    read_ids: set[UUID] = set()
    submissions: list[Submission] = []
    if enrolment is not None:
        read_ids = set(enrolment.reads.values_list("module_id", flat=True))
        submissions = list(
            # The first proof's story only: renewals are shown with the badge (credentials).
            enrolment.submissions.filter(round=ProofRound.FIRST)
            .prefetch_related("reviews__reviewer")
            .order_by("-attempt")
        )
    # Resume: the first module not read yet, after the one last opened; else the first unread.
    unread = [m for m in modules if m.pk not in read_ids]
    resume = unread[0] if unread else None
    if enrolment is not None and enrolment.last_module_id and unread:
        after = [
            m
            for m in unread
            if enrolment.last_module is not None and m.position >= enrolment.last_module.position
        ]
        resume = after[0] if after else unread[0]
    return LevelProgress(
        level=level,
        enrolment=enrolment,
        modules=[(m, m.pk in read_ids) for m in modules],
        read_count=len([m for m in modules if m.pk in read_ids]),
        eligibility=learner_eligibility(user=user),
        missing_prerequisites=prerequisites_missing(user=user, level=level),
        submissions=submissions,
        resume=resume,
        questions=level_questions(level=level),
    )


# --- review ------------------------------------------------------------------------------------


def review_queue_for(*, user: Actor) -> QuerySet[Submission]:
    """Submissions awaiting review, oldest first, never the reviewer's own; Http404 if not a
    reviewer."""
    if not user_is_reviewer(user):
        raise Http404
    return (
        Submission.objects.filter(status=Submission.Status.SUBMITTED)
        .exclude(enrolment__user=user)
        .select_related("enrolment__user", "enrolment__level__program")
        .order_by("submitted_at")
    )


def reviews_recent_for(*, user: Viewer, limit: int = 20) -> QuerySet[Submission]:
    """Recently decided submissions, for the reviewer's queue page."""
    if not user_is_reviewer(user):
        raise Http404
    return (
        Submission.objects.exclude(status=Submission.Status.SUBMITTED)
        .select_related("enrolment__user", "enrolment__level__program")
        .order_by("-decided_at")[:limit]
    )


def submission_get_for_review(*, user: Viewer, submission_id: UUID) -> Submission:
    """A submission for a reviewer (never their own): Http404 otherwise."""
    submission = (
        Submission.objects.select_related("enrolment__user", "enrolment__level__program")
        .filter(pk=submission_id)
        .first()
    )
    if (
        submission is None
        or not user_is_reviewer(user)
        or submission.enrolment.user_id == getattr(user, "pk", None)
    ):
        raise Http404(_("No such submission among those you may review."))
    return submission


def submission_history(*, submission: Submission) -> list[Submission]:
    """Every submission of the same learner and level, newest first, with their reviews."""
    return list(
        Submission.objects.filter(enrolment=submission.enrolment)
        .prefetch_related("reviews__reviewer")
        .order_by("-attempt")
    )


# --- cohort report -----------------------------------------------------------------------------

COHORT_STATES = ("enrolled", "in_progress", "submitted", "changes_requested", "approved")


@dataclass(frozen=True)
class CohortRow:
    """One learner of a level, for the cohort report and its CSV."""

    organisation: str
    school: str
    name: str
    email: str
    enrolled_at: datetime.datetime
    modules_read: int
    modules_total: int
    state: str
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None


def _workplaces(user_ids: list[Any]) -> dict[Any, tuple[str, str]]:
    """(organisation, school) names of each learner's first current membership, in one query."""
    found: dict[Any, tuple[str, str]] = {}
    memberships = (
        Membership.objects.current()
        .filter(user_id__in=user_ids)
        .select_related("school__organisation", "organisation")
    )
    for membership in memberships:
        if membership.user_id in found:
            continue
        if membership.school is not None:
            found[membership.user_id] = (
                membership.school.organisation.name,
                membership.school.name,
            )
        elif membership.organisation is not None:
            found[membership.user_id] = (membership.organisation.name, "")
    return found


def cohort_rows(*, user: Viewer, level: Level) -> list[CohortRow]:
    """Every learner enrolled in the level with their state (reviewers only, else Http404)."""
    if not user_is_reviewer(user) and not is_superuser(user):
        raise Http404
    total = level.modules.count()
    rows = []
    enrolments = list(
        Enrolment.objects.filter(level=level)
        .select_related("user")
        .prefetch_related("submissions", "reads")
        .order_by("user__last_name", "user__first_name")
    )
    workplaces = _workplaces([enrolment.user_id for enrolment in enrolments])
    for enrolment in enrolments:
        submissions = sorted(
            (s for s in enrolment.submissions.all() if s.round == ProofRound.FIRST),
            key=lambda s: -s.attempt,
        )
        reads = len(enrolment.reads.all())
        approved = next((s for s in submissions if s.status == Submission.Status.APPROVED), None)
        if approved is not None:
            state = "approved"
        elif submissions:
            state = str(submissions[0].status)
        elif reads or enrolment.draft_saved_at:
            state = "in_progress"
        else:
            state = "enrolled"
        organisation, school = workplaces.get(enrolment.user_id, ("", ""))
        rows.append(
            CohortRow(
                organisation=organisation,
                school=school,
                name=enrolment.user.get_full_name() or enrolment.user.handle,
                email=enrolment.user.email,
                enrolled_at=enrolment.enrolled_at,
                modules_read=reads,
                modules_total=total,
                state=state,
                submitted_at=submissions[0].submitted_at if submissions else None,
                approved_at=approved.decided_at if approved else None,
            )
        )
    return rows


def cohort_by_organisation(rows: list[CohortRow]) -> list[tuple[str, dict[str, int]]]:
    """Counts per organisation: enrolled (everyone), then how many in each state."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts[row.organisation]["enrolled_total"] += 1
        counts[row.organisation][row.state] += 1
    return [(org, dict(counts[org])) for org in sorted(counts)]


def cohort_levels_for(*, user: Viewer) -> QuerySet[Level]:
    """Levels with a proof, for the cohort report's chooser."""
    if not user_is_reviewer(user) and not is_superuser(user):
        raise Http404
    return Level.objects.select_related("program").order_by("program__position", "position")
