"""The kit's URLs (namespace `interventions`), one module per area; paths and names are those
the pages and templates have always used."""

from django.urls import include, path

app_name = "interventions"

urlpatterns = [
    path("", include("sexto.interventions.urls.alerts")),
    path("", include("sexto.interventions.urls.grid")),
    path("", include("sexto.interventions.urls.cases")),
    path("", include("sexto.interventions.urls.team")),
    path("", include("sexto.interventions.urls.transfer")),
    path("cases/<uuid:case_id>/", include("sexto.interventions.urls.devices")),
    path("cases/<uuid:case_id>/", include("sexto.interventions.urls.referrals")),
    path("cases/<uuid:case_id>/", include("sexto.interventions.urls.around")),
    path("cases/<uuid:case_id>/", include("sexto.interventions.urls.plan")),
    path("cases/<uuid:case_id>/", include("sexto.interventions.urls.dg_report")),
    path("police/", include("sexto.interventions.urls.police")),
    path("", include("sexto.interventions.urls.access")),
]
