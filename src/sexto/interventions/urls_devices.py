"""URLs of the kit's devices pages, under cases/<uuid:case_id>/ (POST-only actions)."""

from django.urls import path

from sexto.interventions import device_views

urlpatterns = [
    path("devices/", device_views.device_seize, name="device_seize"),
    path(
        "devices/<uuid:device_id>/transfer/",
        device_views.device_transfer,
        name="device_transfer",
    ),
    path(
        "devices/<uuid:device_id>/hand-over/",
        device_views.device_hand_over,
        name="device_hand_over",
    ),
    path("devices/<uuid:device_id>/return/", device_views.device_return, name="device_return"),
    path(
        "devices/<uuid:device_id>/acknowledge/",
        device_views.device_acknowledge,
        name="device_acknowledge",
    ),
]
