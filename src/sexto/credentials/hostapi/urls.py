"""OB 3.0 REST API URLs (``/ims/ob/v3p0/…``, public routes named ``public_hostapi_*`` so the rate
rules cover them) and the member's "Connected apps" page. The OAuth endpoints
(django-oauth-toolkit) are mounted by the root URLconf under ``/ims/ob/v3p0/oauth/``."""

from django.urls import URLPattern, URLResolver, path

from sexto.credentials.hostapi import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("ims/ob/v3p0/discovery", views.discovery, name="public_hostapi_discovery"),
    path("ims/ob/v3p0/privacy", views.privacy, name="public_hostapi_privacy"),
    path("ims/ob/v3p0/register", views.register, name="public_hostapi_register"),
    path("ims/ob/v3p0/credentials", views.credentials, name="hostapi_credentials"),
    path("ims/ob/v3p0/profile", views.profile, name="hostapi_profile"),
    path("my/connected-apps/", views.connected_apps, name="member_connected_apps"),
    path(
        "my/connected-apps/<int:application_id>/revoke",
        views.connected_app_revoke,
        name="member_connected_app_revoke",
    ),
]
