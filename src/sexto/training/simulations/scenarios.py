"""The Architecte level's three fictional cases: what the learner is told, who is involved (with
the fixed ids the grid uses), the scripted interview, and what a correct handling looks like.

Every name, school and fact here is invented. The texts are content rather than interface, so
each sits in both languages side by side (like the grid's reasons), not in the message catalog.
The expected grid answers are a valid `sexto-grid/1` incident: the expected route, youth
protection and actions are what the grid itself makes of them, never written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils import translation

from sexto.interventions import grid

PROGRAM_SLUG = "sexto"
LEVEL_SLUG = "architecte"


@dataclass(frozen=True)
class Bilingual:
    """A text in English and French; `str()` gives the active language's."""

    en: str
    fr: str

    def __str__(self) -> str:
        language = translation.get_language() or "fr"
        return self.en if language.startswith("en") else self.fr


@dataclass(frozen=True)
class ScenarioPerson:
    """Someone involved; `id` is the label used on the case and in the grid (A, B, …)."""

    id: str
    name: Bilingual
    description: Bilingual


@dataclass(frozen=True)
class InterviewItem:
    """A question the learner may ask someone, and what that person answers."""

    key: str
    who: Bilingual
    question: Bilingual
    answer: Bilingual


@dataclass(frozen=True)
class Scenario:
    """One practice case, played on the kit's real case screens in simulation mode."""

    key: str
    position: int
    title: Bilingual
    situation: Bilingual
    people: tuple[ScenarioPerson, ...]
    interview: tuple[InterviewItem, ...]
    expected_answers: dict[str, Any]
    # The kit's steps a coordinator should mark done here (the others: not applicable).
    expected_steps: frozenset[str]
    # Grid actions the case accepts as good practice beyond its mandatory ones: done, they earn
    # like the expected actions; not done, they never cost (scoring).
    good_practice: frozenset[str] = frozenset()
    program_slug: str = PROGRAM_SLUG
    level_slug: str = LEVEL_SLUG
    teaching: Bilingual = field(default=Bilingual("", ""))

    @cached_property
    def expected_result(self) -> grid.GridResult:
        """What the grid makes of the expected answers (route, actions, reasons)."""
        return grid.evaluate(self.expected_answers)

    @property
    def person_ids(self) -> list[str]:
        return [person.id for person in self.people]


def _b(en: str, fr: str) -> Bilingual:
    return Bilingual(en=en, fr=fr)


ALL_STEPS = frozenset(
    {
        "protect_victim",
        "stop_dissemination",
        "secure_devices",
        "evaluate_grid",
        "contact_police",
        "youth_protection",
        "inform_parents",
        "support_victim",
        "limit_dissemination",
        "educational_follow_up",
    }
)

