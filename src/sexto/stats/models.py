"""What statistics need beyond the kit's plain columns: the level of each school.

The directory's School has no level yet; rather than change a model another app owns, the
statistics keep a one-to-one profile. A school without one counts as "level not specified".
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sexto.directory.models import School


class SchoolLevel(models.Model):
    """The teaching level of a school, for counts by level (not case data)."""

    class Level(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")
        PRIMARY_SECONDARY = "primary_secondary", _("Primary and secondary")
        ADULT_VOCATIONAL = "adult_vocational", _("Adult education or vocational training")

    school = models.OneToOneField(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="stats_level"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)

    class Meta:
        verbose_name = _("school level")
        verbose_name_plural = _("school levels")
        ordering = ["school__name"]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_level_display()}"
