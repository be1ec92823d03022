"""The statistics page's filters: which publication (scope) and which calendar year."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sexto.core.forms import Form
from sexto.stats.selectors import Scope


class StatsFilterForm(Form):
    """Scope and year; only the choices the user may see are offered (and accepted)."""

    scope = forms.ChoiceField(label=_("Organisation"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, scopes: list[Scope], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope_field = self.fields["scope"]
        year_field = self.fields["year"]
        assert isinstance(scope_field, forms.ChoiceField)
        assert isinstance(year_field, forms.ChoiceField)
        scope_field.choices = [(s.key, s.label) for s in scopes]
        year_field.choices = [(y, str(y)) for y in years]
        self.fields["year"].error_messages["invalid_choice"] = _(
            "Choose a year between %(first)s and %(last)s."
        ) % {"first": years[-1], "last": years[0]}
        self.fields["scope"].error_messages["invalid_choice"] = _(
            "Choose one of the organisations offered."
        )
