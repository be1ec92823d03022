"""URLs of the kit's devices pages, under cases/<uuid:case_id>/ (POST-only actions)."""

from django.urls import path

from sexto.interventions.views import devices

urlpatterns = [
    path("devices/", devices.device_seize, name="device_seize"),
    path(
        "devices/<uuid:device_id>/transfer/",
        devices.device_transfer,
        name="device_transfer",
    ),
    path(
        "devices/<uuid:device_id>/hand-over/",
        devices.device_hand_over,
        name="device_hand_over",
    ),
    path("devices/<uuid:device_id>/return/", devices.device_return, name="device_return"),
    path(
        "devices/<uuid:device_id>/acknowledge/",
        devices.device_acknowledge,
        name="device_acknowledge",
    ),
]
