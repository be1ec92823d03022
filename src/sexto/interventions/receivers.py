"""Reactions of the kit to events of other apps (connected in apps.py)."""
