from django.urls import URLPattern, URLResolver, include, path

app_name = "privacy"

# Two areas, two owners: the privacy-incident register and retention / legal holds.
urlpatterns: list[URLPattern | URLResolver] = [
    path("privacy/incidents/", include("sexto.privacy.urls_incidents")),
    path("privacy/retention/", include("sexto.privacy.urls_retention")),
]
