"""The demo program's content: the Sexto response kit, level 1 Explorateur in both languages.

Written for the demo; a trainer edits it in the admin. The description of the level is the one of
the original attestation (CADRE21).
"""

from __future__ import annotations

PROGRAM = {
    "slug": "sexto",
    "title_fr": "Trousse d'intervention Sexto",
    "title_en": "Sexto response kit",
    "summary_fr": (
        "Une formation en quatre niveaux pour le personnel scolaire qui intervient auprès "
        "d'élèves impliqués dans une situation de sextage, avec la trousse Sexto."
    ),
    "summary_en": (
        "A four-level training program for school staff who intervene with students involved "
        "in a sexting situation, using the Sexto kit."
    ),
}

EXPLORATEUR_DESCRIPTION_EN = """\
For legal reasons, the use of the SEXTO kit is reserved exclusively for Quebec's education sector \
personnel. In addition, its use must be the subject of a prior agreement between the police force \
that serves the territory where the school is located and the Director of Criminal and Penal \
Prosecutions (DCPP). Please note that an attestation badge will only be attributed to personnel at \
education institutions in a territory where such an agreement has been concluded. Before \
completing the training program, it is therefore recommended that you validate this information \
with your superiors or your police force.

This training program is designed to equip education sector personnel to act quickly and \
efficiently with the students in their institution who are involved in a sexting situation. \
Sexting among teenagers can be defined as the shared production, distribution, and redistribution \
of sexual content (photos, videos, etc.) via information and communication technologies.

At the end of the Explorer level of this training program, you will be able to understand the \
phenomenon and guide those involved in the management of cases that could be brought to their \
attention through an intervention tool, namely the Sexto kit. At the Architect level, through \
interactive organized activities, you will be presented with three fictional cases of sexting in \
order to consolidate new learning and validate your interventions.

The creation of the Sexto kit was made possible thanks to the collaboration of the City of \
Saint-Jérôme (Quebec), the Director of Criminal and Penal Prosecutions (DCPP), the Canadian Centre \
for Child Protection, the Crime Victims Assistance Centre (CAVAC), Commission scolaire de la \
Rivière-du-Nord, and Académie Lafontaine. The Sexto Kit training program was developed by CADRE21 \
and carried out thanks to the participation of Fédération des établissements d'enseignements \
privés (FEEP) and funding from the ministère de l'Éducation et de l'enseignement supérieur \
(Quebec ministry of education and higher education, or MÉES).
"""

EXPLORATEUR_DESCRIPTION_FR = """\
Pour des raisons légales, l'utilisation de la trousse SEXTO est réservée exclusivement au \
personnel du milieu de l'éducation du Québec. De plus, son utilisation doit faire l'objet d'une \
entente préalable entre le corps de police qui dessert le territoire où se trouve l'école et le \
Directeur des poursuites criminelles et pénales (DPCP). Veuillez noter qu'un badge d'attestation \
ne sera attribué qu'au personnel des établissements d'enseignement d'un territoire où une telle \
entente a été conclue. Avant de suivre la formation, il est donc recommandé de valider cette \
information auprès de vos supérieurs ou de votre service de police.

Cette formation vise à outiller le personnel du milieu de l'éducation pour agir rapidement et \
efficacement auprès des élèves de leur établissement impliqués dans une situation de sextage. Le \
sextage chez les adolescents peut se définir comme la production, la diffusion et la rediffusion \
partagées de contenus sexuels (photos, vidéos, etc.) au moyen des technologies de l'information \
et de la communication.

Au terme du niveau Explorateur, vous serez en mesure de comprendre le phénomène et de guider les \
personnes appelées à gérer les cas portés à leur attention à l'aide d'un outil d'intervention, la \
trousse Sexto. Au niveau Architecte, par des activités interactives organisées, trois cas fictifs \
de sextage vous seront présentés afin de consolider vos apprentissages et de valider vos \
interventions.

La création de la trousse Sexto a été rendue possible grâce à la collaboration de la Ville de \
Saint-Jérôme, du Directeur des poursuites criminelles et pénales (DPCP), du Centre canadien de \
protection de l'enfance, du Centre d'aide aux victimes d'actes criminels (CAVAC), de la Commission \
scolaire de la Rivière-du-Nord et de l'Académie Lafontaine. La formation a été conçue par CADRE21 \
avec la participation de la Fédération des établissements d'enseignement privés (FEEP) et le \
financement du ministère de l'Éducation et de l'Enseignement supérieur (MEES).
"""

