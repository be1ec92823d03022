"""Access beyond the team, as read from the audit log: who looked at a case, the grants and
break-glass accesses on it, and those a person holds."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import BigIntegerField, OuterRef, QuerySet, Subquery, When
from django.db.models import Case as SQLCase
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from sexto.audit.models import AccessGrant
from sexto.audit.selectors import (
    access_grant_holder,
    access_grants_held,
    access_grants_of_target,
    audit_events_for,
)
from sexto.core.errors import NotFoundOrForbidden
from sexto.directory.models import User
from sexto.directory.permissions import privacy_officer_holders
from sexto.directory.types import Actor, Viewer
from sexto.interventions.errors import GrantRefused
from sexto.interventions.models import Case
from sexto.interventions.permissions import BREAK_GLASS, GRANTEE

# How a read happened, in the audit log: "who looked at this case" tells these apart.
READ_ACTIONS = {
    "case.read": "team",
    "case.read.grant": GRANTEE,
    "case.read.break_glass": BREAK_GLASS,
}


# ---- Who looked at this case (the audit log in use) ----------------------------------------


@dataclass
class CaseRead:
    """One read of the case: who, when, and how (team, grant or break-glass)."""

    at: Any
    who: str
    how: str


def case_reads(*, case: Case) -> QuerySet[Any]:
    """The case's read events, newest first (from the audit log: reads are not kept elsewhere),
    each with its reader's names (`reader_*`, None when the actor is no user of the directory),
    read in the same query so that naming a page of readers costs nothing more."""
    reader = User.objects.filter(pk=OuterRef("reader_id"))
    return (
        audit_events_for(
            targets=[("interventions.case", str(case.pk))], actions=READ_ACTIONS.keys()
        )
        .only("occurred_at", "actor", "action", "seq")
        .annotate(
            # The audit log names people by key ("user:<pk>"): only those keys are looked up.
            reader_id=SQLCase(
                When(
                    actor__regex=r"^user:[0-9]+$",
                    then=Cast(Substr("actor", 6), output_field=BigIntegerField()),
                ),
                default=None,
                output_field=BigIntegerField(),
            ),
            reader_first_name=Subquery(reader.values("first_name")[:1]),
            reader_last_name=Subquery(reader.values("last_name")[:1]),
            reader_handle=Subquery(reader.values("handle")[:1]),
        )
    )


def case_reads_describe(events: Any) -> list[CaseRead]:
    """Names the readers of a page of read events: from the names `case_reads` brought along, or
    with one query for the people when the events come without them."""
    events = list(events)
    if all(hasattr(event, "reader_handle") for event in events):
        names = {
            event.actor[5:]: (
                f"{event.reader_first_name} {event.reader_last_name}".strip() or event.reader_handle
            )
            for event in events
            if event.reader_handle is not None  # None: no such user (any more)
        }
    else:
        ids = {e.actor[5:] for e in events if e.actor.startswith("user:") and e.actor[5:].isdigit()}
        names = {
            str(pk): (name or handle)
            for pk, name, handle in (
                (u.pk, u.get_full_name(), u.handle) for u in User.objects.filter(pk__in=ids)
            )
        }
    return [
        CaseRead(
            at=event.occurred_at,
            who=names.get(event.actor[5:], event.actor),
            how=READ_ACTIONS.get(event.action, "team"),
        )
        for event in events
    ]


# Reads by the same person, the same way, with no more than this between two of them, are one
# visit: a coordinator reloading the page twenty times in a morning looked once, not twenty
# times, and the one look of the police liaison is not pushed off the list by those reloads.
VISIT_GAP = datetime.timedelta(hours=1)


@dataclass
class CaseVisit:
    """Consecutive reads of the case by one person, one way: first and last time, how many."""

    first: Any
    last: Any
    count: int
    who: str
    how: str


def case_visits_group(reads: Iterable[CaseRead], *, limit: int | None = None) -> list[CaseVisit]:
    """Groups reads (newest first) into visits, newest first; stops after `limit` visits."""
    visits: list[CaseVisit] = []
    for read in reads:
        current = visits[-1] if visits else None
        if (
            current is not None
            and (current.who, current.how) == (read.who, read.how)
            and current.first - read.at <= VISIT_GAP
        ):
            current.first = read.at
            current.count += 1
            continue
        if limit is not None and len(visits) == limit:
            break
        visits.append(CaseVisit(first=read.at, last=read.at, count=1, who=read.who, how=read.how))
    return visits


def case_visits(*, case: Case, limit: int | None = None) -> list[CaseVisit]:
    """Who looked at the case, as visits (newest first): the reads grouped by
    `case_visits_group`, read from the audit log in chunks so that a limited list stops early."""

    def reads() -> Iterable[CaseRead]:
        chunk: list[Any] = []
        for event in case_reads(case=case).iterator(chunk_size=200):
            chunk.append(event)
            if len(chunk) == 200:
                yield from case_reads_describe(chunk)
                chunk = []
        yield from case_reads_describe(chunk)

    return case_visits_group(reads(), limit=limit)


def case_grants(*, case: Case) -> list[AccessGrant]:
    """Every grant and break-glass on the case, newest first (live and ended)."""
    return list(access_grants_of_target(target=case))


def case_grants_live(*, case: Case) -> list[AccessGrant]:
    """The grants and break-glass accesses in force on the case now, newest first, with their
    grantee only: what the case page lists (the access page shows every grant, with who gave and
    who revoked it)."""
    now = timezone.now()
    grants = access_grants_of_target(target=case).select_related(None).select_related("grantee")
    return [grant for grant in grants if grant.is_live(now)]


def access_grants_mine(*, user: Actor) -> list[AccessGrant]:
    """The case grants and break-glass accesses this person holds or held, newest first."""
    return list(access_grants_held(user=user).filter(target_type="interventions.case")[:100])


def user_holds_case_grants(user: Viewer) -> bool:
    """Whether "Shared with me" belongs in this person's menu (a live grant)."""
    return access_grant_holder(user)


# ---- The privacy officer's reach (the file holders they answer for) --------------------------


def case_for_privacy_officer(*, user: Viewer, case_id: Any) -> Case:
    """A real case of an organisation where the user is privacy officer, loaded without any
    encrypted field (its number and holder only: enough to export its audit trail, which holds
    no case content). Anyone else: NotFoundOrForbidden."""
    holders = privacy_officer_holders(user)
    case = (
        Case.objects.filter(pk=case_id, holder_id__in=holders)
        .only("id", "number", "holder", "school", "intake", "simulation")
        .first()
        if holders
        else None
    )
    if case is None:
        raise NotFoundOrForbidden(_("No such case among those you may see."))
    return case


def case_by_number_for_privacy_officer(*, user: Viewer, number: str) -> Case:
    """The real case with this number in an organisation where the user is privacy officer."""
    holders = privacy_officer_holders(user)
    number = (number or "").strip().upper()
    case = (
        Case.objects.filter(number=number, holder_id__in=holders).only("id", "number").first()
        if holders and number
        else None
    )
    if case is None:
        raise GrantRefused(
            _(
                "No case has this number among the files your organisation holds. Check the "
                "number (SX-YYYY-NNNNN)."
            ),
            field="number",
        )
    return case
