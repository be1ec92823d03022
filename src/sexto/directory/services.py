"""Every write to the directory: validated, in one transaction, audited."""

from __future__ import annotations

import datetime

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sexto.audit.services import audit_record
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.directory.models import (
    CASE_READING_ROLES,
    ROLE_ORGANISATION_KINDS,
    Agreement,
    Membership,
    Organisation,
    Role,
    School,
    User,
    handle_used_by_another,
)
from sexto.directory.permissions import (
    SCHOOL_ROLES_SET,
    organisations_where,
    roles_forget,
    schools_where,
)
from sexto.directory.selectors import (
    membership_deciders,
    membership_may_decide,
    membership_school_principals,
)
from sexto.directory.signals import RoleAlert, membership_ended, role_alerts, user_access_revoked
from sexto.directory.types import Actor, Viewer


class MembershipInvalid(DomainError):
    code = "membership_invalid"
    status = 422


class MembershipSelfChange(PermissionRefused):
    """Nobody gives themself a role, confirms their own appointment or changes their own role."""

    code = "membership_self_change"


class MembershipNotAllowed(PermissionRefused):
    """The actor has no say over roles at this place."""

    code = "membership_not_allowed"


class MembershipDecisionRefused(PermissionRefused):
    """This person may not confirm or refuse this appointment."""

    code = "membership_decision_refused"


# Alerts' neutral sentences (msgids, translated in each recipient's language when shown or sent).
ALERT_GRANTED = gettext_noop("you were given a role in Sexto")
ALERT_PENDING_YOU = gettext_noop("a role was proposed for you and awaits confirmation")
ALERT_CONFIRMED_YOU = gettext_noop("a role proposed for you was confirmed")
ALERT_REFUSED_YOU = gettext_noop("a role proposed for you was refused")
ALERT_ENDED_YOU = gettext_noop("one of your roles in Sexto has ended")
ALERT_SCHOOL_CHANGED = gettext_noop("a role at your school changed")
ALERT_DECISION_NEEDED = gettext_noop("an appointment awaits your confirmation")


def _place_check(*, role: str, school: School | None, organisation: Organisation | None) -> None:
    if (school is None) == (organisation is None):
        raise MembershipInvalid(_("Choose either a school or an organisation."), field="place")
    if role in SCHOOL_ROLES_SET and school is None:
        raise MembershipInvalid(
            _("This role belongs to a school: choose the school."), field="place"
        )
    if role not in SCHOOL_ROLES_SET and school is not None:
        raise MembershipInvalid(
            _("This role belongs to an organisation, not a school: choose the organisation."),
            field="place",
        )
    kinds = ROLE_ORGANISATION_KINDS.get(role)
    if kinds is not None and (organisation is None or organisation.kind not in kinds):
        if role == Role.TRAINER:
            message = _(
                "The trainer role exists only in a training organisation: give it from that "
                "organisation's page, not from this one."
            )
        else:
            message = _(
                "The police liaison role exists only in a police force: give it from the police "
                "force's organisation."
            )
        raise MembershipInvalid(message, field="role")


def _organisation_of(membership_place: School | Organisation) -> Organisation:
    if isinstance(membership_place, School):
        return membership_place.organisation
    return membership_place


def _actor_user(actor: Actor | None) -> User | None:
    """The person acting, or None when the platform itself acts (seed, migrations, commands)."""
    return actor if isinstance(actor, User) else None


def _authority_check(
    *, actor: User, role: str, school: School | None, organisation: Organisation | None
) -> None:
    """The actor administers the place's organisation, runs the platform, or (for a school's
    roles other than principal) is that school's principal."""
    if actor.is_superuser:
        return
    place = school or organisation
    assert place is not None
    if _organisation_of(place).pk in organisations_where(actor, {Role.ORG_ADMIN}):
        return
    if (
        school is not None
        and role != Role.PRINCIPAL
        and school.pk in schools_where(actor, {Role.PRINCIPAL})
    ):
        return
    raise MembershipNotAllowed(
        _(
            "You can only give roles in an organisation you administer (or, as its principal, at "
            "your school). Ask an administrator of that organisation."
        )
    )


def _self_check(*, actor: User | None, user: User) -> None:
    if actor is not None and actor.pk == user.pk:
        raise MembershipSelfChange(
            _(
                "You cannot give yourself a role or change your own roles. Ask another "
                "administrator of your organisation."
            )
        )


