"""An independent, plain implementation of the contract's scoring, to cross-check the engine.

Written from the contract's counting rules (programs/contracts/README.md, numbered 1-9 below)
and IRCC's published Express Entry grids (quoted by section) only, before reading
programs/engine/ or programs/data/; two readings (the null first test, the FSW job offer's
duration) were settled afterwards, when the comparison found them, from the text quoted below.
It is a test helper: every rule is spelled out the plain way, and every table is typed in again
from the reference. Experience follows rule 6 in exact fractions (a job's weekly hours are the
JSON number's decimal value). Only the NOC files are shared with the application:
occupations/data/noc2021_unit_groups.csv and noc2016_to_2021.csv.

`score(profile)` takes a contract profile (a dict, as the JSON would be; `as_of` must be given)
and returns the figures the result contract names: age, clb, experience_years, crs (each line,
each group's subtotal, the total, with_spouse) and fsw (total and factors).

Readings chosen where the contract or the reference leaves room (each one is a choice):

- Age (rule 2): completed years, the birthday counted once the month and day are reached, so
  someone born on 29 February turns a year older on 1 March in a common year.
- "N years before as_of" (rules 4 and 6) is the same day of the month N years earlier;
  29 February becomes 28 February in a common year.
- Test validity (rule 4): a test dated more than two years before as_of is not valid: valid
  when test_date >= as_of - 2 years, so a test of exactly two years ago is still valid. A test
  without a date is valid.
- Which conversion table (rule 4 says "in force on as_of"; the reference, 2.4 and note 8.1,
  says "pick the TEF table by test date"): the test's date decides, as_of when the test has no
  date. TEF Canada: the current scale from 2023-12-11 on (the reference's "after 10/11 Dec
  2023"; its older scale runs "1 Oct 2019 - 10 Dec 2023"), the 2019 scale before (there is no
  full table before 2019-10-01, but the seeded rules start on 2024-05-28, so no valid test is
  that old). PTE Core has one table, used whatever the test date, also before its "accepted
  from January 2024".
- Between two rows of a table a score takes the lower row (a level is reached at its minimum);
  below the lowest row it is level 0. CELPIP 11 and 12 give 10. `clb` / `nclc` give the levels
  as written, so 11 and 12 are reported as 11 and 12 and score as CLB 10.
- The `second` slot (rule 4): it counts when it is a valid test and not in the same official
  language as the `first` test; the first test's language is its test's language even when it
  has expired. A null first test ("no valid test yet", says the schema) has no language, so a
  valid second test counts, in either language, as the second language (and for the French
  points), while the first language stays empty: slots never swap.
- The spouse's language (CRS 1.6, FSW adaptability): the spouse's one test, English or French,
  if valid.
- TEER (rule 5): the second digit of a five-digit code, whether or not the code is a listed
  unit group; a four-digit code goes through the crosswalk and takes the highest TEER of the
  codes it maps to.
- A job offer (reference section 0 and 3.2): it must be full time, non-seasonal, LMIA or
  LMIA-exempt and in a skilled NOC (TEER 0-3) for both the FSW grid (10 points, and 5 for
  adaptability) and the CRS (before 2025-03-25). The reference lists only those four
  conditions for FSW ("full-time, non-seasonal, in TEER 0-3, and generally supported by an
  approved LMIA"), so the FSW items take any duration. For the CRS it says only "any other
  qualifying offer"; the Ministerial Instructions' arranged employment is "for at least one
  year", so the CRS points also need a permanent offer (duration null) or one of 12 months or
  more. 200 CRS points when the offer's NOC is in Major Group 00 (a NOC 2021 code starting
  "00", or a NOC 2016 code whose 2021 codes all do), 50 otherwise.
- French points (CRS 1.8): the French results are the valid French test in either counting
  slot, the English results likewise. 50 when French is NCLC 7+ in all four and English is
  CLB 5+ in all four; 25 when French is NCLC 7+ in all four and English is anything else
  (absent or some ability at CLB 4 or less).
- The CRS skill-transferability lines are each group's capped value (min(50, a + b)), the
  subtotal min(100, sum); the additional subtotal is min(600, sum), the total min(1200, sum).
- FSW adaptability (3.2): the spouse's items count only "with a spouse" as rule 3 defines it
  (accompanying, not a citizen or PR). Past study in Canada needs "2+ academic years": only the
  three_year_or_more credential shows that; one_or_two_year does not. The relative item counts
  relative_in_canada or sibling_in_canada (a sibling is one of the listed relatives). Past work
  in Canada is the Canadian years of rule 6 (N = 10), for the spouse too.
- FSW language (3.2): the first language gives 0 for an ability below CLB 7 (the grid says
  "not eligible"; eligibility is a program criterion, the grid total just gets no points).
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from fractions import Fraction
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

NOC_DATA = Path(__file__).resolve().parent.parent / "occupations" / "data"
ABILITIES = ("listening", "reading", "writing", "speaking")
ENGLISH_TESTS = ("ielts_general", "celpip_general", "pte_core", "clb")
FRENCH_TESTS = ("tef_canada", "tcf_canada", "nclc")
JOB_OFFER_POINTS_END = date(2025, 3, 25)  # reference section 0: removed effective 25 March 2025
TEF_CURRENT_SCALE_FROM = date(2023, 12, 11)


# ---------------------------------------------------------------------------------------------
# Conversion tables, reference section 2: for each ability, (level, minimum score), best first.


def _rows(*minimums: float, top: int = 10) -> list[tuple[int, float]]:
    """(level, minimum) rows from the minimum of level `top` downwards."""
    return [(top - i, minimum) for i, minimum in enumerate(minimums)]


IELTS = {  # 2.1, CLB 10 down to 4
    "listening": _rows(8.5, 8.0, 7.5, 6.0, 5.5, 5.0, 4.5),
    "reading": _rows(8.0, 7.0, 6.5, 6.0, 5.0, 4.0, 3.5),
    "writing": _rows(7.5, 7.0, 6.5, 6.0, 5.5, 5.0, 4.0),
    "speaking": _rows(7.5, 7.0, 6.5, 6.0, 5.5, 5.0, 4.0),
}
CELPIP = {ability: _rows(10, 9, 8, 7, 6, 5, 4) for ability in ABILITIES}  # 2.2
PTE = {  # 2.3, CLB 10 down to 3
    "listening": _rows(89, 82, 71, 60, 50, 39, 28, 18),
    "reading": _rows(88, 78, 69, 60, 51, 42, 33, 24),
    "writing": _rows(90, 88, 79, 69, 60, 51, 41, 32),
    "speaking": _rows(89, 84, 76, 68, 59, 51, 42, 34),
}
TEF_CURRENT = {  # 2.4, tests from 2023-12-11
    "listening": _rows(546, 503, 462, 434, 393, 352, 306),
    "reading": _rows(546, 503, 462, 434, 393, 352, 306),
    "writing": _rows(558, 512, 472, 428, 379, 330, 268),
    "speaking": _rows(556, 518, 494, 456, 422, 387, 328),
}
TEF_2019 = {  # IRCC's chart for the old scale (tests before 2023-12-11), CLB 10 down to 4
    "listening": _rows(316, 298, 280, 249, 217, 181, 145),
    "reading": _rows(263, 248, 233, 207, 181, 151, 121),
    "writing": _rows(393, 371, 349, 310, 271, 226, 181),
    "speaking": _rows(393, 371, 349, 310, 271, 226, 181),
}
TCF = {  # 2.5 (writing and speaking out of 20)
    "listening": _rows(549, 523, 503, 458, 398, 369, 331),
    "reading": _rows(549, 524, 499, 453, 406, 375, 342),
    "writing": _rows(16, 14, 12, 10, 7, 6, 4),
    "speaking": _rows(16, 14, 12, 10, 7, 6, 4),
}

# ---------------------------------------------------------------------------------------------
# CRS grids, reference section 1: (with spouse, without spouse) where the two columns differ.

CRS_AGE = {  # 1.1
    18: (90, 99), 19: (95, 105), **dict.fromkeys(range(20, 30), (100, 110)),
    30: (95, 105), 31: (90, 99), 32: (85, 94), 33: (80, 88), 34: (75, 83), 35: (70, 77),
    36: (65, 72), 37: (60, 66), 38: (55, 61), 39: (50, 55), 40: (45, 50), 41: (35, 39),
    42: (25, 28), 43: (15, 17), 44: (5, 6),
}  # fmt: skip
CRS_EDUCATION = {  # 1.2
    "none": (0, 0), "secondary": (28, 30), "one_year": (84, 90), "two_year": (91, 98),
    "bachelors": (112, 120), "two_or_more": (119, 128), "masters": (126, 135),
    "doctoral": (140, 150),
}  # fmt: skip
CRS_CANADIAN_WORK = {0: (0, 0), 1: (35, 40), 2: (46, 53), 3: (56, 64), 4: (63, 72), 5: (70, 80)}
SPOUSE_EDUCATION = {  # 1.6
    "none": 0, "secondary": 2, "one_year": 6, "two_year": 7, "bachelors": 8,
    "two_or_more": 9, "masters": 10, "doctoral": 10,
}  # fmt: skip
SPOUSE_CANADIAN_WORK = {0: 0, 1: 5, 2: 7, 3: 8, 4: 9, 5: 10}

# ---------------------------------------------------------------------------------------------
# FSW grid, reference 3.2.

FSW_EDUCATION = {
    "none": 0, "secondary": 5, "one_year": 15, "two_year": 19, "bachelors": 21,
    "two_or_more": 22, "masters": 23, "doctoral": 25,
}  # fmt: skip
FSW_AGE = {**dict.fromkeys(range(18, 36), 12), 36: 11, 37: 10, 38: 9, 39: 8, 40: 7,
           41: 6, 42: 5, 43: 4, 44: 3, 45: 2, 46: 1}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Dates, NOC codes and language levels.


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(born: date, as_of: date) -> int:
    """Rule 2: completed years."""
    birthday_not_reached = (as_of.month, as_of.day) < (born.month, born.day)
    return as_of.year - born.year - (1 if birthday_not_reached else 0)


@cache
def crosswalk() -> dict[str, tuple[str, ...]]:
    """NOC 2016 code -> the NOC 2021 codes it maps to."""
    mapping: dict[str, list[str]] = {}
    with open(NOC_DATA / "noc2016_to_2021.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            mapping.setdefault(row["noc2016"], []).append(row["noc2021"])
    return {code: tuple(codes) for code, codes in mapping.items()}


def noc2021_codes(noc: str) -> tuple[str, ...]:
    return (noc,) if len(noc) == 5 else crosswalk()[noc]


def teer(noc: str) -> int:
    """Rule 5: the second digit; a NOC 2016 code takes the highest TEER of its 2021 codes."""
    return max(int(code[1]) for code in noc2021_codes(noc))


def is_skilled(noc: str) -> bool:
    return teer(noc) <= 3


def official_language(test: str) -> str:
    return "english" if test in ENGLISH_TESTS else "french"


def result_is_valid(result: dict[str, Any] | None, as_of: date) -> bool:
    if result is None:
        return False
    if not result.get("test_date"):
        return True
    return date.fromisoformat(result["test_date"]) >= years_before(as_of, 2)


def conversion_table(test: str, taken: date) -> dict[str, list[tuple[int, float]]]:
    if test == "ielts_general":
        return IELTS
    if test == "celpip_general":
        return CELPIP
    if test == "pte_core":
        return PTE
    if test == "tcf_canada":
        return TCF
    if test == "tef_canada":
        return TEF_CURRENT if taken >= TEF_CURRENT_SCALE_FROM else TEF_2019
    raise ValueError(test)


def level_from_table(rows: list[tuple[int, float]], score: float) -> int:
    for level, minimum in rows:
        if score >= minimum:
            return level
    return 0


def levels(result: dict[str, Any], as_of: date) -> dict[str, int]:
    """Rule 4: CLB/NCLC level per ability of one (valid) result."""
    if result["test"] in ("clb", "nclc"):
        return {ability: int(result[ability]) for ability in ABILITIES}
    taken = date.fromisoformat(result["test_date"]) if result.get("test_date") else as_of
    table = conversion_table(result["test"], taken)
    return {ability: level_from_table(table[ability], result[ability]) for ability in ABILITIES}


def lowest(levels_: dict[str, int] | None) -> int:
    return min(levels_.values()) if levels_ else 0


# ---------------------------------------------------------------------------------------------
# Rule 6: years of experience.


def active_span(job: dict[str, Any], as_of: date) -> tuple[date, date]:
    """First and last day of a job: start to end inclusive, an open job until as_of."""
    end = date.fromisoformat(job["end"]) if job.get("end") else as_of
    return date.fromisoformat(job["start"]), end


def years_of_experience(jobs: list[dict[str, Any]], as_of: date, window_years: int) -> int:
    """Rule 6: for each day d of the window, min(30, weekly hours of the jobs active on d) / 7.

    The set of active jobs only changes on a job's first day or the day after its last, so the
    window is cut at those days and each piece's days are counted at once (exact fractions).
    """
    first_day, stop = years_before(as_of, window_years), as_of  # first_day <= d < stop
    spans = [active_span(job, as_of) for job in jobs]
    cuts = {first_day, stop}
    for start, end in spans:
        cuts.update(day for day in (start, end + timedelta(days=1)) if first_day < day < stop)
    cuts = sorted(cuts)
    hours = Fraction(0)
    for piece_start, piece_stop in pairwise(cuts):
        weekly = sum(
            (
                Fraction(str(job["hours_per_week"]))
                for job, (start, end) in zip(jobs, spans, strict=True)
                if start <= piece_start <= end
            ),
            Fraction(0),
        )
        hours += (piece_stop - piece_start).days * min(Fraction(30), weekly) / 7
    return int(hours // 1560)


def counts_as_canadian(job: dict[str, Any]) -> bool:
    return (
        is_skilled(job["noc"])
        and job["country"] == "CA"
        and not job.get("self_employed", False)
        and not job.get("while_full_time_student", False)
    )


def counts_as_foreign(job: dict[str, Any]) -> bool:
    return (
        is_skilled(job["noc"])
        and job["country"] != "CA"
        and not job.get("while_full_time_student", False)
    )


def canadian_years(jobs: list[dict[str, Any]], as_of: date) -> int:
    return years_of_experience([j for j in jobs if counts_as_canadian(j)], as_of, 10)


def foreign_years(jobs: list[dict[str, Any]], as_of: date) -> int:
    return years_of_experience([j for j in jobs if counts_as_foreign(j)], as_of, 10)


def fsw_years(jobs: list[dict[str, Any]], as_of: date) -> int:
    counted = [j for j in jobs if counts_as_canadian(j) or counts_as_foreign(j)]
    return years_of_experience(counted, as_of, 10)


# ---------------------------------------------------------------------------------------------
# The applicant's figures.


def has_spouse(profile: dict[str, Any]) -> bool:
    """Rule 3."""
    spouse = profile.get("spouse")
    return (
        profile["marital_status"] in ("married", "common_law")
        and spouse is not None
        and spouse["accompanying"]
        and not spouse.get("is_canadian_citizen_or_pr", False)
    )


def language_levels(profile: dict[str, Any], as_of: date) -> dict[str, dict[str, int] | None]:
    """clb.first, clb.second and clb.spouse: levels of the results that count, else None."""
    first = profile["languages"].get("first")
    second = profile["languages"].get("second")
    first_levels = levels(first, as_of) if result_is_valid(first, as_of) else None
    second_counts = result_is_valid(second, as_of) and (
        first is None or official_language(second["test"]) != official_language(first["test"])
    )
    spouse = profile.get("spouse") or {}
    spouse_test = spouse.get("language")
    return {
        "first": first_levels,
        "second": levels(second, as_of) if second_counts else None,
        "spouse": levels(spouse_test, as_of) if result_is_valid(spouse_test, as_of) else None,
    }


def in_language(profile: dict[str, Any], clb: dict, language: str) -> dict[str, int] | None:
    """The counted levels (first or second slot) of the applicant's test in `language`."""
    for slot in ("first", "second"):
        result = profile["languages"].get(slot)
        if clb[slot] is not None and official_language(result["test"]) == language:
            return clb[slot]
    return None


