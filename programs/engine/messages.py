"""Applicant-facing explanations of criteria, categories and suggestions, in English and French.

Kept as data next to the engine (which has no Django settings, so no gettext) and filled with
the applicant's own figures. Keys are stable; the result carries the rendered text.
"""

from __future__ import annotations

ABILITY_NAMES = {
    "en": {
        "listening": "listening",
        "reading": "reading",
        "writing": "writing",
        "speaking": "speaking",
    },
    "fr": {
        "listening": "compréhension de l'oral",
        "reading": "compréhension de l'écrit",
        "writing": "expression écrite",
        "speaking": "expression orale",
    },
}
EDUCATION_NAMES = {
    "en": {
        "none": "less than secondary school",
        "secondary": "a secondary school diploma",
        "one_year": "a one-year post-secondary credential",
        "two_year": "a two-year post-secondary credential",
        "bachelors": "a bachelor's degree (or a 3-year+ program)",
        "two_or_more": "two or more post-secondary credentials",
        "masters": "a master's or professional degree",
        "doctoral": "a doctorate (PhD)",
        "dep_or_dec": "a Quebec DEP or DEC",
        "bachelors_or_higher": "a Quebec bachelor's degree or higher",
    },
    "fr": {
        "none": "moins qu'un diplôme d'études secondaires",
        "secondary": "un diplôme d'études secondaires",
        "one_year": "un diplôme postsecondaire d'un an",
        "two_year": "un diplôme postsecondaire de deux ans",
        "bachelors": "un baccalauréat (ou un programme de 3 ans ou plus)",
        "two_or_more": "au moins deux diplômes postsecondaires",
        "masters": "une maîtrise ou un diplôme professionnel",
        "doctoral": "un doctorat (Ph. D.)",
        "dep_or_dec": "un DEP ou un DEC du Québec",
        "bachelors_or_higher": "un baccalauréat québécois ou plus",
    },
}
WHERE_NAMES = {
    "en": {"canada": "in Canada", "abroad": "outside Canada", "any": ""},
    "fr": {"canada": "au Canada", "abroad": "hors du Canada", "any": ""},
}