def _status_for(*, actor: User | None, role: str, school: School | None) -> str:
    """Confirmed at once, or pending: a case-reading role takes effect when the school's
    principal confirms it (a principal's appointment: when a second administrator does)."""
    if actor is None or role not in CASE_READING_ROLES or school is None:
        return Membership.Status.CONFIRMED
    if role != Role.PRINCIPAL and school.pk in schools_where(actor, {Role.PRINCIPAL}):
        return Membership.Status.CONFIRMED
    return Membership.Status.PENDING


def _backup_take_over(membership: Membership) -> None:
    """One backup per school: a backup that takes effect ends the flag of the previous one."""
    if membership.is_backup and membership.school is not None:
        Membership.objects.current().filter(
            school=membership.school, role=Role.COORDINATOR, is_backup=True
        ).exclude(pk=membership.pk).update(is_backup=False)


def _alerts_send(
    *, membership: Membership, change: str, actor: User | None, email_person: bool = True
) -> None:
    """After commit: alert the person concerned, the school's principal and, when a decision is
    needed, those who may take it (never the actor, who knows). The platform's own writes (the
    demo seed, data fixes run as "system") are audited but alert nobody: alerts exist so that a
    role given by a person never goes unnoticed."""
    if actor is None:
        return
    person_subject = {
        "granted": ALERT_GRANTED,
        "pending": ALERT_PENDING_YOU,
        "confirmed": ALERT_CONFIRMED_YOU,
        "refused": ALERT_REFUSED_YOU,
        "ended": ALERT_ENDED_YOU,
    }[change]
    kind = f"membership.{change}"
    account = reverse("directory:account")
    appointments = reverse("directory:memberships_pending")
    alerts = [
        RoleAlert(
            user=membership.user,
            kind=kind,
            url=account,
            subject=person_subject,
            email=email_person,
        )
    ]
    seen = {membership.user.pk}
    if actor is not None:
        seen.add(actor.pk)
    deciders = (
        set(membership_deciders(membership=membership))
        if membership.status == Membership.Status.PENDING and change == "pending"
        else set()
    )
    for user in membership_school_principals(membership=membership):
        if user.pk not in seen:
            seen.add(user.pk)
            subject = ALERT_DECISION_NEEDED if user in deciders else ALERT_SCHOOL_CHANGED
            alerts.append(RoleAlert(user=user, kind=kind, url=appointments, subject=subject))
    for user in deciders:
        if user.pk not in seen:
            seen.add(user.pk)
            alerts.append(
                RoleAlert(user=user, kind=kind, url=appointments, subject=ALERT_DECISION_NEEDED)
            )
    transaction.on_commit(lambda: role_alerts.send(sender=Membership, alerts=alerts))


def membership_create(
    *,
    actor: Actor | None,
    user: User,
    role: str,
    school: School | None = None,
    organisation: Organisation | None = None,
    is_backup: bool = False,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    request: HttpRequest | None = None,
    email_person: bool = True,
) -> Membership:
    """Give a person a role in a school or an organisation (audited as a role change, alerted).

    Nobody gives themself a role; the actor must administer the place. A case-reading role waits
    for the confirmation of the school's principal (a principal: of a second administrator)."""
    acting = _actor_user(actor)
    _self_check(actor=acting, user=user)
    _place_check(role=role, school=school, organisation=organisation)
    if acting is not None:
        _authority_check(actor=acting, role=role, school=school, organisation=organisation)
    if is_backup and role != Role.COORDINATOR:
        raise MembershipInvalid(_("Only a coordinator can be the backup."), field="is_backup")
    start = valid_from or timezone.localdate()
    if valid_until is not None and valid_until < start:
        raise MembershipInvalid(_("The end date comes before the start date."), field="valid_until")
    status = _status_for(actor=acting, role=role, school=school)
    with transaction.atomic():
        membership = Membership.objects.create(
            user=user,
            role=role,
            school=school,
            organisation=organisation,
            is_backup=is_backup,
            valid_from=start,
            valid_until=valid_until,
            status=status,
            granted_by=acting,
            decided_by=acting if status == Membership.Status.CONFIRMED else None,
            decided_at=timezone.now() if status == Membership.Status.CONFIRMED else None,
        )
        if status == Membership.Status.CONFIRMED:
            _backup_take_over(membership)
        audit_record(
            actor=actor,
            action="membership.create",
            target=membership,
            request=request,
            changes={
                "user": str(user.pk),
                "role": role,
                "is_backup": is_backup,
                "valid_from": start,
                "valid_until": valid_until,
                "status": status,
            },
        )
        _alerts_send(
            membership=membership,
            change="granted" if status == Membership.Status.CONFIRMED else "pending",
            actor=acting,
            email_person=email_person,
        )
    roles_forget(user)
    return membership


