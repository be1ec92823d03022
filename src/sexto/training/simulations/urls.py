"""The simulations' URLs, included by training's urls (names live in the `training` namespace).

Paths keep three segments after training/ distinct from the level pages' own patterns.

Who may use them: any signed-in user plays the simulations of a level; an attempt and its score
are seen by its learner only (404 for anyone else).
"""

from django.urls import URLPattern, URLResolver, path

from sexto.training.simulations import views

_LEVEL = "training/<slug:program_slug>/<slug:level_slug>/simulations/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(_LEVEL, views.simulation_list, name="simulation_list"),
    path(f"{_LEVEL}<slug:scenario>/start/", views.simulation_start, name="simulation_start"),
    path(
        "training/simulations/attempts/<uuid:attempt_id>/",
        views.simulation_attempt,
        name="simulation_attempt",
    ),
    path(
        "training/simulations/attempts/<uuid:attempt_id>/finish/",
        views.simulation_finish,
        name="simulation_finish",
    ),
    path(
        "training/simulations/cases/<uuid:case_id>/",
        views.simulation_for_case,
        name="simulation_for_case",
    ),
]
