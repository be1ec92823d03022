"""The reason given for each clause of each rule, word for word, in English and in French.

The rule ids alone (test_rules_table.py) cannot see a reason that names the wrong clause, the
wrong people or the wrong consent: each row here fires one clause (or one form of a reason:
one or several people, consent refused or not established) and pins the whole sentence. Each
sentence was read against GRID.md (rules 2026.1) and the incident above it. A change of wording
is a deliberate change of these rows.
"""

# ruff: noqa: E501 (each sentence stays on one line, whole, as a coordinator reads it)
from __future__ import annotations

from typing import Any, get_args

import pytest

from sexto.interventions.grid import RULE_IDS, evaluate, normalise
from sexto.interventions.grid.rules import N2Clause, R1Clause, Y1Clause, Y2Clause, facts_compute
from tests.interventions.grid.test_rules_table import SELFIE, SENT, incident, passed_on, person

A15 = person("A", 15, "depicted", "producer", "sender")
B15 = person("B", 15, "recipient")

# (id, the rule whose reason is checked, the incident, its reason in English, in French)
REASONS: list[tuple[str, str, dict[str, Any], str, str]] = [
    (
        "N1-not-sexting",
        "N1",
        incident([A15, B15], "text", "none"),
        "Not sexting: nothing sexual is described in this text; the route still follows from the other facts.",
        "Pas du sextage\u00a0: aucun contenu sexuel n’est décrit dans ce texte; l’orientation découle tout de même des autres faits.",
    ),
    (
        "N2-adult-involved-person",
        "N2",
        incident([A15, person("P", 19, "recipient")], "photo", "suggestive"),
        "Preliminary reading: malicious sexting, because an adult (P, 19) is involved while a minor (A, 15) is depicted.",
        "Lecture préliminaire\u00a0: sextage malveillant, car une personne majeure (P, 19 ans) est impliquée alors qu’une personne mineure (A, 15 ans) est représentée.",
    ),
    (
        "N2-adult-involved-indicator",
        "N2",
        incident([A15, B15], "photo", "suggestive", adult_involved=True),
        "Preliminary reading: malicious sexting, because an adult is reported to be involved while a minor (A, 15) is depicted.",
        "Lecture préliminaire\u00a0: sextage malveillant, car l’implication d’une personne majeure est signalée alors qu’une personne mineure (A, 15 ans) est représentée.",
    ),
    (
        "N2-coerced",
        "N2",
        incident(
            [A15, B15],
            "photo",
            "suggestive",
            production={"by": "self", "consent": "yes", "coerced": True},
        ),
        "Preliminary reading: malicious sexting, because the content was obtained through pressure or coercion.",
        "Lecture préliminaire\u00a0: sextage malveillant, car le contenu a été obtenu sous la pression ou la contrainte.",
    ),
    (
        "N2-no-consent-one",
        "N2",
        incident(
            [person("A", 15, "depicted"), person("B", 15, "producer")],
            "video",
            "suggestive",
            production={"by": "other", "consent": "no"},
        ),
        "Preliminary reading: malicious sexting, because the depicted person did not consent to being recorded.",
        "Lecture préliminaire\u00a0: sextage malveillant, car la personne représentée n’a pas consenti à être enregistrée.",
    ),
    (
        "N2-no-consent-several",
        "N2",
        incident(
            [person("A", 15, "depicted"), person("C", 16, "depicted"), person("B", 15, "producer")],
            "video",
            "suggestive",
            production={"by": "self", "consent": "no"},
        ),
        "Preliminary reading: malicious sexting, because the depicted people did not consent to being recorded.",
        "Lecture préliminaire\u00a0: sextage malveillant, car les personnes représentées n’ont pas consenti à être enregistrées.",
    ),
    (
        "N2-threats",
        "N2",
        incident([A15, B15], "photo", "suggestive", threats_or_extortion=True),
        "Preliminary reading: malicious sexting, because there are threats or extortion.",
        "Lecture préliminaire\u00a0: sextage malveillant, car il y a des menaces ou de l’extorsion.",
    ),
    (
        "N2-intent",
        "N2",
        incident([A15, B15], "photo", "suggestive", intent_to_harm=True),
        "Preliminary reading: malicious sexting, because there is an intent to harm.",
        "Lecture préliminaire\u00a0: sextage malveillant, car il y a une intention de nuire.",
    ),
    (
        "N2-profit",
        "N2",
        incident([A15, B15], "photo", "suggestive", profit=True),
        "Preliminary reading: malicious sexting, because there is a profit motive.",
        "Lecture préliminaire\u00a0: sextage malveillant, car il y a un but lucratif.",
    ),
    (
        "N2-grooming",
        "N2",
        incident([A15, B15], "photo", "suggestive", grooming=True),
        "Preliminary reading: malicious sexting, because there are signs of grooming.",
        "Lecture préliminaire\u00a0: sextage malveillant, car il y a des signes de manipulation à des fins sexuelles (grooming).",
    ),
    (
        "N2-wide-spread",
        "N2",
        incident([A15, B15], "photo", "suggestive", distribution=passed_on("no", "many")),
        "Preliminary reading: malicious sexting, because the content reached many people (10 or more) without the consent of the depicted person.",
        "Lecture préliminaire\u00a0: sextage malveillant, car le contenu a atteint de nombreuses personnes (10 ou plus) sans le consentement de la personne représentée.",
    ),
    (
        "N2-wide-spread-and-online",
        "N2",
        incident(
            [A15, B15],
            "photo",
            "suggestive",
            distribution=passed_on("no", "public", posted_online=True),
        ),
        "Preliminary reading: malicious sexting, because the content reached the public and was posted online without the consent of the depicted person.",
        "Lecture préliminaire\u00a0: sextage malveillant, car le contenu a atteint le public et a été publié en ligne sans le consentement de la personne représentée.",
    ),
    (
        "N2-posted-online-unknown",
        "N2",
        incident([A15, B15], "photo", "suggestive", distribution={"posted_online": True}),
        "Preliminary reading: malicious sexting, because the content was posted online without established consent from the depicted person.",
        "Lecture préliminaire\u00a0: sextage malveillant, car le contenu a été publié en ligne sans consentement établi de la personne représentée.",
    ),
    (
        "N2-posted-online-refused",
        "N2",
        incident(
            [A15, B15],
            "photo",
            "suggestive",
            distribution={"posted_online": True, "redistribution_consent": "no"},
        ),
        "Preliminary reading: malicious sexting, because the content was posted online without the consent of the depicted person.",
        "Lecture préliminaire\u00a0: sextage malveillant, car le contenu a été publié en ligne sans le consentement de la personne représentée.",
    ),
    (
        "N2-several-clauses",
        "N2",
        incident(
            [A15, B15],
            "photo",
            "suggestive",
            intent_to_harm=True,
            profit=True,
            threats_or_extortion=True,
        ),
        "Preliminary reading: malicious sexting, because there are threats or extortion, there is an intent to harm and there is a profit motive.",
        "Lecture préliminaire\u00a0: sextage malveillant, car il y a des menaces ou de l’extorsion, il y a une intention de nuire et il y a un but lucratif.",
    ),
    (
        "N3-impulsive",
        "N3",
        incident([A15, B15], "photo", "suggestive", production=SELFIE, distribution=SENT),
        "Preliminary reading: impulsive sexting, because this photo showing a suggestive pose (clothed or in underwear) comes with no sign of malice (no adult involved, no coercion, no lack of consent to the recording, no threats, intent to harm, profit or grooming, and no spread to many people or online without consent).",
        "Lecture préliminaire\u00a0: sextage impulsif, car cette photo montrant une pose suggestive (avec vêtements ou sous-vêtements) ne présente aucun signe de malveillance (aucune personne majeure impliquée; ni contrainte, ni absence de consentement à l’enregistrement, ni menace, ni intention de nuire, ni profit, ni manipulation; aucune diffusion sans consentement à de nombreuses personnes ou en ligne).",
    ),
    (
        "R1-malicious",
        "R1",
        incident([A15, B15], "photo", "suggestive", intent_to_harm=True),
        "Call the police now, because the preliminary reading is malicious sexting.",
        "Appeler la police immédiatement, car la lecture préliminaire conclut à un sextage malveillant.",
    ),
    (
        "R1-immediate-risk",
        "R1",
        incident([A15, B15], "photo", "suggestive", immediate_risk_of_harm=True),
        "Call the police now, because someone is at immediate risk of harm.",
        "Appeler la police immédiatement, car une personne est exposée à un risque immédiat de préjudice.",
    ),
    (
        "R1-violent",
        "R1",
        incident([A15, B15], "photo", "suggestive", content={"violent_or_atypical": True}),
        "Call the police now, because the content is violent or atypical.",
        "Appeler la police immédiatement, car le contenu est violent ou atypique.",
    ),
    (
        "R1-under13-sexual-activity",
        "R1",
        incident(
            [person("A", 12, "depicted", "sender"), person("B", 12, "recipient")],
            "video",
            "sexual_activity",
        ),
        "Call the police now, because sexual activity is described and people under 13 (A, 12; B, 12) are involved.",
        "Appeler la police immédiatement, car une activité sexuelle est décrite et des personnes de moins de 13 ans (A, 12 ans; B, 12 ans) sont en cause.",
    ),
    (
        "R1-capacity",
        "R1",
        incident([person("A", 15, "depicted", capacity=True), B15], "photo", "suggestive"),
        "Call the police now, because the capacity to consent of a depicted person (A, 15) is in doubt.",
        "Appeler la police immédiatement, car la capacité à consentir d’une personne représentée (A, 15 ans) est mise en doute.",
    ),
    (
        "R1-offences-extortion",
        "R1",
        incident([A15, B15], "photo", "suggestive", threats_or_extortion=True),
        "Call the police now, because the preliminary reading is malicious sexting and the facts point to extortion (s. 346).",
        "Appeler la police immédiatement, car la lecture préliminaire conclut à un sextage malveillant et les faits évoquent l’extorsion (art. 346).",
    ),
    (
        "R1-offences-voyeurism",
        "R1",
        incident(
            [person("A", 15, "depicted"), B15],
            "photo",
            "suggestive",
            production={"by": "other", "consent": "no"},
        ),
        "Call the police now, because the preliminary reading is malicious sexting and the facts point to voyeurism (s. 162).",
        "Appeler la police immédiatement, car la lecture préliminaire conclut à un sextage malveillant et les faits évoquent le voyeurisme (art. 162).",
    ),
    (
        "R1-offences-luring-grooming",
        "R1",
        incident([A15, person("P", 30, "recipient")], "photo", "suggestive", grooming=True),
        "Call the police now, because the preliminary reading is malicious sexting and the facts point to luring (s. 172.1).",
        "Appeler la police immédiatement, car la lecture préliminaire conclut à un sextage malveillant et les faits évoquent le leurre (art. 172.1).",
    ),
    (
        "R1-adults-intimate-image",
        "R1",
        incident(
            [person("A", 19, "depicted", "sender"), person("B", 20, "recipient", "distributor")],
            "photo",
            "breasts_or_buttocks",
            distribution=passed_on("unknown", "one"),
        ),
        "Call the police now, because an intimate image showing only an adult (A, 19) was passed on without established consent, a police matter outside the SEXTO procedure.",
        "Appeler la police immédiatement, car une image intime montrant uniquement une personne majeure (A, 19 ans) a été transmise sans consentement établi, ce qui relève de la police et non de la procédure SEXTO.",
    ),
    (
        "R1-adults-intimate-image-refused",
        "R1",
        incident(
            [
                person("A", 19, "depicted"),
                person("C", 22, "depicted"),
                person("B", 20, "distributor"),
            ],
            "video",
            "sexual_activity",
            distribution=passed_on("no", "few"),
        ),
        "Call the police now, because an intimate image showing only adults (A, 19; C, 22) was passed on without consent, a police matter outside the SEXTO procedure.",
        "Appeler la police immédiatement, car une image intime montrant uniquement des personnes majeures (A, 19 ans; C, 22 ans) a été transmise sans consentement, ce qui relève de la police et non de la procédure SEXTO.",
    ),
    (
        "R2-csam-yes",
        "R2",
        incident(
            [A15, B15], "photo", "genitals_or_anal_region", production=SELFIE, distribution=SENT
        ),
        "SEXTO procedure (inform the police, without urgency): the content is child sexual abuse material, and nothing calls for the police immediately.",
        "Procédure SEXTO (informer la police, sans urgence)\u00a0: le contenu constitue du matériel d’exploitation sexuelle d’enfants, et rien n’exige d’appeler la police immédiatement.",
    ),
    (
        "R2-csam-undetermined",
        "R2",
        incident([A15, B15], "photo", "breasts_or_buttocks", production=SELFIE, distribution=SENT),
        "SEXTO procedure (inform the police, without urgency): the content may be child sexual abuse material, and nothing calls for the police immediately.",
        "Procédure SEXTO (informer la police, sans urgence)\u00a0: le contenu pourrait constituer du matériel d’exploitation sexuelle d’enfants, et rien n’exige d’appeler la police immédiatement.",
    ),
    (
        "R2-csam-and-l2",
        "R2",
        incident(
            [A15, B15], "photo", "breasts_or_buttocks", distribution=passed_on("unknown", "few")
        ),
        "SEXTO procedure (inform the police, without urgency): the content may be child sexual abuse material and an intimate image was passed on without established consent, and nothing calls for the police immediately.",
        "Procédure SEXTO (informer la police, sans urgence)\u00a0: le contenu pourrait constituer du matériel d’exploitation sexuelle d’enfants et une image intime a été transmise sans consentement établi, et rien n’exige d’appeler la police immédiatement.",
    ),
    (
        "R3-school-follow-up",
        "R3",
        incident([A15, B15], "photo", "suggestive"),
        "School follow-up (education, support, anti-bullying plan): no offence in the grid applies to this photo showing a suggestive pose (clothed or in underwear), and nothing calls for the police.",
        "Suivi à l’école (éducation, soutien, plan de lutte contre l’intimidation)\u00a0: aucune infraction de la grille ne s’applique à cette photo montrant une pose suggestive (avec vêtements ou sous-vêtements), et rien n’exige d’appeler la police.",
    ),
    (
        "R3-text-none",
        "R3",
        incident([A15, B15], "audio", "none"),
        "School follow-up (education, support, anti-bullying plan): no offence in the grid applies to this audio recording, which describes nothing sexual, and nothing calls for the police.",
        "Suivi à l’école (éducation, soutien, plan de lutte contre l’intimidation)\u00a0: aucune infraction de la grille ne s’applique à cet enregistrement audio, qui ne décrit rien de sexuel, et rien n’exige d’appeler la police.",
    ),
    (
        "Y1-adult-and-minor",
        "Y1",
        incident([A15, person("P", 19, "recipient")], "photo", "suggestive"),
        "Report to youth protection (DPJ) without delay (a personal duty that cannot be delegated), because an adult (P, 19) is involved while a minor (A, 15) is depicted.",
        "Signaler la situation à la DPJ sans délai (obligation personnelle qui ne peut être déléguée), car une personne majeure (P, 19 ans) est impliquée alors qu’une personne mineure (A, 15 ans) est représentée.",
    ),
    (
        "Y1-parent",
        "Y1",
        incident([A15, B15], "photo", "suggestive", parent_involved=True),
        "Report to youth protection (DPJ) without delay (a personal duty that cannot be delegated), because a parent is involved.",
        "Signaler la situation à la DPJ sans délai (obligation personnelle qui ne peut être déléguée), car un parent est impliqué.",
    ),
    (
        "Y1-grooming",
        "Y1",
        incident([A15, B15], "photo", "suggestive", grooming=True),
        "Report to youth protection (DPJ) without delay (a personal duty that cannot be delegated), because there are signs of grooming.",
        "Signaler la situation à la DPJ sans délai (obligation personnelle qui ne peut être déléguée), car il y a des signes de manipulation à des fins sexuelles (grooming).",
    ),
    (
        "Y2-immediate-risk",
        "Y2",
        incident([A15, B15], "photo", "suggestive", immediate_risk_of_harm=True),
        "Consult youth protection (DPJ) on whether to report, because someone is at immediate risk of harm.",
        "Consulter la DPJ sur l’opportunité d’un signalement, car une personne est exposée à un risque immédiat de préjudice.",
    ),
    (
        "Y2-threats",
        "Y2",
        incident([A15, B15], "photo", "suggestive", threats_or_extortion=True),
        "Consult youth protection (DPJ) on whether to report, because there are threats or extortion.",
        "Consulter la DPJ sur l’opportunité d’un signalement, car il y a des menaces ou de l’extorsion.",
    ),
    (
        "Y2-capacity-several",
        "Y2",
        incident(
            [
                person("A", 15, "depicted", capacity=True),
                person("C", None, "depicted", capacity=True),
                B15,
            ],
            "photo",
            "suggestive",
        ),
        "Consult youth protection (DPJ) on whether to report, because the capacity to consent of depicted people (A, 15; C, age unknown) is in doubt.",
        "Consulter la DPJ sur l’opportunité d’un signalement, car la capacité à consentir de personnes représentées (A, 15 ans; C, âge inconnu) est mise en doute.",
    ),
    (
        "Y2-violent",
        "Y2",
        incident([A15, B15], "drawing", "suggestive", content={"violent_or_atypical": True}),
        "Consult youth protection (DPJ) on whether to report, because the content is violent or atypical.",
        "Consulter la DPJ sur l’opportunité d’un signalement, car le contenu est violent ou atypique.",
    ),
    (
        "Y2-under13",
        "Y2",
        incident([A15, person("B", 11, "possessor")], "photo", "suggestive"),
        "Consult youth protection (DPJ) on whether to report, because a person under 13 (B, 11) is involved.",
        "Consulter la DPJ sur l’opportunité d’un signalement, car une personne de moins de 13 ans (B, 11 ans) est en cause.",
    ),
    (
        "Y2-under13-several",
        "Y2",
        incident(
            [person("A", 12, "depicted"), person("B", 11, "possessor")], "photo", "suggestive"
        ),
        "Consult youth protection (DPJ) on whether to report, because people under 13 (A, 12; B, 11) are involved.",
        "Consulter la DPJ sur l’opportunité d’un signalement, car des personnes de moins de 13 ans (A, 12 ans; B, 11 ans) sont en cause.",
    ),
    (
        "Y3-one-age",
        "Y3",
        incident([A15, B15], "photo", "suggestive"),
        "Neither a report to youth protection (DPJ) nor a consultation is indicated: nobody is under 13 (known age: 15), no adult is involved with a depicted minor, no parent is involved, and there is no grooming, threat, immediate risk of harm, capacity concern or violent or atypical content.",
        "Ni signalement ni consultation de la DPJ ne sont indiqués\u00a0: personne n’a moins de 13 ans (âge connu\u00a0: 15 ans), aucune personne majeure n’est impliquée auprès d’une personne mineure représentée, aucun parent n’est impliqué, et il n’y a ni manipulation, ni menace, ni risque immédiat de préjudice, ni doute sur la capacité à consentir, ni contenu violent ou atypique.",
    ),
    (
        "Y3-age-range",
        "Y3",
        incident([A15, person("B", 17, "recipient")], "photo", "suggestive"),
        "Neither a report to youth protection (DPJ) nor a consultation is indicated: nobody is under 13 (known ages: 15 to 17), no adult is involved with a depicted minor, no parent is involved, and there is no grooming, threat, immediate risk of harm, capacity concern or violent or atypical content.",
        "Ni signalement ni consultation de la DPJ ne sont indiqués\u00a0: personne n’a moins de 13 ans (âges connus\u00a0: 15 à 17 ans), aucune personne majeure n’est impliquée auprès d’une personne mineure représentée, aucun parent n’est impliqué, et il n’y a ni manipulation, ni menace, ni risque immédiat de préjudice, ni doute sur la capacité à consentir, ni contenu violent ou atypique.",
    ),
    (
        "Y3-no-age",
        "Y3",
        incident(
            [person("A", None, "depicted"), person("B", None, "recipient")], "photo", "suggestive"
        ),
        "Neither a report to youth protection (DPJ) nor a consultation is indicated: no age is known, so nobody counts as under 13, no adult is involved with a depicted minor, no parent is involved, and there is no grooming, threat, immediate risk of harm, capacity concern or violent or atypical content.",
        "Ni signalement ni consultation de la DPJ ne sont indiqués\u00a0: aucun âge n’est connu, donc personne n’est compté comme ayant moins de 13 ans, aucune personne majeure n’est impliquée auprès d’une personne mineure représentée, aucun parent n’est impliqué, et il n’y a ni manipulation, ni menace, ni risque immédiat de préjudice, ni doute sur la capacité à consentir, ni contenu violent ou atypique.",
    ),
    (
        "L1-yes-activity-no-purpose",
        "L1",
        incident([A15, B15], "live_stream", "sexual_activity", content={"sexual_purpose": False}),
        'Child sexual abuse material ("child pornography", Criminal Code s. 163.1): a live stream shows sexual activity involving a minor (A, 15), even though no sexual purpose is described.',
        "Matériel d’exploitation sexuelle d’enfants (« pornographie juvénile », art. 163.1 du Code criminel)\u00a0: une diffusion en direct montre une activité sexuelle impliquant une personne mineure (A, 15 ans), même si aucune fin sexuelle n’est décrite.",
    ),
    (
        "L1-yes-genitals-unknown-purpose",
        "L1",
        incident([A15, B15], "photo", "genitals_or_anal_region"),
        'Child sexual abuse material ("child pornography", Criminal Code s. 163.1): a photo shows the genital or anal region of a minor (A, 15), and no non-sexual purpose is established.',
        "Matériel d’exploitation sexuelle d’enfants (« pornographie juvénile », art. 163.1 du Code criminel)\u00a0: une photo montre la région génitale ou anale d’une personne mineure (A, 15 ans), et aucune fin non sexuelle n’est établie.",
    ),
    (
        "L1-yes-genitals-sexual-purpose",
        "L1",
        incident(
            [A15, person("C", 14, "depicted")],
            "video",
            "genitals_or_anal_region",
            content={"sexual_purpose": True},
        ),
        'Child sexual abuse material ("child pornography", Criminal Code s. 163.1): a video shows the genital or anal region of minors (A, 15; C, 14), with a sexual purpose.',
        "Matériel d’exploitation sexuelle d’enfants (« pornographie juvénile », art. 163.1 du Code criminel)\u00a0: une vidéo montre la région génitale ou anale de personnes mineures (A, 15 ans; C, 14 ans), à des fins sexuelles.",
    ),
    (
        "L1-undetermined-genitals-non-sexual",
        "L1",
        incident([A15, B15], "photo", "genitals_or_anal_region", content={"sexual_purpose": False}),
        "Possibly child sexual abuse material (Criminal Code s. 163.1), for the prosecutors to decide: a photo shows the genital or anal region of a minor (A, 15), for a purpose described as non-sexual.",
        "Possiblement du matériel d’exploitation sexuelle d’enfants (art. 163.1 du Code criminel), à trancher par les procureurs\u00a0: une photo montre la région génitale ou anale d’une personne mineure (A, 15 ans), dans un but décrit comme non sexuel.",
    ),
    (
        "L1-undetermined-breasts",
        "L1",
        incident([A15, B15], "drawing", "breasts_or_buttocks"),
        "Possibly child sexual abuse material (Criminal Code s. 163.1), for the prosecutors to decide: a drawn, animated or generated image shows the breasts or buttocks of a minor (A, 15).",
        "Possiblement du matériel d’exploitation sexuelle d’enfants (art. 163.1 du Code criminel), à trancher par les procureurs\u00a0: une image dessinée, animée ou générée montre les seins ou les fesses d’une personne mineure (A, 15 ans).",
    ),
    (
        "L1-undetermined-text",
        "L1",
        incident([A15, B15], "text", "sexual_activity"),
        "Possibly child sexual abuse material (Criminal Code s. 163.1), for the prosecutors to decide: a text describes sexual activity and minors (A, 15; B, 15) are involved.",
        "Possiblement du matériel d’exploitation sexuelle d’enfants (art. 163.1 du Code criminel), à trancher par les procureurs\u00a0: un texte décrit une activité sexuelle et des personnes mineures (A, 15 ans; B, 15 ans) sont impliquées.",
    ),
    (
        "L1-undetermined-audio-several",
        "L1",
        incident([A15, person("B", None, "recipient")], "audio", "sexual_activity"),
        "Possibly child sexual abuse material (Criminal Code s. 163.1), for the prosecutors to decide: an audio recording describes sexual activity and minors (A, 15; B, age unknown) are involved.",
        "Possiblement du matériel d’exploitation sexuelle d’enfants (art. 163.1 du Code criminel), à trancher par les procureurs\u00a0: un enregistrement audio décrit une activité sexuelle et des personnes mineures (A, 15 ans; B, âge inconnu) sont impliquées.",
    ),
    (
        "L2-few",
        "L2",
        incident(
            [A15, B15], "photo", "breasts_or_buttocks", distribution=passed_on("unknown", "few")
        ),
        "Intimate image shared without consent (Criminal Code s. 162.1): a photo showing breasts or buttocks was passed on beyond its intended recipient, reaching a few people (2 to 9), without established consent from the depicted person (A, 15).",
        "Publication d’une image intime sans consentement (art. 162.1 du Code criminel)\u00a0: une photo montrant des seins ou des fesses a été transmise au-delà de son destinataire prévu, atteignant quelques personnes (2 à 9), sans consentement établi de la personne représentée (A, 15 ans).",
    ),
    (
        "L2-refused-video-none",
        "L2",
        incident([A15, B15], "video", "sexual_activity", distribution=passed_on("no", "none")),
        "Intimate image shared without consent (Criminal Code s. 162.1): a video showing sexual activity was passed on beyond its intended recipient, without the consent of the depicted person (A, 15).",
        "Publication d’une image intime sans consentement (art. 162.1 du Code criminel)\u00a0: une vidéo montrant une activité sexuelle a été transmise au-delà de son destinataire prévu, sans le consentement de la personne représentée (A, 15 ans).",
    ),
    (
        "L3",
        "L3",
        incident([A15, B15], "audio", "suggestive", threats_or_extortion=True),
        "Extortion (Criminal Code s. 346): threats or extortion are reported in connection with this audio recording.",
        "Extorsion (art. 346 du Code criminel)\u00a0: des menaces ou de l’extorsion sont signalées en lien avec cet enregistrement audio.",
    ),
    (
        "L4-grooming",
        "L4",
        incident([A15, person("P", 30, "recipient")], "photo", "suggestive", grooming=True),
        "Luring (Criminal Code s. 172.1): an adult (P, 30) is involved while a minor (A, 15) is depicted, and there are signs of grooming.",
        "Leurre (art. 172.1 du Code criminel)\u00a0: une personne majeure (P, 30 ans) est impliquée alors qu’une personne mineure (A, 15 ans) est représentée, et il y a des signes de manipulation à des fins sexuelles (grooming).",
    ),
    (
        "L4-adult-requester",
        "L4",
        incident([A15, person("P", 30, "requester")], "photo", "suggestive"),
        "Luring (Criminal Code s. 172.1): an adult (P, 30) is involved while a minor (A, 15) is depicted, and the content was requested by an adult (P, 30).",
        "Leurre (art. 172.1 du Code criminel)\u00a0: une personne majeure (P, 30 ans) est impliquée alors qu’une personne mineure (A, 15 ans) est représentée, et le contenu a été demandé par une personne majeure (P, 30 ans).",
    ),
    (
        "L4-both",
        "L4",
        incident(
            [A15, person("P", 30, "requester"), person("Q", None, "requester", adult=True)],
            "photo",
            "suggestive",
            grooming=True,
        ),
        "Luring (Criminal Code s. 172.1): adults (P, 30; Q, 18 or older) are involved while a minor (A, 15) is depicted, and there are signs of grooming and the content was requested by adults (P, 30; Q, 18 or older).",
        "Leurre (art. 172.1 du Code criminel)\u00a0: des personnes majeures (P, 30 ans; Q, 18 ans ou plus) sont impliquées alors qu’une personne mineure (A, 15 ans) est représentée, et il y a des signes de manipulation à des fins sexuelles (grooming) et le contenu a été demandé par des personnes majeures (P, 30 ans; Q, 18 ans ou plus).",
    ),
    (
        "L5-one",
        "L5",
        incident(
            [person("A", 15, "depicted"), B15],
            "video",
            "suggestive",
            production={"by": "other", "consent": "no"},
        ),
        "Voyeurism (Criminal Code s. 162): this video was made by someone other than the depicted person (A, 15), who did not consent to being recorded.",
        "Voyeurisme (art. 162 du Code criminel)\u00a0: cette vidéo a été produite par une autre personne que la personne représentée (A, 15 ans), qui n’a pas consenti à être enregistrée.",
    ),
    (
        "L5-several",
        "L5",
        incident(
            [person("A", 15, "depicted"), person("C", 16, "depicted"), B15],
            "text",
            "suggestive",
            production={"by": "other", "consent": "no"},
        ),
        "Voyeurism (Criminal Code s. 162): this text was made by someone other than the depicted people (A, 15; C, 16), who did not consent to being recorded.",
        "Voyeurisme (art. 162 du Code criminel)\u00a0: ce texte a été produit par une autre personne que les personnes représentées (A, 15 ans; C, 16 ans), qui n’ont pas consenti à être enregistrées.",
    ),
]


@pytest.mark.parametrize(
    ("rule", "data", "english", "french"),
    [pytest.param(rule, data, en, fr, id=row_id) for row_id, rule, data, en, fr in REASONS],
)
def test_reason_of_each_clause(rule: str, data: dict[str, Any], english: str, french: str) -> None:
    (reason,) = [r for r in evaluate(data)["reasons"] if r["rule"] == rule]
    assert reason["en"] == english
    assert reason["fr"] == french


def test_every_clause_has_its_row() -> None:
    """Each clause of N2, R1, Y1 and Y2 is the one (or one of those) a row's reason names, and
    every other rule has a row."""
    clauses: dict[str, set[str]] = {"N2": set(), "R1": set(), "Y1": set(), "Y2": set()}
    for _row_id, rule, data, _en, _fr in REASONS:
        if rule in clauses:
            clauses[rule].update(getattr(facts_compute(normalise(data)), rule.lower()))
    assert clauses == {
        "N2": set(get_args(N2Clause)),
        "R1": set(get_args(R1Clause)),
        "Y1": set(get_args(Y1Clause)),
        "Y2": set(get_args(Y2Clause)),
    }
    assert {rule for _row_id, rule, *_rest in REASONS} == set(RULE_IDS)
