"""Demo incidents for the register: two fictional confidentiality incidents, no real names."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from sexto.directory.models import Organisation, User
from sexto.privacy import services
from sexto.privacy.models import PrivacyIncident


def demo_incidents_seed(write: Callable[[str], None]) -> int:
    """A closed low-risk incident and an open one with a risk of serious injury, notified."""
    organisation = Organisation.objects.filter(slug="css-mille-lacs").first()
    officer = User.objects.filter(email="prp@css-mille-lacs.demo").first()
    if organisation is None or officer is None:
        write("Privacy incidents: no demo directory, nothing added.")
        return 0
    if PrivacyIncident.objects.filter(organisation=organisation).exists():
        write("Privacy incidents: demo incidents already present.")
        return 0
    now = timezone.now()
    day = datetime.timedelta(days=1)
    misdirected = services.incident_create(
        actor=officer,
        organisation=organisation,
        what_happened="[démo] Un courriel de convocation à une rencontre de parents a été envoyé "
        "à la mauvaise adresse (homonyme dans le carnet d’adresses). Aucun contenu de dossier.",
        information_involved="Nom d’un parent, date et heure d’une rencontre.",
        occurred_at=now - 40 * day,
        discovered_at=now - 39 * day,
        reported_by="Secrétaire de l’école (démo)",
        people_affected_count=1,
        people_affected="Un parent.",
        measures="Le destinataire a confirmé la suppression du courriel.",
        sensitivity="low",
        consequences="Faibles : l’information ne révèle rien de la situation.",
        misuse_likelihood="low",
        serious_injury="no",
        risk_reasoning="Information peu sensible, destinataire joint et coopératif.",
    )
    services.incident_close(
        actor=officer,
        incident=misdirected,
        version=misdirected.version,
        closing_note="Rappel fait au personnel sur la vérification des destinataires.",
    )
    lost = services.incident_create(
        actor=officer,
        organisation=organisation,
        what_happened="[démo] Un portable non chiffré contenant une liste d’élèves rencontrés "
        "par la psychoéducation a été volé dans un véhicule.",
        information_involved="Noms d’élèves, niveaux, dates de rencontres de suivi.",
        occurred_at=now - 6 * day,
        discovered_at=now - 5 * day,
        reported_by="Psychoéducatrice (démo)",
        people_affected_count=23,
        people_affected="Élèves suivis en psychoéducation dans une école secondaire.",
        measures="Plainte à la police; mots de passe changés; effacement à distance demandé.",
        sensitivity="high",
        consequences="Stigmatisation des élèves suivis si la liste était diffusée.",
        misuse_likelihood="medium",
        serious_injury="yes",
        risk_reasoning="Information sensible sur des mineurs; appareil non chiffré.",
    )
    services.incident_notification_record(
        actor=officer,
        incident=lost,
        recipient="cai",
        at=now - 4 * day,
        channel="form",
        note="Avis transmis par le formulaire de la Commission (démo).",
    )
    write("Privacy incidents: 2 demo incidents.")
    return 2
