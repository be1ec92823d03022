"""The reasons of a grid result: one English and one French sentence per rule that fired.

Sentences are read aloud to parents and pupils: they name the facts of the incident (medium,
what it shows, the people concerned by id and age, the indicators) in calm, professional words
and never describe the content more explicitly than the grid's own categories.

People are named as tags, e.g. ``(A, 15; B, 14)``; beyond three, the rest are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, NamedTuple

from .rules import Facts
from .types import Consent, Depiction, Medium, Person, Reason


class _MediumWords(NamedTuple):
    en_a: str
    en_this: str
    fr_a: str
    fr_this: str
    fr_feminine: bool
    visual: bool


_MEDIUM: Final[dict[Medium, _MediumWords]] = {
    "photo": _MediumWords("a photo", "this photo", "une photo", "cette photo", True, True),
    "video": _MediumWords("a video", "this video", "une vidéo", "cette vidéo", True, True),
    "live_stream": _MediumWords(
        "a live stream",
        "this live stream",
        "une diffusion en direct",
        "cette diffusion en direct",
        True,
        True,
    ),
    "drawing": _MediumWords(
        "a drawn, animated or generated image",
        "this drawn, animated or generated image",
        "une image dessinée, animée ou générée",
        "cette image dessinée, animée ou générée",
        True,
        True,
    ),
    "text": _MediumWords("a text", "this text", "un texte", "ce texte", False, False),
    "audio": _MediumWords(
        "an audio recording",
        "this audio recording",
        "un enregistrement audio",
        "cet enregistrement audio",
        False,
        False,
    ),
}

# What the content shows, in the grid's own neutral categories (never more explicit).
_DEPICTION: Final[dict[Depiction, tuple[str, str]]] = {
    "none": ("nothing sexual", "rien de sexuel"),
    "suggestive": (
        "a suggestive pose (clothed or in underwear)",
        "une pose suggestive (avec vêtements ou sous-vêtements)",
    ),
    "breasts_or_buttocks": ("breasts or buttocks", "des seins ou des fesses"),
    "genitals_or_anal_region": ("the genital or anal region", "la région génitale ou anale"),
    "sexual_activity": ("sexual activity", "une activité sexuelle"),
}

_MAX_NAMED: Final = 3

_CSAM_EN: Final = "child sexual abuse material"
_CSAM_FR: Final = "matériel d’exploitation sexuelle d’enfants"
_GROOMING: Final = (
    "there are signs of grooming",
    "il y a des signes de manipulation à des fins sexuelles (grooming)",
)
_THREATS: Final = ("there are threats or extortion", "il y a des menaces ou de l’extorsion")
_RISK: Final = (
    "someone is at immediate risk of harm",
    "une personne est exposée à un risque immédiat de préjudice",
)
_VIOLENT: Final = ("the content is violent or atypical", "le contenu est violent ou atypique")
_COERCED: Final = (
    "the content was obtained through pressure or coercion",
    "le contenu a été obtenu sous la pression ou la contrainte",
)
_NO_CONSENT: Final = (
    "the depicted person did not consent to being recorded",
    "la personne représentée n’a pas consenti à être enregistrée",
)
_NO_CONSENT_PLURAL: Final = (
    "the depicted people did not consent to being recorded",
    "les personnes représentées n’ont pas consenti à être enregistrées",
)
_INTENT: Final = ("there is an intent to harm", "il y a une intention de nuire")
_PROFIT: Final = ("there is a profit motive", "il y a un but lucratif")
_MALICIOUS: Final = (
    "the preliminary reading is malicious sexting",
    "la lecture préliminaire conclut à un sextage malveillant",
)
_PARENT: Final = ("a parent is involved", "un parent est impliqué")
_EXTORTION: Final = ("extortion (s. 346)", "l’extorsion (art. 346)")
_LURING: Final = ("luring (s. 172.1)", "le leurre (art. 172.1)")
_VOYEURISM: Final = ("voyeurism (s. 162)", "le voyeurisme (art. 162)")


def _tag_en(p: Person) -> str:
    if p.age is not None:
        return f"{p.id}, {p.age}"
    return f"{p.id}, 18 or older" if p.adult else f"{p.id}, age unknown"


def _tag_fr(p: Person) -> str:
    if p.age is not None:
        return f"{p.id}, {p.age} ans"
    return f"{p.id}, 18 ans ou plus" if p.adult else f"{p.id}, âge inconnu"


def _tags(persons: Sequence[Person]) -> tuple[str, str]:
    """`` (A, 15; B, 14)`` in each language; an empty pair when nobody is listed."""
    count = len(persons)
    if count == 1:
        # Most groups hold one person with a known age: the common case is inlined.
        p = persons[0]
        if p.age is not None:
            return f" ({p.id}, {p.age})", f" ({p.id}, {p.age} ans)"
        return f" ({_tag_en(p)})", f" ({_tag_fr(p)})"
    if not count:
        return "", ""
    shown = persons[:_MAX_NAMED]
    en = "; ".join(map(_tag_en, shown))
    fr = "; ".join(map(_tag_fr, shown))
    rest = count - len(shown)
    if rest:
        en += f"; and {rest} other" + ("s" if rest > 1 else "")
        fr += f"; et {rest} autre" + ("s" if rest > 1 else "")
    return f" ({en})", f" ({fr})"


def _join(items: Sequence[str], conjunction: str) -> str:
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def _joined(pairs: Sequence[tuple[str, str]]) -> tuple[str, str]:
    """Both languages' phrases joined as ``a, b and c`` / ``a, b et c``."""
    if len(pairs) == 1:
        return pairs[0]
    return _join([en for en, _ in pairs], "and"), _join([fr for _, fr in pairs], "et")