def qualifying_job_offer(profile: dict[str, Any]) -> bool:
    """Arranged employment for the FSW grid (3.2): full time, non-seasonal, skilled, LMIA."""
    offer = profile.get("job_offer")
    if offer is None:
        return False
    return (
        offer.get("full_time", True)
        and offer.get("non_seasonal", True)
        and offer.get("lmia_or_exempt", False)
        and is_skilled(offer["noc"])
    )


def qualifying_crs_job_offer(profile: dict[str, Any]) -> bool:
    """Arranged employment for the CRS: the FSW conditions, for at least a year."""
    if not qualifying_job_offer(profile):
        return False
    duration = profile["job_offer"].get("duration_months")
    return duration is None or duration >= 12


def offer_in_major_group_00(offer: dict[str, Any]) -> bool:
    return all(code.startswith("00") for code in noc2021_codes(offer["noc"]))


# ---------------------------------------------------------------------------------------------
# CRS, reference section 1.


def first_language_points(level: int, spouse: bool) -> int:  # 1.3
    if level >= 10:
        return 32 if spouse else 34
    if level == 9:
        return 29 if spouse else 31
    if level == 8:
        return 22 if spouse else 23
    if level == 7:
        return 16 if spouse else 17
    if level == 6:
        return 8 if spouse else 9
    if level >= 4:
        return 6
    return 0


