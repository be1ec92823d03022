"""URLs of the in-app alerts."""

from django.urls import path

from sexto.interventions.views import alerts

urlpatterns = [
    path("alerts/", alerts.alerts, name="alerts"),
    path("alerts/read/", alerts.alerts_read_all, name="alerts_read_all"),
    path("alerts/<int:alert_id>/", alerts.alert_open, name="alert_open"),
]
