"""The main menu: apps register their entries at start-up; each entry decides who sees it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

from sexto.core.types import BaseViewer


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str | Promise
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 100
    # How many things wait behind the entry (unread alerts): shown next to it and on the menu.
    count: Callable[[Any], int] | None = None


_ENTRIES: dict[str, NavEntry] = {}


def nav_register(entry: NavEntry) -> None:
    """Add (or replace) a menu entry; called from an app's `ready()`."""
    _ENTRIES[entry.key] = entry


def navigation_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The entries this user may see, in order, with the current one marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for entry in sorted(_ENTRIES.values(), key=lambda e: (e.order, e.key)):
        if not entry.visible(user):
            continue
        url = reverse(entry.url_name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        count = entry.count(user) if entry.count is not None else 0
        items.append(
            {
                "key": entry.key,
                "label": entry.label,
                "url": url,
                "current": current,
                "count": count,
            }
        )
    return items


_HOMES: list[tuple[int, Callable[[Any], bool], str]] = []


def home_register(*, order: int, applies: Callable[[Any], bool], url_name: str) -> None:
    """A role's own home page (e.g. the coordinator's work list); the first that applies wins."""
    _HOMES.append((order, applies, url_name))
    _HOMES.sort(key=lambda item: item[0])


def home_for(user: BaseViewer) -> str | None:
    """The URL of this user's own home page, if a role has one."""
    for _order, applies, url_name in _HOMES:
        if applies(user):
            return reverse(url_name)
    return None
