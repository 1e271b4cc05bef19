"""Hypothesis strategies for valid contract profiles (dicts), used by property tests and benchmarks."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from programs.engine.grids import EDUCATION_LEVELS
from programs.engine.profile import (
    MIN_WORKING_AGE,
    SCALE_FROM,
    TEF_NEW_SCALE_FROM,
    TEF_OLD_SCALE_MAX,
    birthday,
)

AS_OF = date(2026, 6, 1)
LEVELS = EDUCATION_LEVELS
NOCS = ("21231", "21232", "20012", "00012", "72400", "13110", "65200", "2174", "2173", "0213")
COUNTRIES = ("CA", "CA", "IN", "US", "FR", "PH")
ABILITIES = ("listening", "reading", "writing", "speaking")

# Text as hostile JSON or a hostile client can carry it: anything, and NUL or a lone UTF-16
# surrogate (JSON's "\ud800"; Hypothesis' own text leaves surrogates out) anywhere in it.
UNSTORABLE_CHARACTERS = ("\x00", "\ud800", "\udbff", "\udc00", "\udfff")
unstorable_text = st.builds(
    lambda before, bad, after: before + bad + after,
    st.text(max_size=8),
    st.sampled_from(UNSTORABLE_CHARACTERS),
    st.text(max_size=8),
)
hostile_text = st.text(max_size=20) | unstorable_text

SCALES = {
    "clb": st.integers(0, 12),
    "nclc": st.integers(0, 12),
    "ielts_general": st.integers(0, 18).map(lambda half: half / 2),
    "celpip_general": st.integers(0, 12),
    "pte_core": st.integers(10, 90),
    "tef_canada": st.integers(0, 699),
}


@st.composite
def language_result(draw: st.DrawFn, tests: tuple[str, ...] | None = None) -> dict[str, Any]:
    test = draw(st.sampled_from(tests or (*SCALES, "tcf_canada")))
    result: dict[str, Any] = {"test": test}
    for ability in ABILITIES:
        if test == "tcf_canada":
            scale = (
                st.integers(0, 20) if ability in ("writing", "speaking") else st.integers(0, 699)
            )
        else:
            scale = SCALES[test]
        result[ability] = draw(scale)
    if draw(st.booleans()):
        taken = AS_OF - timedelta(days=draw(st.integers(0, 1000)))
        result["test_date"] = on_the_scale(test, taken).isoformat()
    return fit_tef_scale(result, AS_OF)


def fit_tef_scale(result: dict[str, Any], as_of: date) -> dict[str, Any]:
    """Keep a TEF Canada result taken on the old scale (before 2023-12-11) within its maxima."""
    taken = date.fromisoformat(result["test_date"]) if result.get("test_date") else as_of
    if result["test"] == "tef_canada" and taken < TEF_NEW_SCALE_FROM:
        for ability, top in TEF_OLD_SCALE_MAX.items():
            result[ability] = min(result[ability], top)
    return result


def on_the_scale(test: str, day: date) -> date:
    """`day`, or the first day of the test's scale when it is earlier (none can be dated so)."""
    return max(day, SCALE_FROM[test][1])


def working_from(born: date) -> date:
    """The first day a person born on `born` may have a job (the engine's 14th birthday)."""
    return birthday(born, MIN_WORKING_AGE)


