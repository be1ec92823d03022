"""Members' pages (signed in), the public profile and its attestations, the award import."""

from django.urls import URLPattern, URLResolver, path

from sexto.credentials import member_views as views
from sexto.credentials import renewal_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("my/badges/", views.member_badges, name="member_badges"),
    path("my/badges/settings/", views.member_settings, name="member_settings"),
    path(
        "my/badges/<uuid:award_id>/attestation-<str:language>.pdf",
        views.member_attestation,
        name="member_attestation",
    ),
    path(
        "my/badges/<uuid:award_id>/credential.json",
        views.member_credential_json,
        name="member_credential_json",
    ),
    path("my/badges/<uuid:award_id>/renew/", renewal_views.member_renew, name="member_renew"),
    path("members/<str:handle>/", views.public_profile, name="public_profile"),
    path(
        "members/<str:handle>/badges/<uuid:award_id>/attestation-<str:language>.pdf",
        views.public_attestation,
        name="public_attestation",
    ),
    path("awards/import/", views.award_import, name="award_import"),
    path("awards/import/confirm/", views.award_import_confirm, name="award_import_confirm"),
]
