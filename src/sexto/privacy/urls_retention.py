"""Retention and legal holds, for privacy officers (included at /privacy/retention/)."""

from django.urls import URLPattern, URLResolver, path

from sexto.privacy import retention_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", retention_views.retention_report, name="retention_report"),
    path("holds/", retention_views.legal_holds, name="legal_holds"),
    path("holds/new/", retention_views.legal_hold_new, name="legal_hold_place"),
    path("holds/<uuid:hold_id>/lift/", retention_views.legal_hold_release, name="legal_hold_lift"),
]
