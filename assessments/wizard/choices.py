"""Choices the wizard offers, in the contract's values, with plain-language labels.

The vocabularies (provinces, tests, education, marital status...) are defined once, with their
English labels, in `programs/engine/vocabulary.py`; `programs.choices` makes them Django choices.
"""

from django.utils.translation import gettext_lazy as _

from programs.choices import choices
from programs.engine import vocabulary as v

YES_NO = [("yes", _("Yes")), ("no", _("No"))]

MARITAL_STATUS = choices(v.MaritalStatus)
WITH_SPOUSE = v.WITH_SPOUSE

PROVINCES = choices(v.Province)

# The countries most applicants come from; "other" keeps the list short on a phone.
COUNTRIES = [
    ("CA", _("Canada")),
    ("US", _("United States")),
    ("IN", _("India")),
    ("CN", _("China")),
    ("PH", _("Philippines")),
    ("NG", _("Nigeria")),
    ("PK", _("Pakistan")),
    ("IR", _("Iran")),
    ("BR", _("Brazil")),
    ("MX", _("Mexico")),
    ("CO", _("Colombia")),
    ("FR", _("France")),
    ("BE", _("Belgium")),
    ("CH", _("Switzerland")),
    ("MA", _("Morocco")),
    ("DZ", _("Algeria")),
    ("TN", _("Tunisia")),
    ("CM", _("Cameroon")),
    ("CI", _("Côte d'Ivoire")),
    ("SN", _("Senegal")),
    ("HT", _("Haiti")),
    ("LB", _("Lebanon")),
    ("EG", _("Egypt")),
    ("GB", _("United Kingdom")),
    ("IE", _("Ireland")),
    ("DE", _("Germany")),
    ("ES", _("Spain")),
    ("IT", _("Italy")),
    ("PT", _("Portugal")),
    ("UA", _("Ukraine")),
    ("RU", _("Russia")),
    ("TR", _("Türkiye")),
    ("AE", _("United Arab Emirates")),
    ("SA", _("Saudi Arabia")),
    ("BD", _("Bangladesh")),
    ("LK", _("Sri Lanka")),
    ("NP", _("Nepal")),
    ("VN", _("Vietnam")),
    ("KR", _("South Korea")),
    ("JP", _("Japan")),
    ("AU", _("Australia")),
    ("NZ", _("New Zealand")),
    ("ZA", _("South Africa")),
    ("KE", _("Kenya")),
    ("GH", _("Ghana")),
    ("ET", _("Ethiopia")),
    ("AR", _("Argentina")),
    ("CL", _("Chile")),
    ("PE", _("Peru")),
    ("VE", _("Venezuela")),
]

EDUCATION_LEVELS = choices(v.EducationLevel)
CANADIAN_EDUCATION = choices(v.CanadianEducation)
LANGUAGE_TESTS = choices(v.LanguageTest)
ENGLISH_TESTS = v.ENGLISH_TESTS

# What each test's scale is, said once, for hints and errors (the checks are the engine's).
SCALES = {
    v.LanguageTest.IELTS_GENERAL: _("IELTS scores go from 0 to 9 in half bands (6.5, 7, 7.5...)."),
    v.LanguageTest.CELPIP_GENERAL: _("CELPIP-General levels are whole numbers from 1 to 12."),
    v.LanguageTest.PTE_CORE: _("PTE Core scores are whole numbers from 10 to 90."),
    v.LanguageTest.TEF_CANADA: _("TEF Canada scores are whole numbers from 0 to 699."),
    v.LanguageTest.TCF_CANADA: _(
        "TCF Canada: listening and reading from 0 to 699, writing and speaking from 0 to 20, "
        "whole numbers."
    ),
    v.LanguageTest.CLB: _("CLB levels are whole numbers from 0 to 12."),
    v.LanguageTest.NCLC: _("NCLC levels are whole numbers from 0 to 12."),
}

QUEBEC_DIPLOMA = choices(v.QuebecDiploma)

PREFERRED_LANGUAGE = [("en", _("English")), ("fr", _("French"))]
