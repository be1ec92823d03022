"""Fixtures for wallet issuance: the demo award (training fixtures come from the parent)."""

from __future__ import annotations
