"""Images smuggled as text (issue 14, item 7): each encoding an attacker used is refused; prose
and the identifiers staff write are accepted; the one validator is on every form and API input."""

from __future__ import annotations

import base64
import hashlib
import importlib
import io
import pkgutil
import time
import urllib.parse
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

import sexto
from sexto.core.forms import FreeTextMixin
from sexto.core.validators import embedded_binary_find, no_embedded_images


@pytest.fixture(autouse=True)
def english():
    """The messages are read in English (the catalogue also says it in French)."""
    with translation.override("en"):
        yield


def _image(kind: str, size: tuple[int, int] = (2, 2)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(buffer, kind)
    return buffer.getvalue()


def _noisy_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 80).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


PNG = _image("PNG")  # 70-odd bytes: the attacker's tiny image
JPEG = _image("JPEG", (8, 8))
NOISY_JPEG = _noisy_jpeg()


def hex_split_by_spaces(data: bytes) -> str:
    return " ".join(f"{byte:02x}" for byte in data)


def base64_with_line_breaks(data: bytes, width: int = 8) -> str:
    encoded = base64.b64encode(data).decode()
    return "\n".join(encoded[i : i + width] for i in range(0, len(encoded), width))


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.txt", "x")
    return buffer.getvalue()


HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(range(40))
MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + bytes(range(40))
MOV = b"\x00\x00\x00\x08wide\x00\x00\x10\x00mdat" + bytes(range(40))
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(range(40))
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04" + bytes(range(20))
BMP = b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00" + bytes(range(40))
TIFF = b"II*\x00\x08\x00\x00\x00" + bytes(range(40))
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"

# Each as the attacker wrote it: not one of these was refused before the fix.
ATTACKS = {
    "PNG as hex split by spaces": "Voici la photo : " + hex_split_by_spaces(PNG),
    "PNG as hex over lines (xxd -p)": "\n".join(
        PNG.hex()[i : i + 60] for i in range(0, len(PNG.hex()), 60)
    ),
    "PNG as an xxd dump": "\n".join(
        f"{i:08x}: "
        + " ".join(PNG[i : i + 16][j : j + 2].hex() for j in range(0, 16, 2))
        + "  ................"
        for i in range(0, len(PNG), 16)
    ),
    "PNG as 0x bytes": ", ".join(f"0x{byte:02X}" for byte in PNG),
    "PNG as base64 with line breaks": "Photo :\n" + base64_with_line_breaks(PNG),
    "JPEG as base64 in groups of four": " ".join(
        base64.b64encode(JPEG).decode()[i : i + 4] for i in range(0, len(base64.b64encode(JPEG)), 4)
    ),
    "PNG as base64url with line breaks": "\n".join(
        base64.urlsafe_b64encode(PNG).decode()[i : i + 10] for i in range(0, 108, 10)
    ),
    "PNG URL-encoded": "https://example.com/?f=" + urllib.parse.quote_from_bytes(PNG),
    "PNG fully percent-encoded": "".join(f"%{byte:02X}" for byte in PNG),
    "PNG as \\x escapes": "".join(f"\\x{byte:02x}" for byte in PNG),
    "PNG as a Python bytes literal": repr(PNG)[2:-1],
    "JPEG without its header, hex": hex_split_by_spaces(NOISY_JPEG[-400:-200]),
    "JPEG without its header, base64 wrapped at 76": "\n".join(
        base64.b64encode(NOISY_JPEG[-400:-130]).decode()[i : i + 76] for i in range(0, 360, 76)
    ),
    "HEIC as hex": hex_split_by_spaces(HEIC),
    "MP4 as base64 with line breaks": base64_with_line_breaks(MP4),
    "MOV as hex": hex_split_by_spaces(MOV),
    "WebP as hex": hex_split_by_spaces(WEBP),
    "GIF as \\x escapes": "".join(f"\\x{byte:02x}" for byte in GIF),
    "BMP as hex": hex_split_by_spaces(BMP),
    "TIFF as base64 with line breaks": base64_with_line_breaks(TIFF),
    "PDF as base64 with line breaks": base64_with_line_breaks(PDF),
    "ZIP as hex": hex_split_by_spaces(_zip()),
    "raw bytes pasted as text": PNG.decode("latin-1"),
}


@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_each_encoding_of_an_image_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        no_embedded_images(text)
    assert excinfo.value.code == "embedded_image"
    assert "never accepts images" in excinfo.value.messages[0]


LEGITIMATE = [
    "Le 3 décembre 2026 vers 11 h 58, l’élève a dit à Mme Tremblay que la photo circulait.",
    "The student told me the picture was shared on Snapchat and TikTok; her iPhone was seized.",
    "Dossier SX-2026-00012 (anciennement SIG-2025-00007, déclaration DEC-2026-00031).",
    "Signalement à la DPJ le 2026-12-03, n° de référence 2026-123456-01 ; DPJ 26-004512.",
    "Téléphone : 514 555-1234, 450 555 9876 poste 1234, +1 (819) 555-0000, 418.555.1111.",
    "514 555 1234, 450 555 9876, 819 555 0000, 418 555 1111, 514 555 1234, 450 555 9876",
    "Voir https://www.cybertip.ca/fr/, https://takeitdown.ncmec.org/ et "
    "https://example.com/dossier%20partag%C3%A9?id=42&lang=fr#section-3",
    "Couleurs #ff00aa, #ABCDEF, 0xff ; badge 3f2a ; UUID 123e4567-e89b-12d3-a456-426614174000.",
    "SHA-256 du fichier saisi : " + hashlib.sha256(b"evidence").hexdigest(),
    "SHA-256 (base64) : " + base64.b64encode(hashlib.sha256(b"evidence").digest()).decode(),
    "Envelope ENV-2026-0042, sealed bag 7F3A-22, police file SPVSJ-26-001234, "
    "court 500-01-123456-261.",
    "a de ce face cafe bead dead beef fade added decade 2024 2025 2026 " * 3,
    "Années : 2019 2020 2021 2022 2023 2024 2025 2026 1234 5678 9012 3456 7890 " * 4,
    "L’ÉLÈVE A DIT : « ARRÊTE D’ENVOYER CES PHOTOS » — 94,1 % des élèves; 10 000 vues.",
    "Montant 25,50 $; 100 % ; 3e secondaire ; local B-204 ; casier 1138 ; autobus 57.",
    "Courriel : marie.tremblay@cssmillelacs.gouv.qc.ca ; compte Instagram @zoe_2011.",
    "Liens : https://docs.google.com/file/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit "
    "https://docs.google.com/document/d/1aB3cD4eF5gH6iJ7kL8mN9oP0qRsTuVwXyZ01234567/edit "
    "https://drive.google.com/file/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/view?usp=sharing",
    "Jeton : eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4f",
]


