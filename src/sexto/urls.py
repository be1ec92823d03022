"""Root URLs."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from sexto.api import views as api_views
from sexto.api.api import api
from sexto.directory import views as directory_views

admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Sexto"

urlpatterns = [
    path("", directory_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_views.not_found, name="api_not_found"),
    path("account/tokens/", api_views.tokens, name="api_tokens"),
    path("account/tokens/<uuid:token_id>/revoke/", api_views.token_revoke, name="api_token_revoke"),
    path("", include("sexto.interventions.urls")),
    path("", include("sexto.directory.urls")),
]

handler400 = "sexto.core.views.bad_request"
handler403 = "sexto.core.views.permission_denied"
handler404 = "sexto.core.views.page_not_found"
handler500 = "sexto.core.views.server_error"
