"""Wallet issuance URLs: the member's "Add to a wallet" page; the wallet endpoints (public,
named ``public_wallet_*`` so the public rate rules cover them) and OID4VCI's well-known
metadata."""

from django.urls import URLPattern, URLResolver, path

from sexto.credentials.wallet import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("my/badges/<uuid:award_id>/wallet/", views.wallet_offer, name="member_wallet_offer"),
    path(
        "wallet/exchanges/<uuid:offer_id>/<str:secret>",
        views.exchange,
        name="public_wallet_exchange",
    ),
    path(
        ".well-known/openid-credential-issuer",
        views.issuer_metadata,
        name="public_wallet_issuer_metadata",
    ),
    path(
        ".well-known/oauth-authorization-server",
        views.authorization_server_metadata,
        name="public_wallet_authorization_server",
    ),
    path(
        "wallet/oid4vci/offers/<uuid:offer_id>/<str:secret>",
        views.oid4vci_offer,
        name="public_wallet_oid4vci_offer",
    ),
    path("wallet/oid4vci/token", views.oid4vci_token, name="public_wallet_oid4vci_token"),
    path("wallet/oid4vci/nonce", views.oid4vci_nonce, name="public_wallet_oid4vci_nonce"),
    path(
        "wallet/oid4vci/credential",
        views.oid4vci_credential,
        name="public_wallet_oid4vci_credential",
    ),
]