def second_language_points(level: int) -> int:  # 1.4
    if level >= 9:
        return 6
    if level >= 7:
        return 3
    if level >= 5:
        return 1
    return 0


def spouse_language_points(level: int) -> int:  # 1.6
    if level >= 9:
        return 5
    if level >= 7:
        return 3
    if level >= 5:
        return 1
    return 0


def transferability_step(tier: int, language_min: int, canadian: int) -> tuple[int, int]:
    """1.7: a row's (with language, with Canadian work) points; tier 1 is the 13/25 row, tier 2
    the 25/50 row, tier 0 (secondary or less, no foreign work) gives nothing."""
    low, high = {0: (0, 0), 1: (13, 25), 2: (25, 50)}[tier]
    by_language = high if language_min >= 9 else low if language_min >= 7 else 0
    by_canadian = high if canadian >= 2 else low if canadian == 1 else 0
    return by_language, by_canadian


def skill_transferability(
    profile: dict[str, Any], first: dict[str, int] | None, canadian: int, foreign: int
) -> dict[str, int]:
    language_min = lowest(first)
    level = profile["education"]["level"]
    education_tier = (
        2
        if level in ("two_or_more", "masters", "doctoral")
        else 1
        if level in ("one_year", "two_year", "bachelors")
        else 0
    )
    foreign_tier = 2 if foreign >= 3 else 1 if foreign >= 1 else 0
    education = min(50, sum(transferability_step(education_tier, language_min, canadian)))
    foreign_work = min(50, sum(transferability_step(foreign_tier, language_min, canadian)))
    certificate = 0
    if profile.get("certificate_of_qualification", False) and first is not None:
        certificate = 50 if language_min >= 7 else 25 if language_min >= 5 else 0
    lines = {"education": education, "foreign_work": foreign_work, "certificate": certificate}
    return lines | {"subtotal": min(100, education + foreign_work + certificate)}


