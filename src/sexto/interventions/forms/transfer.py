"""Forms of a transfer to another file holder's school: the proposal's reason, the refusal's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from sexto.core.forms import Form


class TransferRefuseForm(Form):
    """Why the receiving school declines the case: the sending school reads it."""

    static_fields = True

    reason = forms.CharField(
        label=gettext_lazy("Why you refuse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy(
            "The sending school reads it. For example: the student is not enrolled here."
        ),
        error_messages={
            "required": gettext_lazy(
                "Say why you refuse, so the sending school knows what to do next."
            )
        },
    )
