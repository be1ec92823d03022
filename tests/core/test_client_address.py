"""The client's address behind proxies: resolved once per request from PROXY_COUNT, used by axes,
allauth, the rate limits and the audit log (issue 14, item 5).

These replay the attacks in-process (REMOTE_ADDR as gunicorn sets it: 127.0.0.1 behind nginx over
TCP, empty on a unix socket); tests/core/test_behind_nginx.py replays them through a real nginx.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from sexto.audit.models import AuditEvent
from sexto.core.limits import RateRule
from sexto.core.request import client_ip_resolve
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery-9"
NGINX = "127.0.0.1"  # the peer of every request behind nginx over TCP


@pytest.mark.parametrize(
    ("meta", "proxies", "expected"),
    [
        ({"REMOTE_ADDR": "198.51.100.7"}, 0, "198.51.100.7"),
        # Without proxies, X-Forwarded-For is the client's own text: ignored.
        ({"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, 0, "198.51.100.7"),
        # One proxy (nginx): the entry it appended, whatever the client wrote before it.
        ({"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, 1, "198.51.100.7"),
        (
            {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": "203.0.113.9, 198.51.100.7"},
            1,
            "198.51.100.7",
        ),
        # On a unix socket REMOTE_ADDR is empty: the proxy's header is the only source.
        (
            {"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "203.0.113.9, 198.51.100.7"},
            1,
            "198.51.100.7",
        ),
        # An unclosed quote must not swallow the entry nginx appended (ipware reads RFC 7239
        # quoting: given the whole header it would answer the forged 203.0.113.9).
        (
            {"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": '203.0.113.9, ", 198.51.100.7'},
            1,
            "198.51.100.7",
        ),
        # Two proxies (a load balancer, then nginx): the second entry from the right.
        (
            {"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "203.0.113.9, 198.51.100.7, 10.0.0.2"},
            2,
            "198.51.100.7",
        ),
        ({"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "[2001:db8::7]:4711"}, 1, "2001:db8::7"),
        # A request that did not come through every proxy: its peer; no address at all: None.
        ({"REMOTE_ADDR": "10.0.0.3", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, 2, "10.0.0.3"),
        ({"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "203.0.113.9, not-an-address"}, 1, None),
        ({"REMOTE_ADDR": ""}, 1, None),
    ],
)
def test_the_client_address_is_the_one_the_outermost_trusted_proxy_saw(
    meta: dict[str, str], proxies: int, expected: str | None
) -> None:
    assert client_ip_resolve(meta, proxy_count=proxies) == expected


def _sign_in(client: Client, email: str, password: str, **headers: str) -> int:
    response = client.post("/accounts/login/", {"login": email, "password": password}, **headers)
    return response.status_code


@pytest.mark.django_db
@override_settings(PROXY_COUNT=1)
def test_on_a_unix_socket_sign_in_works_and_is_audited_with_the_clients_address() -> None:
    user = UserFactory()
    client = Client(REMOTE_ADDR="")
    status = _sign_in(
        client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7"
    )
    assert status == 302, "refused: 'Unable to determine client IP address'"
    event = AuditEvent.objects.get(action="auth.sign_in")
    assert event.ip == "198.51.100.7"


@pytest.mark.django_db
@override_settings(PROXY_COUNT=1)
def test_forged_forwarded_for_cannot_lock_the_real_user_out() -> None:
    victim = UserFactory()
    attacker = Client(REMOTE_ADDR=NGINX)
    for attempt in range(11):
        # Each attempt claims another address, as the attacker did; nginx appends the real one.
        forged = f"203.0.113.{attempt + 1}, 192.0.2.66"
        _sign_in(attacker, victim.email, "wrong-password", HTTP_X_FORWARDED_FOR=forged)
    assert _sign_in(attacker, victim.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.66") == 429, (
        "the attacker's own address is cooling off"
    )
    victim_client = Client(REMOTE_ADDR=NGINX)
    assert _sign_in(victim_client, victim.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7") == (
        302
    ), "the real user, from their own address, is not locked out"
    failures = AuditEvent.objects.filter(action="auth.sign_in_failed")
    assert set(failures.values_list("ip", flat=True)) == {"192.0.2.66"}
    assert AuditEvent.objects.get(action="auth.sign_in").ip == "198.51.100.7"


@pytest.mark.django_db
@override_settings(
    PROXY_COUNT=1, RATE_LIMITS=[RateRule("interventions:intake_new", "2/m", ("POST",))]
)
def test_rate_limits_count_each_real_client_not_the_proxy_nor_forged_entries() -> None:
    url = reverse("interventions:intake_new")
    one, other = Client(REMOTE_ADDR=NGINX), Client(REMOTE_ADDR=NGINX)

    def post(client: Client, forwarded: str) -> int:
        return client.post(
            url,
            data="",
            content_type="application/x-www-form-urlencoded",
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    assert [post(one, f"203.0.113.{n}, 192.0.2.66") for n in range(3)] == [302, 302, 429]
    assert post(other, "198.51.100.7") == 302, "another client has its own count"


@pytest.mark.django_db
@override_settings(PROXY_COUNT=1)
def test_allauth_rate_limits_use_the_same_address() -> None:
    from allauth.account.adapter import get_adapter
    from django.test import RequestFactory

    request = RequestFactory().get(
        "/", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7"
    )
    assert get_adapter(request).get_client_ip(request) == "198.51.100.7"
