"""`seed_demo` steps: each capability registers one, so `make run` shows a living product."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoStep:
    order: int
    name: str
    run: Callable[[Callable[[str], None]], object]


_STEPS: dict[str, DemoStep] = {}


def demo_step_register(step: DemoStep) -> None:
    """Register (or replace) a step; called from an app's `ready()`."""
    _STEPS[step.name] = step


def demo_steps() -> list[DemoStep]:
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.name))