NBSP = "\u00a0"


def explorateur_criteria(*, questions: int, min_length: int) -> tuple[str, str]:
    """(French, English) criteria of the Explorateur badge: what Sexto checks, nothing more."""
    return (
        f"Lire chacun des modules du niveau (Sexto enregistre chaque module marqué comme lu et "
        f"refuse la preuve tant qu’il en reste à lire), puis répondre aux {questions} questions "
        f"de réflexion, chacune en au moins {min_length}{NBSP}caractères, et faire approuver "
        f"les réponses par une formatrice ou un formateur. Seul le personnel scolaire d’un "
        f"territoire où le corps de police a conclu une entente avec le DPCP peut soumettre sa "
        f"preuve.",
        f"Read every module of the level (Sexto records each module marked read and refuses the "
        f"proof while any is left to read), then answer the {questions} reflective questions, "
        f"each in at least {min_length} characters, and have the answers approved by a trainer. "
        f"Only school staff in a territory where the police force has an agreement with the "
        f"DPCP may submit a proof.",
    )


def architecte_criteria(*, cases: int, pass_mark: float) -> tuple[str, str]:
    """(French, English) criteria of the Architecte badge: the simulations passed at the pass
    mark (settings' SIMULATION_PASS_MARK), after the Explorateur."""
    mark = f"{pass_mark:g}"
    return (
        f"Avoir obtenu le badge Explorateur, puis réussir chacun des {cases} cas de simulation "
        f"avec une note d’au moins {mark}{NBSP}% (la note de passage), et faire approuver les "
        f"résultats par une formatrice ou un formateur.",
        f"Hold the Explorateur badge, then pass each of the {cases} simulation cases with a "
        f"score of at least {mark}% (the pass mark), and have the results approved by a trainer.",
    )


QUESTIONS = [
    (
        "Qu’ai-je appris de la méthode d’intervention Sexto?",
        "What have I learned from the Sexto intervention method?",
    ),
    (
        "Qu’est-ce que cette formation changera dans mes interventions futures?",
        "What will this training change in my future interventions?",
    ),
    (
        "Sur quoi mettrai-je l’accent auprès des élèves lorsque j’aurai à intervenir?",
        "What will be my focus with the students when I have to intervene?",
    ),
]

# The short refresher that renews a badge about to expire (issue 17): what changed since.
RENEWAL_QUESTIONS = [
    (
        "Qu’est-ce qui a changé dans votre pratique ou dans votre milieu depuis l’obtention de "
        "votre badge (situations vécues, nouvelles consignes, nouvelles personnes)?",
        "What has changed in your practice or at your school since you earned your badge "
        "(situations you handled, new instructions, new people)?",
    ),
    (
        "Relisez les étapes de la trousse : laquelle appliqueriez-vous autrement aujourd’hui, "
        "et pourquoi?",
        "Read the kit’s steps again: which one would you apply differently today, and why?",
    ),
    (
        "Qu’allez-vous rappeler à vos collègues cette année pour que la trousse soit appliquée "
        "sans délai?",
        "What will you remind your colleagues of this year so the kit is applied without delay?",
    ),
]