def _content_this(f: Facts) -> tuple[str, str]:
    """``this photo showing …`` / ``cette photo montrant …``."""
    content = f.incident.content
    m = _MEDIUM[content.medium]
    if content.depiction == "none":
        if m.visual:
            return (
                f"{m.en_this}, which shows nothing sexual",
                f"{m.fr_this}, qui ne montre rien de sexuel",
            )
        return (
            f"{m.en_this}, which describes nothing sexual",
            f"{m.fr_this}, qui ne décrit rien de sexuel",
        )
    en, fr = _DEPICTION[content.depiction]
    if m.visual:
        return f"{m.en_this} showing {en}", f"{m.fr_this} montrant {fr}"
    return f"{m.en_this} describing {en}", f"{m.fr_this} décrivant {fr}"


def _without_consent(f: Facts, consent: Consent, *, named: bool = True) -> tuple[str, str]:
    """``without the consent of the depicted person (A, 15)``, or not-established wording."""
    depicted = f.depicted
    tag_en, tag_fr = _tags(depicted) if named else ("", "")
    if len(depicted) > 1:
        who_en, who_fr = "the depicted people", "des personnes représentées"
    else:
        who_en, who_fr = "the depicted person", "de la personne représentée"
    if consent == "no":
        return f"without the consent of {who_en}{tag_en}", f"sans le consentement {who_fr}{tag_fr}"
    return (
        f"without established consent from {who_en}{tag_en}",
        f"sans consentement établi {who_fr}{tag_fr}",
    )


def _adult_involved(f: Facts) -> tuple[str, str]:
    """Why an adult counts as involved, naming the adults and depicted minors when known."""
    minors = f.minors_depicted
    minor_en = minor_fr = ""
    if minors:
        tag_en, tag_fr = _tags(minors)
        if len(minors) > 1:
            minor_en = f" while minors{tag_en} are depicted"
            minor_fr = f" alors que des personnes mineures{tag_fr} sont représentées"
        else:
            minor_en = f" while a minor{tag_en} is depicted"
            minor_fr = f" alors qu’une personne mineure{tag_fr} est représentée"
    adults = f.adults
    if adults and minors:
        tag_en, tag_fr = _tags(adults)
        if len(adults) > 1:
            return (
                f"adults{tag_en} are involved{minor_en}",
                f"des personnes majeures{tag_fr} sont impliquées{minor_fr}",
            )
        return (
            f"an adult{tag_en} is involved{minor_en}",
            f"une personne majeure{tag_fr} est impliquée{minor_fr}",
        )
    return (
        f"an adult is reported to be involved{minor_en}",
        f"l’implication d’une personne majeure est signalée{minor_fr}",
    )


