"""Public issuing and verification URLs (anyone, no sign-in), all named ``public_*`` so the rate
rule ``credentials:public_*`` covers them; and the trainers' revocation page."""

from django.urls import URLPattern, URLResolver, path

from sexto.credentials import public_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("issuers/<slug:slug>/did.json", views.issuer_did, name="public_issuer_did"),
    path("issuers/<slug:slug>/image.png", views.issuer_image, name="public_issuer_image"),
    path("status/<slug:slug>/<int:number>.json", views.status_list, name="public_status_list"),
    path("verify/<uuid:award_id>", views.verify, name="public_verify"),
    path("credentials/<uuid:award_id>", views.credential, name="public_credential"),
    path(
        "credentials/<uuid:award_id>/badge.png", views.credential_png, name="public_credential_png"
    ),
    path(
        "credentials/<uuid:award_id>/badge.svg", views.credential_svg, name="public_credential_svg"
    ),
    path(
        "credentials/<uuid:award_id>/endorsements/<uuid:endorsement_id>.json",
        views.endorsement,
        name="public_endorsement",
    ),
    path("credentials/<uuid:award_id>/revoke", views.revoke, name="award_revoke"),
    path("badges/<slug:badge_slug>", views.achievement, name="public_achievement"),
    path(
        "badges/<slug:badge_slug>/<slug:language>",
        views.achievement_in_language,
        name="public_achievement_language",
    ),
    path("badges/<slug:badge_slug>.png", views.badge_image_png, name="public_badge_png"),
    path("badges/<slug:badge_slug>.svg", views.badge_image_svg, name="public_badge_svg"),
    path("ob2/issuers/<slug:slug>.json", views.ob2_issuer, name="public_ob2_issuer"),
    path(
        "ob2/issuers/<slug:slug>/badges/<slug:badge_slug>.json",
        views.ob2_badge_class,
        name="public_ob2_badge_class",
    ),
    path("ob2/assertions/<uuid:award_id>.json", views.ob2_assertion, name="public_ob2_assertion"),
    path(
        "ob2/assertions/<uuid:award_id>/badge.png",
        views.ob2_assertion_png,
        name="public_ob2_assertion_png",
    ),
    path(
        "ob2/assertions/<uuid:award_id>/badge.svg",
        views.ob2_assertion_svg,
        name="public_ob2_assertion_svg",
    ),
]
