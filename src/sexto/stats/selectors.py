"""Aggregated, suppressed statistics on real cases (simulations never counted).

Who sees what (DESIGN.md: admins "see counts, never case content"; analysts "aggregated,
suppressed statistics only"):

- a service-centre admin: each organisation they administer, one at a time;
- an analyst whose membership is in a file-holding organisation (a board analyst): that
  organisation; an analyst of a body that holds no files (a ministry-type organisation):
  the province, with organisations as a column of the quarter table.

Each publication is a fixed unit, one scope x one calendar year, always computed the same way.
Nothing is offered that would let a reader subtract two publications to uncover a hidden cell:
no free quarter range (the year's column totals would then differ by exactly the missing
quarters), and no per-organisation breakdown inside the province (province minus one
organisation gives the others).
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sexto.core.errors import NotFoundOrForbidden
from sexto.directory.models import Organisation, Role
from sexto.directory.permissions import roles_of
from sexto.directory.types import Viewer
from sexto.interventions.models import Case
from sexto.stats.models import SchoolLevel
from sexto.stats.suppression import THRESHOLD, Cell, CellStatus, SuppressionBlocked, suppress

PROVINCE = "province"
NOT_EVALUATED = ""

ROUTE_COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("police_immediately", _("Police at once")),
    ("sexto_procedure", _("Sexto procedure")),
    ("school_follow_up", _("School follow-up")),
    (NOT_EVALUATED, _("Not evaluated yet")),
)
NATURE_COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("malicious", _("Malicious")),
    ("impulsive", _("Impulsive")),
    ("not_sexting", _("Not sexting")),
    (NOT_EVALUATED, _("Not evaluated yet")),
)
# The police and DPCP outcome of the case's latest referral (the Referral.Determination values).
OUTCOME_COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("impulsive", _("Impulsive: awareness meetings")),
    ("malicious", _("Malicious: investigation under way")),
    ("no_offence", _("No offence or no further action")),
    ("extrajudicial", _("Extrajudicial measures or sanctions")),
    ("charges", _("Charges laid")),
    ("other", _("Other outcome")),
    (NOT_EVALUATED, _("No police outcome")),
)
LEVEL_COLUMNS: tuple[tuple[str, Promise], ...] = (
    *((value, label) for value, label in SchoolLevel.Level.choices),
    (NOT_EVALUATED, _("Level not specified")),
)


@dataclass(frozen=True)
class Scope:
    """A publication unit the user may see: one organisation, or the province."""

    key: str
    label: str | Promise
    organisation_ids: tuple[Any, ...] | None  # None: every organisation (the province)

    @property
    def audit_chain(self) -> str:
        if self.organisation_ids is not None and len(self.organisation_ids) == 1:
            return f"org:{self.organisation_ids[0]}"
        return "platform"


@dataclass(frozen=True)
class StatsTable:
    """A published table: rows, columns, and cells with the totals in the last row/column."""

    key: str
    title: str | Promise
    row_heading: str | Promise
    rows: list[str | Promise]
    columns: list[str | Promise]
    cells: list[list[Cell]]

    @property
    def body(self) -> list[tuple[str | Promise, list[Cell]]]:
        return list(zip(self.rows, self.cells[:-1], strict=True))

    @property
    def totals(self) -> list[Cell]:
        return self.cells[-1]


@dataclass(frozen=True)
class DelayRow:
    """Median delays of one quarter, in hours, shown only over at least THRESHOLD cases."""

    quarter: str
    police_cases: Cell
    police_median_hours: float | None
    determination_cases: Cell
    determination_median_hours: float | None


@dataclass(frozen=True)
class Publication:
    scope: Scope
    year: int
    tables: list[StatsTable] = field(default_factory=list)
    delays: list[DelayRow] = field(default_factory=list)


def user_may_view_statistics(user: Viewer) -> bool:
    """Service-centre admins and analysts (the nav entry and every stats view ask this)."""
    return any(h.role in {Role.ORG_ADMIN, Role.ANALYST} for h in roles_of(user))


def stats_scopes_for(*, user: Viewer) -> list[Scope]:
    """The publication units this user may see, the province first when it is one of them."""
    wanted: set[Any] = set()
    analyst_orgs: set[Any] = set()
    for holding in roles_of(user):
        if holding.role == Role.ORG_ADMIN and holding.organisation_id:
            wanted.add(holding.organisation_id)
        elif holding.role == Role.ANALYST and holding.organisation_id:
            analyst_orgs.add(holding.organisation_id)
        elif holding.role == Role.ANALYST and holding.file_holder_id:
            wanted.add(holding.file_holder_id)
    candidates = {o.pk: o for o in Organisation.objects.filter(pk__in=wanted | analyst_orgs)}
    holders = [o for o in candidates.values() if o.holds_files]
    # An analyst of a body that holds no files (ministry-type) sees the province.
    province = any(not candidates[pk].holds_files for pk in analyst_orgs if pk in candidates)
    scopes = [Scope(PROVINCE, _("All organisations (province)"), None)] if province else []
    scopes += [
        Scope(str(org.pk), org.name, (org.pk,)) for org in sorted(holders, key=lambda o: o.name)
    ]
    return scopes


def stats_scope_get_for(*, user: Viewer, key: str | None) -> Scope:
    """One of the user's scopes (the first by default); the same error for missing or not theirs."""
    scopes = stats_scopes_for(user=user)
    if not scopes:
        raise NotFoundOrForbidden(_("No statistics are available to you."))
    if not key:
        return scopes[0]
    for scope in scopes:
        if scope.key == key:
            return scope
    raise NotFoundOrForbidden(_("No such organisation among those you may see."), field="scope")