IMPULSIVE_REDISTRIBUTION = Scenario(
    key="impulsive-redistribution",
    position=1,
    title=_b(
        "A photo sent to a boyfriend, passed on to two classmates",
        "Une photo envoyée à un copain, transmise à deux camarades",
    ),
    situation=_b(
        "Monday, 10:15. Ms Tremblay, a Secondary 3 teacher, tells you that Maude (A) came to her "
        "in tears: a photo Maude had sent to Liam (B) last weekend is now on other students' "
        "phones. Two classmates, Chloé (C) and Jérémie (D), are named. Nobody has looked at the "
        "photo and nobody should. Find out what happened by asking the people involved, then "
        "handle the case with the kit.",
        "Lundi, 10 h 15. Mme Tremblay, enseignante de 3e secondaire, vous dit que Maude (A) est "
        "venue la voir en pleurs\u00a0: une photo que Maude avait envoyée à Liam (B) la fin de "
        "semaine dernière se trouve maintenant sur les téléphones d’autres élèves. Deux camarades, "
        "Chloé "
        "(C) et Jérémie (D), sont nommés. Personne n’a regardé la photo et personne ne doit le "
        "faire. Découvrez ce qui s’est passé en interrogeant les personnes concernées, puis "
        "traitez le cas avec la trousse.",
    ),
    people=(
        ScenarioPerson(
            "A",
            _b("Maude (fictional)", "Maude (fictive)"),
            _b("Secondary 3 student, appears in the photo", "Élève de 3e secondaire, sur la photo"),
        ),
        ScenarioPerson(
            "B",
            _b("Liam (fictional)", "Liam (fictif)"),
            _b("Secondary 3 student, Maude's boyfriend", "Élève de 3e secondaire, copain de Maude"),
        ),
        ScenarioPerson(
            "C",
            _b("Chloé (fictional)", "Chloé (fictive)"),
            _b("Classmate", "Camarade de classe"),
        ),
        ScenarioPerson(
            "D",
            _b("Jérémie (fictional)", "Jérémie (fictif)"),
            _b("Classmate", "Camarade de classe"),
        ),
    ),
    interview=(
        InterviewItem(
            "a-age-photo",
            _b("Maude (A)", "Maude (A)"),
            _b(
                "How old are you, and what does the photo show, without showing it to me?",
                "Quel âge as-tu, et que montre la photo, sans me la montrer?",
            ),
            _b(
                "I'm 15. It's a selfie I took in my room, in front of the mirror. My breasts are "
                "showing. I took it for Liam, it was meant to be sexy, for him only.",
                "J’ai 15 ans. C’est un égoportrait que j’ai pris dans ma chambre, devant le "
                "miroir. On voit mes seins. Je l’ai prise pour Liam, c’était pour être sexy, "
                "juste pour lui.",
            ),
        ),
        InterviewItem(
            "a-consent",
            _b("Maude (A)", "Maude (A)"),
            _b(
                "Did anyone push you to send it? Did you agree to it being passed on?",
                "Est-ce que quelqu’un t’a poussée à l’envoyer? Étais-tu d’accord pour qu’elle "
                "soit transmise?",
            ),
            _b(
                "Nobody forced me, I wanted to send it to him. But I never said he could show it "
                "to anyone. Never.",
                "Personne ne m’a forcée, je voulais la lui envoyer. Mais je n’ai jamais dit qu’il "
                "pouvait la montrer à quelqu’un. Jamais.",
            ),
        ),
        InterviewItem(
            "a-safety",
            _b("Maude (A)", "Maude (A)"),
            _b(
                "How are you feeling right now? Are you safe?",
                "Comment te sens-tu? Es-tu en sécurité?",
            ),
            _b(
                "I'm ashamed and I don't want to go to math class where they are. But I'm not "
                "going to do anything stupid, I just want it to stop.",
                "J’ai honte et je ne veux pas aller au cours de maths où ils sont. Mais je ne "
                "vais pas faire de bêtise, je veux juste que ça arrête.",
            ),
        ),
        InterviewItem(
            "b-what",
            _b("Liam (B)", "Liam (B)"),
            _b(
                "How old are you? What did you do with the photo Maude sent you?",
                "Quel âge as-tu? Qu’as-tu fait avec la photo que Maude t’a envoyée?",
            ),
            _b(
                "I'm 15. I sent it to Chloé and Jérémie on Snapchat, just them. I wanted to show "
                "that she was my girlfriend. I didn't want to hurt her, it was stupid.",
                "J’ai 15 ans. Je l’ai envoyée à Chloé et Jérémie sur Snapchat, juste eux. Je "
                "voulais montrer que c’était ma blonde. Je ne voulais pas lui faire de mal, "
                "c’était niaiseux.",
            ),
        ),
        InterviewItem(
            "b-online",
            _b("Liam (B)", "Liam (B)"),
            _b(
                "Did you post it anywhere, or get anything in exchange?",
                "L’as-tu publiée quelque part, ou reçu quelque chose en échange?",
            ),
            _b(
                "No, nothing like that. Not in a group, not online. Just the two of them.",
                "Non, rien de ça. Pas dans un groupe, pas en ligne. Juste eux deux.",
            ),
        ),
        InterviewItem(
            "c-what",
            _b("Chloé (C)", "Chloé (C)"),
            _b(
                "How old are you? Do you still have the photo?",
                "Quel âge as-tu? As-tu encore la photo?",
            ),
            _b(
                "I'm 15. I received it from Liam on Sunday. I deleted it right away and I told "
                "Maude. I didn't send it to anyone.",
                "J’ai 15 ans. Je l’ai reçue de Liam dimanche. Je l’ai effacée tout de suite et je "
                "l’ai dit à Maude. Je ne l’ai envoyée à personne.",
            ),
        ),
        InterviewItem(
            "d-what",
            _b("Jérémie (D)", "Jérémie (D)"),
            _b(
                "How old are you? Do you still have the photo?",
                "Quel âge as-tu? As-tu encore la photo?",
            ),
            _b(
                "I'm 16. Yes, it's still in my phone, I didn't delete it. I didn't send it to "
                "anyone, I swear.",
                "J’ai 16 ans. Oui, elle est encore dans mon téléphone, je ne l’ai pas effacée. "
                "Je ne l’ai envoyée à personne, je le jure.",
            ),
        ),
    ),
    expected_answers={
        "schema": "sexto-grid/1",
        "people": [
            {"id": "A", "age": 15, "roles": ["depicted", "producer", "sender"]},
            {"id": "B", "age": 15, "roles": ["recipient", "distributor"]},
            {"id": "C", "age": 15, "roles": ["recipient"]},
            {"id": "D", "age": 16, "roles": ["recipient", "possessor"]},
        ],
        "content": {
            "medium": "photo",
            "depiction": "breasts_or_buttocks",
            "sexual_purpose": True,
            "violent_or_atypical": False,
        },
        "production": {"by": "self", "consent": "yes", "coerced": False},
        "distribution": {
            "stage": "redistributed",
            "redistribution_consent": "no",
            "audience": "few",
            "posted_online": False,
        },
        "indicators": {},
    },
    expected_steps=ALL_STEPS - {"youth_protection"},
    teaching=_b(
        "Passing on an intimate image without consent is serious, yet nothing here points to "
        "malice: the Sexto procedure applies, the police are informed the same day under the "
        "agreement, and the DPCP's prosecutors decide.",
        "Transmettre une image intime sans consentement est grave, mais rien ici n’indique de "
        "malveillance\u00a0: la procédure SEXTO s’applique, la police est informée le jour même "
        "selon l’entente, et les procureurs du DPCP décident.",
    ),
)

