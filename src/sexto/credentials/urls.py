from django.urls import URLPattern, URLResolver, include, path

from sexto.credentials import coverage_views

app_name = "credentials"

# Three areas: coverage (training), public verification and issuing, members' own pages.
urlpatterns: list[URLPattern | URLResolver] = [
    path("training-coverage/", coverage_views.coverage, name="coverage"),
    path("", include("sexto.credentials.urls_public")),
    path("", include("sexto.credentials.urls_member")),
    path("", include("sexto.credentials.wallet.urls")),
    path("", include("sexto.credentials.hostapi.urls")),
]
