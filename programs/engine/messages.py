"""Applicant-facing explanations of criteria, categories and suggestions.

The templates are English msgids marked with `gettext_noop`: `makemessages` puts them in
`locale/<lang>/LC_MESSAGES/django.po` with the rest of the project, and `render` translates them
in the applicant's language through `i18n.py` (the engine has no Django settings), then fills them
with the applicant's own figures. Keys are stable; the result carries the rendered text.

The templates use `str.format` placeholders (`{actual}`), which xgettext flags
`python-brace-format`, so `msgfmt --check` verifies that each translation keeps them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from .i18n import LANGUAGES, gettext_noop, pgettext_lazy, translate
from .vocabulary import EducationLevel, QuebecDiploma


class Text:
    """An English msgid (marked with `gettext_noop` where it is written); `text[language]` is
    its translation. Indexed by language like the tables below, so a call site reads
    `GAIN[language]` whatever the language. The catalogues are read once, at import (i18n.py),
    so the translations are looked up here once too."""

    __slots__ = ("_by_language", "msgid")

    def __init__(self, msgid: str) -> None:
        self.msgid = msgid
        self._by_language = MappingProxyType(
            {language: translate(msgid, language) for language in LANGUAGES}
        )

    def __getitem__(self, language: str) -> str:
        return self._by_language[language]


class Names(Mapping[str, Mapping[str, str]]):
    """English names by code; `names[language]` is the table in that language: {code: name}.

    Both tables are built once, here: the catalogues do not change after import (i18n.py)."""

    def __init__(self, english: dict[str, str]) -> None:
        self.english = english
        self._by_language = MappingProxyType(
            {
                language: MappingProxyType(
                    {code: translate(name, language) for code, name in english.items()}
                )
                for language in LANGUAGES
            }
        )

    def __getitem__(self, language: str) -> Mapping[str, str]:
        return self._by_language[language]

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


MESSAGES: dict[str, str] = {
    "language.no_test": gettext_noop(
        "You have no valid {language} test result yet; this needs {scale} {level} in {abilities}."
    ),
    "language.low": gettext_noop("Your {scale} in {ability} is {actual}; this needs {level}."),
    "language.met": gettext_noop("Your {scale} levels ({levels}) meet the minimum of {level}."),
    "language_teer.no_experience": gettext_noop(
        "The level needed depends on the TEER of your skilled work in Canada ({levels}), and you have none yet; your lowest level is {actual}."
    ),
    "language_teer.met": gettext_noop(
        "Your lowest CLB is {actual}, enough for your Canadian experience in TEER {teers} (needs {level})."
    ),
    "language_teer.low": gettext_noop(
        "Your lowest CLB is {actual}; with your Canadian experience in TEER {teers} this needs {level}."
    ),
    "education.low": gettext_noop(
        "Your highest education is {actual}; this needs at least {required}."
    ),
    "education.no_eca": gettext_noop(
        "Your education ({actual}) is enough, but a foreign credential needs an Educational Credential Assessment (ECA): getting one is your next step."
    ),
    "education.met": gettext_noop("Your education ({actual}) meets the minimum ({required})."),
    "experience.met": gettext_noop(
        "You have {months} months of qualifying work {where} in the last {window} years; this needs {required}."
    ),
    "experience.low": gettext_noop(
        "You have {months} months of qualifying work {where} in the last {window} years; this needs {required}."
    ),
    "experience.not_continuous": gettext_noop(
        "You need {required} months of continuous work in one occupation {where} in the last {window} years; your work history does not show such a run."
    ),
    "offer.none": gettext_noop("This needs a job offer{where}; you have none."),
    "offer.province": gettext_noop("Your job offer is {actual}; this needs one {required}."),
    "offer.occupation": gettext_noop(
        "Your job offer (NOC {actual}) is not in the eligible occupations."
    ),
    "offer.teer": gettext_noop("Your job offer is in TEER {actual}; this needs TEER {required}."),
    "offer.full_time": gettext_noop(
        "Your job offer is not full time; this needs a full-time offer."
    ),
    "offer.duration": gettext_noop(
        "Your job offer lasts {actual} months; this needs at least {required}."
    ),
    "offer.lmia": gettext_noop("Your job offer needs a positive LMIA or an LMIA exemption."),
    "offer.met": gettext_noop("Your job offer (NOC {actual}) meets this requirement."),
    "age.low": gettext_noop("You are {actual}; this needs you to be at least {required}."),
    "age.high": gettext_noop("You are {actual}; this is open up to age {required}."),
    "age.met": gettext_noop("Your age ({actual}) is within the limits."),
    "funds.unknown": gettext_noop(
        "Tell us your settlement funds: a family of {family} needs ${required}."
    ),
    "funds.low": gettext_noop("You have ${actual}; a family of {family} needs ${required}."),
    "funds.met": gettext_noop("You have ${actual}; a family of {family} needs ${required}."),
    "funds.exempt": gettext_noop(
        "You are exempt from proof of funds: you work in Canada and have a valid job offer."
    ),
    "province.undecided_outside": gettext_noop(
        "You have not chosen a province yet, so we assessed you as not settling {required}. If you choose to live {required}, this program does not apply."
    ),
    "province.undecided_in": gettext_noop(
        "You have not chosen a province yet. If you intend to live {required}, this condition is met."
    ),
    "province.met": gettext_noop("You intend to live {actual}."),
    "province.not_in": gettext_noop(
        "You intend to live {actual}; this needs you to live {required}."
    ),
    "province.excluded": gettext_noop(
        "You intend to live {actual}; this program is for people settling {required}."
    ),
    "ee.met": gettext_noop("You qualify for Express Entry ({programs})."),
    "ee.unknown": gettext_noop(
        "You may qualify for Express Entry once the open points of {programs} are settled."
    ),
    "ee.not_met": gettext_noop(
        "This needs an eligible Express Entry profile ({programs}); you do not qualify yet."
    ),
    "crs.met": gettext_noop("Your CRS score is {actual}; the minimum is {required}."),
    "crs.low": gettext_noop("Your CRS score is {actual}; this needs at least {required}."),
    "fsw.met": gettext_noop(
        "You have {actual} of 100 points on the FSW grid; the pass mark is {required}."
    ),
    "fsw.low": gettext_noop(
        "You have {actual} of 100 points on the FSW grid; the pass mark is {required}."
    ),
    "flag.met": gettext_noop("Yes: {label}."),
    "flag.not_met": gettext_noop("Not yet: {label}."),
    "flag.unknown": gettext_noop("Tell us: {label}."),
    "diploma.met": gettext_noop("Your Quebec diploma meets the minimum ({required})."),
    "diploma.low": gettext_noop("This needs {required}."),
    "diploma.unknown": gettext_noop("Tell us about your Quebec diploma; this needs {required}."),
    "review": gettext_noop("A consultant needs to check this with you."),
    "any_of.met": "{detail}",  # only a placeholder: nothing to translate
    "any_of.not_met": gettext_noop("None of these is met: {detail}"),
    "status.paused": gettext_noop("This program is paused: {note}"),
    "status.closed": gettext_noop("This program is closed: {note}"),
    "category.not_ee": gettext_noop(
        "Category rounds invite only people eligible for Express Entry (FSW, CEC or FST); you are not yet."
    ),
    "category.french_met": gettext_noop(
        "Your French is NCLC {actual} or higher in all four abilities (needs {required})."
    ),
    "category.french_low": gettext_noop(
        "This needs NCLC {required} in all four French abilities; your lowest is {actual}."
    ),
    "category.french_none": gettext_noop(
        "This needs a French test (TEF Canada or TCF Canada) with NCLC {required} in all four abilities."
    ),
    "category.experience_met": gettext_noop(
        "You have {months} months of work in an eligible occupation{where} in the last {window} years (needs {required}{continuous})."
    ),
    "category.list_unsettled": gettext_noop(
        "We could not confirm whether your occupation is on this category's current list: it was on the list until 2025 and the new list has not been published in full. Ask an advisor before you count on it."
    ),
    "category.caf_offer_none": gettext_noop(
        "This category is for recruits of the Canadian Armed Forces: besides the work experience, you need a job offer from the Canadian Armed Forces, and you have none."
    ),
    "category.caf_offer_check": gettext_noop(
        "You have the work experience ({months} months), but this category also needs a job offer from the Canadian Armed Forces. We could not confirm that your job offer is from them: ask an advisor."
    ),
    "category.experience_low": gettext_noop(
        "This needs {required} months of work{continuous} in an eligible occupation{where} in the last {window} years; you have {months}."
    ),
    "expired_test:first": gettext_noop(
        "Your first language test is more than two years old and no longer counts."
    ),
    "expired_test:second": gettext_noop(
        "Your second language test is more than two years old and no longer counts."
    ),
    "expired_test:spouse": gettext_noop(
        "Your spouse's language test is more than two years old and no longer counts."
    ),
    "second_same_language": gettext_noop(
        "Your second test is in the same language as the first, so it earns no second-language points."
    ),
}
SUGGESTIONS: dict[str, Text] = {
    "first_language_clb9": Text(gettext_noop("CLB 9 in all four abilities of your first language")),
    "first_language_clb10": Text(
        gettext_noop("CLB 10 in all four abilities of your first language")
    ),
    "take_language_test": Text(
        gettext_noop("Take an English or French test and reach CLB 9 in all four abilities")
    ),
    "french_nclc7": Text(gettext_noop("NCLC 7 in French in all four abilities")),
    "provincial_nomination": Text(gettext_noop("A provincial nomination")),
    "canadian_year": Text(gettext_noop("One more year of skilled work in Canada")),
    "masters": Text(gettext_noop("A master's degree")),
    "eca": Text(gettext_noop("An Educational Credential Assessment (ECA) of your diploma")),
    "spouse_clb9": Text(gettext_noop("CLB 9 in all four abilities for your spouse or partner")),
    "funds": Text(gettext_noop("Settlement funds of ${amount}")),
}

# How an explanation names each ability, and where work was done, in a sentence.
ABILITY_NAMES = Names(
    {
        "listening": gettext_noop("listening"),
        "reading": gettext_noop("reading"),
        "writing": gettext_noop("writing"),
        "speaking": gettext_noop("speaking"),
    }
)
WHERE_NAMES = Names(
    {"canada": gettext_noop("in Canada"), "abroad": gettext_noop("outside Canada"), "any": ""}
)
# Education levels and Quebec diplomas as an explanation names them ("a master's degree").
EDUCATION_NAMES = Names(
    {
        **{level.value: level.phrase("en") for level in EducationLevel},
        **{diploma.value: diploma.phrase("en") for diploma in QuebecDiploma},
    }
)
# The yes/no facts of the profile a `profile_flag` criterion reads (`ProfileFlag.field`).
FLAG_LABELS = Names(
    {
        "certificate_of_qualification": gettext_noop(
            "a Canadian certificate of qualification in a trade"
        ),
        "provincial_nomination": gettext_noop("a provincial or territorial nomination"),
        "sibling_in_canada": gettext_noop("a brother or sister in Canada"),
        "relative_in_canada": gettext_noop("a close relative in Canada"),
        "quebec.intends_to_live_in_quebec": gettext_noop("you intend to live in Quebec"),
        "quebec.holds_quebec_job_offer": gettext_noop("a full-time job offer in Quebec"),
        "quebec.francization_agreement": gettext_noop(
            "you are willing to sign the Francization agreement"
        ),
    }
)
# The language a requirement asks for (`LanguageMin.language`), inside a sentence.
REQUIRED_LANGUAGE_NAMES: dict[str | None, str] = {
    "english": pgettext_lazy("language named in a sentence", "English"),
    "french": pgettext_lazy("language named in a sentence", "French"),
    None: pgettext_lazy("language named in a sentence", "English or French"),
}
CONTINUOUS = Text(pgettext_lazy("category experience", ", continuous"))
GAIN = Text(gettext_noop("+{points} points"))
OPENS = Text(gettext_noop("opens {names}"))
EFFECTS_JOINER = Text(pgettext_lazy("joins a suggestion's effects", " and "))
# A suggestion and what it brings ("A master's degree: +62 points"; French puts a space before ":").
SUGGESTION_LINE = Text(gettext_noop("{suggestion}: {effects}"))
# The level each TEER of Canadian work needs ("TEER 0: 7"; TEER is FEER in French).
TEER_LEVEL = Text(gettext_noop("TEER {teer}: {level}"))


# MESSAGES in each language, translated once: the catalogues do not change after import.
TRANSLATED = MappingProxyType(
    {
        language: MappingProxyType(
            {key: translate(template, language) for key, template in MESSAGES.items()}
        )
        for language in LANGUAGES
    }
)


def fill(template: str, values: Mapping[str, object]) -> str:
    """A translated template filled with `values`."""
    # An empty placeholder (e.g. {where} for "anywhere") must not leave a double space.
    return template.format_map(values).replace("  ", " ")


def render(key: str, language: str, /, **values: object) -> str:
    """The message `key` in `language`, filled with `values`."""
    return fill(TRANSLATED[language][key], values)


def required_language_name(required: str | None, language: str) -> str:
    """'English', 'French' or 'English or French' (any_official, first), inside a sentence."""
    return translate(REQUIRED_LANGUAGE_NAMES.get(required, REQUIRED_LANGUAGE_NAMES[None]), language)
