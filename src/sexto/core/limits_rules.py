"""The shape of a rate rule: importable from settings (nothing here touches Django)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RateRule:
    """Requests to URL names matching `pattern` (fnmatch) with one of `methods`, per client."""

    pattern: str
    rate: str  # django-ratelimit's "N/s|m|h|d"
    methods: tuple[str, ...] = ("GET", "POST")