def _local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    zone = _local_zone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=zone),
        datetime.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def _cases(scope: Scope) -> QuerySet[Case]:
    # Case.objects hides simulations: they are never counted.
    cases = Case.objects.all()
    if scope.organisation_ids is not None:
        cases = cases.filter(holder_id__in=scope.organisation_ids)
    return cases


def stats_years_for(*, scope: Scope) -> list[int]:
    """Calendar years with at least one case in scope, newest first (this year always)."""
    this_year = timezone.localdate().year
    first = _cases(scope).order_by("opened_at").values_list("opened_at", flat=True).first()
    start = timezone.localtime(first, _local_zone()).year if first else this_year
    return list(range(max(this_year, start), min(start, this_year) - 1, -1))


def quarter_labels(year: int) -> list[str]:
    """ "Q1 2026" in English, "T1 2026" in French (calendar quarters, local time)."""
    return [gettext("Q%(quarter)s %(year)s") % {"quarter": q, "year": year} for q in range(1, 5)]


def _table(
    *,
    key: str,
    title: str | Promise,
    row_heading: str | Promise,
    rows: Sequence[str | Promise],
    columns: Sequence[tuple[Any, str | Promise]],
    counts: dict[tuple[int, Any], int],
    quarter_totals: list[Cell],
    quarters_as_rows: bool = True,
    withhold: bool = False,
) -> StatsTable:
    """One table whose quarter totals (and grand total) are published exactly as in every other
    table of the year: the same figure is never shown in one table and hidden in another."""
    values = [[counts.get((r, col), 0) for col, _label in columns] for r in range(len(rows))]
    height, width = len(rows), len(columns)
    positions = (
        [(q, width) for q in range(4)] + [(height, width)]
        if quarters_as_rows
        else [(height, q) for q in range(4)] + [(height, width)]
    )
    fixed = dict(zip(positions, quarter_totals, strict=True))
    try:
        cells = suppress(
            values,
            withhold=withhold,
            fixed_hidden=frozenset(p for p, c in fixed.items() if c.suppressed),
            fixed_shown=frozenset(p for p, c in fixed.items() if not c.suppressed),
        )
    except SuppressionBlocked as blocked:
        quarter_of = {p: q for q, p in enumerate(positions)}
        raise _MarginBlocked({quarter_of[p] for p in blocked.positions}) from None
    return StatsTable(
        key=key,
        title=title,
        row_heading=row_heading,
        rows=list(rows),
        columns=[label for _value, label in columns],
        cells=cells,
    )


def _median_hours(delays: Iterable[datetime.timedelta]) -> float | None:
    hours = [d.total_seconds() / 3600 for d in delays if d.total_seconds() >= 0]
    if len(hours) < THRESHOLD:
        return None
    return round(statistics.median(hours), 1)


def _count_cell(n: int) -> Cell:
    return suppress([[n]])[0][0]


class _MarginBlocked(Exception):
    def __init__(self, quarters: set[int]) -> None:
        super().__init__(quarters)
        self.quarters = quarters


def _tables(
    *,
    scope: Scope,
    quarters: list[str],
    quarter_totals: list[Cell],
    by_org: dict[tuple[int, Any], int],
    by_route: dict[tuple[int, Any], int],
    by_nature: dict[tuple[int, Any], int],
    by_level: dict[tuple[int, Any], int],
    by_outcome: dict[tuple[int, Any], int],
    withhold: bool = False,
) -> list[StatsTable]:
    """The year's five count tables, their shared totals fixed as `quarter_totals` say."""
    if scope.organisation_ids is None:
        organisations = list(
            Organisation.objects.filter(
                kind__in=[Organisation.Kind.SERVICE_CENTRE, Organisation.Kind.PRIVATE_SCHOOL]
            ).order_by("name")
        )
    else:
        organisations = list(
            Organisation.objects.filter(pk__in=scope.organisation_ids).order_by("name")
        )
    # Organisations as rows and quarters as columns: the province has many organisations.
    org_counts = {
        (i, q): by_org.get((q, org.pk), 0) for i, org in enumerate(organisations) for q in range(4)
    }
    return [
        _table(
            key="organisation",
            title=_("Cases opened, by quarter and organisation"),
            row_heading=_("Organisation"),
            rows=[org.name for org in organisations],
            columns=[(q, quarters[q]) for q in range(4)],
            counts=org_counts,
            quarter_totals=quarter_totals,
            quarters_as_rows=False,
            withhold=withhold,
        ),
        _table(
            key="route",
            title=_("Cases opened, by quarter and route"),
            row_heading=_("Quarter"),
            rows=quarters,
            columns=ROUTE_COLUMNS,
            counts=by_route,
            quarter_totals=quarter_totals,
            withhold=withhold,
        ),
        _table(
            key="nature",
            title=_("Cases opened, by quarter and preliminary nature"),
            row_heading=_("Quarter"),
            rows=quarters,
            columns=NATURE_COLUMNS,
            counts=by_nature,
            quarter_totals=quarter_totals,
            withhold=withhold,
        ),
        _table(
            key="level",
            title=_("Cases opened, by quarter and school level"),
            row_heading=_("Quarter"),
            rows=quarters,
            columns=LEVEL_COLUMNS,
            counts=by_level,
            quarter_totals=quarter_totals,
            withhold=withhold,
        ),
        _table(
            key="outcome",
            title=_("Cases opened, by quarter and police and DPCP outcome"),
            row_heading=_("Quarter"),
            rows=quarters,
            columns=OUTCOME_COLUMNS,
            counts=by_outcome,
            quarter_totals=quarter_totals,
            withhold=withhold,
        ),
    ]


