"""core/spreadsheet.py: CSV cells never run as formulas."""

from __future__ import annotations

import pytest

from sexto.core.spreadsheet import csv_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Élève", "Élève"),
        (None, ""),
        (42, "42"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_get_a_leading_quote(value: object, cell: str) -> None:
    assert csv_cell(value) == cell
