"""When the database is away (restarting, failing over) or read-only (maintenance): a calm 503.

The page is static and bilingual, like the 500 page: rendering it must not need the database.
"""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from sexto.core.problems import problem_response

RETRY_AFTER_SECONDS = 30
READ_ONLY_SQLSTATE = "25006"  # read_only_sql_transaction


def database_unavailable(error: BaseException | None) -> str | None:
    """'read_only' or 'down' when `error` says the database cannot take this request now."""
    if not isinstance(error, DatabaseError):
        return None
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) == READ_ONLY_SQLSTATE:
        return "read_only"
    if isinstance(error, OperationalError | InterfaceError):
        return "down"
    return None


def unavailable_response(request: HttpRequest) -> HttpResponse | None:
    """The 503 for the exception being handled now, if it is the database's; else None."""
    kind = database_unavailable(sys.exc_info()[1])
    if kind is None:
        return None
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.startswith("/api/"):
        detail = (
            _("The database is read-only for maintenance: nothing was saved. Try again later.")
            if kind == "read_only"
            else _("The database is briefly unavailable: nothing was saved. Try again shortly.")
        )
        return problem_response(
            request, status=503, code=f"database_{kind}", detail=detail, headers=headers
        )
    body = render_to_string("errors/503.html", {"kind": kind})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = headers["Retry-After"]
    return response
