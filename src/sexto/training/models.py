"""Training: programs, levels, modules, enrolments, submissions, reviews (simulations in simulation_models)."""

from sexto.training.simulation_models import *  # noqa: F403  (one app, two owners' modules)
