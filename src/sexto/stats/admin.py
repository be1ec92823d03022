"""School levels are directory facts, not case data: editable in Django admin."""

from django.contrib import admin

from sexto.stats.models import SchoolLevel


@admin.register(SchoolLevel)
class SchoolLevelAdmin(admin.ModelAdmin[SchoolLevel]):
    list_display = ("school", "level")
    list_filter = ("level",)
    search_fields = ("school__name", "school__ministry_code")
