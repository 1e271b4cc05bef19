"""The contract's vocabularies, each defined once: provinces, language tests, education levels,
Quebec diplomas, Canadian education and marital statuses.

Each is a `StrEnum` whose values are the codes of the JSON contract (programs/contracts/): they
are stored in the database and sent by API clients, so they never change. Each member carries its
English texts, marked with `gettext_noop` so that `makemessages` puts them in the project's
catalogue; `label_in(language)` (and the other text methods) translate them through `i18n.py`.

Everything else imports from here: the engine and its pydantic models (`profile.py`,
`criteria_params.py`, `grids.py`), the Django models' choices (`programs.models.Jurisdiction`),
the wizard's choices (`assessments/wizard/choices.py`) and the admin. Django code gets labels and
choices from `programs/choices.py`, which wraps the English text in `gettext_lazy` so that forms and
the admin translate it per request.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from .i18n import gettext_noop, translate


class Term(StrEnum):
    """A code with its English texts (msgids); the first text is its label."""

    _texts: tuple[str, ...]

    def __new__(cls, value: str, *texts: Any) -> Term:
        member = str.__new__(cls, value)
        member._value_ = value
        member._texts = texts
        return member

    @classmethod
    def find(cls, code: object) -> Any:
        """The member whose code is `code`, or None (`code in Enum` raises on 3.11)."""
        return cls._value2member_map_.get(code)  # type: ignore[arg-type]

    @property
    def english(self) -> str:
        """The English label: the msgid a Django `gettext_lazy` translates."""
        return self._texts[0]

    def label_in(self, language: str) -> str:
        """The label as a person reads it in a list of choices, in `language`.

        (Not `label`: Django's choices have a `label` attribute, translated per request; the
        Django side gets that from `programs.choices.label`.)
        """
        return translate(self.english, language)


def codes(vocabulary: type[StrEnum]) -> tuple[str, ...]:
    """The codes of a vocabulary, in order, as plain strings."""
    return tuple(member.value for member in vocabulary)


def literal(vocabulary: type[StrEnum]) -> Any:
    """`Literal[...]` of the codes: the pydantic type of a field that takes them.

    The profile keeps Literal types (not the enum) so that its JSON schema, its error messages and
    the values it hands to the engine stay exactly those of the published contract.
    """
    return Literal[codes(vocabulary)]  # type: ignore[valid-type]


class Province(Term):
    """A province or territory: its name, and how a sentence says 'in' and 'outside' it
    (French needs the preposition that goes with each name: "en Ontario", "au Québec")."""

    AB = "AB", gettext_noop("Alberta"), gettext_noop("in Alberta"), gettext_noop("outside Alberta")
    BC = (
        "BC",
        gettext_noop("British Columbia"),
        gettext_noop("in British Columbia"),
        gettext_noop("outside British Columbia"),
    )
    MB = (
        "MB",
        gettext_noop("Manitoba"),
        gettext_noop("in Manitoba"),
        gettext_noop("outside Manitoba"),
    )
    NB = (
        "NB",
        gettext_noop("New Brunswick"),
        gettext_noop("in New Brunswick"),
        gettext_noop("outside New Brunswick"),
    )
    NL = (
        "NL",
        gettext_noop("Newfoundland and Labrador"),
        gettext_noop("in Newfoundland and Labrador"),
        gettext_noop("outside Newfoundland and Labrador"),
    )
    NS = (
        "NS",
        gettext_noop("Nova Scotia"),
        gettext_noop("in Nova Scotia"),
        gettext_noop("outside Nova Scotia"),
    )
    NT = (
        "NT",
        gettext_noop("Northwest Territories"),
        gettext_noop("in the Northwest Territories"),
        gettext_noop("outside the Northwest Territories"),
    )
    NU = "NU", gettext_noop("Nunavut"), gettext_noop("in Nunavut"), gettext_noop("outside Nunavut")
    ON = "ON", gettext_noop("Ontario"), gettext_noop("in Ontario"), gettext_noop("outside Ontario")
    PE = (
        "PE",
        gettext_noop("Prince Edward Island"),
        gettext_noop("in Prince Edward Island"),
        gettext_noop("outside Prince Edward Island"),
    )
    QC = "QC", gettext_noop("Quebec"), gettext_noop("in Quebec"), gettext_noop("outside Quebec")
    SK = (
        "SK",
        gettext_noop("Saskatchewan"),
        gettext_noop("in Saskatchewan"),
        gettext_noop("outside Saskatchewan"),
    )
    YT = "YT", gettext_noop("Yukon"), gettext_noop("in Yukon"), gettext_noop("outside Yukon")

    def within(self, language: str) -> str:
        """'in Ontario' / 'en Ontario'."""
        return translate(self._texts[1], language)

    def outside(self, language: str) -> str:
        """'outside Quebec' / 'hors du Québec'."""
        return translate(self._texts[2], language)


class LanguageTest(Term):
    """A language test (or 'I know my levels'): its label in the wizard, its name in an error
    message, its short name on a chart, the official language it tests and whether its scores
    are converted to levels by a `clb_<test>` grid (CLB and NCLC are levels already)."""

    IELTS_GENERAL = (
        "ielts_general",
        gettext_noop("IELTS General Training (English)"),
        "IELTS General Training",
        "IELTS",
        "en",
        True,
    )
    CELPIP_GENERAL = (
        "celpip_general",
        gettext_noop("CELPIP-General (English)"),
        "CELPIP-General",
        "CELPIP",
        "en",
        True,
    )
    PTE_CORE = "pte_core", gettext_noop("PTE Core (English)"), "PTE Core", "PTE Core", "en", True
    TEF_CANADA = (
        "tef_canada",
        gettext_noop("TEF Canada (French)"),
        "TEF Canada",
        "TEF Canada",
        "fr",
        True,
    )
    TCF_CANADA = (
        "tcf_canada",
        gettext_noop("TCF Canada (French)"),
        "TCF Canada",
        "TCF Canada",
        "fr",
        True,
    )
    CLB = "clb", gettext_noop("I know my CLB levels (English)"), "CLB", "CLB", "en", False
    NCLC = "nclc", gettext_noop("I know my NCLC levels (French)"), "NCLC", "NCLC", "fr", False

    @property
    def brand(self) -> str:
        """The test's own name ("IELTS General Training"), the same in every language."""
        return self._texts[1]

    @property
    def short_name(self) -> str:
        """A short name for tight spaces ("IELTS")."""
        return self._texts[2]

    @property
    def language(self) -> str:
        """The official language it tests: "en" or "fr"."""
        return self._texts[3]

    @property
    def converted(self) -> bool:
        """Whether a `clb_<test>` grid converts its scores to CLB / NCLC levels."""
        return self._texts[4]