@pytest.mark.parametrize("text", LEGITIMATE)
def test_prose_and_identifiers_staff_write_are_accepted(text: str) -> None:
    no_embedded_images(text)


_WORDS = [
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "de",
    "du",
    "et",
    "à",
    "au",
    "aux",
    "que",
    "qui",
    "dit",
    "élève",
    "photo",
    "circule",
    "groupe",
    "classe",
    "école",
    "direction",
    "police",
    "DPJ",
    "parents",
    "Snapchat",
    "TikTok",
    "iPhone",
    "Instagram",
    "cellulaire",
    "vidéo",
    "the",
    "student",
    "told",
    "me",
    "that",
    "picture",
    "was",
    "shared",
    "with",
    "her",
    "friends",
    "after",
    "class",
    "on",
    "Monday",
    "a",
    "de",
    "ce",
    "face",
    "cafe",
    "bead",
    "dead",
    "beef",
    "fade",
    "added",
    "SX-2026-00012",
    "DEC-2026-00031",
    "514-555-1234",
    "2026-12-03",
    "11:58",
    "#ff00aa",
    "3e",
    "14",
    "ans",
    "https://www.cybertip.ca/fr/",
    "marie.tremblay@example.ca",
    "94,1",
    "%",
    "«",
    "Sans",
    "objet",
    "»",
    "l’élève",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_WORDS),
            st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçôû’-", min_size=1, max_size=14),
            st.integers(min_value=0, max_value=99999).map(str),
        ),
        max_size=400,
    ),
    st.sampled_from([" ", "\n", ", ", ". ", " ; ", " : "]),
)
def test_no_false_positive_on_text(words: list[str], separator: str) -> None:
    text = separator.join(words)
    assert embedded_binary_find(text) is None, text


def test_a_hostile_100_kb_text_is_checked_in_under_a_second() -> None:
    for text in ["%" * 100_000, "\\x" * 50_000, "ab " * 33_000, "A1b2 " * 20_000]:
        # This thread's CPU time: the check's own cost, not the wait while other tests (another
        # xdist worker, other jobs on the machine) hold the cores.
        started = time.thread_time()
        embedded_binary_find(text)
        assert time.thread_time() - started < 1.0, text[:10]


# --- one validator, on every form and every API input ----------------------------------------


def _modules(package: str) -> list[str]:
    root = importlib.import_module(package)
    return [
        info.name
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}.")
        if ".migrations" not in info.name and ".management" not in info.name
    ]


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def test_every_form_of_the_product_refuses_images_in_its_text_fields() -> None:
    for name in _modules(sexto.__name__):
        importlib.import_module(name)
    ours = [
        form
        for form in _subclasses(forms.BaseForm)
        if form.__module__.startswith("sexto.") and not form.__name__.startswith("_")
    ]
    assert len(ours) > 40
    missing = [f"{f.__module__}.{f.__name__}" for f in ours if not issubclass(f, FreeTextMixin)]
    assert not missing, "use sexto.core.forms.Form / ModelForm: " + ", ".join(missing)


def test_a_text_field_added_after_init_is_checked_too() -> None:
    from sexto.core.forms import Form

    class Answers(Form):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self.fields["answer_1"] = forms.CharField()

    form = Answers(data={"answer_1": hex_split_by_spaces(PNG)})
    assert not form.is_valid()
    assert "never accepts images" in form.errors["answer_1"][0]


def test_every_api_input_text_field_refuses_images() -> None:
    from ninja import Schema

    for name in _modules("sexto.api"):
        importlib.import_module(name)
    checked = 0
    for schema in _subclasses(Schema):
        if not (schema.__module__.startswith("sexto.api") and schema.__name__.endswith("In")):
            continue
        for field_name, field in schema.model_fields.items():
            if field.annotation is not str:
                continue
            checked += 1
            with pytest.raises(Exception, match="never accepts images"):
                schema.model_validate(
                    {
                        **{k: _valid(f) for k, f in schema.model_fields.items()},
                        # A PNG signature in hex: short enough for the shortest field (20).
                        field_name: PNG[:8].hex(),
                    }
                )
    assert checked >= 25


def _valid(field: object) -> object:
    import datetime
    import typing
    import uuid

    annotation = getattr(field, "annotation", None)
    if annotation is str:
        return "texte"
    if annotation is int or annotation == (int | None):
        return 1
    if annotation is datetime.datetime:
        return "2026-12-03T11:58:00-05:00"
    if annotation is uuid.UUID or annotation == (uuid.UUID | None):
        return str(uuid.uuid4())
    args = typing.get_args(annotation)
    if args and all(isinstance(arg, str) for arg in args):
        return args[-1]
    return None
