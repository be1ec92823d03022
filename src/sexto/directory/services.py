"""Every write to the directory: validated, in one transaction, audited."""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sexto.audit.services import audit_record
from sexto.core.errors import Conflict, DomainError
from sexto.directory.models import (
    Agreement,
    Membership,
    Organisation,
    Role,
    School,
    User,
    handle_used_by_another,
)
from sexto.directory.permissions import SCHOOL_ROLES_SET, roles_forget


class MembershipInvalid(DomainError):
    code = "membership_invalid"
    status = 422


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


def membership_create(
    *,
    actor: Any,
    user: User,
    role: str,
    school: School | None = None,
    organisation: Organisation | None = None,
    is_backup: bool = False,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Membership:
    """Give a person a role in a school or an organisation (audited as a role change)."""
    _place_check(role=role, school=school, organisation=organisation)
    if is_backup and role != Role.COORDINATOR:
        raise MembershipInvalid(_("Only a coordinator can be the backup."), field="is_backup")
    start = valid_from or timezone.localdate()
    if valid_until is not None and valid_until < start:
        raise MembershipInvalid(_("The end date comes before the start date."), field="valid_until")
    with transaction.atomic():
        if is_backup and school is not None:
            # One backup per school: naming a new one ends the backup flag of the previous one.
            Membership.objects.current().filter(
                school=school, role=Role.COORDINATOR, is_backup=True
            ).update(is_backup=False)
        membership = Membership.objects.create(
            user=user,
            role=role,
            school=school,
            organisation=organisation,
            is_backup=is_backup,
            valid_from=start,
            valid_until=valid_until,
        )
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
            },
        )
    roles_forget(user)
    return membership


def membership_end(
    *,
    actor: Any,
    membership: Membership,
    on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Membership:
    """End a role on a day (today by default: it stops applying at once); the history stays."""
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
    roles_forget(membership.user)
    # After the outermost commit (at once when there is none): the kit asks for new case leads.
    from sexto.directory.signals import membership_ended

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
    actor: Any,
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
        membership = membership_create(
            actor=actor,
            user=user,
            role=role,
            school=school,
            organisation=organisation,
            is_backup=is_backup,
            request=request,
        )
        transaction.on_commit(
            lambda: _invitation_send(user=user, membership=membership, new_account=created)
        )
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


def _invitation_send(*, user: User, membership: Membership, new_account: bool) -> None:
    with translation.override(user.preferred_language):
        context = {
            "user": user,
            "membership": membership,
            "link": _invitation_link(user) if new_account else f"{settings.PUBLIC_BASE_URL}/",
            "new_account": new_account,
        }
        send_mail(
            subject=_("Sexto: you have been given a role"),
            message=render_to_string("directory/email/invitation.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )


def two_factor_reset(*, actor: Any, user: User, request: HttpRequest | None = None) -> int:
    """Remove a person's second factor (lost phone); they set a new one at next sign-in."""
    with transaction.atomic():
        removed, _details = Authenticator.objects.filter(user=user).delete()
        audit_record(actor=actor, action="mfa.reset", target=user, request=request)
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
    actor: Any,
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
    request: HttpRequest | None = None,
) -> User:
    """The person's own name, handle and language (audited). A handle another account has or
    once had is refused (HandleTaken); the handle left behind is retired, never reused. Awards
    keep the name and handle they were issued under."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = {
            "first_name": locked.first_name,
            "last_name": locked.last_name,
            "handle": locked.handle,
            "preferred_language": locked.preferred_language,
        }
        after = {
            "first_name": first_name.strip(),
            "last_name": last_name.strip(),
            "handle": handle.strip(),
            "preferred_language": preferred_language,
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
            changes=changed,
        )
    return locked
