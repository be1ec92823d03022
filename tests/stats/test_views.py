"""The statistics page and its CSV export, as admins and analysts see them."""

from __future__ import annotations

import csv
import datetime
import io
import re
from typing import Any

import pytest
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.directory.models import Organisation, Role, User
from sexto.interventions.models import Case
from sexto.stats.demo import demo_history_seed, quarter_start
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, World
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

URL = "/stats/"
EXPORT = "/stats/export.csv"


def _last_year() -> int:
    return timezone.localdate().year - 1


def test_analyst_sees_suppressed_tables_and_charts_without_any_case(
    client: Any, analyst: User, history: int, english: None
) -> None:
    assert history > 40
    sign_in(client, analyst.email)
    response = client.get(URL, {"year": _last_year(), "scope": _scope_key()})
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("organisation", "route", "nature", "level", "outcome", "delays"):
        assert f'data-testid="table-{key}"' in html
        assert f'data-testid="chart-{key}"' in html
    assert 'role="img"' in html
    assert "&lt; 5" in html  # some quarter has a route with 1 to 4 cases
    # No drill-down: no case number, no link into the kit.
    assert not re.search(r"SX-\d{4}-\d{5}", html)
    assert "/cases/" not in html and "/intakes/" not in html
    # Strict CSP: no inline style anywhere.
    assert "style=" not in html and "<style" not in html


def test_totals_match_the_cases_of_the_year(
    client: Any, org_admin: User, history: int, english: None
) -> None:
    client.force_login(org_admin)
    year = _last_year()
    response = client.get(URL, {"year": year, "scope": _scope_key()})
    publication = response.context["publication"]
    real = Case.objects.filter(opened_at__year=year).count()
    grand = publication.tables[1].totals[-1]
    assert grand.value == real  # a year of history is well over 5 cases
    assert [t.totals[-1].value for t in publication.tables] == [real] * 5


