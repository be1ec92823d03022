"""Statistics pages: suppressed tables with their charts, and the audited CSV export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sexto.core.errors import NotFoundOrForbidden
from sexto.directory.selectors import signed_in_user
from sexto.stats import services
from sexto.stats.charts import Chart, bar_chart
from sexto.stats.forms import StatsFilterForm
from sexto.stats.selectors import (
    Publication,
    Scope,
    stats_publication,
    stats_scope_get_for,
    stats_scopes_for,
    stats_years_for,
    user_may_view_statistics,
)


def _filters(request: HttpRequest) -> tuple[StatsFilterForm, Scope | None, int | None]:
    """The filter form, bound to the query (or the defaults); 404 for anyone else."""
    if not user_may_view_statistics(request.user):
        raise Http404
    scopes = stats_scopes_for(user=request.user)
    if not scopes:
        raise Http404
    years = sorted({y for s in scopes for y in stats_years_for(scope=s)}, reverse=True)
    data = request.GET if ("scope" in request.GET or "year" in request.GET) else None
    form = StatsFilterForm(
        data or {"scope": scopes[0].key, "year": years[0]}, scopes=scopes, years=years
    )
    if not form.is_valid():
        return form, None, None
    try:
        scope = stats_scope_get_for(user=request.user, key=form.cleaned_data["scope"])
    except NotFoundOrForbidden:
        raise Http404 from None
    return form, scope, form.cleaned_data["year"]


def _charts(publication: Publication) -> list[Chart]:
    charts: list[Chart] = []
    for table in publication.tables:
        if table.key == "organisation":
            # The quarter totals (all organisations in scope): the table below breaks them down.
            charts.append(
                bar_chart(
                    key=table.key,
                    title=table.title,
                    groups=table.columns,
                    series=[(_("Cases opened"), table.totals[:-1])],
                )
            )
            continue
        charts.append(
            bar_chart(
                key=table.key,
                title=table.title,
                groups=table.rows,
                series=[
                    (column, [cells[c] for cells in table.cells[:-1]])
                    for c, column in enumerate(table.columns)
                ],
            )
        )
    charts.append(
        bar_chart(
            key="delays",
            title=_("Median delays, in hours"),
            groups=[row.quarter for row in publication.delays],
            series=[
                (
                    _("Report to police contacted"),
                    [row.police_median_hours for row in publication.delays],
                ),
                (
                    _("Police contacted to determination"),
                    [row.determination_median_hours for row in publication.delays],
                ),
            ],
        )
    )
    return charts


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """One publication (scope x year): four suppressed tables, the delays, a chart for each."""
    form, scope, year = _filters(request)
    context: dict[str, Any] = {"form": form}
    if scope is None or year is None:
        return render(request, "stats/overview.html", context, status=422)
    publication = stats_publication(scope=scope, year=year)
    charts = {chart.key: chart for chart in _charts(publication)}
    context.update(
        {
            "publication": publication,
            "sections": [(table, charts[table.key]) for table in publication.tables],
            "delay_chart": charts["delays"],
            "export_query": f"scope={scope.key}&year={year}",
        }
    )
    return render(request, "stats/overview.html", context)


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    """The same publication as CSV (suppressed cells as on the page); audited."""
    form, scope, year = _filters(request)
    if scope is None or year is None:
        return render(request, "stats/overview.html", {"form": form}, status=422)
    content = services.stats_export(
        actor=signed_in_user(request), scope=scope, year=year, request=request
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sexto-stats-{year}.csv"'
    return response