# (title_fr, title_en, body_fr, body_en)
MODULES: list[tuple[str, str, str, str]] = [
    (
        "Le sextage chez les adolescents",
        "Sexting among teenagers",
        """\
Le **sextage**, c’est la production, l’envoi et la rediffusion de contenus à caractère sexuel \
(photos, vidéos, textes, diffusions en direct) au moyen d’un téléphone ou d’un ordinateur.

Chez les adolescents, il prend surtout deux formes :

- un **échange entre deux jeunes**, souvent dans une relation amoureuse ou de séduction, que l’un \
d’eux rediffuse ensuite, par vantardise, vengeance après une rupture, ou simplement sans mesurer \
la portée du geste;
- une **exploitation** : un compte inconnu, un adulte ou un autre jeune obtient une image par la \
manipulation, les menaces ou le chantage (*sextorsion*).

Ce que la loi en fait :

- une image intime d’une personne **de moins de 18 ans** peut constituer de la **pornographie \
juvénile** (Code criminel, art. 163.1), même si c’est le jeune lui-même qui l’a prise;
- **diffuser une image intime sans le consentement** de la personne représentée est une \
infraction en soi (art. 162.1), quel que soit son âge.

Pour la victime, les conséquences sont lourdes et rapides : honte, isolement, intimidation, \
décrochage, idées suicidaires. Chaque heure compte pour limiter la diffusion. C’est pour cela que \
l’école agit vite, avec méthode, et toujours sans juger.""",
        """\
**Sexting** is producing, sending and passing on sexual content (photos, videos, texts, live \
streams) with a phone or a computer.

Among teenagers it mostly takes two forms:

- an **exchange between two young people**, often in a romantic or flirting relationship, which \
one of them then passes on — to boast, for revenge after a break-up, or simply without grasping \
what it does;
- **exploitation**: an unknown account, an adult or another young person obtains an image through \
manipulation, threats or blackmail (*sextortion*).

What the law makes of it:

- an intimate image of a person **under 18** may be **child pornography** (Criminal Code, \
s. 163.1), even when the young person took it themselves;
- **sharing an intimate image without the consent** of the person shown is an offence of its own \
(s. 162.1), whatever their age.

For the victim the harm is heavy and fast: shame, isolation, bullying, dropping out, suicidal \
thoughts. Every hour counts to limit the spread. That is why the school acts quickly, with a \
method, and never judges.""",
    ),
    (
        "La trousse Sexto et ses étapes",
        "The Sexto kit and its steps",
        """\
La trousse Sexto est née à Saint-Jérôme de la collaboration entre l’école, la police et le DPCP. \
Elle donne à chaque école une façon **rapide, uniforme et sécuritaire** de traiter un cas de \
sextage. Dans Sexto, elle suit ces étapes :

1. **Signalement** : tout membre du personnel à qui un élève se confie le rapporte aussitôt \
(qui, quand, quoi, quels élèves, où circule le contenu) — sans jamais d’image.
2. **Ouverture du dossier** par la ou le répondant Sexto de l’école.
3. **Protection immédiate** : s’assurer que la personne représentée est en sécurité, faire \
cesser la diffusion.
4. **Grille d’évaluation** : décrire le contenu et les circonstances pour savoir quoi faire.
5. **Appareils** : saisis sans être consultés, en mode avion, dans une enveloppe scellée et \
numérotée, avec la chaîne de possession.
6. **Référence à la police** qui dessert le territoire de l’école.
7. **Protection de la jeunesse** : la personne qui a l’obligation de signaler le fait elle-même.
8. **Les personnes autour** : parents, plan de soutien de la victime, demandes de retrait, \
mesures éducatives.
9. **Fermeture** : chaque action obligatoire faite ou justifiée.

Chaque étape a un délai : les premières se comptent en minutes, pas en jours.""",
        """\
The Sexto kit was born in Saint-Jérôme from the collaboration of the school, the police and the \
DPCP. It gives every school a **fast, consistent and safe** way to handle a sexting case. In \
Sexto it follows these steps:

1. **Intake**: any staff member a student confides in reports it at once (who, when, what, which \
students, where the content circulates) — never with an image.
2. **Opening the case**, by the school's Sexto coordinator.
3. **Immediate protection**: make sure the young person shown is safe, stop the spread.
4. **Evaluation grid**: describe the content and circumstances to know what to do.
5. **Devices**: seized without being looked at, in airplane mode, in a sealed and numbered \
envelope, with the chain of custody.
6. **Referral to the police** force serving the school's territory.
7. **Youth protection**: the person who has the duty to report does it themselves.
8. **The people around**: parents, the victim's support plan, takedown requests, educational \
measures.
9. **Closure**: each mandatory action done or justified.

Each step has a deadline: the first ones are counted in minutes, not days.""",
    ),
    (
        "Ne jamais regarder les images",
        "Never look at the images",
        """\
C’est la règle d’or de la trousse : **on ne regarde pas, on ne demande pas à voir, on ne copie \
pas, on ne transfère pas** les images — pas même à la direction ou à la police.

Pourquoi?

- Regarder, posséder ou transmettre une image intime d’une personne mineure peut constituer une \
infraction, même avec de bonnes intentions.
- Chaque regard de plus est une nouvelle atteinte à la dignité de la victime.
- La police et le DPCP n’ont pas besoin que l’école ait vu le contenu : ils ont besoin d’une \
**description fiable** et d’appareils **intacts**.

Concrètement :

- faites **décrire** le contenu par les personnes concernées (qui est représenté, ce qu’on y \
voit, comment il a circulé) et notez-le avec leurs mots;
- si un élève vous tend son téléphone ouvert sur l’image, détournez le regard et demandez-lui de \
verrouiller l’écran;
- saisissez l’appareil **sans le consulter**, mettez-le en mode avion, scellez-le dans une \
enveloppe numérotée et consignez qui l’a eu, quand et où;
- ne faites jamais de capture d’écran « pour le dossier ».

Sexto ne conserve aucune image, ni aucun fichier joint : seulement des descriptions.""",
        """\
This is the kit's golden rule: **do not look, do not ask to see, do not copy, do not forward** \
the images — not even to the principal or the police.

Why?

- Viewing, possessing or passing on an intimate image of a minor may be an offence, even with \
good intentions.
- Every extra look is a new harm to the victim's dignity.
- The police and the DPCP do not need the school to have seen the content: they need a \
**reliable description** and **untouched** devices.

In practice:

- have the people involved **describe** the content (who is shown, what can be seen, how it \
circulated) and write it down in their words;
- if a student holds out their phone open on the image, look away and ask them to lock the \
screen;
- seize the device **without looking at it**, switch it to airplane mode, seal it in a numbered \
envelope and record who had it, when and where;
- never take a screenshot "for the file".

Sexto holds no image and no attachment: only descriptions.""",
    ),
    (
        "La grille d’évaluation",
        "The evaluation grid",
        """\
La grille d’évaluation de l’incident remplace le regard : à partir de ce que les personnes \
**décrivent**, elle dit ce que la loi fait de la situation et ce qui doit se passer maintenant.

On y décrit :

- **les personnes** : l’âge de chacune et son rôle (représentée, a produit, a envoyé, a reçu, a \
rediffusé, possède, a demandé);
- **le contenu** : photo, vidéo, direct, dessin, texte; ce qui est représenté; s’il a un but \
sexuel;
- **la production** : par qui, avec ou sans consentement, sous la contrainte ou non;
- **la diffusion** : jusqu’où le contenu est allé, avec ou sans consentement, publié en ligne ou \
non;
- **les indicateurs** : adulte impliqué, menaces ou extorsion, intention de nuire, profit, leurre, \
risque immédiat, parent impliqué.

La grille répond, avec ses raisons :

- la **qualification légale** (pornographie juvénile, diffusion d’images intimes, extorsion, \
leurre, voyeurisme);
- la **nature préliminaire** : malveillante ou impulsive;
- la **voie** : appeler la police immédiatement, procédure Sexto, ou suivi par l’école;
- l’obligation de **signaler à la DPJ**, ou de la consulter;
- les **actions obligatoires**.

Si vous décidez autrement que la grille, vous l’inscrivez au dossier avec votre justification.""",
        """\
The incident evaluation grid replaces looking: from what people **describe**, it says what the \
law makes of the situation and what must happen now.

You describe:

- **the people**: each one's age and role (shown, produced it, sent it, received it, passed it \
on, possesses it, asked for it);
- **the content**: photo, video, live stream, drawing, text; what it shows; whether it has a \
sexual purpose;
- **the production**: by whom, with or without consent, under pressure or not;
- **the distribution**: how far it went, with or without consent, posted online or not;
- **the indicators**: adult involved, threats or extortion, intent to harm, profit, grooming, \
immediate risk, parent involved.

The grid answers, with its reasons:

- the **legal qualification** (child pornography, sharing intimate images, extortion, luring, \
voyeurism);
- the **preliminary nature**: malicious or impulsive;
- the **route**: call the police immediately, the Sexto procedure, or a school follow-up;
- the duty to **report to youth protection (DPJ)**, or to consult it;
- the **mandatory actions**.

If you decide otherwise than the grid, you record it on the case with your justification.""",
    ),
    (
        "Malveillant ou impulsif : qui décide?",
        "Malicious or impulsive: who decides?",
        """\
La trousse distingue deux natures de sextage.

- **Impulsif** : un geste irréfléchi entre jeunes, sans intention de nuire ni contrainte — par \
exemple une photo envoyée à un partenaire puis montrée à quelques amis.
- **Malveillant** : il y a un adulte impliqué, de la contrainte, des menaces ou de l’extorsion, \
une intention de nuire ou d’humilier, un profit, du leurre, une production sans consentement, ou \
une diffusion large sans consentement.

**L’école ne tranche pas.** La nature qu’indique la grille est une lecture *préliminaire* : elle \
dit seulement à quelle vitesse appeler la police. Une situation qui semble malveillante : on \
appelle la police **immédiatement**.

La décision appartient aux **procureurs du DPCP**, consultés par la police, qui tiennent compte \
des circonstances, de la maturité des jeunes, de la nature de leurs gestes et de leurs intentions :

- **impulsif** → des **rencontres de sensibilisation SEXTO** avec les policiers : chaque jeune \
individuellement avec un parent ou tuteur, et la victime;
- **malveillant** → une **enquête criminelle**.

Le dossier consigne la décision reçue, les rencontres et leurs dates.""",
        """\
The kit tells two natures of sexting apart.

- **Impulsive**: a thoughtless act between young people, with no intent to harm and no pressure \
— for example a photo sent to a partner then shown to a few friends.
- **Malicious**: an adult is involved, or there is pressure, threats or extortion, an intent to \
harm or humiliate, profit, grooming, production without consent, or wide distribution without \
consent.

**The school does not decide.** The nature the grid shows is a *preliminary* reading: it only \
says how fast to call the police. A situation that looks malicious: call the police \
**immediately**.

The decision belongs to the **DPCP's prosecutors**, consulted by the police, who weigh the \
circumstances, the young people's maturity, the nature of their acts and their intentions:

- **impulsive** → **SEXTO awareness meetings** with police officers: each young person \
individually with a parent or guardian, and the victim;
- **malicious** → a **criminal investigation**.

The case records the determination received, the meetings and their dates.""",
    ),
    (
        "L’entente police–DPCP",
        "The police–DPCP agreement",
        """\
La trousse Sexto permet de traiter certains cas sans poursuite criminelle. C’est possible \
uniquement parce que le **corps de police** qui dessert le territoire a conclu une **entente** \
avec le **Directeur des poursuites criminelles et pénales (DPCP)** : elle fixe comment les \
policiers consultent les procureurs et quelles suites sont possibles.

Ce que cela veut dire pour vous :

- l’école n’utilise la trousse que si **son territoire** est couvert par une entente **en \
vigueur**; sinon, elle appelle directement la police, sans procédure Sexto;
- la référence va **au corps de police du territoire de l’école**, et seulement à lui;
- le badge Sexto n’est attribué qu’au personnel d’un territoire couvert par une entente;
- une entente peut prendre fin ou être suspendue : les badges déjà obtenus restent valides, mais \
les nouvelles soumissions de ce territoire s’arrêtent.

Avant de suivre la formation, vérifiez auprès de votre direction ou de votre service de police \
qu’une entente couvre votre école. Sexto l’indique sur la page de votre école.""",
        """\
The Sexto kit allows some cases to be handled without criminal prosecution. That is possible \
only because the **police force** serving the territory has an **agreement** with the \
**Director of Criminal and Penal Prosecutions (DPCP)**: it sets how officers consult the \
prosecutors and which outcomes are possible.

What it means for you:

- the school uses the kit only if **its territory** is covered by an agreement **in force**; \
otherwise it calls the police directly, without the Sexto procedure;
- the referral goes **to the police force of the school's territory**, and to it only;
- the Sexto badge is only awarded to staff in a territory covered by an agreement;
- an agreement may end or be suspended: badges already earned stay valid, but new submissions \
from that territory stop.

Before taking the training, check with your principal or your police force that an agreement \
covers your school. Sexto shows it on your school's page.""",
    ),
    (
        "Prendre soin de la victime",
        "Caring for the victim",
        """\
La personne représentée est d’abord une **victime**, même si elle a elle-même pris ou envoyé \
l’image. Votre premier geste est pour elle.

- **Rencontrez-la rapidement**, en privé, avec une personne en qui elle a confiance. \
Rassurez-la : elle n’est pas en trouble, l’école l’aide.
- **Ne jugez pas** : évitez « pourquoi as-tu envoyé ça? ». La honte fait taire et isole.
- **Vérifiez sa sécurité** : idées suicidaires, menaces, intimidation. Au moindre risque \
immédiat, agissez (services d’urgence, DPJ).
- **Faites cesser la diffusion** : rencontrez les élèves qui ont reçu ou rediffusé le contenu, \
saisissez les appareils, faites les demandes de retrait (plateformes, *Take It Down*, \
Cybertip.ca, AidezMoiSVP.ca).
- **Informez les parents** avec elle, sauf si la protection de la jeunesse en décide autrement.
- **Orientez-la** : CAVAC, intervenants de l’école, ressources de soutien.
- **Suivez-la** dans un plan de soutien : rencontres de suivi, adaptation scolaire au besoin.

Les autres jeunes impliqués ont aussi droit à un accompagnement : le but est éducatif et \
réparateur, pas de les humilier à leur tour.""",
        """\
The person shown is first a **victim**, even if they took or sent the image themselves. Your \
first act is for them.

- **Meet them quickly**, in private, with someone they trust. Reassure them: they are not in \
trouble, the school is helping.
- **Do not judge**: avoid "why did you send that?". Shame silences and isolates.
- **Check their safety**: suicidal thoughts, threats, bullying. At any immediate risk, act \
(emergency services, youth protection).
- **Stop the spread**: meet the students who received or passed on the content, seize the \
devices, file takedown requests (platforms, *Take It Down*, Cybertip.ca, NeedHelpNow.ca).
- **Inform the parents** together with them, unless youth protection decides otherwise.
- **Refer them**: CAVAC, the school's professionals, support services.
- **Follow up** in a support plan: follow-up meetings, school adjustments if needed.

The other young people involved are also entitled to support: the aim is educational and \
restorative, not to humiliate them in turn.""",
    ),
    (
        "La confidentialité",
        "Confidentiality",
        """\
Un cas de sextage touche à l’intimité de mineurs : il se traite dans la **discrétion la plus \
stricte**.

- **Besoin de savoir** : seule l’équipe du dossier (direction, répondants Sexto, professionnels \
invités et, une fois le cas référé, la police) y a accès. Les autres membres du personnel ne \
connaissent que l’état de leur propre signalement.
- **Pas de détails hors du dossier** : ni dans un courriel, ni au salon du personnel, ni dans un \
groupe de discussion. Les courriels de Sexto ne contiennent qu’un lien, jamais le contenu.
- **Pas de noms inutiles** : décrivez les faits, limitez les noms à ce que l’intervention exige.
- **Chaque consultation laisse une trace** : Sexto journalise qui a vu et fait quoi.
- **Les parents et les élèves** reçoivent l’information qui les concerne, pas celle des autres.
- **Conservation limitée** : le dossier est détruit à la fin de la période de conservation, \
selon la loi sur la protection des renseignements personnels.

Protéger la confidentialité, c’est aussi protéger la victime : chaque personne de plus qui sait \
est un risque de plus pour elle.""",
        """\
A sexting case touches minors' intimacy: it is handled with the **strictest discretion**.

- **Need to know**: only the case team (principal, Sexto coordinators, invited professionals and, \
once referred, the police) has access. Other staff only see the status of their own report.
- **No details outside the case**: not in an email, not in the staff room, not in a group chat. \
Sexto's emails carry a link only, never the content.
- **No needless names**: describe the facts; keep names to what the intervention requires.
- **Every read leaves a trace**: Sexto logs who saw and did what.
- **Parents and students** receive the information that concerns them, not others'.
- **Limited retention**: the case is destroyed at the end of its retention period, under Quebec's \
privacy law.

Protecting confidentiality also protects the victim: each extra person who knows is one more \
risk for them.""",
    ),
]

