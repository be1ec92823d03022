"""URLs of the police liaison's inbox (included under /police/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
