"""Factories of the privacy register: incidents recorded by a privacy officer."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from sexto.directory.models import Organisation, Role
from sexto.privacy.models import PrivacyIncident
from tests.factories.directory import MembershipFactory, OrganisationFactory, TwoFactorUserFactory


def _privacy_officer(organisation: Organisation) -> Any:
    return MembershipFactory(
        user=TwoFactorUserFactory(),
        school=None,
        organisation=organisation,
        role=Role.PRIVACY_OFFICER,
    ).user


class PrivacyIncidentFactory(factory.Factory):
    """An incident of the organisation, recorded by one of its privacy officers
    (`incident_create`: numbered, encrypted, versioned and audited)."""

    class Meta:
        model = PrivacyIncident

    organisation = factory.SubFactory(OrganisationFactory)
    actor = factory.LazyAttribute(lambda o: _privacy_officer(o.organisation))
    what_happened = "Courriel mal adressé"
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    discovered_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    reported_by = "Secrétaire"
    people_affected_count = 3

    @classmethod
    def _create(
        cls, model_class: type[PrivacyIncident], *args: Any, **kwargs: Any
    ) -> PrivacyIncident:
        from sexto.privacy.services import incident_create

        return incident_create(**kwargs)