def _capacity(f: Facts) -> tuple[str, str]:
    persons = f.capacity_depicted
    tag_en, tag_fr = _tags(persons)
    if len(persons) > 1:
        return (
            f"the capacity to consent of depicted people{tag_en} is in doubt",
            f"la capacité à consentir de personnes représentées{tag_fr} est mise en doute",
        )
    return (
        f"the capacity to consent of a depicted person{tag_en} is in doubt",
        f"la capacité à consentir d’une personne représentée{tag_fr} est mise en doute",
    )


def _under_13(f: Facts) -> tuple[str, str]:
    persons = f.under_13
    tag_en, tag_fr = _tags(persons)
    if len(persons) > 1:
        return (
            f"people under 13{tag_en} are involved",
            f"des personnes de moins de 13 ans{tag_fr} sont en cause",
        )
    return (
        f"a person under 13{tag_en} is involved",
        f"une personne de moins de 13 ans{tag_fr} est en cause",
    )


# --- Legal qualification ---------------------------------------------------------------------


def _l1(f: Facts) -> tuple[str, str]:
    content = f.incident.content
    m = _MEDIUM[content.medium]
    if f.l1 == "yes":
        head_en = f'{_CSAM_EN.capitalize()} ("child pornography", Criminal Code s. 163.1)'
        head_fr = (
            f"{_CSAM_FR.capitalize()} (« pornographie juvénile », art. 163.1 du Code criminel)"
        )
    else:
        head_en = f"Possibly {_CSAM_EN} (Criminal Code s. 163.1), for the prosecutors to decide"
        head_fr = (
            f"Possiblement du {_CSAM_FR} (art. 163.1 du Code criminel), "
            "à trancher par les procureurs"
        )
    if not m.visual:
        persons = f.minors_involved
        tag_en, tag_fr = _tags(persons)
        if len(persons) > 1:
            who_en = f"minors{tag_en} are involved"
            who_fr = f"des personnes mineures{tag_fr} sont impliquées"
        else:
            who_en = f"a minor{tag_en} is involved"
            who_fr = f"une personne mineure{tag_fr} est impliquée"
        return (
            f"{head_en}: {m.en_a} describes sexual activity and {who_en}.",
            f"{head_fr}\u00a0: {m.fr_a} décrit une activité sexuelle et {who_fr}.",
        )

    persons = f.minors_depicted
    tag_en, tag_fr = _tags(persons)
    plural = len(persons) > 1
    minor_en = f"minors{tag_en}" if plural else f"a minor{tag_en}"
    depiction = content.depiction
    purpose = content.sexual_purpose
    if depiction == "sexual_activity":
        minor_fr = f"des personnes mineures{tag_fr}" if plural else f"une personne mineure{tag_fr}"
        en = f"{m.en_a} shows sexual activity involving {minor_en}"
        fr = f"{m.fr_a} montre une activité sexuelle impliquant {minor_fr}"
        if purpose is False:
            en += ", even though no sexual purpose is described"
            fr += ", même si aucune fin sexuelle n’est décrite"
    else:
        minor_fr = f"de personnes mineures{tag_fr}" if plural else f"d’une personne mineure{tag_fr}"
        if depiction == "genitals_or_anal_region":
            en = f"{m.en_a} shows the genital or anal region of {minor_en}"
            fr = f"{m.fr_a} montre la région génitale ou anale {minor_fr}"
            if purpose is None:
                en += ", and no non-sexual purpose is established"
                fr += ", et aucune fin non sexuelle n’est établie"
            elif purpose:
                en += ", with a sexual purpose"
                fr += ", à des fins sexuelles"
            else:
                en += ", for a purpose described as non-sexual"
                fr += ", dans un but décrit comme non sexuel"
        else:
            en = f"{m.en_a} shows the breasts or buttocks of {minor_en}"
            fr = f"{m.fr_a} montre les seins ou les fesses {minor_fr}"
    return f"{head_en}: {en}.", f"{head_fr}\u00a0: {fr}."


