"""URLs of the police liaison's inbox (included under /police/)."""

from django.urls import path

from sexto.interventions.views import police

urlpatterns = [
    path("", police.police_inbox, name="police_inbox"),
]