ENGLISH_TESTS = frozenset(test for test in LanguageTest if test.language == "en")
FRENCH_TESTS = frozenset(test for test in LanguageTest if test.language == "fr")
CONVERTED_TESTS = tuple(test for test in LanguageTest if test.converted)


class EducationLevel(Term):
    """The highest level of education, lowest first (the order counts: it ranks them).

    Its label is the wizard's question; `phrase` is how an explanation names it in a sentence.
    """

    NONE = (
        "none",
        gettext_noop("Less than secondary (high) school"),
        gettext_noop("less than secondary school"),
    )
    SECONDARY = (
        "secondary",
        gettext_noop("Secondary (high) school diploma"),
        gettext_noop("a secondary school diploma"),
    )
    ONE_YEAR = (
        "one_year",
        gettext_noop("One-year program at a university, college, trade school or institute"),
        gettext_noop("a one-year post-secondary credential"),
    )
    TWO_YEAR = (
        "two_year",
        gettext_noop("Two-year program at a university, college, trade school or institute"),
        gettext_noop("a two-year post-secondary credential"),
    )
    BACHELORS = (
        "bachelors",
        gettext_noop("Bachelor's degree, or a program of three years or more"),
        gettext_noop("a bachelor's degree (or a 3-year+ program)"),
    )
    TWO_OR_MORE = (
        "two_or_more",
        gettext_noop("Two or more credentials, one of them a program of three years or more"),
        gettext_noop("two or more post-secondary credentials"),
    )
    MASTERS = (
        "masters",
        gettext_noop("Master's degree, or a professional degree (medicine, law, dentistry...)"),
        gettext_noop("a master's or professional degree"),
    )
    DOCTORAL = (
        "doctoral",
        gettext_noop("Doctoral degree (PhD)"),
        gettext_noop("a doctorate (PhD)"),
    )

    def phrase(self, language: str) -> str:
        """'a master's or professional degree' / 'une maîtrise ou un diplôme professionnel'."""
        return translate(self._texts[1], language)


class QuebecDiploma(Term):
    """The highest Quebec diploma (Quebec's programs), lowest first."""

    NONE = (
        "none",
        gettext_noop("No Quebec diploma"),
        gettext_noop("less than secondary school"),
    )
    DEP_OR_DEC = (
        "dep_or_dec",
        gettext_noop("A Quebec vocational (DEP) or college (DEC) diploma"),
        gettext_noop("a Quebec DEP or DEC"),
    )
    BACHELORS_OR_HIGHER = (
        "bachelors_or_higher",
        gettext_noop("A Quebec bachelor's degree or higher"),
        gettext_noop("a Quebec bachelor's degree or higher"),
    )

    def phrase(self, language: str) -> str:
        """How an explanation names it in a sentence."""
        return translate(self._texts[1], language)


class CanadianEducation(Term):
    """A Canadian post-secondary credential, for the CRS's Canadian-study points."""

    NONE = "none", gettext_noop("No Canadian post-secondary credential")
    ONE_OR_TWO_YEAR = "one_or_two_year", gettext_noop("A Canadian credential of one or two years")
    THREE_YEAR_OR_MORE = (
        "three_year_or_more",
        gettext_noop("A Canadian credential of three years or more"),
    )


class MaritalStatus(Term):
    """Marital status as IRCC asks it; married and common-law applicants may have a spouse."""

    NEVER_MARRIED = "never_married", gettext_noop("Never married / single")
    MARRIED = "married", gettext_noop("Married")
    COMMON_LAW = "common_law", gettext_noop("Common-law partner")
    SEPARATED = "separated", gettext_noop("Legally separated")
    DIVORCED = "divorced", gettext_noop("Divorced")
    WIDOWED = "widowed", gettext_noop("Widowed")
    ANNULLED = "annulled", gettext_noop("Annulled marriage")


WITH_SPOUSE = frozenset({MaritalStatus.MARRIED, MaritalStatus.COMMON_LAW})