SEXTORTION = Scenario(
    key="sextortion-unknown-account",
    position=2,
    title=_b(
        "A student blackmailed by an unknown online account",
        "Un élève victime de chantage par un compte inconnu",
    ),
    situation=_b(
        "Tuesday, 8:05. Thomas (A) waits at your office door before class; he looks as if he "
        "has not slept. He says an account he does not know, « jess.mtl_16 » (B), is threatening "
        "him on Instagram. Never ask him to show you the messages or the photo. Find out what "
        "happened, then handle the case with the kit.",
        "Mardi, 8 h 05. Thomas (A) attend à la porte de votre bureau avant les cours; il semble "
        "ne pas avoir dormi. Il dit qu’un compte qu’il ne connaît pas, « jess.mtl_16 » (B), le "
        "menace sur Instagram. Ne lui demandez jamais de vous montrer les messages ni la photo. "
        "Découvrez ce qui s’est passé, puis traitez le cas avec la trousse.",
    ),
    people=(
        ScenarioPerson(
            "A",
            _b("Thomas (fictional)", "Thomas (fictif)"),
            _b("Secondary 2 student", "Élève de 2e secondaire"),
        ),
        ScenarioPerson(
            "B",
            _b("Account « jess.mtl_16 »", "Compte « jess.mtl_16 »"),
            _b("Unknown online account", "Compte en ligne inconnu"),
        ),
    ),
    interview=(
        InterviewItem(
            "a-how",
            _b("Thomas (A)", "Thomas (A)"),
            _b("How old are you? How did it start?", "Quel âge as-tu? Comment ça a commencé?"),
            _b(
                "I'm 14. On Friday night an account called jess.mtl_16 started writing to me. She "
                "said she was 16 and from Laval. After an hour she asked me for a naked photo.",
                "J’ai 14 ans. Vendredi soir, un compte qui s’appelle jess.mtl_16 a commencé à "
                "m’écrire. Elle disait avoir 16 ans et venir de Laval. Après une heure, elle m’a "
                "demandé une photo nue.",
            ),
        ),
        InterviewItem(
            "a-photo",
            _b("Thomas (A)", "Thomas (A)"),
            _b(
                "Without showing me anything: what did you send, and who took it?",
                "Sans rien me montrer\u00a0: qu’as-tu envoyé, et qui l’a prise?",
            ),
            _b(
                "A photo I took myself in the bathroom. You can see my private parts. I sent it "
                "to her only, because she asked and I wanted to. Nobody forced me then.",
                "Une photo que j’ai prise moi-même dans la salle de bain. On voit mes parties "
                "intimes. Je l’ai envoyée juste à elle, parce qu’elle la demandait et que je le "
                "voulais. Personne ne m’a forcé à ce moment-là.",
            ),
        ),
        InterviewItem(
            "a-threat",
            _b("Thomas (A)", "Thomas (A)"),
            _b("What happened next?", "Qu’est-ce qui s’est passé ensuite?"),
            _b(
                "Right after, the account sent me a list of my followers and wrote that if I "
                "don't pay 200 dollars in gift cards by tonight, the photo goes to all of them "
                "and to my school.",
                "Juste après, le compte m’a envoyé la liste de mes abonnés et m’a écrit que si "
                "je ne paie pas 200 dollars en cartes-cadeaux d’ici ce soir, la photo sera "
                "envoyée à tous et à mon école.",
            ),
        ),
        InterviewItem(
            "a-shared",
            _b("Thomas (A)", "Thomas (A)"),
            _b(
                "Has the photo been sent to anyone else so far?",
                "La photo a-t-elle été envoyée à quelqu’un d’autre jusqu’ici?",
            ),
            _b(
                "Not that I know of. Nobody has said anything to me. I blocked nothing, I was "
                "too scared.",
                "Pas à ce que je sache. Personne ne m’a rien dit. Je n’ai rien bloqué, j’avais "
                "trop peur.",
            ),
        ),
        InterviewItem(
            "a-who",
            _b("Thomas (A)", "Thomas (A)"),
            _b(
                "Do you know who is behind the account, or their real age?",
                "Sais-tu qui est derrière le compte, ou son âge réel?",
            ),
            _b(
                "No. The profile has three photos of a girl and no friends in common. I don't "
                "know if it's really a girl, or how old.",
                "Non. Le profil a trois photos d’une fille et aucun ami en commun. Je ne sais pas "
                "si c’est vraiment une fille, ni son âge.",
            ),
        ),
        InterviewItem(
            "a-safety",
            _b("Thomas (A)", "Thomas (A)"),
            _b("How are you feeling? Are you safe?", "Comment te sens-tu? Es-tu en sécurité?"),
            _b(
                "I'm scared, I didn't sleep. I haven't told my parents. But I'm not going to hurt "
                "myself, I came to you so it stops.",
                "J’ai peur, je n’ai pas dormi. Je ne l’ai pas dit à mes parents. Mais je ne vais "
                "pas me faire de mal, je suis venu vous voir pour que ça arrête.",
            ),
        ),
    ),
    expected_answers={
        "schema": "sexto-grid/1",
        "people": [
            {"id": "A", "age": 14, "roles": ["depicted", "producer", "sender"]},
            {"id": "B", "age": None, "roles": ["recipient", "requester"]},
        ],
        "content": {
            "medium": "photo",
            "depiction": "genitals_or_anal_region",
            "sexual_purpose": True,
            "violent_or_atypical": False,
        },
        "production": {"by": "self", "consent": "yes", "coerced": False},
        "distribution": {
            "stage": "to_intended_recipient",
            "redistribution_consent": "unknown",
            "audience": "none",
            "posted_online": False,
        },
        "indicators": {"threats_or_extortion": True},
    },
    # Nothing has circulated yet: no dissemination to stop, no educational measure (no other
    # student). A takedown request is still good practice (below).
    expected_steps=ALL_STEPS
    - {"stop_dissemination", "limit_dissemination", "educational_follow_up"},
    # Take It Down (or Cybertip.ca's NeedHelpNow) can block the photo before it is posted.
    good_practice=frozenset({"limit_dissemination"}),
    teaching=_b(
        "Sextortion is malicious whatever the victim did first: call the police now, consult "
        "youth protection, and reassure the young person that it is not their fault. Never pay. "
        "A takedown request (Take It Down, Cybertip.ca) is good practice even before the photo "
        "circulates: it can block it on the platforms.",
        "La sextorsion est malveillante quoi qu’ait fait la victime au départ\u00a0: appelez la "
        "police tout de suite, consultez la DPJ et rassurez le jeune\u00a0: ce n’est pas sa "
        "faute. Ne jamais payer. Une demande de retrait (Take It Down, Cyberaide.ca) est une "
        "bonne pratique avant même que la photo circule\u00a0: elle peut la bloquer sur les "
        "plateformes.",
    ),
)