def french_points(profile: dict[str, Any], clb: dict) -> int:  # 1.8
    french = in_language(profile, clb, "french")
    if french is None or lowest(french) < 7:
        return 0
    english = in_language(profile, clb, "english")
    return 50 if english is not None and lowest(english) >= 5 else 25


def job_offer_points(profile: dict[str, Any], as_of: date) -> int:  # section 0
    if as_of >= JOB_OFFER_POINTS_END or not qualifying_crs_job_offer(profile):
        return 0
    return 200 if offer_in_major_group_00(profile["job_offer"]) else 50


def crs(profile: dict[str, Any], figures: dict[str, Any], as_of: date) -> dict[str, Any]:
    spouse = has_spouse(profile)
    column = 0 if spouse else 1
    clb, years = figures["clb"], figures["experience_years"]
    first = clb["first"]
    second = clb["second"]
    core = {
        "age": CRS_AGE.get(figures["age"], (0, 0))[column],
        "education": CRS_EDUCATION[profile["education"]["level"]][column],
        "first_language": sum(first_language_points(v, spouse) for v in (first or {}).values()),
        "second_language": min(
            22 if spouse else 24, sum(second_language_points(v) for v in (second or {}).values())
        ),
        "canadian_work": CRS_CANADIAN_WORK[min(5, years["canadian"])][column],
    }
    core["subtotal"] = sum(core.values())
    spouse_lines = {"education": 0, "language": 0, "canadian_work": 0}
    if spouse:
        partner = profile["spouse"]
        spouse_lines = {
            "education": SPOUSE_EDUCATION[partner.get("education") or "none"],
            "language": min(
                20, sum(spouse_language_points(v) for v in (clb["spouse"] or {}).values())
            ),
            "canadian_work": SPOUSE_CANADIAN_WORK[min(5, years["spouse_canadian"])],
        }
    spouse_lines["subtotal"] = sum(spouse_lines.values())
    transfer = skill_transferability(profile, first, years["canadian"], years["foreign"])
    canadian_education = profile["education"].get("canadian", "none")
    additional = {
        "provincial_nomination": 600 if profile.get("provincial_nomination", False) else 0,
        "job_offer": job_offer_points(profile, as_of),
        "sibling": 15 if profile.get("sibling_in_canada", False) else 0,
        "french": french_points(profile, clb),
        "canadian_education": {"none": 0, "one_or_two_year": 15, "three_year_or_more": 30}[
            canadian_education
        ],
    }
    additional["subtotal"] = min(600, sum(additional.values()))
    groups = {
        "core": core,
        "spouse": spouse_lines,
        "skill_transferability": transfer,
        "additional": additional,
    }
    total = min(1200, sum(group["subtotal"] for group in groups.values()))
    return {"total": total, "with_spouse": spouse, **groups}


