"""`{% form_fields %}` writes what partials/form_fields.html writes, reusing the visible fields of
an empty `static_fields` form (core.templatetags.form_tags)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from sexto.core.templatetags import form_tags
from sexto.interventions.forms.cases import CloseForm, NoteForm, PersonForm


def _as_partial(form: object) -> str:
    return render_to_string("partials/form_fields.html", {"form": form})


def test_an_empty_static_form_renders_as_the_partial_does_in_each_language() -> None:
    form_tags._VISIBLE_RENDERED.clear()
    for language in ("fr", "en"):
        with translation.override(language):
            for form in (PersonForm(), NoteForm(), CloseForm(initial={"version": 7})):
                assert form_tags.form_fields(form) == _as_partial(form)
                assert form_tags.form_fields(form) == _as_partial(form)  # from the cache
    assert len(form_tags._VISIBLE_RENDERED) == 6  # three forms, two languages
    with translation.override("en"):
        english = form_tags.form_fields(NoteForm())
    with translation.override("fr"):
        assert form_tags.form_fields(NoteForm()) != english  # labels in the reader's language


def test_the_hidden_fields_are_written_each_time() -> None:
    first = form_tags.form_fields(CloseForm(initial={"version": 3}))
    second = form_tags.form_fields(CloseForm(initial={"version": 4}))
    assert 'value="3"' in first and 'value="4"' in second


def test_a_form_sent_back_with_its_errors_is_rendered_as_typed() -> None:
    form = NoteForm(data={"text": ""})
    assert not form.is_valid()
    rendered = form_tags.form_fields(form)
    assert rendered == _as_partial(form)
    assert "field-error" in rendered