def _decision(
    *, actor: User, membership: Membership, status: str, request: HttpRequest | None
) -> Membership:
    _self_check(actor=actor, user=membership.user)
    with transaction.atomic():
        # Locked and read again: two deciders at once, one decision.
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.status != Membership.Status.PENDING:
            raise Conflict(_("This appointment was already confirmed or refused."))
        if not membership_may_decide(user=actor, membership=locked):
            if locked.role == Role.PRINCIPAL:
                message = _(
                    "A principal's appointment is confirmed by another administrator of the "
                    "service centre: neither the one who proposed it nor the person appointed."
                )
            else:
                message = _(
                    "Only the school's principal can confirm or refuse this appointment, and "
                    "never their own."
                )
            raise MembershipDecisionRefused(message)
        locked.status = status
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        if status == Membership.Status.CONFIRMED:
            _backup_take_over(locked)
        audit_record(
            actor=actor,
            action=f"membership.{'confirm' if status == Membership.Status.CONFIRMED else 'refuse'}",
            target=locked,
            request=request,
            changes={"status": status, "user": str(locked.user_id), "role": locked.role},
        )
        _alerts_send(membership=locked, change=status, actor=actor)
    roles_forget(locked.user)
    return locked


def membership_confirm(
    *, actor: User, membership: Membership, request: HttpRequest | None = None
) -> Membership:
    """Confirm a pending appointment: the role takes effect now (audited, alerted)."""
    return _decision(
        actor=actor, membership=membership, status=Membership.Status.CONFIRMED, request=request
    )


def membership_refuse(
    *, actor: User, membership: Membership, request: HttpRequest | None = None
) -> Membership:
    """Refuse a pending appointment: it never takes effect; the history stays (audited, alerted)."""
    return _decision(
        actor=actor, membership=membership, status=Membership.Status.REFUSED, request=request
    )


