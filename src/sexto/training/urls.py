from django.urls import URLPattern, URLResolver, include, path

from sexto.training import views

app_name = "training"

_LEVEL = "training/<slug:program_slug>/<slug:level_slug>/"

urlpatterns: list[URLPattern | URLResolver] = [
    # The Architecte simulations' pages first, so their fixed paths (training/simulations/…) win
    # over the level's slugs.
    path("", include("sexto.training.simulations.urls")),
    path("training/", views.program_list, name="program_list"),
    path("training/reviews/", views.review_queue, name="review_queue"),
    path("training/reviews/<uuid:submission_id>/", views.review_detail, name="review_detail"),
    path("training/cohort/", views.cohort, name="cohort"),
    path("training/cohort/<uuid:level_id>/csv/", views.cohort_csv, name="cohort_csv"),
    path(_LEVEL, views.level_detail, name="level_detail"),
    path(f"{_LEVEL}start/", views.level_start, name="level_start"),
    path(f"{_LEVEL}modules/<int:position>/", views.module_detail, name="module_detail"),
    path(f"{_LEVEL}modules/<int:position>/read/", views.module_read, name="module_read"),
    path(f"{_LEVEL}proof/", views.proof, name="proof"),
    path(f"{_LEVEL}proof/autosave/", views.proof_autosave, name="proof_autosave"),
]
