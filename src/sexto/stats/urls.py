from django.urls import URLPattern, URLResolver, path

from sexto.stats import dashboard_views, views

app_name = "stats"

urlpatterns: list[URLPattern | URLResolver] = [
    path("stats/", views.overview, name="overview"),
    path("stats/export.csv", views.export_csv, name="export"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
]
