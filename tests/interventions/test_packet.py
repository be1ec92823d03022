"""The bilingual referral packet (PDF): its content in both languages, the footer on every page,
the export audited, and who may export it."""

import datetime
import io
import json
import re

import pytest
import weasyprint
from django.utils import timezone
from weasyprint.formatting_structure.boxes import MarginBox

from sexto.audit.models import AuditEvent
from sexto.audit.services import actor_key
from sexto.core.french import french_typography
from sexto.interventions.models import CustodyEvent, Device
from sexto.interventions.packet import packet_html, packet_render
from sexto.interventions.services import case_grid_save, case_person_add
from sexto.interventions.services import referrals as services
from tests.grid_answers import grid_answers
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db


def _pdf_text(html: str) -> tuple[str, list[str]]:
    """The text WeasyPrint laid out: the flowing content (all pages) and each page's margins."""
    document = weasyprint.HTML(string=html, base_url=None).render()
    content: list[str] = []
    margins = []

    def walk(box, parts):
        text = getattr(box, "text", None)
        if isinstance(text, str):
            parts.append(text)
        for child in getattr(box, "children", None) or []:
            walk(child, parts)

    for page in document.pages:
        page_margins: list[str] = []
        for child in page._page_box.children:
            walk(child, page_margins if isinstance(child, MarginBox) else content)
        margins.append(" ".join(page_margins))
    return re.sub(r"\s+", " ", " ".join(content)), margins


@pytest.fixture
def referred_case(people, open_case):
    case = open_case()
    case_grid_save(actor=people["coordinator"], case=case, answers=grid_answers())
    person = case_person_add(
        actor=people["coordinator"], case=case, label="A", name="Zoé Tremblay", age=14
    )
    device = Device.objects.create(
        case=case,
        description="Téléphone noir",
        owner=person,
        seized_by=people["coordinator"],
        seized_at=timezone.now() - datetime.timedelta(minutes=10),
        envelope_number="ENV-0042",
        storage_place="Coffre de la direction",
    )
    CustodyEvent.objects.create(
        device=device,
        kind=CustodyEvent.Kind.SEIZED,
        at=device.seized_at,
        recorded_by=people["coordinator"],
        place="Bureau 104",
    )
    services.referral_create(
        actor=people["coordinator"], case=case, police_contacted_at=timezone.now()
    )
    case.refresh_from_db()
    return case


def test_packet_holds_both_languages_reasons_custody_contacts_and_who_exported(
    people, referred_case
):
    case = referred_case
    text, pages = _pdf_text(packet_html(case=case, exported_by=people["coordinator"]))
    reasons = json.loads(case.grid_result)["reasons"]
    for reason in reasons:  # the French reason in French typography (« d’une », « art. 163.1 : »)
        assert re.sub(r"\s+", " ", french_typography(reason["fr"])) in text
        assert re.sub(r"\s+", " ", reason["en"]) in text
    # French first, then English.
    first = reasons[0]
    assert text.index(re.sub(r"\s+", " ", french_typography(first["fr"]))) < text.index(
        re.sub(r"\s+", " ", first["en"])
    )
    assert "exported by Julie Tremblay" in text
    assert "ENV-0042" in text and "Bureau 104" in text
    assert people["principal"].email in text and people["backup"].email in text
    assert "Service de police de la Ville de Saint-Jérôme" in text
    for margin in pages:  # the footer carries the case number and who exported on every page
        assert case.number in margin and "Julie Tremblay" in margin
    assert len(pages) >= 2


def test_packet_renders_a_pdf(people, referred_case):
    pdf = packet_render(case=referred_case, exported_by=people["police"])
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000


def test_packet_download_is_an_audited_attachment(people, referred_case):
    case = referred_case
    client = FormClient()
    sign_in(client, people["police"].email)
    response = client.get(f"/cases/{case.pk}/referral/packet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{case.number}-renvoi-referral.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    export = AuditEvent.objects.get(action="case.export")
    assert export.target_id == str(case.pk)
    assert export.actor == actor_key(people["police"])


def test_professional_may_read_the_case_but_not_export_the_packet(people, referred_case):
    from sexto.interventions.services import professional_invite

    professional_invite(
        actor=people["coordinator"], case=referred_case, user=people["professional"]
    )
    client = FormClient()
    sign_in(client, people["professional"].email)
    assert client.get(f"/cases/{referred_case.pk}/").status_code == 200
    assert client.get(f"/cases/{referred_case.pk}/referral/packet.pdf").status_code == 404
    assert not AuditEvent.objects.filter(action="case.export").exists()


def test_french_part_of_the_packet_pdf_follows_french_typography(people, referred_case):
    """The PDF's French half (issue 18): a non-breaking space before each colon, the typographic
    apostrophe, no ISO date in a sentence, « courriel », no point médian. The grid's reasons used
    to come out as the pure grid writes them (« d'une », « art. 163.1 du Code criminel : »)."""
    from pypdf import PdfReader

    from tests.test_french_typography import french_text_problems

    pdf = packet_render(case=referred_case, exported_by=people["police"])
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    french = text.split("Referral packet")[0]
    assert "Trousse de renvoi" in french and "Motifs" in french
    # The youth protection line says its heading once (« Protection de la jeunesse : Non
    # indiquée », not « Protection de la jeunesse : Protection de la jeunesse : non indiquée »).
    line = next(x for x in french.splitlines() if x.startswith("Protection de la jeunesse"))
    values = ("Non indiquée", "Consulter la DPJ", "Signalement à la DPJ obligatoire")
    assert line.split("\u00a0:", 1)[1].strip() in values, line
    # What people typed is theirs, kept as typed: only the product's own words are checked.
    intake = referred_case.intake
    typed = [referred_case.summary, intake.account, intake.told_by] if intake else []
    for value in typed:
        for piece in re.split(r"\s+", value):
            if "'" in piece:
                french = french.replace(piece, " ")
    found = [
        f"{line.strip()!r}: {problems}"
        for line in french.splitlines()
        if (problems := french_text_problems(line))
    ]
    assert not found, "\n".join(found[:20])
