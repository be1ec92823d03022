from django.urls import URLPattern, URLResolver, path

from sexto.stats import views

app_name = "stats"

urlpatterns: list[URLPattern | URLResolver] = [
    path("stats/", views.overview, name="overview"),
    path("stats/export.csv", views.export_csv, name="export"),
]
