"""The statistics' only write: the audited CSV export of one publication."""

from __future__ import annotations

import csv
import io

from django.db import transaction
from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext as _

from sexto.audit.services import audit_record
from sexto.core.spreadsheet import csv_cell
from sexto.directory.types import Actor
from sexto.stats.selectors import Publication, Scope, stats_publication


def publication_csv(publication: Publication) -> str:
    """Every table of the publication in long form (table, row, column, value), suppressed
    cells as "< 5" or "x" exactly as on the page."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    total = _("Total")
    writer.writerow([_("Table"), _("Row"), _("Column"), _("Value")])
    for table in publication.tables:
        columns = [*table.columns, total]
        rows = [*table.rows, total]
        for row_label, cells in zip(rows, table.cells, strict=True):
            for column_label, cell in zip(columns, cells, strict=True):
                writer.writerow(
                    [csv_cell(v) for v in (table.title, row_label, column_label, cell.display)]
                )
    delay_title = _("Median delays in hours (shown over 5 cases or more)")
    for row in publication.delays:
        for label, cases, median in (
            (_("Report to police contacted"), row.police_cases, row.police_median_hours),
            (
                _("Police contacted to determination"),
                row.determination_cases,
                row.determination_median_hours,
            ),
        ):
            writer.writerow(
                [
                    csv_cell(v)
                    for v in (delay_title, row.quarter, f"{label} — {_('cases')}", cases.display)
                ]
            )
            writer.writerow(
                [
                    csv_cell(v)
                    for v in (
                        delay_title,
                        row.quarter,
                        f"{label} — {_('median')}",
                        # The reader's decimal mark (« 50,6 » in French), as on the page.
                        "" if median is None else formats.number_format(median, use_l10n=True),
                    )
                ]
            )
    return buffer.getvalue()


def stats_export(
    *, actor: Actor, scope: Scope, year: int, request: HttpRequest | None = None
) -> str:
    """The publication as CSV; the export is audited (who, which scope and year)."""
    publication = stats_publication(scope=scope, year=year)
    content = publication_csv(publication)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="stats.export",
            target=("stats.publication", f"{scope.key}:{year}"),
            chain=scope.audit_chain,
            request=request,
            changes={"scope": scope.key, "year": year, "bytes": len(content)},
        )
    return content
