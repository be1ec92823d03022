"""The case's audit-trail CSV read in French (issue 18): its heading sentence writes the date out
(« le 4 décembre 2026 à 10 h 07 »), never an ISO timestamp in a sentence; each event keeps its
exact ISO time in its own column."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.utils import translation

from sexto.interventions.services.access import case_audit_export
from tests.test_french_typography import french_text_problems

pytestmark = pytest.mark.django_db


def test_audit_trail_csv_heading_is_french_prose(people: dict[str, Any], open_case: Any) -> None:
    case = open_case()
    with translation.override("fr"):
        content = case_audit_export(actor=people["privacy"], case=case)
    rows = list(csv.reader(io.StringIO(content)))
    heading = [rows[0][0], rows[1][0]]
    assert heading[0].startswith("Journal d") or case.number in heading[0]
    assert re.search(r" le \d{1,2} \w+ \d{4} à \d{1,2} h \d{2}$", heading[1]), heading[1]
    assert not [line for line in heading if french_text_problems(line)], heading
    # The events themselves keep their exact, machine-readable time.
    assert re.match(r"\d{4}-\d{2}-\d{2}T", rows[4][0])
