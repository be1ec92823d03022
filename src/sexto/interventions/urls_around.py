"""URLs of the kit's around pages (included by interventions/urls.py under cases/<uuid:case_id>/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