_AUDIENCE_EN: Final = {
    "none": "",
    "one": ", reaching one more person",
    "few": ", reaching a few people (2 to 9)",
    "many": ", reaching many people (10 or more)",
    "public": ", reaching the public",
}
_AUDIENCE_FR: Final = {
    "none": "",
    "one": ", atteignant une autre personne",
    "few": ", atteignant quelques personnes (2 à 9)",
    "many": ", atteignant de nombreuses personnes (10 ou plus)",
    "public": ", atteignant le public",
}


def _l2(f: Facts) -> tuple[str, str]:
    incident = f.incident
    m = _MEDIUM[incident.content.medium]
    dep_en, dep_fr = _DEPICTION[incident.content.depiction]
    audience = incident.distribution.audience
    consent_en, consent_fr = _without_consent(f, incident.distribution.redistribution_consent)
    passed = "transmise" if m.fr_feminine else "transmis"
    return (
        "Intimate image shared without consent (Criminal Code s. 162.1): "
        f"{m.en_a} showing {dep_en} was passed on beyond its intended recipient"
        f"{_AUDIENCE_EN[audience]}, {consent_en}.",
        "Publication d’une image intime sans consentement (art. 162.1 du Code criminel)\u00a0: "
        f"{m.fr_a} montrant {dep_fr} a été {passed} au-delà de son destinataire prévu"
        f"{_AUDIENCE_FR[audience]}, {consent_fr}.",
    )


def _l3(f: Facts) -> tuple[str, str]:
    m = _MEDIUM[f.incident.content.medium]
    return (
        "Extortion (Criminal Code s. 346): threats or extortion are reported in connection "
        f"with {m.en_this}.",
        "Extorsion (art. 346 du Code criminel)\u00a0: des menaces ou de l’extorsion sont signalées "
        f"en lien avec {m.fr_this}.",
    )


def _l4(f: Facts, adult: tuple[str, str]) -> tuple[str, str]:
    adult_en, adult_fr = adult
    parts: list[tuple[str, str]] = []
    for clause in f.l4:
        if clause == "grooming":
            parts.append(_GROOMING)
        else:
            persons = f.adult_requesters
            tag_en, tag_fr = _tags(persons)
            if len(persons) > 1:
                parts.append(
                    (
                        f"the content was requested by adults{tag_en}",
                        f"le contenu a été demandé par des personnes majeures{tag_fr}",
                    )
                )
            else:
                parts.append(
                    (
                        f"the content was requested by an adult{tag_en}",
                        f"le contenu a été demandé par une personne majeure{tag_fr}",
                    )
                )
    why_en, why_fr = _joined(parts)
    return (
        f"Luring (Criminal Code s. 172.1): {adult_en}, and {why_en}.",
        f"Leurre (art. 172.1 du Code criminel)\u00a0: {adult_fr}, et {why_fr}.",
    )


def _l5(f: Facts) -> tuple[str, str]:
    m = _MEDIUM[f.incident.content.medium]
    depicted = f.depicted
    tag_en, tag_fr = _tags(depicted)
    made = "produite" if m.fr_feminine else "produit"
    if len(depicted) > 1:
        who_en = f"the depicted people{tag_en}, who did not consent"
        who_fr = f"les personnes représentées{tag_fr}, qui n’ont pas consenti à être enregistrées"
    else:
        who_en = f"the depicted person{tag_en}, who did not consent"
        who_fr = f"la personne représentée{tag_fr}, qui n’a pas consenti à être enregistrée"
    return (
        f"Voyeurism (Criminal Code s. 162): {m.en_this} was made by someone other than "
        f"{who_en} to being recorded.",
        f"Voyeurisme (art. 162 du Code criminel)\u00a0: {m.fr_this} a été {made} par une autre "
        f"personne que {who_fr}.",
    )


