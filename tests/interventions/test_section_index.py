"""The case page's sticky section index (issue 18): every section of the long page, each with
its state, each link landing on its section."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from sexto.interventions.models import CaseStep
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def _index(html: str) -> list[tuple[str, str, str]]:
    nav = html.split('data-testid="section-index"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="#([a-z-]+)" data-state="([a-z_]+)">([^<]+)', nav)


def test_every_section_is_indexed_with_its_state_and_exists(case, people, english):
    CaseStep.objects.filter(case=case, key="secure_devices").update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    CaseStep.objects.filter(case=case, key="inform_parents").update(
        state=CaseStep.State.NOT_APPLICABLE
    )
    client = Client()
    sign_in(client, people["coordinator"].email)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    around = client.get(f"/cases/{case.pk}/around/", HTTP_HX_REQUEST="true").content.decode()
    index = _index(page)
    anchors = [anchor for anchor, _state, _label in index]
    assert anchors[:3] == ["steps", "grid", "people"] and "chronology" in anchors
    states = {anchor: state for anchor, state, _label in index}
    assert states["devices"] == "overdue" and states["steps"] == "overdue"
    assert states["parents"] == "not_applicable" and states["grid"] in {"todo", "overdue"}
    for anchor in anchors:
        if anchor == "youth-protection" and 'id="youth-protection"' not in around:
            continue  # shown only where the grid calls for it
        assert f'id="{anchor}"' in page + around, anchor
    assert "1 overdue" in page.split('data-testid="section-index"', 1)[1].split("</nav>")[0]


def test_who_looked_is_indexed_only_for_those_who_see_it(case, people, professional, english):
    client = Client()
    sign_in(client, people["coordinator"].email)
    assert "access" in [
        a for a, _s, _l in _index(client.get(f"/cases/{case.pk}/").content.decode())
    ]
