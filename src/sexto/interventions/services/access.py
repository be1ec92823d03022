"""Access to a case beyond its team (DESIGN.md): a principal's or coordinator's time-limited grant
to a named person, a privacy officer's break-glass (which alerts the team), and the privacy
officer's export of a case's audit trail. The grants themselves live in the audit app."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sexto.audit.models import AccessGrant
from sexto.audit.selectors import access_grant_live, audit_events_for
from sexto.audit.services import access_grant_open, access_grant_revoke, audit_record
from sexto.core.errors import NotFoundOrForbidden
from sexto.core.french import name_in_sentence
from sexto.core.spreadsheet import csv_cell
from sexto.directory.models import Membership, User
from sexto.directory.permissions import privacy_officer_holders
from sexto.interventions.errors import GrantRefused
from sexto.interventions.models import Case
from sexto.interventions.permissions import case_team_role
from sexto.interventions.selectors.team import case_team
from sexto.interventions.services.common import case_require, chronicle
from sexto.interventions.services.notifications import notify


def grant_candidate_find(*, case: Case, email: str) -> User:
    """The active person with this email who works for the organisation holding the case's file
    (in one of its schools or in the organisation itself). Grants stay inside the file holder:
    sharing outside it is a communication to a third party, which needs another legal basis."""
    email = (email or "").strip()
    today = timezone.localdate()
    works_there = (
        Membership.objects.current(today)
        .filter(Q(school__organisation_id=case.holder_id) | Q(organisation_id=case.holder_id))
        .values("user_id")
    )
    user = User.objects.filter(email__iexact=email, is_active=True, pk__in=works_there).first()
    if user is None:
        # One message whether the address is unknown or belongs to someone elsewhere: a grant
        # form is not a way to find out who has an account.
        raise GrantRefused(
            # Translators: in French, holder comes with « pour » and its article.
            _(
                "Nobody working for %(holder)s has this email address. Access can only be "
                "given to a person of the organisation that holds this file."
            )
            % {"holder": name_in_sentence(case.holder.name, preposition="pour")},
            field="email",
        )
    return user


def case_access_grant(
    *,
    actor: User,
    case: Case,
    email: str,
    reason: str,
    ends_at: datetime.datetime | None,
    request: HttpRequest | None = None,
) -> AccessGrant:
    """Give a named person read access to this case until `ends_at` (at most
    ACCESS_GRANT_MAX_DAYS), with a reason. Principals and coordinators only; the person is told
    by a notification and an email carrying a link only."""
    case_require(user=actor, case=case, action="manage_team")
    if case.simulation:
        raise GrantRefused(_("Simulation cases are never shared."))
    grantee = grant_candidate_find(case=case, email=email)
    if case_team_role(user=grantee, case=case) is not None:
        raise GrantRefused(
            _("%(name)s is already on this case's team.") % {"name": grantee.display_name},
            field="email",
        )
    current = access_grant_live(user=grantee, target=case)
    if current is not None and current.kind == AccessGrant.Kind.GRANT:
        raise GrantRefused(
            _(
                "%(name)s already has access until %(end)s. Revoke it first to give "
                "access with another end."
            )
            % {
                "name": grantee.display_name,
                "end": formats.date_format(timezone.localtime(current.ends_at), "DATETIME_FORMAT"),
            },
            field="email",
        )
    with transaction.atomic():
        grant = access_grant_open(
            actor=actor,
            grantee=grantee,
            kind=AccessGrant.Kind.GRANT,
            target=case,
            reason=reason,
            ends_at=ends_at,
            reference=case.number or "",
            request=request,
        )
        chronicle(case, actor=actor, kind="access.grant", text=grantee.display_name)
        url = reverse("interventions:case_detail", args=[case.pk])
        reference = case.number or ""
        transaction.on_commit(
            lambda: notify(
                users=[grantee],
                kind="case.access_granted",
                url=url,
                reference=reference,
                subject=gettext_noop("you were given time-limited access to a case"),
            )
        )
    return grant


def case_access_revoke(
    *, actor: User, case: Case, grant_id: Any, request: HttpRequest | None = None
) -> AccessGrant:
    """End a grant on this case now. Break-glass accesses are not the team's to end: they exist
    to let a privacy officer look at how the team handles the file."""
    case_require(user=actor, case=case, action="manage_team")
    grant = (
        AccessGrant.objects.select_related("grantee")
        .filter(
            pk=grant_id,
            kind=AccessGrant.Kind.GRANT,
            target_type="interventions.case",
            target_id=str(case.pk),
        )
        .first()
    )
    if grant is None:
        raise NotFoundOrForbidden(_("No such access on this case."))
    with transaction.atomic():
        access_grant_revoke(actor=actor, grant=grant, request=request)
        chronicle(case, actor=actor, kind="access.revoke", text=grant.grantee.display_name)
    return grant


def _case_team_alert(*, case: Case, kind: str, subject: str) -> None:
    """Alert the case's whole active team, once the surrounding transaction commits (a link to
    the case, never its content): break-glass opened and ended alike."""
    team = [member.user for member in case_team(case=case) if member.user.is_active]
    url = reverse("interventions:case_detail", args=[case.pk])
    reference = case.number or ""
    transaction.on_commit(
        lambda: notify(users=team, kind=kind, url=url, reference=reference, subject=subject)
    )


def case_break_glass(
    *, actor: User, number: str, reason: str, request: HttpRequest | None = None
) -> tuple[Case, AccessGrant | None]:
    """A privacy officer opens a case of their organisation by break-glass, with a mandatory
    reason, for BREAK_GLASS_HOURS, read only. The whole case team is alerted at once (a
    notification and an email with a link, never content). Every refusal is audited."""
    holders = privacy_officer_holders(actor)
    number = (number or "").strip().upper()
    case = (
        Case.objects.select_related("holder", "school")
        .filter(number=number, holder_id__in=holders)
        .first()
        if holders and number
        else None
    )
    if case is None:
        audit_record(
            actor=actor,
            action="access.refused.break_glass",
            target=("interventions.case_number", number[:64] or "-"),
            chain=actor.audit_chain,
            request=request,
        )
        raise GrantRefused(
            _(
                "No case has this number among the files your organisation holds. Check the "
                "number (SX-YYYY-NNNNN)."
            ),
            field="number",
        )
    if not (reason or "").strip():
        audit_record(actor=actor, action="access.refused.break_glass", target=case, request=request)
        raise GrantRefused(
            _("Say why you open this case by break-glass: the reason is required and recorded."),
            field="reason",
        )
    if case_team_role(user=actor, case=case) is not None:
        return case, None  # on the team already: nothing to break
    current = access_grant_live(user=actor, target=case)
    if current is not None and current.kind == AccessGrant.Kind.BREAK_GLASS:
        return case, current  # still open: no second alert
    with transaction.atomic():
        grant = access_grant_open(
            actor=actor,
            grantee=actor,
            kind=AccessGrant.Kind.BREAK_GLASS,
            target=case,
            reason=reason,
            reference=case.number or "",
            request=request,
        )
        chronicle(case, actor=actor, kind="access.break_glass")
        _case_team_alert(
            case=case,
            kind="case.break_glass",
            subject=gettext_noop("a privacy officer opened a case by break-glass"),
        )
    return case, grant


def case_break_glass_end(
    *, actor: User, case_id: Any, request: HttpRequest | None = None
) -> tuple[Case, AccessGrant]:
    """A privacy officer ends their own break-glass on a case before it expires: access ends at
    once (audited as access.break_glass.end, in the chronology), and the case team is alerted as
    for the opening. No live break-glass of theirs on this case: NotFoundOrForbidden."""
    case = Case.objects.filter(pk=case_id).select_related("holder", "school").first()
    grant = access_grant_live(user=actor, target=case) if case is not None else None
    if case is None or grant is None or grant.kind != AccessGrant.Kind.BREAK_GLASS:
        raise NotFoundOrForbidden(_("You hold no break-glass access to this case."))
    with transaction.atomic():
        access_grant_revoke(
            actor=actor, grant=grant, request=request, action="access.break_glass.end"
        )
        chronicle(case, actor=actor, kind="access.break_glass.end")
        _case_team_alert(
            case=case,
            kind="case.break_glass_end",
            subject=gettext_noop("a privacy officer ended their break-glass access to a case"),
        )
    return case, grant


AUDIT_EXPORT_COLUMNS = (
    "occurred_at",
    "chain",
    "seq",
    "actor",
    "actor_name",
    "actor_email",
    "action",
    "target_type",
    "target_id",
    "request_id",
    "ip",
    "changes_digest",
    "hash",
)


def case_audit_trail_targets(case: Case) -> list[tuple[str, str]]:
    """What a case's audit trail covers: the case and the intake it was opened from."""
    targets = [("interventions.case", str(case.pk))]
    if case.intake_id:
        targets.append(("interventions.intake", str(case.intake_id)))
    return targets


