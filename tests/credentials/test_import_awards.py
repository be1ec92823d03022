"""Import of historical awards from CSV: the dry-run report of every row's fate, all-or-nothing,
the page (trainers and service-centre admins), the command, and a parser that never crashes."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sexto.audit.models import AuditEvent
from sexto.credentials import imports
from sexto.credentials.models import Award
from sexto.training.models import Level
from tests.credentials.member_fixtures import asantos_award  # noqa: F401
from tests.factories import World, world_email
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db
MONTREAL = ZoneInfo("America/Montreal")

GOOD = (
    "email,badge,date,answer_1,answer_2\n"
    'luc.cote@751001.test,sexto-explorateur,2023-05-02 09:15:00,"Première réponse.",'
    '"Deuxième, avec une virgule."\n'
    "karine.bouchard@751002.test,sexto-explorateur,2022-11-30T15:00:00Z,,\n"
)


@pytest.fixture
def level(world: World) -> Level:
    from sexto.training.demo import demo_program_seed

    return Level.objects.get(program=demo_program_seed(), slug="explorateur")


def test_dry_run_reports_then_import_issues_awards_with_their_dates(level: Level) -> None:
    report = imports.import_report(GOOD.encode())
    assert [row.fate for row in report.rows] == ["import", "import"]
    assert not Award.objects.exists()  # a dry run touches nothing
    imports.import_confirm(data=GOOD.encode(), actor=None)
    first = Award.objects.get(recipient__email=world_email("staff"))
    assert first.issued_at == datetime.datetime(2023, 5, 2, 9, 15, tzinfo=MONTREAL)
    assert first.badge_slug == "sexto-explorateur" and first.evidence["imported"] is True
    assert [a["answer"] for a in first.evidence["answers"]] == [
        "Première réponse.",
        "Deuxième, avec une virgule.",
    ]
    assert first.evidence["answers"][0]["prompt_en"].startswith("What have I learned")
    second = Award.objects.get(recipient__email=world_email("other_coordinator"))
    assert second.issued_at == datetime.datetime(2022, 11, 30, 15, tzinfo=datetime.UTC)
    assert second.evidence["answers"] == []
    assert AuditEvent.objects.filter(action="credentials.award.issue").count() == 2
    assert AuditEvent.objects.filter(action="credentials.award.import").count() == 1
    # Again: both already there, nothing new.
    again = imports.import_report(GOOD.encode())
    assert [row.fate for row in again.rows] == ["exists", "exists"]


def test_bad_rows_import_nothing_and_say_which_and_why(level: Level, english: None) -> None:
    data = (
        b"email;badge;date\n"  # semicolons, as French spreadsheets write them
        b"luc.cote@751001.test;sexto-explorateur;2023-05-02 09:15:00\n"
        b"nobody@nowhere.test;sexto-explorateur;2023-05-02 09:15:00\n"
        b"karine.bouchard@751002.test;no-such-badge;2023-05-02\n"
        b"marc.gagnon@751001.test;sexto-explorateur;02/05/2023\n"
        b"LUC.COTE@751001.test;sexto-explorateur;2023-06-01\n"
        b"sophie.bergeron@751001.test;sexto-explorateur;2999-01-01\n"
    )
    report = imports.import_report(data)
    assert [row.fate for row in report.rows] == ["import", *["error"] * 5]
    lines = report.error_lines()
    assert lines[0] == "Line 3: unknown email nobody@nowhere.test"
    assert lines[1] == "Line 4: unknown badge no-such-badge"
    assert lines[2].startswith("Line 5: bad date “02/05/2023”")
    assert lines[3] == "Line 6: duplicate of line 2 (same member and badge)"
    assert lines[4] == "Line 7: date 2999-01-01 is in the future"
    with pytest.raises(imports.ImportHasErrors):
        imports.import_confirm(data=data, actor=None)
    assert not Award.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="credentials.award").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\xff\xfe\x00a", "not UTF-8"),
        (b"email,badge\nx@y.z,b\n", "Missing column: date"),
        (b"email,badge,date,colour\n", "Unknown column “colour”"),
        (b"email,badge,date\n", "no rows"),
        (b"email,badge,date,answer_2\na,b,c,d\n", "without gaps"),
        (b"a" * (imports.MAX_BYTES + 1), "too large"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(
    level: Level, data: bytes, message: str, english: None
) -> None:
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_report(data)
    assert message in str(refused.value)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=300).map(lambda text: ("email,badge,date,answer_1\n" + text).encode()),
        st.lists(
            st.lists(st.text(max_size=30), min_size=0, max_size=6), min_size=1, max_size=6
        ).map(
            lambda rows: "\n".join(
                ["email,badge,date,answer_1", *(",".join(r) for r in rows)]
            ).encode()
        ),
    )
)
def test_any_bytes_give_a_report_or_a_clear_error_never_a_crash(level: Level, data: bytes) -> None:
    before = Award.objects.count()
    try:
        report = imports.import_report(data)
    except imports.ImportRefused as refused:
        assert str(refused)
    else:
        for row in report.rows:
            assert row.fate in {"import", "exists", "error"}
            assert row.fate != "error" or row.reason
        if not report.ok:
            with pytest.raises(imports.ImportHasErrors):
                imports.import_confirm(data=data, actor=None)
            assert Award.objects.count() == before


def test_page_dry_run_then_confirm(level: Level, english: None) -> None:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, world_email("trainer"))
    assert client.get("/awards/import/").status_code == 200
    upload = SimpleUploadedFile("awards.csv", GOOD.encode(), content_type="text/csv")
    page = client.post("/awards/import/", {"file": upload})
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 awards will be imported" in html and "will import" in html
    assert not Award.objects.exists()
    response = client.post("/awards/import/confirm/", {})
    assert response.status_code == 302
    assert Award.objects.count() == 2


def test_page_shows_bad_rows_and_offers_no_import(level: Level, english: None) -> None:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, world_email("admin"))
    data = b"email,badge,date\nnobody@nowhere.test,sexto-explorateur,2023-01-01\n"
    page = client.post(
        "/awards/import/", {"file": SimpleUploadedFile("a.csv", data, content_type="text/csv")}
    )
    html = page.content.decode()
    assert "Line 2: unknown email nobody@nowhere.test" in html
    assert "/awards/import/confirm/" not in html
    assert client.post("/awards/import/confirm/", {}).status_code == 302
    assert not Award.objects.exists()
    too_big = b"email,badge,date\n" + b"x" * (imports.MAX_BYTES + 10)
    page = client.post(
        "/awards/import/", {"file": SimpleUploadedFile("big.csv", too_big, content_type="text/csv")}
    )
    assert "too large" in page.content.decode()


def test_admin_imports_only_for_people_of_their_organisations(level: Level, english: None) -> None:
    from sexto.directory.models import User

    admin = User.objects.get(email=world_email("admin"))
    scope = imports.import_scope(admin)
    assert scope
    data = b"email,badge,date\nemilie.pelletier@cadre21.test,sexto-explorateur,2023-01-01\n"
    report = imports.import_report(data, scope=scope)
    assert report.error_lines() == ["Line 2: unknown email emilie.pelletier@cadre21.test"]


def test_staff_cannot_reach_the_import(level: Level) -> None:
    client = FormClient()
    sign_in(client, world_email("staff"))
    assert client.get("/awards/import/").status_code == 404


def test_command_dry_run_import_and_bad_rows(level: Level, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    call_command("import_awards", str(good), "--dry-run", stdout=out)
    assert "line 2: luc.cote@751001.test sexto-explorateur" in out.getvalue()
    assert not Award.objects.exists()
    call_command("import_awards", str(good), stdout=StringIO())
    assert Award.objects.count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("email,badge,date\nnobody@x.test,sexto-explorateur,2023-01-01\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_awards", str(bad), stdout=StringIO())
    assert exit_info.value.code == 2
