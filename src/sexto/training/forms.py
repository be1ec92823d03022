"""Forms of training: the reflective proof and a reviewer's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sexto.core.forms import Form
from sexto.training.models import Level, Question, Review


class ProofForm(Form):
    """One text box per question. Drafts may be short; the minimum applies when submitting."""

    def __init__(
        self,
        *args: Any,
        level: Level,
        questions: list[Question],
        autosave_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            attrs: dict[str, Any] = {
                "rows": 8,
                "data-min-length": level.min_answer_length,
                # The live count under the box (static/js/app.js), in the reader's language.
                "data-count-text": _("%(count)s characters, at least %(min)s needed")
                if level.min_answer_length
                else "",
            }
            if autosave_url:
                # htmx autosave: attributes only, no inline script (strict CSP).
                attrs.update(
                    {
                        "hx-post": autosave_url,
                        "hx-trigger": "input changed delay:1500ms",
                        "hx-include": "closest form",
                        "hx-target": "#autosave-status",
                        "hx-swap": "innerHTML",
                    }
                )
            self.fields[question.field_name] = forms.CharField(
                label=_("Question %(number)d — %(prompt)s")
                % {"number": question.position, "prompt": question.prompt},
                required=False,
                strip=False,
                widget=forms.Textarea(attrs=attrs),
                help_text=_("At least %(min)d characters.") % {"min": level.min_answer_length},
            )
        if questions:
            # Unchecked by default: the answers leave the platform only with the member's consent.
            self.fields["evidence_consent"] = forms.BooleanField(
                label=_("Put my approved answers in my badge"),
                required=False,
                help_text=_(
                    "Anyone you show your badge to can then read your answers; otherwise it only "
                    "says that a reflective proof was reviewed and approved."
                ),
            )


class ReviewForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Review.Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comments for the learner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when you ask for changes: say what to improve."),
    )
