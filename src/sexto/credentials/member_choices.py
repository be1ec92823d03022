"""The member's choices (public profile, name in credentials) and attestation downloads, each
audited."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from sexto.audit.services import audit_record
from sexto.credentials.models import Award, MemberProfile
from sexto.credentials.tasks import member_credentials_resign
from sexto.directory.models import User
from sexto.directory.types import Viewer


def member_profile_update(
    *, user: User, public: bool, show_name: bool, request: HttpRequest | None = None
) -> MemberProfile:
    """Save the member's choices: public profile on/off, name in credentials on/off (audited).
    A change of the name's choice queues signing their credentials again (tasks.py): the
    queued task commits with the choice, and the request does not wait for the signatures."""
    with transaction.atomic():
        profile, created = MemberProfile.objects.select_for_update().get_or_create(
            user=user, defaults={"public": public, "show_name": show_name}
        )
        name_changed = created or profile.show_name != show_name
        profile.public = public
        profile.show_name = show_name
        profile.save()
        audit_record(
            actor=user,
            action="credentials.profile.update",
            target=user,
            request=request,
            changes={"public": public, "show_name": show_name},
        )
        if name_changed:
            member_credentials_resign.enqueue(user.pk)
    return profile


def attestation_download_record(
    *, user: Viewer, award: Award, language: str, request: HttpRequest | None = None
) -> None:
    """Every attestation download is audited (who, or anonymous; which award; which language)."""
    audit_record(
        actor=user,  # "anonymous" for a visitor of a public profile
        action="credentials.attestation.download",
        target=award,
        request=request,
        changes={"language": language, "by_recipient": award.recipient_id == user.pk},
    )