# --- Nature ----------------------------------------------------------------------------------


def _n1(f: Facts) -> tuple[str, str]:
    m = _MEDIUM[f.incident.content.medium]
    return (
        f"Not sexting: nothing sexual is described in {m.en_this}; the route still follows "
        "from the other facts.",
        f"Pas du sextage\u00a0: aucun contenu sexuel n’est décrit dans {m.fr_this}; l’orientation "
        "découle tout de même des autres faits.",
    )


_AUDIENCE_WIDE: Final = {
    "many": ("many people (10 or more)", "de nombreuses personnes (10 ou plus)"),
    "public": ("the public", "le public"),
}


def _n2(f: Facts, adult: tuple[str, str]) -> tuple[str, str]:
    incident = f.incident
    parts: list[tuple[str, str]] = []
    for clause in f.n2:
        if clause == "adult_involved":
            parts.append(adult)
        elif clause == "coerced":
            parts.append(_COERCED)
        elif clause == "no_consent":
            parts.append(_NO_CONSENT_PLURAL if len(f.depicted) > 1 else _NO_CONSENT)
        elif clause == "threats":
            parts.append(_THREATS)
        elif clause == "intent_to_harm":
            parts.append(_INTENT)
        elif clause == "profit":
            parts.append(_PROFIT)
        elif clause == "grooming":
            parts.append(_GROOMING)
        elif clause == "wide_spread":
            reach_en, reach_fr = _AUDIENCE_WIDE[incident.distribution.audience]
            consent_en, consent_fr = _without_consent(f, "no", named=False)
            if "posted_online" in f.n2:
                # Both clauses then share the same (refused) consent: one phrase says both.
                parts.append(
                    (
                        f"the content reached {reach_en} and was posted online {consent_en}",
                        f"le contenu a atteint {reach_fr} et a été publié en ligne {consent_fr}",
                    )
                )
                break
            parts.append(
                (
                    f"the content reached {reach_en} {consent_en}",
                    f"le contenu a atteint {reach_fr} {consent_fr}",
                )
            )
        else:
            consent_en, consent_fr = _without_consent(
                f, incident.distribution.redistribution_consent, named=False
            )
            parts.append(
                (
                    f"the content was posted online {consent_en}",
                    f"le contenu a été publié en ligne {consent_fr}",
                )
            )
    why_en, why_fr = _joined(parts)
    return (
        f"Preliminary reading: malicious sexting, because {why_en}.",
        f"Lecture préliminaire\u00a0: sextage malveillant, car {why_fr}.",
    )


def _n3(f: Facts) -> tuple[str, str]:
    what_en, what_fr = _content_this(f)
    return (
        f"Preliminary reading: impulsive sexting, because {what_en} comes with no sign of "
        "malice (no adult involved, no coercion, no lack of consent to the recording, no threats, "
        "intent to harm, profit or grooming, and no spread to many people or online without "
        "consent).",
        f"Lecture préliminaire\u00a0: sextage impulsif, car {what_fr} ne présente aucun signe de "
        "malveillance (aucune personne majeure impliquée; ni contrainte, ni absence de "
        "consentement à l’enregistrement, ni menace, ni intention de nuire, ni profit, ni "
        "manipulation; aucune diffusion sans consentement à de nombreuses personnes ou en ligne).",
    )


# --- Route -----------------------------------------------------------------------------------