@st.composite
def a_job(draw: st.DrawFn, earliest: date = date.min) -> dict[str, Any]:
    """A job in the 12 years before AS_OF, not starting before `earliest`."""
    start = max(AS_OF - timedelta(days=draw(st.integers(1, 12 * 365))), earliest)
    end = None if draw(st.booleans()) else start + timedelta(days=draw(st.integers(0, 5 * 365)))
    if end is not None and end >= AS_OF:
        end = None
    return {
        "noc": draw(st.sampled_from(NOCS)),
        "country": draw(st.sampled_from(COUNTRIES)),
        "start": start.isoformat(),
        "end": end.isoformat() if end else None,
        "hours_per_week": draw(st.sampled_from((10, 20, 25.5, 30, 37.5, 40, 60))),
        "self_employed": draw(st.booleans()),
        "while_full_time_student": draw(st.booleans()),
    }


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    age_days = draw(st.integers(17 * 365, 60 * 365))
    born = AS_OF - timedelta(days=age_days)
    marital = draw(st.sampled_from(("never_married", "married", "common_law", "divorced")))
    profile: dict[str, Any] = {
        "as_of": AS_OF.isoformat(),
        "date_of_birth": born.isoformat(),
        "marital_status": marital,
        "education": {
            "level": draw(st.sampled_from(LEVELS)),
            "canadian": draw(st.sampled_from(("none", "one_or_two_year", "three_year_or_more"))),
            "has_eca": draw(st.booleans()),
        },
        "languages": {
            "first": draw(st.none() | language_result()),
            "second": draw(st.none() | language_result()),
        },
        "work_experience": draw(st.lists(a_job(working_from(born)), max_size=5)),
        "certificate_of_qualification": draw(st.booleans()),
        "provincial_nomination": draw(st.booleans()),
        "sibling_in_canada": draw(st.booleans()),
        "relative_in_canada": draw(st.booleans()),
        "family_size": draw(st.integers(1, 9)),
        "settlement_funds_cad": draw(st.integers(0, 60000)),
        "intended_province": draw(st.sampled_from(("ON", "BC", "AB", "QC", "NS"))),
    }
    if draw(st.booleans()):
        profile["job_offer"] = {
            "noc": draw(st.sampled_from(NOCS)),
            "province": draw(st.sampled_from(("ON", "BC", "AB", "QC"))),
            "lmia_or_exempt": draw(st.booleans()),
            "duration_months": draw(st.none() | st.integers(0, 36)),
        }
    if marital in ("married", "common_law"):
        profile["spouse"] = {
            "accompanying": draw(st.booleans()),
            "is_canadian_citizen_or_pr": draw(st.booleans()),
            "education": draw(st.sampled_from(LEVELS)),
            "language": draw(st.none() | language_result()),
            "work_experience": draw(st.lists(a_job(), max_size=2)),
        }
    return profile


# --- Varied profiles for the comparison with tests/oracle.py ---------------------------------
# Any day the seeded rules cover (the earliest proof-of-funds table applies from 2024-05-28),
# weighted towards the days around rule changes (job-offer points end on 2025-03-25; TEF tests
# of the old scale, before 2023-12-11, expire two years after it) and around a 29 February.

FIRST_RULES_DAY = date(2024, 5, 28)
LAST_DAY = date(2028, 12, 31)
RULE_CHANGE_DAYS = tuple(
    date.fromisoformat(day)
    for day in (
        "2024-05-28", "2025-03-24", "2025-03-25", "2025-03-26", "2025-07-07",
        "2025-12-10", "2025-12-11", "2025-12-12", "2026-02-28", "2026-06-01", "2028-02-28",
        "2028-02-29", "2028-03-01",
    )
)  # fmt: skip
TEF_SCALE_CHANGE = date(2023, 12, 11)
# NOC 2021 codes of every TEER (00 = senior managers) and NOC 2016 codes, some mapping to
# several 2021 codes of different TEERs (0112 -> TEER 3, 1123 -> 4, 3124 -> 2, 6221 -> 5).
VARIED_NOCS = (
    "00012", "00015", "10010", "20012", "21231", "21232", "21211", "31301", "22220", "32120",
    "33102", "72400", "43100", "44101", "65200", "75101",
    "0013", "0016", "0112", "0213", "2174", "2173", "1123", "3124", "4313", "6221", "7371",
    "6731", "0431",
)  # fmt: skip
VARIED_COUNTRIES = ("CA", "CA", "CA", "IN", "US", "FR", "PH", "GB")
PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")


CANADIAN_EDUCATION = ("none", "one_or_two_year", "three_year_or_more")
# Strategies built once (Hypothesis validates a strategy object the first time it is drawn).
_AS_OF = st.sampled_from(RULE_CHANGE_DAYS) | st.dates(FIRST_RULES_DAY, LAST_DAY)
_ANY_RESULT = language_result()
_TEST_DAY = st.sampled_from(("edge", "edge-1", "edge+1", "tef", "tef-1")) | st.integers(0, 800)
_JOB_LENGTH = st.integers(0, 6 * 365) | st.sampled_from((364, 365, 366, 729, 730))
_HOURS = st.sampled_from((7.5, 10, 12.5, 15, 20, 25.5, 29.9, 30, 37.5, 40, 60)) | st.integers(1, 80)
_ONE_IN_FIVE = st.integers(0, 4).map(lambda n: n == 0)
_NOC = st.sampled_from(VARIED_NOCS)
_PROVINCE = st.sampled_from(PROVINCES)
_LEVEL = st.sampled_from(LEVELS)
_CANADIAN_EDUCATION = st.sampled_from(CANADIAN_EDUCATION)
_MARITAL = st.sampled_from(
    ("never_married", "married", "common_law", "separated", "divorced", "widowed")
)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@st.composite
def dated_language_result(draw: st.DrawFn, as_of: date) -> dict[str, Any] | None:
    """None, or a result of any test, often dated on the two-year validity edge or the TEF
    scale change, else up to 800 days back; an undated one converts by as_of's table."""
    if draw(st.integers(0, 3)) == 0:
        return None
    result = draw(_ANY_RESULT)
    result.pop("test_date", None)
    if draw(st.integers(0, 3)) > 0:
        day = draw(_TEST_DAY)
        two_years = _years_before(as_of, 2)
        named = {
            "edge": two_years,
            "edge-1": two_years - timedelta(days=1),
            "edge+1": two_years + timedelta(days=1),
            "tef": TEF_SCALE_CHANGE,
            "tef-1": TEF_SCALE_CHANGE - timedelta(days=1),
        }
        taken = named[day] if isinstance(day, str) else as_of - timedelta(days=day)
        result["test_date"] = on_the_scale(result["test"], min(taken, as_of)).isoformat()
    return fit_tef_scale(result, as_of)