MESSAGES: dict[str, dict[str, str]] = {
    "language.no_test": {
        "en": "You have no valid {language} test result yet; this needs {scale} {level} in {abilities}.",
        "fr": "Vous n'avez pas encore de résultat de test valide en {language}; il faut {scale} {level} en {abilities}.",
    },
    "language.low": {
        "en": "Your {scale} in {ability} is {actual}; this needs {level}.",
        "fr": "Votre {scale} en {ability} est de {actual}; il faut {level}.",
    },
    "language.met": {
        "en": "Your {scale} levels ({levels}) meet the minimum of {level}.",
        "fr": "Vos niveaux {scale} ({levels}) atteignent le minimum de {level}.",
    },
    "language_teer.no_experience": {
        "en": "The level needed depends on the TEER of your skilled work in Canada ({levels}), and you have none yet; your lowest level is {actual}.",
        "fr": "Le niveau exigé dépend de la catégorie FEER de votre travail qualifié au Canada ({levels}), et vous n'en avez pas encore; votre niveau le plus bas est {actual}.",
    },
    "language_teer.met": {
        "en": "Your lowest CLB is {actual}, enough for your Canadian experience in TEER {teers} (needs {level}).",
        "fr": "Votre NCLC le plus bas est {actual}, suffisant pour votre expérience canadienne de FEER {teers} (il faut {level}).",
    },
    "language_teer.low": {
        "en": "Your lowest CLB is {actual}; with your Canadian experience in TEER {teers} this needs {level}.",
        "fr": "Votre NCLC le plus bas est {actual}; pour votre expérience canadienne de FEER {teers}, il faut {level}.",
    },
    "education.low": {
        "en": "Your highest education is {actual}; this needs at least {required}.",
        "fr": "Votre plus haut diplôme est {actual}; il faut au moins {required}.",
    },
    "education.no_eca": {
        "en": "Your education ({actual}) is enough, but a foreign credential needs an Educational Credential Assessment (ECA): getting one is your next step.",
        "fr": "Votre diplôme ({actual}) suffit, mais un diplôme étranger doit être évalué (EDE) : c'est votre prochaine étape.",
    },
    "education.met": {
        "en": "Your education ({actual}) meets the minimum ({required}).",
        "fr": "Votre scolarité ({actual}) atteint le minimum ({required}).",
    },
    "experience.met": {
        "en": "You have {months} months of qualifying work {where} in the last {window} years; this needs {required}.",
        "fr": "Vous avez {months} mois de travail admissible {where} au cours des {window} dernières années; il en faut {required}.",
    },
    "experience.low": {
        "en": "You have {months} months of qualifying work {where} in the last {window} years; this needs {required}.",
        "fr": "Vous avez {months} mois de travail admissible {where} au cours des {window} dernières années; il en faut {required}.",
    },
    "experience.not_continuous": {
        "en": "You need {required} months of continuous work in one occupation {where} in the last {window} years; your work history does not show such a run.",
        "fr": "Il faut {required} mois de travail continu dans une même profession {where} au cours des {window} dernières années; votre parcours n'en montre pas.",
    },
    "offer.none": {
        "en": "This needs a job offer{where}; you have none.",
        "fr": "Il faut une offre d'emploi{where}; vous n'en avez pas.",
    },
    "offer.province": {
        "en": "Your job offer is {actual}; this needs one {required}.",
        "fr": "Votre offre d'emploi est {actual}; il en faut une {required}.",
    },
    "offer.occupation": {
        "en": "Your job offer (NOC {actual}) is not in the eligible occupations.",
        "fr": "Votre offre d'emploi (CNP {actual}) ne fait pas partie des professions admissibles.",
    },
    "offer.teer": {
        "en": "Your job offer is in TEER {actual}; this needs TEER {required}.",
        "fr": "Votre offre d'emploi est de FEER {actual}; il faut FEER {required}.",
    },
    "offer.full_time": {
        "en": "Your job offer is not full time; this needs a full-time offer.",
        "fr": "Votre offre d'emploi n'est pas à temps plein; il en faut une à temps plein.",
    },
    "offer.duration": {
        "en": "Your job offer lasts {actual} months; this needs at least {required}.",
        "fr": "Votre offre d'emploi dure {actual} mois; il en faut au moins {required}.",
    },
    "offer.lmia": {
        "en": "Your job offer needs a positive LMIA or an LMIA exemption.",
        "fr": "Votre offre d'emploi doit être appuyée par une EIMT favorable ou en être dispensée.",
    },
    "offer.met": {
        "en": "Your job offer (NOC {actual}) meets this requirement.",
        "fr": "Votre offre d'emploi (CNP {actual}) répond à cette exigence.",
    },
    "age.low": {
        "en": "You are {actual}; this needs you to be at least {required}.",
        "fr": "Vous avez {actual} ans; il faut avoir au moins {required} ans.",
    },
    "age.high": {
        "en": "You are {actual}; this is open up to age {required}.",
        "fr": "Vous avez {actual} ans; ce programme est ouvert jusqu'à {required} ans.",
    },
    "age.met": {
        "en": "Your age ({actual}) is within the limits.",
        "fr": "Votre âge ({actual} ans) respecte les limites.",
    },
    "funds.unknown": {
        "en": "Tell us your settlement funds: a family of {family} needs ${required}.",
        "fr": "Indiquez vos fonds d'établissement : une famille de {family} personne(s) doit avoir {required} $.",
    },
    "funds.low": {
        "en": "You have ${actual}; a family of {family} needs ${required}.",
        "fr": "Vous avez {actual} $; une famille de {family} personne(s) doit avoir {required} $.",
    },
    "funds.met": {
        "en": "You have ${actual}; a family of {family} needs ${required}.",
        "fr": "Vous avez {actual} $; une famille de {family} personne(s) doit avoir {required} $.",
    },
    "funds.exempt": {
        "en": "You are exempt from proof of funds: you work in Canada and have a valid job offer.",
        "fr": "Vous êtes dispensé de la preuve de fonds : vous travaillez au Canada et avez une offre d'emploi valide.",
    },
    "province.undecided_outside": {
        "en": "You have not chosen a province yet, so we assessed you as not settling {required}. If you choose to live {required}, this program does not apply.",
        "fr": "Vous n'avez pas encore choisi de province : nous vous avons évalué comme ne vous établissant pas {required}. Si vous choisissez de vivre {required}, ce programme ne s'applique pas.",
    },
    "province.undecided_in": {
        "en": "You have not chosen a province yet. If you intend to live {required}, this condition is met.",
        "fr": "Vous n'avez pas encore choisi de province. Si vous comptez vivre {required}, cette condition est remplie.",
    },
    "province.met": {
        "en": "You intend to live {actual}.",
        "fr": "Vous comptez vivre {actual}.",
    },
    "province.not_in": {
        "en": "You intend to live {actual}; this needs you to live {required}.",
        "fr": "Vous comptez vivre {actual}; il faut vivre {required}.",
    },
    "province.excluded": {
        "en": "You intend to live {actual}; this program is for people settling {required}.",
        "fr": "Vous comptez vivre {actual}; ce programme vise les personnes qui s'établissent {required}.",
    },
    "ee.met": {
        "en": "You qualify for Express Entry ({programs}).",
        "fr": "Vous êtes admissible à Entrée express ({programs}).",
    },
    "ee.unknown": {
        "en": "You may qualify for Express Entry once the open points of {programs} are settled.",
        "fr": "Vous pourriez être admissible à Entrée express une fois réglés les points en suspens de {programs}.",
    },
    "ee.not_met": {
        "en": "This needs an eligible Express Entry profile ({programs}); you do not qualify yet.",
        "fr": "Il faut un profil Entrée express admissible ({programs}); vous n'êtes pas encore admissible.",
    },
    "crs.met": {
        "en": "Your CRS score is {actual}; the minimum is {required}.",
        "fr": "Votre score SCG est de {actual}; le minimum est de {required}.",
    },
    "crs.low": {
        "en": "Your CRS score is {actual}; this needs at least {required}.",
        "fr": "Votre score SCG est de {actual}; il faut au moins {required}.",
    },
    "fsw.met": {
        "en": "You have {actual} of 100 points on the FSW grid; the pass mark is {required}.",
        "fr": "Vous avez {actual} points sur 100 à la grille des TQF; la note de passage est de {required}.",
    },
    "fsw.low": {
        "en": "You have {actual} of 100 points on the FSW grid; the pass mark is {required}.",
        "fr": "Vous avez {actual} points sur 100 à la grille des TQF; la note de passage est de {required}.",
    },
    "flag.met": {"en": "Yes: {label}.", "fr": "Oui : {label}."},
    "flag.not_met": {"en": "Not yet: {label}.", "fr": "Pas encore : {label}."},
    "flag.unknown": {"en": "Tell us: {label}.", "fr": "Précisez : {label}."},
    "diploma.met": {
        "en": "Your Quebec diploma meets the minimum ({required}).",
        "fr": "Votre diplôme québécois atteint le minimum ({required}).",
    },
    "diploma.low": {
        "en": "This needs {required}.",
        "fr": "Il faut {required}.",
    },
    "diploma.unknown": {
        "en": "Tell us about your Quebec diploma; this needs {required}.",
        "fr": "Précisez votre diplôme québécois; il faut {required}.",
    },
    "review": {
        "en": "A consultant needs to check this with you.",
        "fr": "Un conseiller doit vérifier ce point avec vous.",
    },
    "any_of.met": {"en": "{detail}", "fr": "{detail}"},
    "any_of.not_met": {
        "en": "None of these is met: {detail}",
        "fr": "Aucune de ces conditions n'est remplie : {detail}",
    },
    "status.paused": {
        "en": "This program is paused: {note}",
        "fr": "Ce programme est suspendu : {note}",
    },
    "status.closed": {
        "en": "This program is closed: {note}",
        "fr": "Ce programme est fermé : {note}",
    },
    "category.not_ee": {
        "en": "Category rounds invite only people eligible for Express Entry (FSW, CEC or FST); you are not yet.",
        "fr": "Les rondes par catégorie invitent seulement les personnes admissibles à Entrée express (TQF, CEC ou TMF); vous ne l'êtes pas encore.",
    },
    "category.french_met": {
        "en": "Your French is NCLC {actual} or higher in all four abilities (needs {required}).",
        "fr": "Votre français atteint NCLC {actual} ou plus dans les quatre compétences (il faut {required}).",
    },
    "category.french_low": {
        "en": "This needs NCLC {required} in all four French abilities; your lowest is {actual}.",
        "fr": "Il faut NCLC {required} dans les quatre compétences en français; votre plus bas est {actual}.",
    },
    "category.french_none": {
        "en": "This needs a French test (TEF Canada or TCF Canada) with NCLC {required} in all four abilities.",
        "fr": "Il faut un test de français (TEF Canada ou TCF Canada) avec NCLC {required} dans les quatre compétences.",
    },
    "category.experience_met": {
        "en": "You have {months} months of work in an eligible occupation{where} in the last {window} years (needs {required}{continuous}).",
        "fr": "Vous avez {months} mois de travail dans une profession admissible{where} au cours des {window} dernières années (il en faut {required}{continuous}).",
    },
    "category.list_unsettled": {
        "en": "We could not confirm whether your occupation is on this category's current list: it was on the list until 2025 and the new list has not been published in full. Ask an advisor before you count on it.",
        "fr": "Nous n'avons pas pu confirmer si votre profession figure sur la liste actuelle de cette catégorie : elle y figurait jusqu'en 2025 et la nouvelle liste n'a pas été publiée en entier. Demandez conseil avant d'y compter.",
    },
    "category.caf_offer_none": {
        "en": "This category is for recruits of the Canadian Armed Forces: besides the work experience, you need a job offer from the Canadian Armed Forces, and you have none.",
        "fr": "Cette catégorie vise les recrues des Forces armées canadiennes : en plus de l'expérience de travail, il faut une offre d'emploi des Forces armées canadiennes, et vous n'en avez pas.",
    },
    "category.caf_offer_check": {
        "en": "You have the work experience ({months} months), but this category also needs a job offer from the Canadian Armed Forces. We could not confirm that your job offer is from them: ask an advisor.",
        "fr": "Vous avez l'expérience de travail ({months} mois), mais cette catégorie exige aussi une offre d'emploi des Forces armées canadiennes. Nous n'avons pas pu confirmer que votre offre vient d'elles : demandez conseil.",
    },
    "category.experience_low": {
        "en": "This needs {required} months of work{continuous} in an eligible occupation{where} in the last {window} years; you have {months}.",
        "fr": "Il faut {required} mois de travail{continuous} dans une profession admissible{where} au cours des {window} dernières années; vous en avez {months}.",
    },
    "expired_test:first": {
        "en": "Your first language test is more than two years old and no longer counts.",
        "fr": "Votre premier test de langue date de plus de deux ans et ne compte plus.",
    },
    "expired_test:second": {
        "en": "Your second language test is more than two years old and no longer counts.",
        "fr": "Votre second test de langue date de plus de deux ans et ne compte plus.",
    },
    "expired_test:spouse": {
        "en": "Your spouse's language test is more than two years old and no longer counts.",
        "fr": "Le test de langue de votre conjoint date de plus de deux ans et ne compte plus.",
    },
    "second_same_language": {
        "en": "Your second test is in the same language as the first, so it earns no second-language points.",
        "fr": "Votre second test est dans la même langue que le premier : il ne donne pas de points de seconde langue.",
    },
}


