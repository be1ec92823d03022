"""Import of historical awards from CSV (a board's existing attestations), all or nothing.

The file (UTF-8, a BOM allowed; comma or semicolon separated; first line = headers):

    email,badge,date,answer_1,answer_2,answer_3

- ``email``: the member's sign-in email (the member must already exist);
- ``badge``: the badge's short name (e.g. ``sexto-explorateur``);
- ``date``: when it was awarded, local Montréal time ``YYYY-MM-DD HH:MM:SS`` (or ``YYYY-MM-DD``,
  taken as midnight), or ISO 8601 with an offset (``2024-03-14T20:43:05Z``);
- ``answer_1`` … ``answer_N`` (optional): the learner's answers to the level's questions, in order.

Each row's fate is reported first (dry run): will import, already exists (the member already holds
that badge: skipped), or an error with its reason. A file with any error imports nothing. The
confirmed import re-checks everything and issues each award through ``award_issue`` with its date,
in one transaction, audited.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sexto.audit.services import audit_record
from sexto.core.errors import DomainError
from sexto.credentials.attestation import MONTREAL
from sexto.credentials.models import Award
from sexto.credentials.services import award_issue
from sexto.directory.models import Membership, Role, User
from sexto.directory.permissions import is_trainer, organisations_where
from sexto.directory.types import Actor
from sexto.training.models import Level, ProofRound

MAX_BYTES = 512 * 1024  # under the 1 MB request cap, with room for the form around it
MAX_ROWS = 5000
MAX_ANSWER_LENGTH = 10_000
REQUIRED_COLUMNS = ("email", "badge", "date")
ANSWER_COLUMN = re.compile(r"^answer_([1-9][0-9]?)$")
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
LOCAL_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


class ImportRefused(DomainError):
    """The file as a whole cannot be read (size, encoding, headers); nothing was imported."""

    code = "import_refused"
    status = 400


class ImportHasErrors(DomainError):
    """Some rows have errors: nothing was imported."""

    code = "import_has_errors"
    status = 400


class Fate:
    IMPORT = "import"
    EXISTS = "exists"
    ERROR = "error"


@dataclass
class RowReport:
    line: int  # the line number in the file (headers are line 1), as a spreadsheet shows it
    email: str
    badge: str
    date: str
    fate: str = Fate.IMPORT
    reasons: list[str] = field(default_factory=list)
    # Resolved when the row is good:
    user: Actor | None = None
    level: Level | None = None
    issued_at: datetime.datetime | None = None
    answers: list[str] = field(default_factory=list)

    def error(self, reason: str) -> None:
        self.fate = Fate.ERROR
        self.reasons.append(reason)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass
class ImportReport:
    rows: list[RowReport]

    @property
    def errors(self) -> list[RowReport]:
        return [row for row in self.rows if row.fate == Fate.ERROR]

    @property
    def to_import(self) -> list[RowReport]:
        return [row for row in self.rows if row.fate == Fate.IMPORT]

    @property
    def existing(self) -> list[RowReport]:
        return [row for row in self.rows if row.fate == Fate.EXISTS]

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self) -> list[str]:
        """One readable line per bad row (for the command and the page)."""
        return [
            _("Line %(line)d: %(reason)s") % {"line": row.line, "reason": row.reason}
            for row in self.errors
        ]


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            _("The file is too large (%(size)d KB at most): split it into several files.")
            % {"size": MAX_BYTES // 1024}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            _("The file is not UTF-8 text: save it as “CSV UTF-8” and send it again.")
        ) from None
    if "\x00" in text:
        raise ImportRefused(_("The file is not a CSV text file (it holds binary data)."))
    if not text.strip():
        raise ImportRefused(_("The file is empty."))
    return text


def _delimiter(text: str) -> str:
    """Comma, or semicolon as French spreadsheets write it (decided by the header line)."""
    header = text.splitlines()[0] if text.splitlines() else ""
    return ";" if header.count(";") > header.count(",") else ","


def _headers(raw: list[str]) -> tuple[dict[str, int], dict[int, int]]:
    """Column positions of the required headers and of the answers (answer number → column)."""
    names = [name.strip().lower() for name in raw]
    columns: dict[str, int] = {}
    answers: dict[int, int] = {}
    for index, name in enumerate(names):
        if name in columns or ((match := ANSWER_COLUMN.match(name)) and int(match[1]) in answers):
            raise ImportRefused(_("The column “%(name)s” appears twice.") % {"name": name})
        if name in REQUIRED_COLUMNS:
            columns[name] = index
        elif match := ANSWER_COLUMN.match(name):
            answers[int(match[1])] = index
        elif name:
            raise ImportRefused(
                _(
                    "Unknown column “%(name)s”: the columns are email, badge, date and, "
                    "optionally, answer_1, answer_2, …"
                )
                % {"name": name[:40]}
            )
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ImportRefused(
            ngettext(
                "Missing column: %(names)s. The first line must name the columns.",
                "Missing columns: %(names)s. The first line must name the columns.",
                len(missing),
            )
            % {"names": ", ".join(missing)}
        )
    if answers and sorted(answers) != list(range(1, max(answers) + 1)):
        raise ImportRefused(_("The answer columns must be answer_1, answer_2, … without gaps."))
    return columns, answers


def parse_date(value: str) -> datetime.datetime | None:
    """Local Montréal time ('YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD') or ISO 8601 with an offset."""
    value = value.strip()
    for pattern in LOCAL_FORMATS:
        try:
            naive = datetime.datetime.strptime(value, pattern)
        except ValueError:
            continue
        return naive.replace(tzinfo=MONTREAL)
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=MONTREAL)


def import_scope(user: Actor) -> set[UUID] | None:
    """Whose awards this user may import: anyone's for a trainer (None), the people of their
    organisations (and of those organisations' schools) for a service-centre admin."""
    if is_trainer(user) or getattr(user, "is_superuser", False):
        return None
    return organisations_where(user, {Role.ORG_ADMIN})


def may_import(user: Actor) -> bool:
    return bool(user.is_authenticated and (import_scope(user) is None or import_scope(user)))


def _in_scope(user: User, scope: set[UUID] | None) -> bool:
    if scope is None:
        return True
    return (
        Membership.objects.current()
        .filter(user=user)
        .filter(Q(organisation_id__in=scope) | Q(school__organisation_id__in=scope))
        .exists()
    )


def import_report(data: bytes, *, scope: set[UUID] | None = None) -> ImportReport:
    """Read the file and say what would happen to each row, touching nothing. Raises
    ImportRefused when the file as a whole cannot be read. `scope`: see import_scope."""
    text = _decode(data)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as error:
        raise ImportRefused(
            _("The file is not valid CSV (%(error)s).") % {"error": str(error)[:80]}
        ) from None
    if not records:
        raise ImportRefused(_("The file is empty."))
    columns, answer_columns = _headers(records[0])
    body = [(line, record) for line, record in enumerate(records[1:], start=2) if any(
        cell.strip() for cell in record)]  # fmt: skip
    if not body:
        raise ImportRefused(_("The file has headers but no rows to import."))
    if len(body) > MAX_ROWS:
        raise ImportRefused(
            _("Too many rows (%(max)d at most): split the file.") % {"max": MAX_ROWS}
        )
    width = max([*columns.values(), *answer_columns.values()]) + 1
    rows = []
    for line, record in body:
        cells = [*record, *[""] * (width - len(record))]
        rows.append(
            _row_check(
                line=line,
                email=cells[columns["email"]].strip(),
                badge=cells[columns["badge"]].strip(),
                date=cells[columns["date"]].strip(),
                answers=[cells[answer_columns[n]] for n in sorted(answer_columns)],
                extra=len(record) > width,
                scope=scope,
            )
        )
    _duplicates_mark(rows)
    _existing_mark(rows)
    return ImportReport(rows=rows)


def _row_check(
    *,
    line: int,
    email: str,
    badge: str,
    date: str,
    answers: list[str],
    extra: bool,
    scope: set[UUID] | None,
) -> RowReport:
    row = RowReport(line=line, email=email[:254], badge=badge[:80], date=date[:40])
    if extra:
        row.error(_("more cells than columns"))
    if not email:
        row.error(_("email missing"))
    else:
        row.user = User.objects.filter(email__iexact=email, is_active=True).first()
        if row.user is not None and not _in_scope(row.user, scope):
            row.user = None  # outside the admin's organisations: as if unknown (no probing)
        if row.user is None:
            row.error(_("unknown email %(email)s") % {"email": row.email})
    if not badge:
        row.error(_("badge missing"))
    else:
        row.level = (
            Level.objects.select_related("program").filter(badge_slug=badge).order_by("pk").first()
        )
        if row.level is None:
            row.error(_("unknown badge %(badge)s") % {"badge": row.badge})
    row.issued_at = parse_date(date)
    if row.issued_at is None:
        row.error(
            _("bad date “%(date)s” (expected YYYY-MM-DD HH:MM:SS, Montréal time)")
            % {"date": row.date}
        )
    elif row.issued_at > timezone.now():
        row.error(_("date %(date)s is in the future") % {"date": row.date})
    elif row.issued_at < EARLIEST:
        row.error(_("date %(date)s is before 2000") % {"date": row.date})
    # Trailing empty answers are no answers; a long one is refused rather than cut.
    while answers and not answers[-1].strip():
        answers.pop()
    row.answers = [answer.strip() for answer in answers]
    for number, answer in enumerate(row.answers, start=1):
        if len(answer) > MAX_ANSWER_LENGTH:
            row.error(
                _("answer_%(n)d is longer than %(max)d characters")
                % {"n": number, "max": MAX_ANSWER_LENGTH}
            )
    if row.level is not None and row.answers:
        count = row.level.questions.filter(round=ProofRound.FIRST).count()
        if len(row.answers) > count:
            row.error(
                _("%(given)d answers, but the badge's level has %(count)d questions")
                % {"given": len(row.answers), "count": count}
            )
    return row


def _duplicates_mark(rows: list[RowReport]) -> None:
    first_line: dict[tuple[str, str], int] = {}
    for row in rows:
        if not row.email or not row.badge:
            continue
        key = (row.email.lower(), row.badge)
        if key in first_line:
            row.error(
                _("duplicate of line %(line)d (same member and badge)") % {"line": first_line[key]}
            )
        else:
            first_line[key] = row.line


def _existing_mark(rows: list[RowReport]) -> None:
    for row in rows:
        if row.fate != Fate.IMPORT:
            continue
        if Award.objects.filter(recipient=row.user, badge_slug=row.badge).exists():
            row.fate = Fate.EXISTS


def _evidence(row: RowReport) -> dict[str, Any]:
    """The same snapshot shape as an approved submission's, marked as imported."""
    level = row.level
    assert level is not None
    questions = {
        question.position: question for question in level.questions.filter(round=ProofRound.FIRST)
    }
    answers = []
    for position, answer in enumerate(row.answers, start=1):
        question = questions.get(position)
        answers.append(
            {
                "position": position,
                "prompt_fr": question.prompt_fr if question else "",
                "prompt_en": question.prompt_en if question else "",
                "answer": answer,
            }
        )
    return {
        "program": level.program.slug,
        "level": level.slug,
        "level_title": {"fr": level.title_fr, "en": level.title_en},
        "submission": None,
        "answers": answers,
        "simulations": {},
        "imported": True,
    }


def import_confirm(
    *, data: bytes, actor: Actor | None, scope: set[UUID] | None = None, request: Any = None
) -> ImportReport:
    """Import every good row of the file, or nothing: the file is checked again (the database may
    have changed since the dry run); any error raises ImportHasErrors and writes nothing."""
    with transaction.atomic():
        report = import_report(data, scope=scope)
        if not report.ok:
            raise ImportHasErrors(
                ngettext(
                    "Nothing was imported: %(count)d row has errors.",
                    "Nothing was imported: %(count)d rows have errors.",
                    len(report.errors),
                )
                % {"count": len(report.errors)}
            )
        for row in report.to_import:
            assert row.level is not None and row.user is not None
            award_issue(
                recipient=row.user,
                level=row.level,
                evidence=_evidence(row),
                issued_at=row.issued_at,
                actor=actor,
            )
        audit_record(
            actor=actor,
            action="credentials.award.import",
            # The file is named by its digest (its rows are in the awards' own events).
            target=("credentials.import", hashlib.sha256(data).hexdigest()[:32]),
            request=request,
            changes={
                "imported": len(report.to_import),
                "already_there": len(report.existing),
            },
        )
    return report