def stats_publication(*, scope: Scope, year: int) -> Publication:
    """The year's tables for the scope: cases by quarter and organisation, route, nature, school
    level and police and DPCP outcome, each suppressed; and the median delays per quarter."""
    start, end = _year_bounds(year)
    zone = _local_zone()
    rows = list(
        _cases(scope)
        .filter(opened_at__gte=start, opened_at__lt=end)
        .values_list(
            "opened_at",
            "holder_id",
            "route",
            "decided_route",
            "nature",
            "school__stats_level__level",
            "determination",
            "intake__created_at",
            "police_contacted_at",
            "determined_at",
        )
    )
    quarters = quarter_labels(year)
    by_org: dict[tuple[int, Any], int] = {}
    by_route: dict[tuple[int, Any], int] = {}
    by_nature: dict[tuple[int, Any], int] = {}
    by_level: dict[tuple[int, Any], int] = {}
    by_outcome: dict[tuple[int, Any], int] = {}
    to_police: dict[int, list[datetime.timedelta]] = {q: [] for q in range(4)}
    to_determination: dict[int, list[datetime.timedelta]] = {q: [] for q in range(4)}
    for (
        opened,
        holder,
        route,
        decided,
        nature,
        level,
        outcome,
        filed,
        contacted,
        determined,
    ) in rows:
        q = (timezone.localtime(opened, zone).month - 1) // 3
        by_org[(q, holder)] = by_org.get((q, holder), 0) + 1
        effective = decided or route or NOT_EVALUATED
        by_route[(q, effective)] = by_route.get((q, effective), 0) + 1
        by_nature[(q, nature or NOT_EVALUATED)] = by_nature.get((q, nature or NOT_EVALUATED), 0) + 1
        by_level[(q, level or NOT_EVALUATED)] = by_level.get((q, level or NOT_EVALUATED), 0) + 1
        by_outcome[(q, outcome or NOT_EVALUATED)] = (
            by_outcome.get((q, outcome or NOT_EVALUATED), 0) + 1
        )
        # The clock starts when the intake was filed (or the case opened, without an intake).
        if contacted is not None:
            to_police[q].append(contacted - (filed or opened))
            if determined is not None:
                to_determination[q].append(determined - contacted)

    # The quarter totals and the year's total appear in every table: suppressed once, here,
    # and hidden everywhere when one table can only be protected by hiding them.
    per_quarter = [
        sum(n for (q, _org), n in by_org.items() if q == quarter) for quarter in range(4)
    ]
    forced: set[int] = set()  # quarters 0-3, and 4 for the year's total
    while True:
        margins = suppress(
            [per_quarter], fixed_hidden=frozenset((r, q) for q in forced for r in (0, 1))
        )
        quarter_totals = margins[0]
        try:
            tables = _tables(
                scope=scope,
                quarters=quarters,
                quarter_totals=quarter_totals,
                by_org=by_org,
                by_route=by_route,
                by_nature=by_nature,
                by_level=by_level,
                by_outcome=by_outcome,
            )
        except _MarginBlocked as blocked:
            if blocked.quarters <= forced:
                # Nothing left to hide but everything: the year is withheld whole.
                tables = _tables(
                    scope=scope,
                    quarters=quarters,
                    quarter_totals=[Cell(None, CellStatus.HIDDEN)] * 5,
                    by_org=by_org,
                    by_route=by_route,
                    by_nature=by_nature,
                    by_level=by_level,
                    by_outcome=by_outcome,
                    withhold=True,
                )
                break
            forced |= blocked.quarters
            continue
        break
    delays = [
        DelayRow(
            quarter=quarters[q],
            police_cases=_count_cell(len(to_police[q])),
            police_median_hours=_median_hours(to_police[q]),
            determination_cases=_count_cell(len(to_determination[q])),
            determination_median_hours=_median_hours(to_determination[q]),
        )
        for q in range(4)
    ]
    return Publication(scope=scope, year=year, tables=tables, delays=delays)
