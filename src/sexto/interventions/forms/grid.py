"""The grid as a Django form (people as a formset), shared by the case page and the simulations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sexto.core.forms import Form
from sexto.core.french import french_typography
from sexto.interventions import grid
from sexto.interventions.labels import (
    AUDIENCE_LABELS,
    CONSENT_LABELS,
    DEPICTION_HELP,
    DEPICTION_LABELS,
    INDICATOR_LABELS,
    MEDIUM_LABELS,
    PRODUCER_LABELS,
    PURPOSE_LABELS,
    ROLE_LABELS,
    STAGE_LABELS,
)

PERSON_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MAX_PEOPLE = 20


def _choices(values: tuple[str, ...], labels: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(value, labels[value]) for value in values]


class GridPersonForm(Form):
    """One person involved, described by role and age only (names go in the case, not the grid)."""

    id = forms.CharField(
        label=_("Label"),
        max_length=20,
        help_text=_("A letter or initials, e.g. A. Never a full name here."),
    )
    age = forms.IntegerField(
        label=_("Age"),
        required=False,
        min_value=grid.AGE_MIN,
        max_value=grid.AGE_MAX,
        help_text=_("Leave empty if unknown: the person is then presumed a minor."),
    )
    adult = forms.BooleanField(
        label=_("Age unknown, but known to be an adult (18 or older)"), required=False
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=_choices(grid.ROLES, ROLE_LABELS),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every role this person had."),
    )
    capacity_concern = forms.BooleanField(
        label=_("Doubts about this person's capacity to consent"),
        required=False,
        help_text=_("For example an intellectual disability."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("adult") and cleaned.get("age") is not None:
            self.add_error("adult", _("Tick this only when the age is unknown."))
        return cleaned


class BaseGridPeopleFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        if any(self.errors):
            return
        labels = [f.cleaned_data.get("id") for f in self.forms if f.cleaned_data]
        if not labels:
            raise forms.ValidationError(_("Describe at least one person."))
        seen: set[str] = set()
        for form in self.forms:
            label = form.cleaned_data.get("id")
            if label in seen:
                form.add_error("id", _("Another person already has this label."))
            seen.add(label)


GridPeopleFormSet = forms.formset_factory(
    GridPersonForm,
    formset=BaseGridPeopleFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_PEOPLE,
    validate_max=True,
)

YES_NO_UNKNOWN = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Not known"))]


class GridIncidentForm(Form):
    """Content, production, distribution and indicators: the four sections after the people."""

    medium = forms.ChoiceField(
        label=_("What kind of content?"),
        choices=_choices(grid.MEDIA, MEDIUM_LABELS),
        widget=forms.RadioSelect,
    )
    depiction = forms.ChoiceField(
        label=_("What does it show, as described?"),
        choices=_choices(grid.DEPICTIONS, DEPICTION_LABELS),
        widget=forms.RadioSelect,
        help_text=DEPICTION_HELP,
    )
    sexual_purpose = forms.ChoiceField(
        label=_("Is it sexual in purpose?"),
        choices=_choices(("yes", "no", "unknown"), PURPOSE_LABELS),
        widget=forms.RadioSelect,
        initial="unknown",
        help_text=_("A photo of a rash sent to a nurse is not; a pose meant to arouse is."),
    )
    violent_or_atypical = forms.BooleanField(
        label=_("Violence, degradation or atypical practices are described"), required=False
    )
    production_by = forms.ChoiceField(
        label=_("Who made it?"),
        choices=_choices(grid.PRODUCERS, PRODUCER_LABELS),
        widget=forms.RadioSelect,
        initial="unknown",
    )
    production_consent = forms.ChoiceField(
        label=_("Did the person who appears in it agree to being recorded?"),
        choices=_choices(grid.CONSENTS, CONSENT_LABELS),
        widget=forms.RadioSelect,
        initial="unknown",
    )
    coerced = forms.BooleanField(
        label=_("Pressure, blackmail or force was used to get it"), required=False
    )
    stage = forms.ChoiceField(
        label=_("How far has it gone?"),
        choices=_choices(grid.STAGES, STAGE_LABELS),
        widget=forms.RadioSelect,
        initial="none",
    )
    redistribution_consent = forms.ChoiceField(
        label=_("Did the person who appears in it agree to it being passed on?"),
        choices=_choices(grid.CONSENTS, CONSENT_LABELS),
        widget=forms.RadioSelect,
        initial="unknown",
    )
    audience = forms.ChoiceField(
        label=_("How many people beyond the intended recipient have it?"),
        choices=_choices(grid.AUDIENCES, AUDIENCE_LABELS),
        widget=forms.RadioSelect,
        initial="none",
    )
    posted_online = forms.BooleanField(
        label=_("Posted online (social network, website, group chat open to many)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in grid.INDICATORS:
            label, help_text = INDICATOR_LABELS[name]
            self.fields[name] = forms.BooleanField(label=label, help_text=help_text, required=False)

    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in grid.INDICATORS]


SECTIONS = {
    "people": _("People"),
    "content": _("Content"),
    "production": _("Production"),
    "distribution": _("Distribution"),
    "indicators": _("Indicators"),
}
# Where each form field lives in the contract, to map the grid's own errors back onto fields.
FIELD_PATHS = {
    "content.medium": "medium",
    "content.depiction": "depiction",
    "content.sexual_purpose": "sexual_purpose",
    "content.violent_or_atypical": "violent_or_atypical",
    "production.by": "production_by",
    "production.consent": "production_consent",
    "production.coerced": "coerced",
    "distribution.stage": "stage",
    "distribution.redistribution_consent": "redistribution_consent",
    "distribution.audience": "audience",
    "distribution.posted_online": "posted_online",
    **{f"indicators.{name}": name for name in grid.INDICATORS},
}
_PERSON_PATH = re.compile(r"^people\[(\d+)\]\.(\w+)")


@dataclass
class GridForms:
    """The two parts of the grid form, bound or not, with what the grid made of them."""

    incident: GridIncidentForm
    people: Any
    result: grid.GridResult | None = None
    answers: dict[str, Any] | None = None
    # After "add a person" the form is redisplayed to go on filling it, not to be corrected.
    hide_errors: bool = False

    @property
    def is_bound(self) -> bool:
        return self.incident.is_bound

    def evaluate_initial(self, answers: dict[str, Any]) -> None:
        """Show stored answers' result beside an unbound form (rules may have changed)."""
        try:
            self.result = grid.evaluate(answers)
            self.answers = answers
        except grid.IncidentInvalid:
            self.result = None

    def evaluate(self) -> grid.GridResult | None:
        """Validate both forms, build the incident, run the grid; errors stay on the fields."""
        people_ok = self.people.is_valid()
        incident_ok = self.incident.is_valid()
        if not (people_ok and incident_ok):
            return None
        answers = grid_incident_from_forms(self.incident, self.people)
        try:
            self.result = grid.evaluate(answers)
        except grid.IncidentInvalid as invalid:
            grid_errors_attach(self, invalid.errors)
            return None
        self.answers = answers
        return self.result