def test_cases_by_police_and_dpcp_outcome_with_the_same_suppression(
    client: Any, org_admin: User, history: int, english: None
) -> None:
    from sexto.stats.selectors import OUTCOME_COLUMNS
    from sexto.stats.suppression import CellStatus

    client.force_login(org_admin)
    year = _last_year()
    response = client.get(URL, {"year": year, "scope": _scope_key()})
    assert "Cases opened, by quarter and police and DPCP outcome" in response.content.decode()
    table = next(t for t in response.context["publication"].tables if t.key == "outcome")
    assert [str(c) for c in table.columns] == [str(label) for _v, label in OUTCOME_COLUMNS]
    cases = Case.objects.filter(opened_at__year=year)
    counted = {value for value, _label in OUTCOME_COLUMNS}
    assert set(cases.values_list("determination", flat=True)) <= counted
    # The history reaches the outcomes beyond impulsive and malicious.
    assert cases.filter(determination__in=["charges", "extrajudicial", "no_offence"]).exists()
    for q, cells in enumerate(table.cells[:-1]):
        quarter = [c for c in cases if (timezone.localtime(c.opened_at).month - 1) // 3 == q]
        for (value, _label), cell in zip(OUTCOME_COLUMNS, cells, strict=False):
            real = sum(1 for c in quarter if c.determination == value)
            if 1 <= real < 5:
                assert cell.status is CellStatus.SMALL  # never shown
            elif cell.status is CellStatus.SHOWN:
                assert cell.value == real


@pytest.mark.parametrize(
    "person",
    [
        "coordinator",
        "principal",
        "staff",
        "police",
        "privacy",
        "trainer",
        "superuser",  # a superuser sees no statistics by being one
    ],
)
def test_other_roles_get_404(client: Any, world: World, person: str) -> None:
    client.force_login(world.people[person])
    assert client.get(URL).status_code == 404
    assert client.get(EXPORT).status_code == 404


def test_visitors_are_sent_to_sign_in(client: Any, world: World) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_menu_shows_statistics_to_admins_and_analysts_only(client: Any, world: World) -> None:
    from django.urls import reverse

    account = reverse("directory:account")
    for person, shown in [
        ("analyst", True),
        ("admin", True),
        ("coordinator", False),
        ("privacy", False),
    ]:
        client.force_login(world.people[person])
        assert ('data-nav="stats"' in client.get(account).content.decode()) is shown, person


def test_an_admin_cannot_ask_for_another_organisation(
    client: Any, org_admin: User, history: int, english: None
) -> None:
    client.force_login(org_admin)
    other = Organisation.objects.get(slug="island-school-board")
    response = client.get(URL, {"scope": str(other.pk), "year": _last_year()})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose one of the organisations offered." in html
    assert "publication" not in response.context or response.context.get("publication") is None
    response = client.get(EXPORT, {"scope": str(other.pk), "year": _last_year()})
    assert response.status_code == 422
    assert not AuditEvent.objects.filter(action="stats.export").exists()


def test_a_bad_year_is_refused_clearly_and_kept(
    client: Any, analyst: User, history: int, english: None
) -> None:
    client.force_login(analyst)
    response = client.get(URL, {"scope": _scope_key(), "year": "1999"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose a year between" in html
    assert 'class="error-summary"' in html


def test_province_analyst_sees_every_organisation(client: Any, history: int) -> None:
    ministry = OrganisationFactory(
        slug="ministere", name="Ministère", kind=Organisation.Kind.FEDERATION
    )
    user = UserFactory(email="analyste@ministere.test", handle="analyste-min")
    MembershipFactory(
        user=user,
        school=None,
        organisation=ministry,
        role=Role.ANALYST,
        valid_from=datetime.date(2024, 1, 1),
    )
    client.force_login(user)
    response = client.get(URL, {"scope": "province", "year": _last_year()})
    assert response.status_code == 200
    table = response.context["publication"].tables[0]
    assert "Island School Board" in table.rows
    assert "Centre de services scolaire des Mille-Lacs" in table.rows


def test_simulations_are_never_counted(
    people_for_simulation: dict[str, User], org_admin: User, client: Any
) -> None:
    from sexto.interventions.services import case_open
    from sexto.stats.selectors import stats_publication, stats_scopes_for

    scope = stats_scopes_for(user=org_admin)[0]
    year = timezone.localdate().year

    def grand_total() -> int | None:
        return stats_publication(scope=scope, year=year).tables[1].totals[-1].value

    learner = people_for_simulation["learner"]
    hauts = people_for_simulation["school"]
    before = Case.all_objects.count()
    for _n in range(6):
        case_open(actor=learner, school=hauts, summary="Cas de pratique", simulation=True)
    assert Case.all_objects.count() == before + 6
    assert Case.objects.count() == 0
    assert grand_total() == 0


@pytest.fixture
def people_for_simulation(world: World) -> dict[str, Any]:
    return {"learner": world.people["learner"], "school": world.schools["751001"]}


def test_csv_export_is_audited_suppressed_and_neutralised(
    client: Any, analyst: User, history: int, english: None
) -> None:
    org = Organisation.objects.get(slug="css-mille-lacs")
    org.name = '=HYPERLINK("http://evil")'
    org.save()
    client.force_login(analyst)
    response = client.get(EXPORT, {"scope": str(org.pk), "year": _last_year()})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Table", "Row", "Column", "Value"]
    cells = [cell for row in rows for cell in row]
    assert "< 5" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert '\'=HYPERLINK("http://evil")' in cells
    assert not re.search(r"SX-\d{4}-\d{5}", text)
    event = AuditEvent.objects.get(action="stats.export")
    assert event.actor == f"user:{analyst.pk}"
    assert event.target_id == f"{org.pk}:{_last_year()}"
    assert event.chain == f"org:{org.pk}"


# The demo's own tests: `seed_demo`'s statistics history, alone and after the kit's demo cases.
def test_demo_history_is_idempotent_and_in_past_quarters(demo: None) -> None:
    added = demo_history_seed(lambda line: None)
    assert added > 40
    assert demo_history_seed(lambda line: None) == 0
    assert Case.objects.count() == added
    start = quarter_start(timezone.localdate())
    assert all(timezone.localtime(c.opened_at).date() < start for c in Case.objects.all())
    assert not Case.objects.filter(status=Case.Status.OPEN).exists()
    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers) and all(n.startswith("SX-") for n in numbers)


def _scope_key() -> str:
    return str(Organisation.objects.get(slug="css-mille-lacs").pk)


def test_history_follows_the_kit_demo_without_clashing(demo: None) -> None:
    from sexto.interventions.demo import demo_cases_seed

    live = len(demo_cases_seed(lambda line: None))
    added = demo_history_seed(lambda line: None)
    assert Case.objects.count() == live + added
    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)


def test_a_quarter_total_reads_the_same_in_every_table(
    client: Any, analyst: User, history: int
) -> None:
    client.force_login(analyst)
    for year in (_last_year(), _last_year() - 1, _last_year() + 1):
        response = client.get(URL, {"year": year, "scope": _scope_key()})
        if response.status_code != 200:
            continue
        organisation, *breakdowns = response.context["publication"].tables
        shared = [c.display for c in organisation.totals]
        for table in breakdowns:
            assert [row[-1].display for row in table.cells] == shared, table.key
