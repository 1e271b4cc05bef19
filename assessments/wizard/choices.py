"""Choices the wizard offers, in the contract's values, with plain-language labels."""

from django.utils.translation import gettext_lazy as _

YES_NO = [("yes", _("Yes")), ("no", _("No"))]

MARITAL_STATUS = [
    ("never_married", _("Never married / single")),
    ("married", _("Married")),
    ("common_law", _("Common-law partner")),
    ("separated", _("Legally separated")),
    ("divorced", _("Divorced")),
    ("widowed", _("Widowed")),
    ("annulled", _("Annulled marriage")),
]
WITH_SPOUSE = frozenset({"married", "common_law"})

PROVINCES = [
    ("AB", _("Alberta")),
    ("BC", _("British Columbia")),
    ("MB", _("Manitoba")),
    ("NB", _("New Brunswick")),
    ("NL", _("Newfoundland and Labrador")),
    ("NS", _("Nova Scotia")),
    ("NT", _("Northwest Territories")),
    ("NU", _("Nunavut")),
    ("ON", _("Ontario")),
    ("PE", _("Prince Edward Island")),
    ("QC", _("Quebec")),
    ("SK", _("Saskatchewan")),
    ("YT", _("Yukon")),
]

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

EDUCATION_LEVELS = [
    ("none", _("Less than secondary (high) school")),
    ("secondary", _("Secondary (high) school diploma")),
    ("one_year", _("One-year program at a university, college, trade school or institute")),
    ("two_year", _("Two-year program at a university, college, trade school or institute")),
    ("bachelors", _("Bachelor's degree, or a program of three years or more")),
    ("two_or_more", _("Two or more credentials, one of them a program of three years or more")),
    ("masters", _("Master's degree, or a professional degree (medicine, law, dentistry...)")),
    ("doctoral", _("Doctoral degree (PhD)")),
]

CANADIAN_EDUCATION = [
    ("none", _("No Canadian post-secondary credential")),
    ("one_or_two_year", _("A Canadian credential of one or two years")),
    ("three_year_or_more", _("A Canadian credential of three years or more")),
]

LANGUAGE_TESTS = [
    ("ielts_general", _("IELTS General Training (English)")),
    ("celpip_general", _("CELPIP-General (English)")),
    ("pte_core", _("PTE Core (English)")),
    ("tef_canada", _("TEF Canada (French)")),
    ("tcf_canada", _("TCF Canada (French)")),
    ("clb", _("I know my CLB levels (English)")),
    ("nclc", _("I know my NCLC levels (French)")),
]
ENGLISH_TESTS = frozenset({"ielts_general", "celpip_general", "pte_core", "clb"})

# What each test's scale is, said once, for hints and errors (the checks are the engine's).
SCALES = {
    "ielts_general": _("IELTS scores go from 0 to 9 in half bands (6.5, 7, 7.5...)."),
    "celpip_general": _("CELPIP-General levels are whole numbers from 1 to 12."),
    "pte_core": _("PTE Core scores are whole numbers from 10 to 90."),
    "tef_canada": _("TEF Canada scores are whole numbers from 0 to 699."),
    "tcf_canada": _(
        "TCF Canada: listening and reading from 0 to 699, writing and speaking from 0 to 20, "
        "whole numbers."
    ),
    "clb": _("CLB levels are whole numbers from 0 to 12."),
    "nclc": _("NCLC levels are whole numbers from 0 to 12."),
}

QUEBEC_DIPLOMA = [
    ("none", _("No Quebec diploma")),
    ("dep_or_dec", _("A Quebec vocational (DEP) or college (DEC) diploma")),
    ("bachelors_or_higher", _("A Quebec bachelor's degree or higher")),
]

PREFERRED_LANGUAGE = [("en", _("English")), ("fr", _("French"))]
