"""URLs of the kit's around pages, under cases/<uuid:case_id>/."""

from django.urls import URLPattern, path

from sexto.interventions.views import around

urlpatterns: list[URLPattern] = [
    path(
        "youth-protection/",
        around.youth_protection_record,
        name="youth_protection_record",
    ),
    path("parents/", around.parent_notification_record, name="parent_notification_record"),
    path("support/", around.support_entry_add, name="support_entry_add"),
    path(
        "support/<int:entry_id>/held/",
        around.support_entry_held,
        name="support_entry_held",
    ),
    path("takedowns/", around.takedown_add, name="takedown_add"),
    path(
        "takedowns/<int:takedown_id>/status/",
        around.takedown_status,
        name="takedown_status",
    ),
    path("measures/", around.measure_add, name="measure_add"),
    path("measures/<int:measure_id>/done/", around.measure_done, name="measure_done"),
]
