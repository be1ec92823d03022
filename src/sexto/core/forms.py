"""Form helpers shared by every app."""

from __future__ import annotations

from typing import ClassVar

from django import forms

from sexto.core.errors import DomainError
from sexto.core.validators import no_embedded_images


def form_add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a domain error beside its field (or above the form), keeping what the user typed;
    an error about several fields shows each message beside its own field."""
    if error.field_errors:
        if len(error.field_errors) > 1:  # what they have in common, above the form
            form.add_error(None, str(error.message))
        for name, message in error.field_errors.items():
            form.add_error(name if name in form.fields else None, message)
        return
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


class FreeTextMixin:
    """Every text field of the form refuses images and their encodings (core.validators), those
    declared on the class and those a form adds in its `__init__` (training questions)."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for field in self.fields.values():
            # Choice, date and number fields are not CharFields; e-mail and URL fields are, and an
            # image fits in a URL as well as anywhere else.
            if isinstance(field, forms.CharField) and no_embedded_images not in field.validators:
                field.validators.append(no_embedded_images)
        super().full_clean()  # type: ignore[misc]


class Form(FreeTextMixin, forms.Form):
    """The product's form: use it instead of `django.forms.Form`."""

    # True where the visible fields render the same for every instance (labels, choices and
    # widgets fixed on the class, not set from a case or a user in `__init__`): `{% form_fields %}`
    # (core.templatetags.form_tags) then renders an empty one once per language and reuses it.
    static_fields: ClassVar[bool] = False


class ModelForm(FreeTextMixin, forms.ModelForm):  # type: ignore[type-arg]
    """The product's model form: use it instead of `django.forms.ModelForm`."""
