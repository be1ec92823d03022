"""Forms of access beyond the team: a grant to a named person, break-glass, the audit-trail
export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sexto.core.forms import Form

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class GrantForm(Form):
    """Time-limited read access to one case for a named person, with a reason."""

    email = forms.EmailField(
        label=gettext_lazy("Email of the person"),
        max_length=254,
        help_text=gettext_lazy("A person who works for the organisation that holds this file."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Why they need access"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=gettext_lazy("Recorded in the audit log. Do not write case details here."),
        error_messages={
            "required": gettext_lazy(
                "Say why this person needs access: the reason is required and recorded."
            )
        },
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Access ends on"),
        widget=DATETIME_WIDGET,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ends_at"].help_text = _("At most %(days)d days from now.") % {
            "days": settings.ACCESS_GRANT_MAX_DAYS
        }


class BreakGlassForm(Form):
    number = forms.CharField(
        label=gettext_lazy("Case number"),
        max_length=20,
        help_text=gettext_lazy("For example SX-2026-00042."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Why you open this case"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        # Left to the service: a missing reason must be refused *and* audited there.
        required=False,
        help_text=gettext_lazy(
            "Required. The case team is alerted at once; your access is read only and ends "
            "by itself."
        ),
    )


class AuditExportForm(Form):
    number = forms.CharField(
        label=gettext_lazy("Case number"),
        max_length=20,
        help_text=gettext_lazy("For example SX-2026-00042."),
    )
