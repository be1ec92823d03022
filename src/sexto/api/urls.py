"""The API's URLs and the token pages (included by the root URLconf, which imports no API code)."""

from django.urls import path, re_path

from sexto.api import views
from sexto.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", views.not_found, name="api_not_found"),
    path("account/tokens/", views.tokens, name="api_tokens"),
    path("account/tokens/<uuid:token_id>/revoke/", views.token_revoke, name="api_token_revoke"),
]
