from django.urls import URLPattern, URLResolver, path

import sexto.privacy.incident_views as views

# Included under /privacy/incidents/ in the "privacy" namespace; privacy officers only.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.incident_list, name="incident_list"),
    path("new/", views.incident_create, name="incident_create"),
    path("<uuid:incident_id>/", views.incident_detail, name="incident_detail"),
    path("<uuid:incident_id>/edit/", views.incident_edit, name="incident_edit"),
    path(
        "<uuid:incident_id>/notifications/new/",
        views.incident_notification_add,
        name="incident_notification_add",
    ),
    path("<uuid:incident_id>/close/", views.incident_close, name="incident_close"),
    path("<uuid:incident_id>/history/", views.incident_history, name="incident_history"),
]
