"""Each section's part of the case page's context, built from the `CaseAccess` the page already
holds: the case was fetched and the role checked once, by `case_get_for`, and no builder here
fetches the case again or asks for the role again. These import selectors and forms, never a
view module, so the page's assembly (views/case_page.py) and the section views that import it
stay free of circles."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sexto.directory.permissions import privacy_officer_holders
from sexto.directory.resources import police_resource
from sexto.interventions import labels
from sexto.interventions.chronology import chronology_text
from sexto.interventions.forms.around import (
    MeasureDoneForm,
    MeasureForm,
    ParentNotificationForm,
    SupportEntryForm,
    SupportHeldForm,
    TakedownForm,
    TakedownStatusForm,
    YouthProtectionForm,
)
from sexto.interventions.forms.plan import PoliceGoAheadForm
from sexto.interventions.models import Case, CasePerson, CaseStep, CaseTransfer, ChronologyEntry
from sexto.interventions.outcomes import RECORDABLE, outcomes_allowed
from sexto.interventions.permissions import FORMER_TEAM, case_may
from sexto.interventions.procedure import PLAN_NOTES, POLICE_IMMEDIATELY, PROPOSALS, STEPS_BY_KEY
from sexto.interventions.selectors import referrals as referral_selectors
from sexto.interventions.selectors.access import (
    CaseVisit,
    case_grants_live,
    case_visits,
)
from sexto.interventions.selectors.around import case_around
from sexto.interventions.selectors.cases import CaseAccess
from sexto.interventions.selectors.closure import case_closure_blockers
from sexto.interventions.selectors.devices import case_devices
from sexto.interventions.selectors.team import case_team, professional_candidates
from sexto.interventions.services.transfer import (
    transfer_pending,
    transfer_schools_all,
)

WHO_LOOKED_ON_CASE_PAGE = 10


def when_shown(moment: datetime.datetime | None, format_name: str = "DATETIME_FORMAT") -> str:
    """What `{{ moment|date:"DATETIME_FORMAT" }}` shows (local time, the language's format), done
    in Python: the page's loops show many dates, and the filter's template machinery cost more
    than the formatting itself."""
    if moment is None:
        return ""
    # Stored datetimes are aware (USE_TZ): localtime() is the filter's template_localtime().
    return formats.date_format(timezone.localtime(moment), format_name)


@dataclass(frozen=True)
class StepRow:
    """One step of the kit as the case page shows it, worked out once in Python (label, state,
    dates, the form's address) so that the template's loop only writes it out."""

    step: CaseStep
    label: str
    help: str
    state_display: str
    overdue: bool
    due: str  # only for a pending step with a due date
    done_by: str
    done_at: str
    action: str
    # What the route's plan adds (procedure.PLAN_NOTES), and the reason it proposes the step as
    # not applicable (procedure.PROPOSALS) while it is still to do; "" when none.
    plan_note: str = ""
    proposal: str = ""


def steps_context(
    access: CaseAccess, steps: Iterable[CaseStep], now: datetime.datetime
) -> dict[str, Any]:
    """The steps section's rows. The form's address is built once and completed per step: a
    `{% url %}` per step cost as much as the rest of the step."""
    # Step ids are integers (<int:step_id>): 0 stands for any of them.
    action_zero = reverse("interventions:case_step", args=[access.case.pk, 0])
    action_prefix = action_zero[: -len("0/")]
    rows = []
    for step in steps:
        known = STEPS_BY_KEY.get(step.key)
        pending = step.state == CaseStep.State.PENDING
        note = PLAN_NOTES.get(step.plan_note) if step.state != CaseStep.State.DONE else None
        if step.plan_note == "awaits_police_go_ahead" and access.case.police_go_ahead_at:
            note = gettext_lazy("The police gave their go-ahead: the parents can be told.")
        proposal = PROPOSALS.get(step.proposal) if pending else None
        rows.append(
            StepRow(
                step=step,
                label=str(known.label) if known else step.key,
                help=str(known.help) if known else "",
                state_display=str(step.get_state_display()),
                overdue=pending and step.due_at is not None and step.due_at < now,
                due=when_shown(step.due_at) if pending else "",
                done_by=step.done_by.display_name if step.done_by else "",
                done_at=when_shown(step.done_at),
                action=f"{action_prefix}{step.pk}/",
                plan_note=str(note) if note else "",
                proposal=str(proposal) if proposal else "",
            )
        )
    return {"step_rows": rows}


def plan_context(
    access: CaseAccess, steps: Iterable[CaseStep], now: datetime.datetime
) -> dict[str, Any]:
    """What the page says of the plan above everything else: before the grid, that the route is
    not known yet (with "call the police now" for an obvious emergency); on the police_immediately
    route, the banner until the police step is done, and the police's go-ahead (its form, or who
    gave it)."""
    case = access.case
    police_step = next((s for s in steps if s.key == "contact_police"), None)
    police_force = case.school.territory.police_force
    is_open = case.status == case.Status.OPEN
    police_now = (
        is_open
        and case.effective_route == POLICE_IMMEDIATELY
        and police_step is not None
        and police_step.state != CaseStep.State.DONE
    )
    context: dict[str, Any] = {
        "route_unknown": is_open and not case.grid_evaluated_at,
        "police_force": police_force,
        "police_phones": police_resource(police_force).phones if police_force else (),
        "police_step_pending": police_step is not None
        and police_step.state == CaseStep.State.PENDING,
        "police_now": police_now,
        "police_now_due": when_shown(police_step.due_at) if police_now and police_step else "",
        "police_now_overdue": bool(
            police_now and police_step and police_step.due_at and police_step.due_at < now
        ),
        "go_ahead_needed": is_open
        and case.effective_route == POLICE_IMMEDIATELY
        and case.police_go_ahead_at is None,
        "go_ahead_at": when_shown(case.police_go_ahead_at),
    }
    if context["go_ahead_needed"]:
        context["go_ahead_form"] = PoliceGoAheadForm(
            initial={"at": timezone.localtime(now).strftime("%Y-%m-%dT%H:%M")}
        )
    return context


def closure_context(
    access: CaseAccess, steps: list[CaseStep], people: list[CasePerson]
) -> dict[str, Any]:
    """ "Before closing": what the open case still needs, for those who may close it (the steps
    and people the page already holds spare their queries)."""
    if access.case.status != Case.Status.OPEN or not case_may(
        role=access.role, action="refer_close"
    ):
        return {}
    return {"closure_blockers": case_closure_blockers(access.case, steps=steps, people=people)}


@dataclass(frozen=True)
class ChronologyRow:
    """One chronology entry as the page shows it, worked out once in Python."""

    iso: str
    at: str
    actor: str
    kind: str
    # Case content: kept out of the row's repr, which Django's template debug log writes when a
    # lookup fails (tests/test_no_leaks.py).
    text: str = field(repr=False)


def chronology_context(page: Page) -> dict[str, Any]:  # type: ignore[type-arg]
    """The chronology's rows for this page (the page itself stays for the pager)."""
    system = _("System")
    rows = []
    entry: ChronologyEntry
    for entry in page:
        local = timezone.localtime(entry.at)
        rows.append(
            ChronologyRow(
                iso=local.isoformat(),  # what |date:"c" gives
                at=formats.date_format(local, "DATETIME_FORMAT"),
                actor=(entry.actor.display_name if entry.actor else "") or system,
                kind=str(labels.chronology_label(entry.kind)),
                text=chronology_text(kind=entry.kind, text=entry.text),
            )
        )
    return {"chronology": page, "chronology_rows": rows}


def team_context(access: CaseAccess, *, transfer_reason: str = "") -> dict[str, Any]:
    """The case's team and, for those who manage it, who could be invited onto it; for those
    who transfer it, the schools it may go to and the transfer awaiting another school."""
    may_manage_team = case_may(role=access.role, action="manage_team")
    context: dict[str, Any] = {"team": case_team(case=access.case, with_candidates=may_manage_team)}
    if may_manage_team:
        context["professional_candidates"] = professional_candidates(
            case=access.case, team=context["team"]
        )
    if case_may(role=access.role, action="transfer") and access.case.status == Case.Status.OPEN:
        pending = transfer_pending(case=access.case)
        context["transfer_pending"] = pending
        if pending is None:
            same, elsewhere = transfer_schools_all(case=access.case)
            context["transfer_schools"] = same
            context["transfer_schools_elsewhere"] = elsewhere
            context["transfer_reason"] = transfer_reason
    if access.role == FORMER_TEAM:
        context["transferred"] = (
            CaseTransfer.objects.filter(case=access.case, status=CaseTransfer.Status.ACCEPTED)
            .select_related("to_school")
            .first()
        )
    return context


def around_context(request: HttpRequest, access: CaseAccess, **bound: Any) -> dict[str, Any]:
    """The section's lists and empty forms; `bound` replaces a form by the one the user sent
    (`held=(entry_pk, form)`, `takedown_status=(pk, form)`, `measure_done=(pk, form)` for rows)."""
    case = access.case
    lists = case_around(case)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    held = bound.pop("held", (None, None))
    status = bound.pop("takedown_status", (None, None))
    done = bound.pop("measure_done", (None, None))
    user_id = getattr(request.user, "pk", None)
    context: dict[str, Any] = {
        "around": lists,
        "may_support": case_may(role=access.role, action="support"),
        "yp_mine": [e for e in lists.youth_protection.entries if e.user_id == user_id],
        # Each duty holder records their own entry; the police liaisons are not duty holders.
        "yp_may_record": case_may(role=access.role, action="youth_protection")
        and any(h.user.pk == user_id for h in lists.youth_protection.holders),
        "yp_form": YouthProtectionForm(initial={"at": now}),
        "parent_form": ParentNotificationForm(case=case, initial={"at": now}),
        "support_form": SupportEntryForm(case=case),
        "takedown_form": TakedownForm(initial={"sent_at": now}),
        "measure_form": MeasureForm(case=case),
        "support_rows": [
            (
                entry,
                lists.support_resources_given.get(entry.pk, []),
                held[1]
                if held[0] == entry.pk
                else SupportHeldForm(
                    prefix=f"held-{entry.pk}", initial={"held_at": now, "version": entry.version}
                ),
            )
            for entry in lists.support
        ],
        "takedown_rows": [
            (
                takedown,
                status[1]
                if status[0] == takedown.pk
                else TakedownStatusForm(
                    prefix=f"takedown-{takedown.pk}",
                    initial={"status": takedown.status, "version": takedown.version},
                ),
            )
            for takedown in lists.takedowns
        ],
        "measure_rows": [
            (
                measure,
                done[1]
                if done[0] == measure.pk
                else MeasureDoneForm(
                    prefix=f"done-{measure.pk}",
                    initial={"done_at": now, "version": measure.version},
                ),
            )
            for measure in lists.measures
        ],
    }
    context.update(bound)
    return context


def devices_context(access: CaseAccess) -> dict[str, Any]:
    """The devices section's part of the case page's context: devices with their custody
    prefetched (the template falls back on case.devices when this is not added)."""
    return {"case_devices": list(case_devices(access.case))}


# What "who looked" says of each way of reading.
READ_HOW_LABELS = {
    "grantee": gettext_lazy("by grant"),
    "break_glass": gettext_lazy("by break-glass"),
}
READ_HOW_TEAM = gettext_lazy("case team")


@dataclass(frozen=True)
class ReadRow:
    """One visit in "who looked at this case", worked out once in Python."""

    iso: str
    at: str
    who: str
    how: str
    count: str


def visit_when(visit: CaseVisit) -> tuple[str, str]:
    """The visit's time in the reader's format (ISO of its last read, and the text): one read
    gives its time; several give first – last (the day once when both are the same day)."""
    first, last = timezone.localtime(visit.first), timezone.localtime(visit.last)
    last_text = formats.date_format(last, "DATETIME_FORMAT")
    if visit.count == 1:
        return last.isoformat(), last_text
    first_text = formats.date_format(first, "DATETIME_FORMAT")
    if first.date() == last.date():
        last_text = formats.time_format(last, "TIME_FORMAT")
    return last.isoformat(), f"{first_text} – {last_text}"


def visit_count_text(visit: CaseVisit) -> str:
    if visit.count == 1:
        return ""
    return ngettext("%(count)d read", "%(count)d reads", visit.count) % {"count": visit.count}


def visit_rows(visits: list[CaseVisit]) -> list[ReadRow]:
    rows = []
    for visit in visits:
        iso, at = visit_when(visit)
        rows.append(
            ReadRow(
                iso=iso,
                at=at,
                who=visit.who,
                how=str(READ_HOW_LABELS.get(visit.how, READ_HOW_TEAM)),
                count=visit_count_text(visit),
            )
        )
    return rows


def access_context(request: HttpRequest, access: CaseAccess) -> dict[str, Any]:
    """What the case page shows about access: the banner for grant and break-glass readers,
    and, for the team, the latest reads and the grants in force."""
    case = access.case
    context: dict[str, Any] = {"access_grant": access.grant}
    if case.simulation:
        return context
    context["may_see_reads"] = case_may(role=access.role, action="who_looked")
    if context["may_see_reads"]:
        latest = case_visits(case=case, limit=WHO_LOOKED_ON_CASE_PAGE + 1)
        context["who_looked"] = visit_rows(latest[:WHO_LOOKED_ON_CASE_PAGE])
        context["who_looked_more"] = len(latest) > WHO_LOOKED_ON_CASE_PAGE
        context["grants_live"] = case_grants_live(case=case)
    context["may_grant"] = case_may(role=access.role, action="manage_team")
    context["may_export_audit"] = case.holder_id in privacy_officer_holders(request.user)
    return context


def referrals_context(access: CaseAccess) -> dict[str, Any]:
    """The police referral's delays (none before a referral) and the outcomes its state lets
    the liaison record now. Called through the module, so a test may stand in for
    case_referral."""
    referral = referral_selectors.case_referral(access.case)
    return {
        "referral": referral,  # the section shows this one (its force and people loaded)
        "referral_delays": referral_selectors.case_delays(access.case, referral)
        if referral
        else [],
        "referral_outcomes_allowed": [
            (outcome.value, outcome.label) for outcome in outcomes_allowed(referral.determination)
        ]
        if referral
        else [],
        "referral_outcomes": [(outcome.value, outcome.label) for outcome in RECORDABLE],
    }