ADULT_AND_MINOR = Scenario(
    key="adult-student-and-minor",
    position=3,
    title=_b(
        "An 18-year-old student and a 14-year-old",
        "Un élève de 18 ans et une élève de 14 ans",
    ),
    situation=_b(
        "Thursday, 13:30. The school nurse tells you that Rosalie (B), Secondary 2, confided that "
        "Samuel (A), a Secondary 5 student, asked her for photos and that she sent some. Rosalie "
        "is worried he will show them. Find out what happened, then handle the case with the kit.",
        "Jeudi, 13 h 30. L’infirmière de l’école vous dit que Rosalie (B), 2e secondaire, lui a "
        "confié que Samuel (A), élève de 5e secondaire, lui a demandé des photos et qu’elle lui "
        "en a envoyé. Rosalie craint qu’il les montre. Découvrez ce qui s’est passé, puis "
        "traitez le cas avec la trousse.",
    ),
    people=(
        ScenarioPerson(
            "A",
            _b("Samuel (fictional)", "Samuel (fictif)"),
            _b("Secondary 5 student", "Élève de 5e secondaire"),
        ),
        ScenarioPerson(
            "B",
            _b("Rosalie (fictional)", "Rosalie (fictive)"),
            _b("Secondary 2 student", "Élève de 2e secondaire"),
        ),
    ),
    interview=(
        InterviewItem(
            "b-ages",
            _b("Rosalie (B)", "Rosalie (B)"),
            _b(
                "How old are you, and how old is Samuel?",
                "Quel âge as-tu, et quel âge a Samuel?",
            ),
            _b(
                "I'm 14. Samuel turned 18 in October, he had a party, everyone knows.",
                "J’ai 14 ans. Samuel a eu 18 ans en octobre, il a fait une fête, tout le monde "
                "le sait.",
            ),
        ),
        InterviewItem(
            "b-what",
            _b("Rosalie (B)", "Rosalie (B)"),
            _b(
                "Without showing me: what did you send him, and how did it happen?",
                "Sans me la montrer\u00a0: que lui as-tu envoyé, et comment c’est arrivé?",
            ),
            _b(
                "We've been talking on Snapchat since September. Last week he asked me for a "
                "photo in my bra, then without it. I took one of my breasts myself and sent it "
                "to him. I agreed, I wanted him to like me.",
                "On se parle sur Snapchat depuis septembre. La semaine passée, il m’a demandé une "
                "photo en brassière, puis sans. J’en ai pris une de mes seins moi-même et je la "
                "lui ai envoyée. J’étais d’accord, je voulais lui plaire.",
            ),
        ),
        InterviewItem(
            "b-shared",
            _b("Rosalie (B)", "Rosalie (B)"),
            _b(
                "Do you know whether he kept it or showed it to anyone?",
                "Sais-tu s’il l’a gardée ou montrée à quelqu’un?",
            ),
            _b(
                "He saved it, Snapchat told me. I don't think he showed it to anyone yet, "
                "nobody has said anything. He never threatened me.",
                "Il l’a enregistrée, Snapchat me l’a dit. Je ne pense pas qu’il l’ait montrée "
                "à quelqu’un, personne n’a rien dit. Il ne m’a jamais menacée.",
            ),
        ),
        InterviewItem(
            "a-version",
            _b("Samuel (A)", "Samuel (A)"),
            _b(
                "Did you ask Rosalie for a photo? Do you still have it?",
                "As-tu demandé une photo à Rosalie? L’as-tu encore?",
            ),
            _b(
                "Yes, I asked. She's my girlfriend, sort of. It's in my phone, I didn't send it "
                "to anyone. I didn't think it was a big deal.",
                "Oui, je lui ai demandé. C’est ma blonde, en quelque sorte. Elle est dans mon "
                "téléphone, je ne l’ai envoyée à personne. Je ne pensais pas que c’était grave.",
            ),
        ),
        InterviewItem(
            "b-home",
            _b("Rosalie (B)", "Rosalie (B)"),
            _b(
                "Do your parents know? Is everything all right at home?",
                "Tes parents sont-ils au courant? Est-ce que ça va à la maison?",
            ),
            _b(
                "They don't know. Everything is fine at home, I'm just afraid they'll be angry.",
                "Ils ne savent pas. Ça va bien à la maison, j’ai juste peur qu’ils soient fâchés.",
            ),
        ),
    ),
    expected_answers={
        "schema": "sexto-grid/1",
        "people": [
            {"id": "A", "age": 18, "roles": ["requester", "recipient", "possessor"]},
            {"id": "B", "age": 14, "roles": ["depicted", "producer", "sender"]},
        ],
        "content": {
            "medium": "photo",
            "depiction": "breasts_or_buttocks",
            "sexual_purpose": True,
            "violent_or_atypical": False,
        },
        "production": {"by": "self", "consent": "yes", "coerced": False},
        "distribution": {
            "stage": "to_intended_recipient",
            "redistribution_consent": "unknown",
            "audience": "none",
            "posted_online": False,
        },
        "indicators": {"adult_involved": True},
    },
    # The photo stays on A's phone: the devices are secured for the police; asking A to stop
    # sharing it could warn a suspect before the police act.
    expected_steps=ALL_STEPS
    - {"stop_dissemination", "limit_dissemination", "educational_follow_up"},
    teaching=_b(
        "Both are students, but one is an adult: that alone makes it malicious and a police "
        "matter, and the duty to report to youth protection is yours personally.",
        "Les deux sont élèves, mais l’un est majeur\u00a0: cela suffit à rendre la situation "
        "malveillante et à en faire une affaire de police, et l’obligation de signaler à la DPJ "
        "vous incombe personnellement.",
    ),
)

SCENARIOS: tuple[Scenario, ...] = (IMPULSIVE_REDISTRIBUTION, SEXTORTION, ADULT_AND_MINOR)
SCENARIOS_BY_KEY = {scenario.key: scenario for scenario in SCENARIOS}


def scenarios_for_level(*, program_slug: str, level_slug: str) -> list[Scenario]:
    """The practice cases of a level, in order (none for levels without simulations)."""
    return sorted(
        (s for s in SCENARIOS if s.program_slug == program_slug and s.level_slug == level_slug),
        key=lambda s: s.position,
    )
