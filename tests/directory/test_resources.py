"""The Quebec support resources: the one data file, its idempotent loading, the phone links,
and the back-office where platform administrators edit them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from sexto.directory.models import Organisation, Region, School, SupportResource
from sexto.directory.resources import (
    phone_href,
    resources_file_read,
    resources_load,
    support_resources_for,
)
from tests.factories import World
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def test_the_file_has_one_dpj_with_a_phone_for_each_of_the_17_regions():
    rows = resources_file_read()
    dpj = {row["region"]: row for row in rows if row["kind"] == SupportResource.Kind.DPJ}
    assert set(dpj) == set(Region.values)
    assert all(row["phones"] and row["source_url"] for row in dpj.values())
    keys = {row["key"] for row in rows}
    # The keys support entries already recorded keep working.
    assert {"cavac", "cybertip", "needhelpnow", "take_it_down"} <= keys
    assert {"teljeunes", "kids_help_phone"} <= keys


def test_loading_twice_creates_nothing_more_and_keeps_admin_edits():
    SupportResource.objects.all().delete()
    first = resources_load()
    assert first.created == len(resources_file_read()) and first.updated == 0
    SupportResource.objects.filter(key="teljeunes").update(name_fr="Tel-jeunes (modifié)")
    second = resources_load()
    assert (second.created, second.updated) == (0, 0)
    assert SupportResource.objects.count() == first.created
    assert SupportResource.objects.get(key="teljeunes").name_fr == "Tel-jeunes (modifié)"
    refreshed = resources_load(refresh=True)
    assert refreshed.updated == 1
    assert SupportResource.objects.get(key="teljeunes").name_fr == "Tel-jeunes"
    assert resources_load(refresh=True).updated == 0


def test_the_command_loads_and_says_what_it_did():
    SupportResource.objects.filter(key="cavac").delete()
    out = io.StringIO()
    call_command("resources_load", stdout=out)
    assert "1 created" in out.getvalue()
    assert SupportResource.objects.filter(key="cavac").exists()


def test_phone_links():
    assert phone_href("1 800 263-2266") == "tel:+18002632266"
    assert phone_href("514 896-3100") == "tel:+15148963100"
    assert phone_href("686868", sms=True) == "sms:686868"


def test_region_dpj_first_then_police_then_national_resources_in_each_language():
    resources_load()
    force = Organisation(name="Service de police X", phone_non_emergency="450 555-0142")
    french = support_resources_for(region="16", police_force=force, language="fr")
    assert [r.key for r in french[:2]] == ["dpj_16", "police"]
    assert "1 800 361-5310" in [p.number for p in french[0].phones]
    assert french[1].phones[0].href == "tel:+14505550142"
    assert not any(r.key.startswith("dpj_") and r.key != "dpj_16" for r in french)
    english = {r.key: r for r in support_resources_for(region="16", language="en")}
    assert english["dpj_16"].name.startswith("Youth protection (DPJ)")
    assert english["kids_help_phone"].name == "Kids Help Phone"
    national = support_resources_for(language="fr")
    assert not any(r.kind == "dpj" for r in national)


@pytest.fixture
def superuser_client(world: World) -> Client:
    """The platform's superuser, signed in with both factors (Django admin requires them)."""
    client = Client()
    sign_in(client, world.people["superuser"].email)
    return client


def test_superuser_opens_and_edits_resources_in_admin(superuser_client):
    resources_load()
    response = superuser_client.get("/admin/directory/supportresource/")
    assert response.status_code == 200
    assert "dpj_06" in response.content.decode()
    resource = SupportResource.objects.get(key="dpj_06")
    page = superuser_client.get(f"/admin/directory/supportresource/{resource.pk}/change/")
    assert page.status_code == 200


def test_police_force_non_emergency_number_is_in_admin(superuser_client):
    force = Organisation.objects.create(
        slug="spx", name="Service de police X", kind=Organisation.Kind.POLICE_FORCE
    )
    page = superuser_client.get(f"/admin/directory/organisation/{force.pk}/change/")
    assert page.status_code == 200
    assert 'name="phone_non_emergency"' in page.content.decode()


def test_the_organisation_page_shows_each_schools_region_and_its_police_line(
    world: World, client: Client
) -> None:
    school = world.schools["751001"]
    School.objects.filter(pk=school.pk).update(region="15")
    Organisation.objects.filter(slug="police-saint-jerome").update(
        phone_non_emergency="450 555-0142"
    )
    sign_in(client, world.people["admin"].email)
    body = client.get("/organisation/", follow=True).content.decode()
    assert "Laurentides" in body
    assert "450 555-0142" in body