# ---------------------------------------------------------------------------------------------
# FSW grid, reference 3.2.


def fsw_language(clb: dict) -> int:
    per_ability = {9: 6, 8: 5, 7: 4}
    first = sum(per_ability[min(9, v)] if v >= 7 else 0 for v in (clb["first"] or {}).values())
    second = 4 if clb["second"] is not None and lowest(clb["second"]) >= 5 else 0
    return first + second


def fsw_experience(years: int) -> int:
    if years >= 6:
        return 15
    if years >= 4:
        return 13
    if years >= 2:
        return 11
    return 9 if years == 1 else 0


def fsw_adaptability(profile: dict[str, Any], figures: dict[str, Any]) -> int:
    years, clb = figures["experience_years"], figures["clb"]
    points = 0
    if has_spouse(profile):
        partner = profile["spouse"]
        if clb["spouse"] is not None and lowest(clb["spouse"]) >= 4:
            points += 5
        if partner.get("canadian_education", "none") == "three_year_or_more":
            points += 5
        if years["spouse_canadian"] >= 1:
            points += 5
    if profile["education"].get("canadian", "none") == "three_year_or_more":
        points += 5
    if years["canadian"] >= 1:
        points += 10
    if qualifying_job_offer(profile):
        points += 5
    if profile.get("relative_in_canada", False) or profile.get("sibling_in_canada", False):
        points += 5
    return min(10, points)