def _r1(f: Facts) -> tuple[str, str]:
    parts: list[tuple[str, str]] = []
    for clause in f.r1:
        if clause == "malicious":
            parts.append(_MALICIOUS)
        elif clause == "immediate_risk":
            parts.append(_RISK)
        elif clause == "violent":
            parts.append(_VIOLENT)
        elif clause == "under_13_sexual_activity":
            who_en, who_fr = _under_13(f)
            parts.append(
                (
                    f"sexual activity is described and {who_en}",
                    f"une activité sexuelle est décrite et {who_fr}",
                )
            )
        elif clause == "capacity_concern":
            parts.append(_capacity(f))
        elif clause == "offences":
            offences: list[tuple[str, str]] = []
            if f.l3:
                offences.append(_EXTORTION)
            if f.l4:
                offences.append(_LURING)
            if f.l5:
                offences.append(_VOYEURISM)
            named_en, named_fr = _joined(offences)
            parts.append((f"the facts point to {named_en}", f"les faits évoquent {named_fr}"))
        else:
            tag_en, tag_fr = _tags(f.depicted)
            plural = len(f.depicted) > 1
            who_en = "adults" if plural else "an adult"
            who_fr = "des personnes majeures" if plural else "une personne majeure"
            established = f.incident.distribution.redistribution_consent != "no"
            parts.append(
                (
                    f"an intimate image showing only {who_en}{tag_en} was passed on without "
                    f"{'established ' if established else ''}consent, a police matter outside "
                    "the SEXTO procedure",
                    f"une image intime montrant uniquement {who_fr}{tag_fr} a été transmise "
                    f"sans consentement{' établi' if established else ''}, ce qui relève de la "
                    "police et non de la procédure SEXTO",
                )
            )
    why_en, why_fr = _joined(parts)
    return (
        f"Call the police now, because {why_en}.",
        f"Appeler la police immédiatement, car {why_fr}.",
    )


def _r2(f: Facts) -> tuple[str, str]:
    parts: list[tuple[str, str]] = []
    if f.l1 == "yes":
        parts.append((f"the content is {_CSAM_EN}", f"le contenu constitue du {_CSAM_FR}"))
    elif f.l1 == "undetermined":
        parts.append(
            (f"the content may be {_CSAM_EN}", f"le contenu pourrait constituer du {_CSAM_FR}")
        )
    if f.l2:
        established = f.incident.distribution.redistribution_consent != "no"
        parts.append(
            (
                "an intimate image was passed on without "
                f"{'established ' if established else ''}consent",
                f"une image intime a été transmise sans consentement"
                f"{' établi' if established else ''}",
            )
        )
    why_en, why_fr = _joined(parts)
    return (
        f"SEXTO procedure (inform the police, without urgency): {why_en}, and nothing calls "
        "for the police immediately.",
        f"Procédure SEXTO (informer la police, sans urgence)\u00a0: {why_fr}, et rien n’exige "
        "d’appeler la police immédiatement.",
    )


def _r3(f: Facts) -> tuple[str, str]:
    what_en, what_fr = _content_this(f)
    return (
        "School follow-up (education, support, anti-bullying plan): no offence in the grid "
        f"applies to {what_en}, and nothing calls for the police.",
        "Suivi à l’école (éducation, soutien, plan de lutte contre l’intimidation)\u00a0: aucune "
        f"infraction de la grille ne s’applique à {what_fr}, et rien n’exige d’appeler la "
        "police.",
    )


# --- Youth protection ------------------------------------------------------------------------


def _y1(f: Facts, adult: tuple[str, str]) -> tuple[str, str]:
    parts: list[tuple[str, str]] = []
    for clause in f.y1:
        if clause == "adult_and_minor_depicted":
            parts.append(adult)
        elif clause == "parent_involved":
            parts.append(_PARENT)
        else:
            parts.append(_GROOMING)
    why_en, why_fr = _joined(parts)
    return (
        "Report to youth protection (DPJ) without delay (a personal duty that cannot be "
        f"delegated), because {why_en}.",
        "Signaler la situation à la DPJ sans délai (obligation personnelle qui ne peut être "
        f"déléguée), car {why_fr}.",
    )


