"""The session store (SESSION_ENGINE): Django's database sessions, saved on a read only when that
moves the idle expiry by more than a minute.

SESSION_SAVE_EVERY_REQUEST is on for the idle timeout (SESSION_IDLE_SECONDS): every request pushes
the session's expiry forward. Writing the row on every page (a transaction, an UPDATE, a COMMIT)
did that to the second; within a minute of the last write the expiry barely moves, so a request
that changed nothing in the session leaves the row alone. A session then ends at most a minute
earlier than it did (idle time counted from the last write, never later than before)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

# How far the expiry may lag behind before a read writes it again.
EXPIRY_SLACK = datetime.timedelta(seconds=60)


class SessionStore(DatabaseSessionStore):
    """Database sessions that remember the expiry they were loaded with (see module)."""

    _stored_expiry: datetime.datetime | None = None

    def _get_session_from_db(self) -> Any:
        stored = super()._get_session_from_db()  # type: ignore[misc]  # not in django-stubs
        self._stored_expiry = stored.expire_date if stored is not None else None
        return stored

    def save(self, must_create: bool = False) -> None:
        if (
            not must_create
            and not self.modified
            and self.session_key is not None
            and self._stored_expiry is not None
            and self.get_expiry_date() - self._stored_expiry <= EXPIRY_SLACK
        ):
            return
        super().save(must_create=must_create)
        self._stored_expiry = None if must_create else self.get_expiry_date()