def membership_end(
    *,
    actor: Actor | None,
    membership: Membership,
    on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Membership:
    """End a role on a day (today by default: it stops applying at once); the history stays.
    Nobody ends their own role; the actor must administer the place (audited, alerted)."""
    acting = _actor_user(actor)
    _self_check(actor=acting, user=membership.user)
    if acting is not None:
        _authority_check(
            actor=acting,
            role=membership.role,
            school=membership.school,
            organisation=membership.organisation,
        )
    day = on or timezone.localdate()
    if membership.valid_until is not None and membership.valid_until <= day:
        raise Conflict(_("This role has already ended."))
    if day < membership.valid_from:
        day = membership.valid_from
    with transaction.atomic():
        membership.valid_until = day
        membership.save(update_fields=["valid_until"])
        audit_record(
            actor=actor,
            action="membership.end",
            target=membership,
            request=request,
            changes={"valid_until": day},
        )
        _alerts_send(membership=membership, change="ended", actor=acting)
        if day <= timezone.localdate():
            # A later end is caught when a token is used (api.services.api_token_authenticate).
            user_access_revoke(
                user=membership.user, reason="membership_end", actor=actor, request=request
            )
    roles_forget(membership.user)
    # After the outermost commit (at once when there is none): the kit asks for new case leads.
    transaction.on_commit(lambda: membership_ended.send(sender=Membership, membership=membership))
    return membership


def _invitation_link(user: User) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return f"{settings.PUBLIC_BASE_URL}{path}"


def person_invite(
    *,
    actor: Actor | None,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    school: School | None = None,
    organisation: Organisation | None = None,
    is_backup: bool = False,
    language: str = "fr",
    request: HttpRequest | None = None,
) -> Membership:
    """Create the person if new, give them the role, and email a link to set their password."""
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        created = user is None
        if user is None:
            user = User.objects.create_user(
                email,
                first_name=first_name,
                last_name=last_name,
                preferred_language=language,
                handle=_unique_handle(email),
            )
            audit_record(actor=actor, action="user.invite", target=user, request=request)
        # A new account's invitation (with its password link) is the person's email about the
        # role; a known person gets the role's alert by email instead.
        membership = membership_create(
            actor=actor,
            user=user,
            role=role,
            school=school,
            organisation=organisation,
            is_backup=is_backup,
            request=request,
            email_person=not created,
        )
        if created:
            transaction.on_commit(lambda: _invitation_send(user=user, membership=membership))
    return membership


def _unique_handle(email: str) -> str:
    base = "".join(ch for ch in email.split("@")[0].lower() if ch.isalnum() or ch == "-")[:34]
    base = base or "member"
    candidate, suffix = base, 1
    # Handles are never reused: one another account had before is skipped too.
    while handle_used_by_another(handle=candidate, user=None):
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def _invitation_send(*, user: User, membership: Membership) -> None:
    with translation.override(user.preferred_language):
        context = {
            "user": user,
            "membership": membership,
            "pending": membership.status == Membership.Status.PENDING,
            "link": _invitation_link(user),
            "new_account": True,
        }
        send_mail(
            subject=_("Sexto: you have been given a role"),
            message=render_to_string("directory/email/invitation.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )


def user_access_revoke(
    *, user: User, reason: str, actor: Actor | None, request: HttpRequest | None = None
) -> None:
    """End every session of the person and (through `user_access_revoked`) every API token, in
    one transaction, audited as `auth.sessions_end.<reason>`; the session making the request stays
    when the person is the actor."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        user.refresh_from_db(fields=["session_generation"])
        audit_record(
            actor=actor,
            action=f"auth.sessions_end.{reason}",  # the reason in the action: changes are digested
            target=user,
            request=request,
        )

        user_access_revoked.send(
            sender=User, user=user, reason=reason, actor=actor, request=request
        )
    acting: Viewer | None = getattr(request, "user", None)
    if (
        request is not None
        and acting is not None
        and acting.is_authenticated
        and acting.pk == user.pk
    ):
        # The person changed their own password or second factor: this browser stays signed in
        # under the new session hash; every other session is gone.
        update_session_auth_hash(request, user)


def two_factor_reset(*, actor: Actor | None, user: User, request: HttpRequest | None = None) -> int:
    """Remove a person's second factor (lost phone); they set a new one at next sign-in. Their
    sessions and API tokens end with it."""
    with transaction.atomic():
        removed, _details = Authenticator.objects.filter(user=user).delete()
        audit_record(actor=actor, action="mfa.reset", target=user, request=request)
        user_access_revoke(user=user, reason="mfa_reset", actor=actor, request=request)
    with translation.override(user.preferred_language):
        send_mail(
            subject=_("Sexto: your second factor was reset"),
            message=render_to_string(
                "directory/email/mfa_reset.txt", {"user": user, "site": settings.PUBLIC_BASE_URL}
            ),
            from_email=None,
            recipient_list=[user.email],
        )
    return removed


def agreement_save(
    *,
    actor: Actor | None,
    agreement: Agreement,
    changed: list[str] | None = None,
    request: HttpRequest | None = None,
) -> Agreement:
    """Create or change a police–DPCP agreement (audited: it opens or closes the kit)."""
    creating = agreement._state.adding
    with transaction.atomic():
        agreement.full_clean()
        agreement.save()
        fields = changed or ["status", "signed_on", "effective_on", "expires_on"]
        audit_record(
            actor=actor,
            action="agreement.create" if creating else "agreement.update",
            target=agreement,
            request=request,
            changes={name: getattr(agreement, name, None) for name in fields},
        )
    return agreement


def account_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    handle: str,
    preferred_language: str,
    quiet_from: datetime.time | None = None,
    quiet_until: datetime.time | None = None,
    request: HttpRequest | None = None,
) -> User:
    """The person's own name, handle, language and quiet hours (audited). A handle another
    account has or once had is refused (HandleTaken); the handle left behind is retired, never
    reused. Awards keep the name and handle they were issued under."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = {
            "first_name": locked.first_name,
            "last_name": locked.last_name,
            "handle": locked.handle,
            "preferred_language": locked.preferred_language,
            "quiet_from": locked.quiet_from,
            "quiet_until": locked.quiet_until,
        }
        after = {
            "first_name": first_name.strip(),
            "last_name": last_name.strip(),
            "handle": handle.strip(),
            "preferred_language": preferred_language,
            "quiet_from": quiet_from,
            "quiet_until": quiet_until,
        }
        changed = {name: value for name, value in after.items() if before[name] != value}
        if not changed:
            return locked
        for name, value in changed.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(changed))
        audit_record(
            actor=locked,
            action="user.account.update",
            target=locked,
            request=request,
            changes={
                name: value.strftime("%H:%M") if isinstance(value, datetime.time) else value
                for name, value in changed.items()
            },
        )
    return locked
