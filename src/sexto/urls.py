"""Root URLs."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from oauth2_provider import urls as oauth2_urls

from sexto.credentials.hostapi.oauth import HostAuthorizationView
from sexto.directory import views as directory_views

admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Sexto"

OAUTH_URLS = [
    path("authorize/", HostAuthorizationView.as_view(), name="authorize"),
    *(p for p in oauth2_urls.base_urlpatterns if p.name in ("token", "revoke-token")),
]

urlpatterns = [
    path("", directory_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # OAuth 2.0 for the OB 3.0 API (credentials/hostapi): authorize, token, revoke_token only.
    path("ims/ob/v3p0/oauth/", include((OAUTH_URLS, "oauth2_provider"))),
    path("", include("sexto.api.urls")),
    path("", include("sexto.interventions.urls")),
    path("", include("sexto.directory.urls")),
    path("", include("sexto.privacy.urls")),
    path("", include("sexto.training.urls")),
    path("", include("sexto.credentials.urls")),
    path("", include("sexto.stats.urls")),
]

handler400 = "sexto.core.views.bad_request"
handler403 = "sexto.core.views.permission_denied"
handler404 = "sexto.core.views.page_not_found"
handler500 = "sexto.core.views.server_error"
