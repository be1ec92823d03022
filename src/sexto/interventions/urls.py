from django.urls import path

from sexto.interventions import views

app_name = "interventions"

urlpatterns = [
    path("grid/", views.grid_try, name="grid"),
    path("grid/preview/", views.grid_preview, name="grid_preview"),
]