def fsw(profile: dict[str, Any], figures: dict[str, Any]) -> dict[str, Any]:
    factors = {
        "language": fsw_language(figures["clb"]),
        "education": FSW_EDUCATION[profile["education"]["level"]],
        "experience": fsw_experience(figures["experience_years"]["fsw"]),
        "age": FSW_AGE.get(figures["age"], 0),
        "arranged_employment": 10 if qualifying_job_offer(profile) else 0,
        "adaptability": fsw_adaptability(profile, figures),
    }
    return {"total": sum(factors.values()), "pass_mark": 67, "factors": factors}


# ---------------------------------------------------------------------------------------------


def score(profile: dict[str, Any]) -> dict[str, Any]:
    """The contract's derived figures, CRS and FSW grid of one profile (as_of given)."""
    as_of = date.fromisoformat(profile["as_of"])
    jobs = profile["work_experience"]
    spouse_jobs = (profile.get("spouse") or {}).get("work_experience") or []
    figures: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "age": age_on(date.fromisoformat(profile["date_of_birth"]), as_of),
        "clb": language_levels(profile, as_of),
        "experience_years": {
            "canadian": canadian_years(jobs, as_of),
            "foreign": foreign_years(jobs, as_of),
            "fsw": fsw_years(jobs, as_of),
            "spouse_canadian": canadian_years(spouse_jobs, as_of),
        },
    }
    figures["crs"] = crs(profile, figures, as_of)
    figures["fsw"] = fsw(profile, figures)
    return figures