def render(key: str, language: str, /, **values: object) -> str:
    templates = MESSAGES[key]
    # An empty placeholder (e.g. {where} for "anywhere") must not leave a double space.
    return templates.get(language, templates["en"]).format(**values).replace("  ", " ")


SUGGESTIONS: dict[str, dict[str, str]] = {
    "first_language_clb9": {
        "en": "CLB 9 in all four abilities of your first language",
        "fr": "NCLC 9 dans les quatre compétences de votre première langue",
    },
    "first_language_clb10": {
        "en": "CLB 10 in all four abilities of your first language",
        "fr": "NCLC 10 dans les quatre compétences de votre première langue",
    },
    "take_language_test": {
        "en": "Take an English or French test and reach CLB 9 in all four abilities",
        "fr": "Passer un test d'anglais ou de français et atteindre NCLC 9 dans les quatre compétences",
    },
    "french_nclc7": {
        "en": "NCLC 7 in French in all four abilities",
        "fr": "NCLC 7 en français dans les quatre compétences",
    },
    "provincial_nomination": {
        "en": "A provincial nomination",
        "fr": "Une désignation provinciale",
    },
    "canadian_year": {
        "en": "One more year of skilled work in Canada",
        "fr": "Une année de plus de travail qualifié au Canada",
    },
    "masters": {
        "en": "A master's degree",
        "fr": "Une maîtrise",
    },
    "eca": {
        "en": "An Educational Credential Assessment (ECA) of your diploma",
        "fr": "Une évaluation des diplômes d'études (EDE) de votre diplôme",
    },
    "spouse_clb9": {
        "en": "CLB 9 in all four abilities for your spouse or partner",
        "fr": "NCLC 9 dans les quatre compétences pour votre conjoint ou partenaire",
    },
    "funds": {
        "en": "Settlement funds of ${amount}",
        "fr": "Des fonds d'établissement de {amount} $",
    },
}
GAIN = {"en": "+{points} points", "fr": "+{points} points"}
OPENS = {"en": "opens {names}", "fr": "ouvre {names}"}
