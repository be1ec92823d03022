"""URLs of the kit's around pages, under cases/<uuid:case_id>/."""

from django.urls import URLPattern, path

from sexto.interventions import around_views

urlpatterns: list[URLPattern] = [
    path(
        "youth-protection/",
        around_views.youth_protection_record,
        name="youth_protection_record",
    ),
    path("parents/", around_views.parent_notification_record, name="parent_notification_record"),
    path("support/", around_views.support_entry_add, name="support_entry_add"),
    path(
        "support/<int:entry_id>/held/",
        around_views.support_entry_held,
        name="support_entry_held",
    ),
    path("takedowns/", around_views.takedown_add, name="takedown_add"),
    path(
        "takedowns/<int:takedown_id>/status/",
        around_views.takedown_status,
        name="takedown_status",
    ),
    path("measures/", around_views.measure_add, name="measure_add"),
    path("measures/<int:measure_id>/done/", around_views.measure_done, name="measure_done"),
]