@st.composite
def varied_job(draw: st.DrawFn, as_of: date, earliest: date = date.min) -> dict[str, Any]:
    """A job that may straddle the 10-year window's start, run on past as_of, be part time;
    it starts on `earliest` at the soonest."""
    start = max(as_of - timedelta(days=draw(st.integers(0, 12 * 365))), earliest)
    length = draw(_JOB_LENGTH)
    end = None if draw(st.integers(0, 3)) == 0 else start + timedelta(days=length)
    country = draw(st.sampled_from(VARIED_COUNTRIES))
    entry: dict[str, Any] = {
        "noc": draw(_NOC),
        "country": country,
        "start": start.isoformat(),
        "end": end.isoformat() if end else None,
        "hours_per_week": draw(_HOURS),
        "self_employed": draw(_ONE_IN_FIVE),
        "while_full_time_student": draw(_ONE_IN_FIVE),
    }
    if country == "CA" and draw(st.booleans()):
        entry["province"] = draw(_PROVINCE)
    return entry


@st.composite
def varied_jobs(
    draw: st.DrawFn, as_of: date, max_size: int, earliest: date = date.min
) -> list[dict[str, Any]]:
    """Independent jobs (they overlap freely), sometimes followed by one job's continuation."""
    jobs = [draw(varied_job(as_of, earliest)) for _ in range(draw(st.integers(0, max_size)))]
    if jobs and jobs[-1]["end"] and draw(st.booleans()):
        day_after = date.fromisoformat(jobs[-1]["end"]) + timedelta(days=1)
        if day_after <= as_of:
            jobs.append(jobs[-1] | {"start": day_after.isoformat(), "end": None})
    return jobs


@st.composite
def varied_profiles(draw: st.DrawFn) -> dict[str, Any]:
    """Valid profiles on varied days: every test, spouses, job offers, 2016 codes, edges."""
    as_of = draw(_AS_OF)
    born = _years_before(as_of, draw(st.integers(16, 60))) - timedelta(
        days=draw(st.integers(-1, 364))
    )
    if draw(st.integers(0, 9)) == 0:
        born = date(draw(st.sampled_from((1980, 1988, 1992, 1996, 2000, 2004))), 2, 29)
    marital = draw(_MARITAL)
    profile: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "date_of_birth": born.isoformat(),
        "marital_status": marital,
        "education": {
            "level": draw(_LEVEL),
            "canadian": draw(_CANADIAN_EDUCATION),
            "has_eca": draw(st.booleans()),
        },
        "languages": {
            "first": draw(dated_language_result(as_of)),
            "second": draw(dated_language_result(as_of)),
        },
        "work_experience": draw(varied_jobs(as_of, 4, working_from(born))),
        "certificate_of_qualification": draw(st.booleans()),
        "provincial_nomination": draw(_ONE_IN_FIVE),
        "sibling_in_canada": draw(st.booleans()),
        "relative_in_canada": draw(st.booleans()),
        "family_size": draw(st.integers(1, 9)),
        "settlement_funds_cad": draw(st.integers(0, 60000)),
        "intended_province": draw(_PROVINCE),
    }
    if draw(st.booleans()):
        profile["job_offer"] = {
            "noc": draw(_NOC),
            "province": draw(_PROVINCE),
            "full_time": not draw(_ONE_IN_FIVE),
            "non_seasonal": not draw(_ONE_IN_FIVE),
            "duration_months": draw(st.sampled_from((None, None, 0, 6, 11, 12, 24, 36))),
            "lmia_or_exempt": draw(st.integers(0, 3)) > 0,
        }
    if marital in ("married", "common_law"):
        spouse: dict[str, Any] = {
            "accompanying": draw(st.integers(0, 3)) > 0,
            "is_canadian_citizen_or_pr": draw(st.integers(0, 3)) == 0,
            "canadian_education": draw(_CANADIAN_EDUCATION),
            "language": draw(dated_language_result(as_of)),
            "work_experience": draw(varied_jobs(as_of, 2)),
        }
        if draw(st.integers(0, 5)) > 0:
            spouse["education"] = draw(_LEVEL)
        profile["spouse"] = spouse
    return profile


