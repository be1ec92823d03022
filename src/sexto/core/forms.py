"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms

from sexto.core.errors import DomainError


def form_add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a domain error beside its field (or above the form), keeping what the user typed."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))