def case_audit_export(*, actor: User, case: Case, request: HttpRequest | None = None) -> str:
    """The case's audit trail as CSV for its organisation's privacy officer: oldest first,
    headed by the case number and who exported it, formula-proof; the export is itself audited
    (and is the trail's last line)."""
    if case.holder_id not in privacy_officer_holders(actor):
        raise NotFoundOrForbidden(_("No such case among those you may see."))
    if case.simulation:
        raise NotFoundOrForbidden(_("No such case among those you may see."))
    # Recorded first, so the file shows its own export: the trail it carries is complete.
    audit_record(
        actor=actor,
        action="case.audit_export",
        target=case,
        request=request,
        changes={"kind": "audit_trail_csv"},
    )
    events = list(audit_events_for(targets=case_audit_trail_targets(case)).reverse())
    ids = {
        int(event.actor.split(":", 1)[1])
        for event in events
        if event.actor.startswith("user:") and event.actor.split(":", 1)[1].isdigit()
    }
    people = {user.pk: user for user in User.objects.filter(pk__in=ids)}
    out = io.StringIO()
    writer = csv.writer(out)
    now = timezone.localtime()
    writer.writerow([csv_cell(_("Audit trail of case %(number)s") % {"number": case.number})])
    writer.writerow(
        [
            csv_cell(
                _("Exported by %(name)s <%(email)s> on %(when)s")
                % {
                    "name": actor.display_name,
                    "email": actor.email,
                    # Written out in the reader's language (« le 4 décembre 2026 à 10 h 07 »);
                    # every event below keeps its exact ISO time in `occurred_at`.
                    "when": formats.date_format(now, "DATETIME_FORMAT"),
                }
            )
        ]
    )
    writer.writerow([])
    writer.writerow(AUDIT_EXPORT_COLUMNS)
    for event in events:
        person = None
        if event.actor.startswith("user:") and event.actor[5:].isdigit():
            person = people.get(int(event.actor[5:]))
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    timezone.localtime(event.occurred_at).isoformat(timespec="seconds"),
                    event.chain,
                    event.seq,
                    event.actor,
                    person.display_name if person else "",
                    person.email if person else "",
                    event.action,
                    event.target_type,
                    event.target_id,
                    event.request_id,
                    event.ip,
                    event.changes_digest,
                    event.hash,
                )
            ]
        )
    return out.getvalue()