# --- Extreme dates for the fuzz tests (the API's and the wizard's) ----------------------------
# The calendar's ends, leap days, and the days just around each limit the product sets: a job's
# 14th birthday, each test's first day on its scale, the first day the rules cover, today, and
# the as_of horizon. Today is read once: the fuzz tests run on the real clock like the product.


def _around(day: date) -> list[date]:
    return [day + timedelta(days=shift) for shift in (-1, 0, 1) if date.min < day < date.max]


def _limits() -> list[date]:
    from programs.scoring import AS_OF_MAX_YEARS_AHEAD, toronto_today

    today = toronto_today()
    days = [date.min, date.max, date(1, 12, 31), date(9999, 1, 1), date(1900, 2, 28)]
    days += [date(2000, 2, 29), date(2024, 2, 29), date(2028, 2, 29), date(2100, 2, 28)]
    for limit in (
        today,
        birthday(today, AS_OF_MAX_YEARS_AHEAD),
        birthday(today, -MIN_WORKING_AGE),
        birthday(today, -125),
        date(2015, 1, 1),  # the first day the seeded rules cover
        AS_OF,
        *(first for _name, first in SCALE_FROM.values()),
    ):
        days += _around(limit)
    return days


extreme_dates = st.sampled_from(_limits()) | st.dates()

# Where a profile holds a date: (path, how to make room for it).
DATE_PATHS = (
    ("as_of",),
    ("date_of_birth",),
    ("languages", "first", "test_date"),
    ("languages", "second", "test_date"),
    ("work_experience", 0, "start"),
    ("work_experience", 0, "end"),
    ("spouse", "language", "test_date"),
    ("spouse", "work_experience", 0, "start"),
    ("spouse", "work_experience", 0, "end"),
)
_ROOM = {
    "languages": {"first": None, "second": None},
    "first": {"test": "clb", "listening": 9, "reading": 9, "writing": 9, "speaking": 9},
    "second": {"test": "nclc", "listening": 7, "reading": 7, "writing": 7, "speaking": 7},
    "language": {"test": "clb", "listening": 8, "reading": 8, "writing": 8, "speaking": 8},
    "spouse": {"accompanying": True},
    "work_experience": [],
}
_JOB = {"noc": "21231", "country": "CA", "start": "2020-01-01", "hours_per_week": 40}


def with_date(profile: dict[str, Any], path: tuple, day: date) -> dict[str, Any]:
    """A copy of `profile` with `day` at `path`, adding the test, job or spouse it belongs to."""
    data = json.loads(json.dumps(profile))
    if path[0] == "spouse":
        data["marital_status"] = "married"
    node = data
    for key in path[:-1]:
        if isinstance(key, int):
            if not node:
                node.append(dict(_JOB))
        elif node.get(key) is None:
            node[key] = json.loads(json.dumps(_ROOM[key]))
        node = node[key]
    node[path[-1]] = day.isoformat()
    return data


def around_working_age(born: date) -> st.SearchStrategy[date]:
    """The days around the 14th birthday of someone born on `born` (a job's first day)."""
    return st.sampled_from(_around(working_from(born)))


@st.composite
def profiles_with_an_extreme_date(draw: st.DrawFn) -> dict[str, Any]:
    """A valid profile with one date (or two: often as_of too) set to an extreme day."""
    data, path = draw(profiles()), draw(st.sampled_from(DATE_PATHS))
    days = extreme_dates
    if path[-1] == "start":  # and the days around the 14th birthday, a job's first possible day
        days = around_working_age(date.fromisoformat(data["date_of_birth"])) | days
    data = with_date(data, path, draw(days))
    if draw(st.booleans()):
        data = with_date(data, ("as_of",), draw(extreme_dates))
    return data