ARCHITECTE_DESCRIPTION_FR = """\
Par des activités interactives, trois cas fictifs de sextage vous sont présentés : vous les \
menez dans la trousse elle-même, en mode simulation, pour consolider vos apprentissages et \
valider vos interventions. Chaque simulation est notée; la note de passage est indiquée.
"""
ARCHITECTE_DESCRIPTION_EN = """\
Through interactive activities you are given three fictional sexting cases: you handle them in \
the kit itself, in simulation mode, to consolidate what you learned and validate your \
interventions. Each simulation is scored; the pass mark is shown.
"""

SHELLS = [
    ("virtuose", 3, "Virtuose", "Virtuose"),
    ("innovateur", 4, "Innovateur", "Innovateur"),
]

# The seed's member and her three answers, approved at 2024-03-14 16:43:05 (Montréal).
ASANTOS_ANSWERS = [
    """\
To intervene efficiently and systematically to avoid the dissemination of images.

I have learned that when a student reports a texting situation, as a Sexto Project Coordinator, \
I must use the Sexto Intervention Kit and immediately begin addressing the situation. I follow \
the steps of the intervention process.

I have learned that I should not consult the images. The description gathered using the \
incident evaluation grid is sufficient to determine if the images constitute child pornography. \
In the event of a suspected malicious act, I will contact the Police immediately, so they may \
continue with the process.""",
    """\
This training will render my future interventions more precise, methodological and more \
efficient. I will have a tool to use to guide my interventions. I will not be looking at images, \
instead I will be following the Sexto Response Kit procedures, and confiscating the device(s) to \
stop dissemination as fast as possible. Try to determine is it was a malicious or an impulsive \
act. Inform police.""",
    """\
Providing prompt care of the victim and other young people involved. Avoiding judgement and \
providing support.

Limiting the dissemination of the images to reduce harm by confiscating device(s).

Protect confidentiality.""",
]
