"""Reads of the directory that views and other apps use."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sexto.core.errors import NotFoundOrForbidden
from sexto.core.french import name_in_sentence
from sexto.directory.models import Agreement, Membership, Organisation, Role, School, User
from sexto.directory.permissions import organisations_where, schools_where
from sexto.directory.types import Actor, Viewer


@dataclass(frozen=True)
class KitStatus:
    """Whether the Sexto kit may be used at a school on a day, and why not."""

    usable: bool
    reason: str | Promise
    agreement: Agreement | None


def signed_in_user(request: HttpRequest) -> Actor:
    """The request's user, typed; views behind login_required only."""
    user = request.user
    if not isinstance(user, User):
        raise NotFoundOrForbidden(_("Sign in first."))
    return user


def agreement_in_force(*, police_force: Organisation, on: datetime.date) -> Agreement | None:
    """The police force's agreement with the DPCP in force on that day, if any."""
    candidates = Agreement.objects.filter(
        police_force=police_force, status=Agreement.Status.ACTIVE, effective_on__lte=on
    ).order_by("-effective_on")
    for agreement in candidates:
        if agreement.is_in_force_on(on):
            return agreement
    return None


def school_kit_status(*, school: School, on: datetime.date | None = None) -> KitStatus:
    """Is the Sexto kit usable at `school` on `on` (today by default)? If not, say why."""
    day = on or timezone.localdate()
    police_force = school.territory.police_force
    agreement = agreement_in_force(police_force=police_force, on=day)
    if agreement is not None:
        return KitStatus(
            True,
            # Translators: in French, force comes with its article (« Le Service de police… »).
            _("%(force)s has an active agreement with the DPCP.")
            % {"force": name_in_sentence(police_force.name, capital=True)},
            agreement,
        )
    latest = Agreement.objects.filter(police_force=police_force).order_by("-effective_on").first()
    if latest is None:
        reason = _(
            "%(force)s, which serves %(territory)s, has no agreement with the DPCP: "
            "the Sexto kit cannot be used. Call the police directly."
        )
    elif latest.status == Agreement.Status.ACTIVE and latest.effective_on > day:
        reason = _(
            "The agreement between %(force)s and the DPCP only takes effect on %(date)s. "
            "Until then, call the police directly."
        )
    elif latest.status == Agreement.Status.SUSPENDED:
        reason = _(
            "The agreement between %(force)s and the DPCP is suspended: the Sexto kit cannot be "
            "used. Call the police directly."
        )
    else:
        reason = _(
            "The agreement between %(force)s and the DPCP is no longer in force: the Sexto kit "
            "cannot be used. Call the police directly."
        )
    # In French the force comes with its article: « Le Service de police…, qui dessert… »,
    # « L’entente entre le Service de police… »; the date is written out (« 3 décembre 2026 »).
    params = {
        "force": name_in_sentence(police_force.name, capital=latest is None),
        "territory": school.territory.name,
        "date": formats.date_format(latest.effective_on, "DATE_FORMAT") if latest else "",
    }
    return KitStatus(False, reason % params, None)


def organisation_list_for(*, user: Viewer) -> QuerySet[Organisation]:
    """Organisations this user administers (all of them for a superuser)."""
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=organisations_where(user, {Role.ORG_ADMIN}))


def organisation_get_for(*, user: Viewer, slug: str) -> Organisation:
    """One organisation this user administers; the same error whether missing or not theirs."""
    organisation = organisation_list_for(user=user).filter(slug=slug).first()
    if organisation is None:
        raise NotFoundOrForbidden(_("No such organisation among those you administer."))
    return organisation


def organisation_schools(*, organisation: Organisation) -> list[tuple[School, KitStatus]]:
    """The organisation's schools with their territory, police force and kit status."""
    schools = School.objects.filter(organisation=organisation).select_related(
        "territory", "territory__police_force"
    )
    return [(school, school_kit_status(school=school)) for school in schools]


def organisation_agreements(*, organisation: Organisation) -> QuerySet[Agreement]:
    """Agreements of the police forces serving the organisation's schools."""
    forces = School.objects.filter(organisation=organisation).values("territory__police_force")
    return Agreement.objects.filter(police_force__in=forces).select_related(
        "police_force", "dpcp_office"
    )


def organisation_memberships(
    *, organisation: Organisation, include_ended: bool = False
) -> QuerySet[Membership]:
    """Memberships in the organisation and in its schools."""
    qs = Membership.objects.filter(organisation=organisation) | Membership.objects.filter(
        school__organisation=organisation
    )
    if not include_ended:
        # In effect, or awaiting a confirmation (shown as such): refused ones are history.
        qs = qs & (Membership.objects.current() | Membership.objects.pending())
    return qs.select_related("user", "school", "organisation").order_by(
        "school__name", "role", "user__last_name"
    )


