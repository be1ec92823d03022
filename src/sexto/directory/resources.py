"""Quebec support resources (the regional DPJ, Tel-jeunes, Kids Help Phone, Cyberaide.ca…): the
one data file, its loading into `SupportResource`, and the read the case page and the support
plan use. Public information, never case content (docs/resources.md)."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import translation

from sexto.directory.models import Organisation, SupportResource

RESOURCES_FILE = Path(__file__).resolve().parent / "data" / "quebec_resources.json"
# What the file sets on each resource (its "note" is for docs/resources.md only).
FILE_FIELDS = (
    "kind",
    "region",
    "position",
    "name_fr",
    "name_en",
    "url_fr",
    "url_en",
    "description_fr",
    "description_en",
    "phones",
    "source_url",
    "checked_on",
)
# The police force's non-emergency number is shown among the resources under this key (and may
# be recorded as given in the support plan).
POLICE_KEY = "police"


def resources_file_read(path: Path | None = None) -> list[dict[str, Any]]:
    """The resources of the data file, as dictionaries of model fields (plus "key")."""
    with open(path or RESOURCES_FILE, encoding="utf-8") as handle:
        entries: list[dict[str, Any]] = json.load(handle)["resources"]
    rows = []
    for entry in entries:
        row = {"key": entry["key"], **{name: entry.get(name) for name in FILE_FIELDS}}
        row["region"] = row["region"] or ""
        row["phones"] = row["phones"] or []
        row["position"] = row["position"] if row["position"] is not None else 100
        for name in ("url_fr", "url_en", "description_fr", "description_en", "source_url"):
            row[name] = row[name] or ""
        checked = row["checked_on"]
        row["checked_on"] = datetime.date.fromisoformat(checked) if checked else None
        rows.append(row)
    return rows


@dataclass(frozen=True)
class ResourcesLoaded:
    created: int
    updated: int
    kept: int


def resources_load(
    *, refresh: bool = False, path: Path | None = None, model: Any = None
) -> ResourcesLoaded:
    """Create the file's resources that are missing; with `refresh`, also overwrite existing ones
    with the file (otherwise what administrators changed in admin is kept). Safe to run again.
    `model` lets a data migration pass its historical model."""
    model = model or SupportResource
    created = updated = kept = 0
    with transaction.atomic():
        for row in resources_file_read(path):
            key = row.pop("key")
            existing = model.objects.filter(key=key).first()
            if existing is None:
                model.objects.create(key=key, **row)
                created += 1
            elif refresh and any(getattr(existing, k) != v for k, v in row.items()):
                for name, value in row.items():
                    setattr(existing, name, value)
                existing.save()
                updated += 1
            else:
                kept += 1
    return ResourcesLoaded(created=created, updated=updated, kept=kept)


@dataclass(frozen=True)
class Phone:
    number: str
    href: str  # tel:+1… or sms:…
    label: str


@dataclass(frozen=True)
class Resource:
    key: str
    kind: str
    name: str
    url: str
    description: str
    phones: tuple[Phone, ...]


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "fr")[:2]
    return code if code in ("fr", "en") else "fr"


def phone_href(number: str, *, sms: bool = False) -> str:
    """The link a phone opens: tel:+1 and the ten digits (North American numbers), or sms:."""
    digits = re.sub(r"\D", "", number)
    if sms:
        return f"sms:{digits}"
    if len(digits) == 10:
        digits = "1" + digits
    return f"tel:+{digits}" if len(digits) == 11 else f"tel:{digits}"


def _resource(row: SupportResource, code: str) -> Resource:
    phones = tuple(
        Phone(
            number=phone.get("number", ""),
            href=phone_href(phone.get("number", ""), sms=bool(phone.get("sms"))),
            label=phone.get(f"label_{code}") or phone.get("label_fr", ""),
        )
        for phone in row.phones or []
        if phone.get("number")
    )
    return Resource(
        key=row.key,
        kind=row.kind,
        name=getattr(row, f"name_{code}") or row.name_fr,
        url=getattr(row, f"url_{code}") or row.url_fr,
        description=getattr(row, f"description_{code}") or row.description_fr,
        phones=phones,
    )


def police_resource(police_force: Organisation | None, *, language: str | None = None) -> Resource:
    """The police force serving the school, with its non-emergency number if recorded."""
    code = _language(language)
    number = police_force.phone_non_emergency if police_force else ""
    with translation.override(code):
        label = translation.gettext("Non-emergency line (in an emergency: 911)")
        description = translation.gettext(
            "The police force serving the school. Call 911 if someone is in immediate danger."
        )
    phones = (Phone(number=number, href=phone_href(number), label=label),) if number else ()
    return Resource(
        key=POLICE_KEY,
        kind="police",
        name=police_force.name if police_force else "",
        url="",
        description=description,
        phones=phones,
    )


def support_resources_for(
    *,
    region: str = "",
    police_force: Organisation | None = None,
    language: str | None = None,
) -> list[Resource]:
    """The resources for a school's region in the reader's language: the region's DPJ first,
    then the police force's non-emergency number (when a force is given), then the national
    resources. Without a region, no DPJ is listed (the school's region is not recorded)."""
    code = _language(language)
    rows = list(SupportResource.objects.filter(active=True, region__in=["", region]))
    rows.sort(key=lambda r: (r.kind != SupportResource.Kind.DPJ, r.position, r.key))
    resources = [_resource(row, code) for row in rows]
    dpj = [r for r in resources if r.kind == SupportResource.Kind.DPJ]
    others = [r for r in resources if r.kind != SupportResource.Kind.DPJ]
    police = [police_resource(police_force, language=code)] if police_force is not None else []
    return dpj + police + others


def support_resource_names(
    keys: list[str], *, police_force: Organisation | None = None, language: str | None = None
) -> list[str]:
    """The names of the given resources in the reader's language, in the given order (unknown
    keys left out)."""
    code = _language(language)
    rows = {row.key: row for row in SupportResource.objects.filter(key__in=keys)}
    names = []
    for key in keys:
        if key in rows:
            names.append(getattr(rows[key], f"name_{code}") or rows[key].name_fr)
        elif key == POLICE_KEY and police_force is not None:
            names.append(police_force.name)
    return names


def support_resource_keys() -> set[str]:
    """Every key a support entry may record: all resources (any region, shown or not, so entries
    already recorded stay valid) and the police force's."""
    return set(SupportResource.objects.values_list("key", flat=True)) | {POLICE_KEY}
