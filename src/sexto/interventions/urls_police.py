"""URLs of the police liaison's inbox (included under /police/)."""

from django.urls import path

from sexto.interventions import police_views

urlpatterns = [
    path("", police_views.police_inbox, name="police_inbox"),
]
