"""URLs of the evaluation grid: on its own (nothing saved) and on a case."""

from django.urls import path

from sexto.interventions.views import grid

urlpatterns = [
    path("grid/", grid.grid_try, name="grid"),
    path("grid/preview/", grid.grid_preview, name="grid_preview"),
    path("cases/<uuid:case_id>/grid/", grid.case_grid, name="case_grid"),
    path(
        "cases/<uuid:case_id>/grid/preview/",
        grid.case_grid_preview,
        name="case_grid_preview",
    ),
]
