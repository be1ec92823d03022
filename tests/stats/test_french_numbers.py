"""Figures as the reader's language writes them (FRENCH.md, issue 18): « 50,6 » in French on the
statistics page, its charts and its CSV, "50.6" in English."""

from __future__ import annotations

import csv
import html
import io
import re
from typing import Any

import pytest
from django.utils import timezone, translation

from sexto.directory.models import Organisation, User
from sexto.stats.charts import bar_chart

pytestmark = pytest.mark.django_db

DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
DECIMAL_COMMA = re.compile(r"(?<![\d,])\d+,\d+(?![\d,])")


def _page(client: Any, language: str) -> str:
    scope = str(Organisation.objects.get(slug="css-mille-lacs").pk)
    year = timezone.localdate().year - 1
    response = client.get("/stats/", {"year": year, "scope": scope}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    # What a reader sees (text and SVG labels), not the SVG's coordinates.
    return html.unescape(re.sub(r"<[^>]+>", "\n", main))


def test_stats_page_and_charts_use_a_decimal_comma_in_french(
    client: Any, analyst: User, history: int
) -> None:
    client.force_login(analyst)
    french = _page(client, "fr")
    assert DECIMAL_COMMA.search(french), "the history has fractional median delays"
    assert not DECIMAL_POINT.findall(french), DECIMAL_POINT.findall(french)[:5]
    english = _page(client, "en")
    assert DECIMAL_POINT.search(english)
    assert not DECIMAL_COMMA.findall(english), DECIMAL_COMMA.findall(english)[:5]


def test_chart_labels_follow_the_language() -> None:
    with translation.override("fr"):
        chart = bar_chart(key="k", title="t", groups=["T1"], series=[("Délai", [50.6])])
        assert [bar.text for bar in chart.bars] == ["50,6"]
        assert chart.bars[0].title == "T1 — Délai\u00a0: 50,6"
    with translation.override("en"):
        chart = bar_chart(key="k", title="t", groups=["Q1"], series=[("Delay", [50.6])])
        assert [bar.text for bar in chart.bars] == ["50.6"]
        assert chart.bars[0].title == "Q1 — Delay: 50.6"


def test_csv_export_writes_french_figures_and_headers(
    client: Any, analyst: User, history: int
) -> None:
    client.force_login(analyst)
    scope = str(Organisation.objects.get(slug="css-mille-lacs").pk)
    year = timezone.localdate().year - 1
    response = client.get(
        "/stats/export.csv", {"scope": scope, "year": year}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Tableau", "Ligne", "Colonne", "Valeur"]
    values = [row[3] for row in rows[1:]]
    assert any(DECIMAL_COMMA.fullmatch(v) for v in values)
    assert not any(DECIMAL_POINT.fullmatch(v) for v in values)
