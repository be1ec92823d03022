"""Varied OB 3.0 credentials for the tests and the benchmark (no Django)."""

from __future__ import annotations

import random
from typing import Any

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ISSUER = "did:web:sexto.example:issuers:css-des-sommets"


def common_shape(
    *, issuer: str = ISSUER, name: str = "Sexto — Explorateur", index: int = 7
) -> dict[str, Any]:
    """Our own credentials' usual shape (what the credentials app issues)."""
    return {
        "@context": [VC_V2, OB],
        "id": "https://sexto.example/credentials/8d0f6c2e-1b7a-4a8e-9b35-0f3c6f1d2a11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": {
            "id": issuer,
            "type": ["Profile"],
            "name": "Centre de services scolaire des Sommets",
            "url": "https://sexto.example/issuers/css-des-sommets",
        },
        "validFrom": "2024-03-14T20:43:05Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": "Ana Santos",
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "sha256$" + "ab" * 32,
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": "s4lt",
                }
            ],
            "achievement": {
                "id": "https://sexto.example/badges/sexto-explorateur",
                "type": ["Achievement"],
                "achievementType": "Badge",
                "name": name,
                "description": "A reçu la formation de niveau 1 sur la trousse Sexto.",
                "criteria": {
                    "narrative": "Suivre les modules et répondre aux questions de réflexion."
                },
                "image": {
                    "id": "https://sexto.example/badges/sexto-explorateur.png",
                    "type": "Image",
                },
            },
        },
        "credentialStatus": {
            "id": f"https://sexto.example/status/1#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": "https://sexto.example/status/1",
        },
    }


def varied(count: int, *, seed: int = 9) -> list[dict[str, Any]]:
    """``count`` OB3 credentials exercising optional parts of the OB context."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        doc = common_shape(
            index=i, name=rng.choice(["Explorateur", "Architecte", "Virtuose", "Innovateur"])
        )
        subject = doc["credentialSubject"]
        if i % 2:
            subject.pop("name")
            subject["id"] = f"did:example:learner{i}"
        if i % 3 == 0:
            doc["validUntil"] = "2030-01-01T00:00:00Z"
        if i % 4 == 1:
            subject["result"] = [{"type": ["Result"], "value": str(rng.randint(60, 100))}]
            subject["achievement"]["resultDescription"] = [
                {
                    "id": "urn:uuid:r1",
                    "type": ["ResultDescription"],
                    "name": "Score",
                    "resultType": "Percent",
                }
            ]
        if i % 5 == 2:
            doc["evidence"] = [
                {"type": ["Evidence"], "name": f"Réponse {k}", "narrative": f"Texte « {k} » " * 3}
                for k in range(rng.randint(1, 4))
            ]
        if i % 6 == 3:
            subject["achievement"]["alignment"] = [
                {
                    "type": ["Alignment"],
                    "targetName": "Compétence",
                    "targetUrl": "https://example.org/c/1",
                }
            ]
            subject["achievement"]["tag"] = ["sexto", "sécurité"]
        if i % 7 == 4:
            doc["issuer"] = doc["issuer"]["id"]
            subject["achievement"]["creator"] = {"id": ISSUER, "type": ["Profile"], "name": "CSS"}
        if i % 8 == 5:
            doc["awardedDate"] = "2024-03-14T20:43:05Z"
            subject["activityStartDate"] = "2024-02-01T00:00:00Z"
        if i % 9 == 6:
            doc["description"] = 'Crédit\nsur deux lignes\tet un "guillemet"'
            doc.pop("credentialStatus")
        if i % 10 == 7:
            # (An inline context defining a local term used to be here: canonicalisation now
            # refuses it, tests/credentials/ob3/test_canon.py.)
            subject["achievement"]["inLanguage"] = "fr"
            subject["achievement"]["version"] = "1.0"
        out.append(doc)
    return out
