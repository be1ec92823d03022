"""URLs of the kit's devices pages, under cases/<uuid:case_id>/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