def grid_forms_build(
    data: Any = None, *, initial: dict[str, Any] | None = None, add_person: bool = False
) -> GridForms:
    """Bound forms from POST data (optionally with one more empty person), or initial ones."""
    if data is not None:
        if add_person:
            data = data.copy()
            total = int(data.get("people-TOTAL_FORMS") or 1)
            data["people-TOTAL_FORMS"] = str(min(total + 1, MAX_PEOPLE))
            data[f"people-{total}-id"] = PERSON_LETTERS[total % 26]
        return GridForms(
            GridIncidentForm(data), GridPeopleFormSet(data, prefix="people"), hide_errors=add_person
        )
    incident_initial, people_initial = grid_initial_from_incident(initial)
    return GridForms(
        GridIncidentForm(initial=incident_initial),
        GridPeopleFormSet(initial=people_initial, prefix="people"),
    )


def _tristate(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def grid_incident_from_forms(form: GridIncidentForm, people: Any) -> dict[str, Any]:
    """The contract's JSON incident from valid forms."""
    data = form.cleaned_data
    persons = []
    for person_form in people.forms:
        person = person_form.cleaned_data
        if not person:
            continue
        entry: dict[str, Any] = {
            "id": person["id"],
            "age": person["age"],
            "roles": list(person["roles"]),
        }
        if person.get("adult"):
            entry["adult"] = True
        if person.get("capacity_concern"):
            entry["capacity_concern"] = True
        persons.append(entry)
    return {
        "schema": grid.SCHEMA,
        "people": persons,
        "content": {
            "medium": data["medium"],
            "depiction": data["depiction"],
            "sexual_purpose": _tristate(data["sexual_purpose"]),
            "violent_or_atypical": data["violent_or_atypical"],
        },
        "production": {
            "by": data["production_by"],
            "consent": data["production_consent"],
            "coerced": data["coerced"],
        },
        "distribution": {
            "stage": data["stage"],
            "redistribution_consent": data["redistribution_consent"],
            "audience": data["audience"],
            "posted_online": data["posted_online"],
        },
        "indicators": {name: data[name] for name in grid.INDICATORS},
    }


def grid_initial_from_incident(
    incident: dict[str, Any] | None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Initial form values from stored answers (or a blank grid with person A)."""
    if not incident:
        return {}, [{"id": "A"}]
    content = incident.get("content", {})
    production = incident.get("production", {})
    distribution = incident.get("distribution", {})
    purpose = content.get("sexual_purpose")
    initial: dict[str, Any] = {
        "medium": content.get("medium"),
        "depiction": content.get("depiction"),
        "sexual_purpose": {True: "yes", False: "no"}.get(purpose, "unknown"),
        "violent_or_atypical": content.get("violent_or_atypical", False),
        "production_by": production.get("by", "unknown"),
        "production_consent": production.get("consent", "unknown"),
        "coerced": production.get("coerced", False),
        "stage": distribution.get("stage", "none"),
        "redistribution_consent": distribution.get("redistribution_consent", "unknown"),
        "audience": distribution.get("audience", "none"),
        "posted_online": distribution.get("posted_online", False),
        **{name: incident.get("indicators", {}).get(name, False) for name in grid.INDICATORS},
    }
    people = [
        {
            "id": p.get("id"),
            "age": p.get("age"),
            "adult": p.get("adult", False),
            "roles": p.get("roles", []),
            "capacity_concern": p.get("capacity_concern", False),
        }
        for p in incident.get("people", [])
    ]
    return initial, people


def grid_errors_attach(forms_: GridForms, errors: list[grid.FieldError]) -> None:
    """Show the grid's own messages (in the user's language) beside the matching fields."""
    french = (translation.get_language() or "fr").startswith("fr")
    for error in errors:
        message = french_typography(error.fr) if french else error.en
        person = _PERSON_PATH.match(error.path)
        if person:
            index, field = int(person.group(1)), person.group(2)
            if index < len(forms_.people.forms):
                target = forms_.people.forms[index]
                target.add_error(field if field in target.fields else None, message)
                continue
        field_name = FIELD_PATHS.get(error.path)
        if field_name is not None:
            forms_.incident.add_error(field_name, message)
        else:
            forms_.incident.add_error(None, f"{error.path}: {message}")
