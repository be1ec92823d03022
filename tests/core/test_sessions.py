"""The idle timeout's sliding expiry (core.sessions): a read moves the session's expiry on, but
writes the row only when that moves it by more than a minute."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from sexto.core.sessions import EXPIRY_SLACK, SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signed_in() -> tuple[Client, str]:
    client = Client()
    client.force_login(UserFactory())
    return client, client.session.session_key or ""


def _stored_expiry(key: str) -> datetime.datetime:
    return Session.objects.get(session_key=key).expire_date


def test_a_read_within_the_slack_leaves_the_session_row_alone() -> None:
    client, key = _signed_in()
    written = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 30)
    Session.objects.filter(session_key=key).update(expire_date=written)
    assert client.get("/").status_code < 500
    assert _stored_expiry(key) == written


def test_a_read_after_the_slack_moves_the_idle_expiry_on() -> None:
    client, key = _signed_in()
    # As if the last write was five minutes ago: five minutes of the idle time are used up.
    written = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 300)
    Session.objects.filter(session_key=key).update(expire_date=written)
    before = timezone.now()
    assert client.get("/").status_code < 500
    expected = before + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert _stored_expiry(key) >= expected
    assert _stored_expiry(key) - written > EXPIRY_SLACK


def test_a_changed_session_is_always_written() -> None:
    _client, key = _signed_in()
    store = SessionStore(key)
    store["seen"] = "yes"
    store.save()
    assert SessionStore(key)["seen"] == "yes"


def test_an_expired_session_is_not_brought_back() -> None:
    client, key = _signed_in()
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    client.get("/")
    assert not Session.objects.filter(session_key=key, expire_date__gt=timezone.now()).exists()