def school_coordinators(*, school: School) -> QuerySet[Membership]:
    """Current coordinators of a school, the main ones first, then the backup."""
    return (
        Membership.objects.current()
        .filter(school=school, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("is_backup", "user__last_name")
    )


def user_memberships(*, user: Actor) -> QuerySet[Membership]:
    """The user's current memberships, for their account page."""
    return (
        Membership.objects.current()
        .filter(user=user)
        .select_related("school", "organisation", "school__organisation")
    )


def organisations_with_schools() -> QuerySet[Organisation]:
    return Organisation.objects.prefetch_related(
        Prefetch("schools", queryset=School.objects.select_related("territory"))
    )


def membership_may_decide(*, user: Viewer, membership: Membership) -> bool:
    """Whether `user` may confirm or refuse this pending appointment: the school's principal for
    a coordinator; another administrator of the service centre for a principal; never the person
    appointed nor the one who proposed it."""
    if membership.status != Membership.Status.PENDING or membership.school is None:
        return False
    if not user.is_authenticated:
        return False
    if user.pk in {membership.user_id, membership.granted_by_id}:
        return False
    if membership.role == Role.PRINCIPAL:
        return membership.school.organisation_id in organisations_where(user, {Role.ORG_ADMIN})
    return membership.school_id in schools_where(user, {Role.PRINCIPAL})


def membership_deciders(*, membership: Membership) -> list[User]:
    """Who may confirm or refuse this pending appointment (to alert them)."""
    if membership.school is None:
        return []
    if membership.role == Role.PRINCIPAL:
        candidates = Membership.objects.current().filter(
            organisation_id=membership.school.organisation_id, role=Role.ORG_ADMIN
        )
    else:
        candidates = Membership.objects.current().filter(
            school=membership.school, role=Role.PRINCIPAL
        )
    users = User.objects.filter(pk__in=candidates.values("user_id"), is_active=True)
    return [u for u in users if membership_may_decide(user=u, membership=membership)]


def membership_school_principals(*, membership: Membership) -> list[User]:
    """The current principals of the membership's school (none for an organisation's role)."""
    if membership.school_id is None:
        return []
    ids = (
        Membership.objects.current()
        .filter(school_id=membership.school_id, role=Role.PRINCIPAL)
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def memberships_pending_for(*, user: Viewer) -> list[Membership]:
    """The pending appointments this person may confirm or refuse (a principal: coordinators at
    their school; an administrator: principals at their service centre's schools)."""
    candidates = (
        Membership.objects.pending()
        .filter(
            Q(role=Role.COORDINATOR, school__in=schools_where(user, {Role.PRINCIPAL}))
            | Q(
                role=Role.PRINCIPAL,
                school__organisation__in=organisations_where(user, {Role.ORG_ADMIN}),
            )
        )
        .select_related("user", "school", "granted_by")
        .order_by("created_at")
    )
    return [m for m in candidates if membership_may_decide(user=user, membership=m)]


def membership_pending_get_for(*, user: Viewer, membership_id: UUID) -> Membership:
    """A pending appointment this person has a say on or is the subject of (the service then
    decides whether they may confirm it); the same error whether missing or not theirs."""
    membership = (
        Membership.objects.pending()
        .filter(
            Q(user=user)
            | Q(school__in=schools_where(user, {Role.PRINCIPAL}))
            | Q(school__organisation__in=organisations_where(user, {Role.ORG_ADMIN}))
            | Q(organisation__in=organisations_where(user, {Role.ORG_ADMIN}))
        )
        .filter(pk=membership_id)
        .select_related("user", "school", "organisation")
        .first()
    )
    if membership is None:
        raise NotFoundOrForbidden(_("No such appointment awaits a decision from you."))
    return membership


def principal_school_memberships(*, user: Viewer) -> QuerySet[Membership]:
    """Roles at the schools this person leads as principal, in effect or awaiting confirmation."""
    return (
        (Membership.objects.current() | Membership.objects.pending())
        .filter(school__in=schools_where(user, {Role.PRINCIPAL}))
        .select_related("user", "school")
        .order_by("school__name", "role", "user__last_name")
    )


def user_memberships_pending(*, user: Actor) -> QuerySet[Membership]:
    """The person's own appointments that wait for a confirmation."""
    return (
        Membership.objects.pending()
        .filter(user=user)
        .select_related("school", "organisation", "school__organisation")
    )


def user_decides_appointments(user: Viewer) -> bool:
    """Principals and administrators have an appointments page (menu)."""
    return bool(
        schools_where(user, {Role.PRINCIPAL}) or organisations_where(user, {Role.ORG_ADMIN})
    )
