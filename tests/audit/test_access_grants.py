"""Access grants in the audit app: every grant carries a reason and an end, is recorded on its
target's chain, can be revoked once, and counts only while it is in force."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from sexto.audit.models import AccessGrant, AuditEvent
from sexto.audit.selectors import (
    access_grant_holder,
    access_grant_last_ended,
    access_grant_live,
)
from sexto.audit.services import AccessGrantInvalid, access_grant_open, access_grant_revoke
from sexto.core.errors import Conflict
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def _open(kind: str = "grant", **kwargs):
    school = kwargs.pop("target", None) or SchoolFactory()
    return access_grant_open(
        actor=kwargs.pop("actor", None) or UserFactory(),
        grantee=kwargs.pop("grantee", None) or UserFactory(),
        kind=kind,
        target=school,
        reason=kwargs.pop("reason", "Remplacement de la répondante."),
        ends_at=kwargs.pop("ends_at", timezone.now() + datetime.timedelta(days=2)),
        **kwargs,
    )


def test_a_grant_is_recorded_on_its_targets_chain_with_a_digest_of_the_reason():
    grant = _open()
    [event] = AuditEvent.objects.filter(action="access.grant")
    assert event.chain == grant.chain and grant.chain.startswith("org:")
    assert event.target_id == grant.target_id and event.changes_digest
    assert access_grant_live(user=grant.grantee, target=(grant.target_type, grant.target_id))
    assert access_grant_holder(grant.grantee)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_no_reason_no_grant(reason):
    with pytest.raises(AccessGrantInvalid) as refused:
        _open(reason=reason)
    assert refused.value.field == "reason"
    assert not AccessGrant.objects.exists() and not AuditEvent.objects.exists()


@override_settings(ACCESS_GRANT_MAX_DAYS=5)
def test_the_longest_grant_is_configurable(english):
    with pytest.raises(AccessGrantInvalid) as refused:
        _open(ends_at=timezone.now() + datetime.timedelta(days=6))
    assert refused.value.field == "ends_at" and "5 days" in str(refused.value)
    assert _open(ends_at=timezone.now() + datetime.timedelta(days=5))


def test_an_end_in_the_past_is_refused():
    with pytest.raises(AccessGrantInvalid):
        _open(ends_at=timezone.now() - datetime.timedelta(seconds=1))


@override_settings(BREAK_GLASS_HOURS=2)
def test_break_glass_lasts_the_configured_hours_whatever_is_asked():
    grant = _open("break_glass", ends_at=timezone.now() + datetime.timedelta(days=20))
    assert datetime.timedelta(hours=1, minutes=59) < grant.ends_at - grant.starts_at
    assert grant.ends_at - grant.starts_at <= datetime.timedelta(hours=2)
    assert AuditEvent.objects.filter(action="access.break_glass").count() == 1


def test_revoked_once_then_no_longer_live():
    grant = _open()
    target = (grant.target_type, grant.target_id)
    access_grant_revoke(actor=grant.granted_by, grant=grant)
    assert access_grant_live(user=grant.grantee, target=target) is None
    assert access_grant_last_ended(user=grant.grantee, target=target) == grant
    assert not access_grant_holder(grant.grantee)
    with pytest.raises(Conflict):
        access_grant_revoke(actor=grant.granted_by, grant=grant)
    assert AuditEvent.objects.filter(action="access.revoke").count() == 1


def test_an_expired_grant_counts_for_nothing():
    grant = _open()
    AccessGrant.objects.filter(pk=grant.pk).update(ends_at=timezone.now())
    assert (
        access_grant_live(user=grant.grantee, target=(grant.target_type, grant.target_id)) is None
    )
    assert not access_grant_holder(grant.grantee)


def test_the_reason_is_encrypted_at_rest():
    from django.db import connection

    _open(reason="Élève Zoé Tremblay-Marchand")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM audit_accessgrant")
        stored = cursor.fetchone()[0]
    assert "Zoé" not in stored and AccessGrant.objects.get().reason.startswith("Élève Zoé")
