"""Profiles that together reach every state of every criterion, and every message, on the result.

One base persona (a software engineer abroad who is eligible for most of what she can be) is
changed one thing at a time: each mutation below names what it is there to reach (a criterion's
other state, a message). All of them are scored on each of `SCAN_DAYS`, because programs open and
close: on the first day the Quebec pilots and Ontario's Human Capital Priorities stream are open,
on the second Ontario's Workforce Priority stream is, the others are closed and the 2026
Express Entry categories are in force. tests/test_result_markers.py asserts the coverage, so a
criterion or message added later that no mutation reaches fails there, with its name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from programs.models import Jurisdiction
from tests.profiles import born_aged, clb, job

SCAN_DAYS = (date(2025, 9, 15), date(2026, 9, 15))

Changes = Callable[[date], dict[str, Any]]


def base(day: date) -> dict[str, Any]:
    """Eligible for FSW; not for CEC (no Canadian work), FST (not a trade) or a PNP (no offer)."""
    return {
        "as_of": day.isoformat(),
        "date_of_birth": born_aged(30, day),
        "marital_status": "never_married",
        "education": {"level": "masters", "has_eca": True},
        "languages": {"first": clb(9, test="ielts_general") | {"test_date": _ago(day, 200)}},
        "work_experience": [job("21231", 3, country="IN", as_of=day)],
        "settlement_funds_cad": 40000,
        "family_size": 1,
        "intended_province": "ON",
    }


def _ago(day: date, days: int) -> str:
    return (day - timedelta(days=days)).isoformat()


def _offer(province: str, noc: str = "21231", **extra: Any) -> Changes:
    return lambda day: {"job_offer": {"noc": noc, "province": province, "full_time": True} | extra}


def _first(result: dict[str, Any]) -> Changes:
    return lambda day: {"languages": {"first": result}}


def _work(*jobs: tuple[str, float, str]) -> Changes:
    return lambda day: {
        "work_experience": [
            job(noc, years, country=country, as_of=day) for noc, years, country in jobs
        ]
    }


def _merge(*changes: Changes) -> Changes:
    def merged(day: date) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for change in changes:
            result |= change(day)
        return result

    return merged


def _fixed(**fields: Any) -> Changes:
    return lambda day: fields


def _expired(day: date) -> str:
    return _ago(day, 3 * 365)


FRENCH_7 = clb(7, test="nclc")
NO_WORK = _fixed(work_experience=[])
ONE_YEAR = _work(("21231", 1, "IN"))
CANADIAN_TWO_YEARS = _work(("21231", 2, "CA"))

# name -> (what it reaches, the change to the base persona)
MUTATIONS: dict[str, tuple[str, Changes]] = {
    # where the applicant intends to live
    "in BC": ("province criteria met in BC, not met elsewhere", _fixed(intended_province="BC")),
    "in AB": ("province criteria met in Alberta", _fixed(intended_province="AB")),
    "in QC": ("Quebec's programs; federal ones excluded", _fixed(intended_province="QC")),
    "undecided": ("an undecided province", _fixed(intended_province=None)),
    # language
    "no test": ("language.no_test everywhere", _fixed(languages={"first": None})),
    "CLB 6": ("language.low at CLB 7 minimums", _first(clb(6))),
    "CLB 3": ("language.low at FST's minimum", _first(clb(3))),
    "French second": (
        "French criteria met",
        _fixed(languages={"first": clb(9), "second": FRENCH_7}),
    ),
    "French NCLC 5": (
        "French criteria not met; category.french_low",
        _fixed(languages={"first": clb(9), "second": clb(5, test="nclc")}),
    ),
    "French, no work": (
        "category.french_met shown to someone outside the Express Entry pool",
        _merge(_first(FRENCH_7), NO_WORK),
    ),
    "second test English too": (
        "second_same_language",
        _fixed(languages={"first": clb(9), "second": clb(7, test="celpip_general")}),
    ),
    "expired first test": (
        "expired_test:first",
        lambda day: {
            "languages": {"first": clb(9, test="ielts_general") | {"test_date": _expired(day)}}
        },
    ),
    "expired second test": (
        "expired_test:second",
        lambda day: {
            "languages": {"first": clb(9), "second": FRENCH_7 | {"test_date": _expired(day)}}
        },
    ),
    "spouse with an expired test": (
        "expired_test:spouse; a family of two",
        lambda day: {
            "marital_status": "married",
            "family_size": 2,
            "spouse": {
                "accompanying": True,
                "education": "bachelors",
                "language": clb(8, test="celpip_general") | {"test_date": _expired(day)},
            },
        },
    ),
    # education
    "secondary": (
        "education.low above secondary",
        _fixed(education={"level": "secondary", "has_eca": True}),
    ),
    "no diploma": ("education.low at FSW's secondary", _fixed(education={"level": "none"})),
    "no ECA": ("education.no_eca", _fixed(education={"level": "masters"})),
    # work
    "no work": ("experience not met; experience.not_continuous", NO_WORK),
    "one year": ("experience.low at 24 months; experience.met at 12", ONE_YEAR),
    "Canadian work": ("CEC; language_teer.met", CANADIAN_TWO_YEARS),
    "Canadian work, CLB 6": (
        "language_teer.low",
        _merge(CANADIAN_TWO_YEARS, _first(clb(6))),
    ),
    "accountant": ("experience outside the tech lists", _work(("11100", 3, "IN"))),
    "electrician": ("FST trade experience met", _work(("72200", 3, "CA"))),
    "aged 17": (
        "age.low",
        lambda day: {"date_of_birth": born_aged(17, day), "work_experience": []},
    ),
    "aged 45, secondary, CLB 5": (
        "fsw.low, crs.low, ee.not_met",
        lambda day: {
            "date_of_birth": born_aged(45, day),
            "education": {"level": "secondary", "has_eca": True},
            "languages": {"first": clb(5)},
        },
    ),
    "military, no offer": ("category.caf_offer_none", _work(("43204", 2, "CA"))),
    "military, with an offer": (
        "category.caf_offer_check",
        _merge(_work(("43204", 2, "CA")), _offer("ON", "43204")),
    ),
    "physician, no test": (
        "category.experience_met shown outside the pool",
        _merge(_work(("31102", 3, "CA")), _fixed(languages={"first": None})),
    ),
    # funds
    "funds unknown": ("funds.unknown; ee.unknown", _fixed(settlement_funds_cad=None)),
    "low funds": ("funds.low", _fixed(settlement_funds_cad=1000)),
    "funds exempt": (
        "funds.exempt: works in Canada with an LMIA-backed offer",
        _merge(CANADIAN_TWO_YEARS, _offer("ON", lmia_or_exempt=True)),
    ),
    # job offers
    "offer in ON": ("Ontario offer met; other provinces' offer.province", _offer("ON")),
    "offer in ON, TEER 5": ("offer.teer", _offer("ON", "65200")),
    "offer in ON, part-time": ("offer.full_time", _offer("ON", full_time=False)),
    "offer in BC": ("BC offer met", _merge(_offer("BC"), _fixed(intended_province="BC"))),
    "offer in BC, accountant": ("offer.occupation", _offer("BC", "11100")),
    "offer in AB": (
        "Alberta offer met",
        _merge(_offer("AB", duration_months=24), _fixed(intended_province="AB")),
    ),
    "offer in AB, 6 months": ("offer.duration", _offer("AB", duration_months=6)),
    "offer in QC": ("Quebec job offer met", _merge(_offer("QC"), _fixed(intended_province="QC"))),
    "electrician with a trade offer": (
        "FST's offer met",
        _merge(_work(("72200", 3, "CA")), _offer("ON", "72200", duration_months=24)),
    ),
    "trade offer of 6 months": ("FST's offer.duration", _offer("ON", "72200", duration_months=6)),
    "certificate of qualification": ("flag.met", _fixed(certificate_of_qualification=True)),
    # Quebec's own questions
    "Quebec: all no": (
        "flags not met; Quebec diploma too low",
        _fixed(
            intended_province="QC",
            quebec={
                "intends_to_live_in_quebec": True,
                "quebec_diploma": "dep_or_dec",
                "holds_quebec_job_offer": False,
                "francization_agreement": False,
            },
        ),
    ),
    "Quebec: all yes": (
        "flags met; Quebec diploma met",
        _fixed(
            intended_province="QC",
            quebec={
                "intends_to_live_in_quebec": True,
                "quebec_diploma": "bachelors_or_higher",
                "holds_quebec_job_offer": True,
                "francization_agreement": True,
            },
        ),
    ),
    "Quebec: bachelor's, one year, no Quebec diploma": (
        "experience-or-degree: none of them met",
        _merge(
            ONE_YEAR,
            _fixed(
                education={"level": "bachelors", "has_eca": True},
                quebec={"quebec_diploma": "none", "francization_agreement": False},
            ),
        ),
    ),
    "Quebec: bachelor's, one year, diploma not said": (
        "experience-or-degree: to check",
        _merge(ONE_YEAR, _fixed(education={"level": "bachelors", "has_eca": True})),
    ),
    "Quebec: bachelor's, one year, Quebec bachelor's": (
        "experience-or-degree met by the Quebec diploma",
        _merge(
            ONE_YEAR,
            _fixed(
                education={"level": "bachelors", "has_eca": True},
                quebec={"quebec_diploma": "bachelors_or_higher"},
            ),
        ),
    ),
}


def each_province(day: date) -> list[tuple[str, dict[str, Any]]]:
    """Every province named in a sentence (a name, never a bare code), with an offer there."""
    return [
        (f"in {code} with an offer there", apply(base(day), _offer(code), day, intended=code))
        for code, _label in Jurisdiction.choices
        if code != "FED"
    ]


def apply(
    persona: dict[str, Any], change: Changes, day: date, intended: str | None = None
) -> dict[str, Any]:
    document = persona | change(day)
    if intended:
        document["intended_province"] = intended
    return {key: value for key, value in document.items() if value is not None}


def coverage_profiles() -> list[tuple[str, dict[str, Any]]]:
    """(name, profile) for the base persona and each mutation, on each scan day."""
    profiles = []
    for day in SCAN_DAYS:
        profiles.append((f"{day} base", apply(base(day), _fixed(), day)))
        for name, (_why, change) in MUTATIONS.items():
            profiles.append((f"{day} {name}", apply(base(day), change, day)))
    profiles += [(f"{SCAN_DAYS[-1]} {name}", p) for name, p in each_province(SCAN_DAYS[-1])]
    return profiles
