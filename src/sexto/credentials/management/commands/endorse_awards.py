"""Endorse the awards signed before endorsements existed: ``endorse_awards``.

Each unrevoked credential whose member's school territory had a police–DPCP agreement in force on
the award's day gets the service centre's EndorsementCredential, and is signed again with it
embedded (same id and status entry). Safe to run again: endorsed awards are skipped."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sexto.credentials.resign import endorsements_backfill


class Command(BaseCommand):
    help = "Add the agreement's endorsement to credentials signed before it existed."

    def handle(self, *args: Any, **options: Any) -> None:
        count = endorsements_backfill()
        self.stdout.write(f"{count} credential(s) endorsed and signed again.")
