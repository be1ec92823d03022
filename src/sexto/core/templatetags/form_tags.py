"""`{% form_fields form %}`: what `partials/form_fields.html` writes, with the visible fields of a
`static_fields` form rendered once per language and kept.

The case page shows several empty forms (add a person, close, note) that most readers never use;
rendering their widgets through Django's widget templates cost more than any other part of the
page. Their visible fields come out the same for every case (same labels, same choices, no
initial values), so the HTML is rendered once and reused; hidden fields (a case's version) are
written every time."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

# Keyed by form class, language, prefix, id pattern and the visible fields' initial values; a
# handful of forms in a handful of languages, so it stays small (emptied at the cap anyway).
_VISIBLE_RENDERED: dict[tuple[Any, ...], SafeString] = {}
_VISIBLE_RENDERED_CAP = 256


def _visible_fields(form: forms.BaseForm) -> SafeString:
    return render_to_string("partials/form_visible_fields.html", {"form": form})


@register.simple_tag
def form_fields(form: forms.BaseForm) -> SafeString:
    """The form's hidden fields, then its visible fields (partials/form_fields.html)."""
    hidden = format_html_join("", "{}", ((field,) for field in form.hidden_fields()))
    if form.is_bound or not getattr(form, "static_fields", False) or settings.DEBUG:
        visible = _visible_fields(form)
    else:
        key = (
            type(form),
            translation.get_language(),
            form.prefix,
            form.auto_id,
            tuple(
                (field.name, repr(form.get_initial_for_field(field.field, field.name)))
                for field in form.visible_fields()
            ),
        )
        visible = _VISIBLE_RENDERED.get(key)  # type: ignore[assignment]
        if visible is None:
            if len(_VISIBLE_RENDERED) >= _VISIBLE_RENDERED_CAP:
                _VISIBLE_RENDERED.clear()
            visible = _VISIBLE_RENDERED[key] = _visible_fields(form)
    # Bound fields and a rendered template are safe strings: format_html keeps them as they are.
    return format_html("{}\n{}\n", hidden, visible)


# The names allauth gives the fields where a person types a code from their authenticator app
# or a recovery code (both digits only): a numeric keypad on phones, and the OS's one-time-code
# autofill (issue 18).
ONE_TIME_CODE_FIELDS = frozenset({"code"})


@register.filter
def field_widget(field: forms.BoundField) -> SafeString:
    """The field's widget; a one-time-code field gets the numeric keypad and autofill hints."""
    if field.name in ONE_TIME_CODE_FIELDS:
        return field.as_widget(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        )
    return field.as_widget()