def _y2(f: Facts) -> tuple[str, str]:
    parts: list[tuple[str, str]] = []
    for clause in f.y2:
        if clause == "immediate_risk":
            parts.append(_RISK)
        elif clause == "threats":
            parts.append(_THREATS)
        elif clause == "capacity_concern":
            parts.append(_capacity(f))
        elif clause == "violent":
            parts.append(_VIOLENT)
        else:
            parts.append(_under_13(f))
    why_en, why_fr = _joined(parts)
    return (
        f"Consult youth protection (DPJ) on whether to report, because {why_en}.",
        f"Consulter la DPJ sur l’opportunité d’un signalement, car {why_fr}.",
    )


def _y3(f: Facts) -> tuple[str, str]:
    ages = [p.age for p in f.incident.people if p.age is not None]
    if not ages:
        ages_en = "no age is known, so nobody counts as under 13"
        ages_fr = "aucun âge n’est connu, donc personne n’est compté comme ayant moins de 13 ans"
    elif min(ages) == max(ages):
        ages_en = f"nobody is under 13 (known age: {ages[0]})"
        ages_fr = f"personne n’a moins de 13 ans (âge connu\u00a0: {ages[0]} ans)"
    else:
        low, high = min(ages), max(ages)
        ages_en = f"nobody is under 13 (known ages: {low} to {high})"
        ages_fr = f"personne n’a moins de 13 ans (âges connus\u00a0: {low} à {high} ans)"
    return (
        f"Neither a report to youth protection (DPJ) nor a consultation is indicated: {ages_en}, "
        "no adult is involved with a depicted minor, no parent is involved, and there is no "
        "grooming, threat, immediate risk of harm, capacity concern or violent or atypical "
        "content.",
        "Ni signalement ni consultation de la DPJ ne sont indiqués\u00a0: "
        f"{ages_fr}, aucune personne majeure n’est impliquée auprès d’une personne mineure "
        "représentée, aucun parent n’est "
        "impliqué, et il n’y a ni manipulation, ni menace, ni risque immédiat de préjudice, ni "
        "doute sur la capacité à consentir, ni contenu violent ou atypique.",
    )


def reasons_list(f: Facts) -> list[Reason]:
    """One reason per rule that fired: L1–L5 when not no/false, then the N, R and Y rule."""
    reasons: list[Reason] = []
    # Shared by L4, N2 and Y1: worked out once.
    adult = _adult_involved(f) if f.adult_involved else ("", "")
    if f.l1 != "no":
        en, fr = _l1(f)
        reasons.append({"rule": "L1", "en": en, "fr": fr})
    if f.l2:
        en, fr = _l2(f)
        reasons.append({"rule": "L2", "en": en, "fr": fr})
    if f.l3:
        en, fr = _l3(f)
        reasons.append({"rule": "L3", "en": en, "fr": fr})
    if f.l4:
        en, fr = _l4(f, adult)
        reasons.append({"rule": "L4", "en": en, "fr": fr})
    if f.l5:
        en, fr = _l5(f)
        reasons.append({"rule": "L5", "en": en, "fr": fr})

    if f.nature == "not_sexting":
        en, fr = _n1(f)
        reasons.append({"rule": "N1", "en": en, "fr": fr})
    elif f.nature == "malicious":
        en, fr = _n2(f, adult)
        reasons.append({"rule": "N2", "en": en, "fr": fr})
    else:
        en, fr = _n3(f)
        reasons.append({"rule": "N3", "en": en, "fr": fr})

    if f.route == "police_immediately":
        en, fr = _r1(f)
        reasons.append({"rule": "R1", "en": en, "fr": fr})
    elif f.route == "sexto_procedure":
        en, fr = _r2(f)
        reasons.append({"rule": "R2", "en": en, "fr": fr})
    else:
        en, fr = _r3(f)
        reasons.append({"rule": "R3", "en": en, "fr": fr})

    if f.youth_protection == "required":
        en, fr = _y1(f, adult)
        reasons.append({"rule": "Y1", "en": en, "fr": fr})
    elif f.youth_protection == "consult":
        en, fr = _y2(f)
        reasons.append({"rule": "Y2", "en": en, "fr": fr})
    else:
        en, fr = _y3(f)
        reasons.append({"rule": "Y3", "en": en, "fr": fr})
    return reasons
