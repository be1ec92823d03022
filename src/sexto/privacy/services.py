"""Every write of the privacy-incident register: validated, in one transaction, audited, and
versioned (each save keeps an encrypted snapshot, so an edit never erases what was said)."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sexto.audit.services import audit_record
from sexto.core.counters import counter_next
from sexto.core.errors import Conflict, DomainError, NotFoundOrForbidden
from sexto.core.validators import no_embedded_images
from sexto.directory.models import Organisation, User
from sexto.directory.permissions import privacy_officer_holders
from sexto.privacy.models import (
    IncidentNotification,
    PrivacyIncident,
    PrivacyIncidentVersion,
)

# What an edit may change (the rest is set by the register itself).
EDITABLE_FIELDS = (
    "what_happened",
    "information_involved",
    "occurred_at",
    "discovered_at",
    "reported_by",
    "people_affected_count",
    "people_affected",
    "measures",
    "sensitivity",
    "consequences",
    "misuse_likelihood",
    "serious_injury",
    "risk_reasoning",
)
TEXT_FIELDS = (
    "what_happened",
    "information_involved",
    "reported_by",
    "people_affected",
    "measures",
    "consequences",
    "risk_reasoning",
)
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)


class IncidentInvalid(DomainError):
    """The incident as entered breaks a rule of the register."""

    code = "incident_invalid"


def _officer_require(*, actor: User, organisation_id: Any) -> None:
    if organisation_id not in privacy_officer_holders(actor):
        raise NotFoundOrForbidden(_("No such incident in your organisation's register."))


def _not_future(moment: datetime.datetime | None, *, field: str) -> None:
    if moment is not None and moment > timezone.now() + FUTURE_TOLERANCE:
        raise IncidentInvalid(_("This moment is in the future."), field=field)


def _values_check(values: dict[str, Any]) -> None:
    """The register's rules on one incident's values (the law's three factors included)."""
    for name in TEXT_FIELDS:
        try:
            no_embedded_images(values.get(name) or "")
        except ValidationError as error:
            raise IncidentInvalid(error.messages[0], field=name) from None
    if not (values.get("what_happened") or "").strip():
        raise IncidentInvalid(_("Describe what happened."), field="what_happened")
    if not (values.get("reported_by") or "").strip():
        raise IncidentInvalid(_("Say who reported the incident."), field="reported_by")
    _not_future(values["occurred_at"], field="occurred_at")
    _not_future(values["discovered_at"], field="discovered_at")
    if values["discovered_at"] < values["occurred_at"]:
        raise IncidentInvalid(
            _("An incident cannot be discovered before it happened."), field="discovered_at"
        )
    if values.get("people_affected_count") is None or values["people_affected_count"] < 0:
        raise IncidentInvalid(
            _("Give the number of people affected (0 if none is known yet)."),
            field="people_affected_count",
        )
    if values.get("serious_injury"):
        # The law's factors: sensitivity, anticipated consequences, likelihood of misuse.
        missing = [
            (name, message)
            for name, message in (
                ("sensitivity", _("Rate the sensitivity of the information.")),
                ("consequences", _("Describe the anticipated consequences of its use.")),
                ("misuse_likelihood", _("Rate the likelihood that it will be misused.")),
                ("risk_reasoning", _("Give the reasons for the assessment.")),
            )
            if not str(values.get(name) or "").strip()
        ]
        if missing:
            name, message = missing[0]
            raise IncidentInvalid(message, field=name)


def _snapshot(incident: PrivacyIncident) -> str:
    values: dict[str, Any] = {}
    for name in (*EDITABLE_FIELDS, "status", "closing_note", "closed_at"):
        value = getattr(incident, name)
        values[name] = value.isoformat() if isinstance(value, datetime.datetime) else value
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def _version_write(
    incident: PrivacyIncident, *, actor: User, action: str, changed: list[str]
) -> None:
    PrivacyIncidentVersion.objects.create(
        incident=incident,
        number=incident.version,
        saved_by=actor,
        action=action,
        changed_fields=changed,
        snapshot=_snapshot(incident),
    )


def _reference_next(organisation: Organisation, year: int) -> str:
    # The shared gap-free counter (as for case numbers); the caller holds the transaction.
    return f"INC-{year}-{counter_next(scope_id=organisation.pk, kind='INC', year=year):04d}"


def incident_create(
    *,
    actor: User,
    organisation: Organisation,
    what_happened: str,
    occurred_at: datetime.datetime,
    discovered_at: datetime.datetime,
    reported_by: str,
    people_affected_count: int,
    people_affected: str = "",
    information_involved: str = "",
    measures: str = "",
    sensitivity: str = "",
    consequences: str = "",
    misuse_likelihood: str = "",
    serious_injury: str = "",
    risk_reasoning: str = "",
    request: HttpRequest | None = None,
) -> PrivacyIncident:
    """Enter an incident in the organisation's register (privacy officers of it only)."""
    _officer_require(actor=actor, organisation_id=organisation.pk)
    values = {
        "what_happened": what_happened,
        "information_involved": information_involved,
        "occurred_at": occurred_at,
        "discovered_at": discovered_at,
        "reported_by": reported_by,
        "people_affected_count": people_affected_count,
        "people_affected": people_affected,
        "measures": measures,
        "sensitivity": sensitivity,
        "consequences": consequences,
        "misuse_likelihood": misuse_likelihood,
        "serious_injury": serious_injury,
        "risk_reasoning": risk_reasoning,
    }
    _values_check(values)
    with transaction.atomic():
        incident = PrivacyIncident(
            organisation=organisation,
            reference=_reference_next(organisation, timezone.localdate().year),
            recorded_by=actor,
            assessed_at=timezone.now() if serious_injury else None,
            **values,
        )
        incident.save(force_insert=True)
        _version_write(incident, actor=actor, action="create", changed=list(EDITABLE_FIELDS))
        audit_record(
            actor=actor,
            action="privacy_incident.create",
            target=incident,
            request=request,
            changes=values,
        )
    return incident


def incident_update(
    *,
    actor: User,
    incident: PrivacyIncident,
    version: int,
    changes: dict[str, Any],
    request: HttpRequest | None = None,
) -> PrivacyIncident:
    """Save an edit of an open incident; refused if someone saved it since `version`."""
    _officer_require(actor=actor, organisation_id=incident.organisation_id)
    if incident.status == PrivacyIncident.Status.CLOSED:
        raise Conflict(_("This incident is closed: it can no longer be changed."))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise IncidentInvalid(_("These fields cannot be changed: %s.") % ", ".join(sorted(unknown)))
    values = {name: getattr(incident, name) for name in EDITABLE_FIELDS} | changes
    _values_check(values)
    changed = [name for name in EDITABLE_FIELDS if getattr(incident, name) != values[name]]
    if not changed:
        return incident
    with transaction.atomic():
        assessed_now = "serious_injury" in changed and values["serious_injury"]
        updates: dict[str, Any] = {name: values[name] for name in changed}
        updates["updated_at"] = timezone.now()
        if assessed_now:
            updates["assessed_at"] = updates["updated_at"]
        # Optimistic lock: a concurrent save bumps the version and this update matches nothing.
        # (update() encrypts the encrypted fields through get_prep_value, like save().)
        saved = PrivacyIncident.objects.filter(pk=incident.pk, version=version).update(
            **updates, version=version + 1
        )
        if saved == 0:
            raise Conflict(
                _(
                    "Someone saved this incident since you opened it. Reload to see their "
                    "changes, then make yours again."
                )
            )
        for name, value in updates.items():
            setattr(incident, name, value)
        incident.version = version + 1
        _version_write(incident, actor=actor, action="update", changed=changed)
        audit_record(
            actor=actor,
            action="privacy_incident.update",
            target=incident,
            request=request,
            changes={name: values[name] for name in changed},
        )
    return incident


def incident_notification_record(
    *,
    actor: User,
    incident: PrivacyIncident,
    recipient: str,
    at: datetime.datetime,
    channel: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> IncidentNotification:
    """Record a notification made (to the Commission, the people affected, another body), or
    a decision not to notify with its reason."""
    _officer_require(actor=actor, organisation_id=incident.organisation_id)
    if recipient not in IncidentNotification.Recipient.values:
        raise IncidentInvalid(_("Choose who was notified."), field="recipient")
    if channel not in IncidentNotification.Channel.values:
        raise IncidentInvalid(_("Choose how they were notified."), field="channel")
    _not_future(at, field="at")
    if at < incident.discovered_at:
        raise IncidentInvalid(
            _("A notification cannot come before the incident was discovered."), field="at"
        )
    try:
        no_embedded_images(note)
    except ValidationError as error:
        raise IncidentInvalid(error.messages[0], field="note") from None
    if channel == IncidentNotification.Channel.NOT_NOTIFIED and not note.strip():
        raise IncidentInvalid(_("Say why they were not notified."), field="note")
    with transaction.atomic():
        notification = IncidentNotification.objects.create(
            incident=incident,
            recipient=recipient,
            at=at,
            channel=channel,
            note=note,
            recorded_by=actor,
        )
        PrivacyIncident.objects.filter(pk=incident.pk).update(
            version=incident.version + 1, updated_at=timezone.now()
        )
        incident.version += 1
        _version_write(
            incident, actor=actor, action=f"notification.{recipient}", changed=["notifications"]
        )
        audit_record(
            actor=actor,
            action="privacy_incident.notification",
            target=incident,
            request=request,
            changes={"recipient": recipient, "channel": channel, "at": at},
        )
    return notification


def incident_close(
    *,
    actor: User,
    incident: PrivacyIncident,
    version: int,
    closing_note: str,
    request: HttpRequest | None = None,
) -> PrivacyIncident:
    """Close an incident once assessed; with a risk of serious injury, only after the Commission
    and the people affected were notified (or the decision not to notify them recorded)."""
    _officer_require(actor=actor, organisation_id=incident.organisation_id)
    if incident.status == PrivacyIncident.Status.CLOSED:
        raise Conflict(_("This incident is already closed."))
    if not incident.serious_injury:
        raise IncidentInvalid(
            _("Assess the risk of serious injury before closing."), field="closing_note"
        )
    if incident.serious_injury == PrivacyIncident.SeriousInjury.YES:
        recipients = set(incident.notifications.values_list("recipient", flat=True))
        if IncidentNotification.Recipient.COMMISSION not in recipients:
            raise IncidentInvalid(
                _(
                    "A risk of serious injury must be notified to the Commission d'accès à "
                    "l'information: record that notification first."
                ),
                field="closing_note",
            )
        if IncidentNotification.Recipient.AFFECTED_PEOPLE not in recipients:
            raise IncidentInvalid(
                _(
                    "Record the notification to the people affected (or why they were not "
                    "notified) first."
                ),
                field="closing_note",
            )
    if not closing_note.strip():
        raise IncidentInvalid(_("Write a closing note."), field="closing_note")
    try:
        no_embedded_images(closing_note)
    except ValidationError as error:
        raise IncidentInvalid(error.messages[0], field="closing_note") from None
    with transaction.atomic():
        now = timezone.now()
        saved = PrivacyIncident.objects.filter(pk=incident.pk, version=version).update(
            status=PrivacyIncident.Status.CLOSED,
            closed_at=now,
            updated_at=now,
            closing_note=closing_note,
            version=version + 1,
        )
        if saved == 0:
            raise Conflict(
                _(
                    "Someone saved this incident since you opened it. Reload to see their "
                    "changes, then make yours again."
                )
            )
        incident.status = PrivacyIncident.Status.CLOSED
        incident.closed_at = now
        incident.closing_note = closing_note
        incident.version = version + 1
        _version_write(incident, actor=actor, action="close", changed=["status", "closing_note"])
        audit_record(
            actor=actor,
            action="privacy_incident.close",
            target=incident,
            request=request,
            changes={"closing_note": closing_note},
        )
    return incident
