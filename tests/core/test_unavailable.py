"""The database away or read-only is told calmly (503, Retry-After), not as a crash."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, InternalError, OperationalError
from django.test import Client
from django.urls import path

from sexto.core.unavailable import database_unavailable


class _ReadOnly(Exception):
    sqlstate = "25006"


def _raised(error: Exception, cause: Exception | None = None) -> Exception:
    try:
        raise error from cause
    except Exception as caught:
        return caught


def test_what_counts_as_the_database_being_away() -> None:
    assert database_unavailable(_raised(InternalError("ro"), _ReadOnly())) == "read_only"
    assert database_unavailable(_raised(OperationalError("conn refused"))) == "down"
    assert database_unavailable(_raised(IntegrityError("dup"))) is None
    assert database_unavailable(_raised(ValueError("bug"))) is None


def _down(request):  # type: ignore[no-untyped-def]
    raise OperationalError("connection to server at 127.0.0.1 failed")


def _read_only(request):  # type: ignore[no-untyped-def]
    raise InternalError("cannot execute INSERT in a read-only transaction") from _ReadOnly()


urlpatterns = [
    path("down/", _down),
    path("read-only/", _read_only),
    path("api/v1/down/", _down),
]
handler500 = "sexto.core.views.server_error"


@pytest.mark.urls("tests.core.test_unavailable")
@pytest.mark.parametrize(("url", "kind"), [("/down/", "down"), ("/read-only/", "read_only")])
def test_pages_say_nothing_was_lost_and_when_to_come_back(url: str, kind: str) -> None:
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert f'data-kind="{kind}"' in html
    assert "tout ce qui l'avait été avant est intact" in html
    assert "everything saved before is intact" in html


@pytest.mark.urls("tests.core.test_unavailable")
def test_the_api_answers_a_problem() -> None:
    response = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/down/")
    assert response.status_code == 503
    assert response.json()["type"] == "urn:sexto:problem:database_down"
    assert response["Retry-After"] == "30"
