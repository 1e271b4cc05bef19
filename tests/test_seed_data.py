"""The rules-as-data seed files of programs/data/, checked without a database.

Formats: programs/data/README.md. These tests read programs.json, occupation_lists.json,
ee_category_lists.json and ee_categories.json exactly as `load_reference_data` does, check what the
admin would refuse (parameters, overlapping versions, unknown NOC codes, dangling slugs), and
score a few profiles with a rule set built straight from the files.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from datetime import date, timedelta
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from programs.engine import assess, parse_profile
from programs.engine.criteria_params import CRITERION_PARAMS, parse_params
from programs.engine.rules import CategoryRules, CriterionRule, ProgramRules
from tests.profiles import born_aged, clb, job, profile
from tests.reference import SEED_PROGRAMS
from tests.rulesets import noc_index, rules_for

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "programs" / "data"
NOC_DIR = ROOT / "occupations" / "data"
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
PROVINCES = {"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}
CHECK_DAY = date(2026, 6, 1)
CHECKED_ON = date(2026, 12, 5)  # the day the data was last checked against its sources


def _read(name: str) -> list[dict[str, Any]]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _noc_file(name: str) -> Path:
    return NOC_DIR / name


@cache
def noc_codes() -> dict[str, frozenset[str]]:
    with open(_noc_file("noc2021_unit_groups.csv"), encoding="utf-8-sig") as f:
        codes_2021 = frozenset(row["noc2021"] for row in csv.DictReader(f))
    with open(_noc_file("noc2016_structure.csv"), encoding="utf-8-sig") as f:
        codes_2016 = frozenset(row["noc_code"] for row in csv.DictReader(f) if row["Level"] == "4")
    return {"2021": codes_2021, "2016": codes_2016}


PROGRAMS = _read("programs.json")
PROGRAM_LISTS = _read("occupation_lists.json")
CATEGORY_LISTS = _read("ee_category_lists.json")
ALL_LISTS = PROGRAM_LISTS + CATEGORY_LISTS
CATEGORIES = _read("ee_categories.json")
CRITERIA = [(p["slug"], c) for p in PROGRAMS for c in p["criteria"]]


def _applies(row: dict[str, Any], day: date) -> bool:
    end = _day(row.get("effective_to"))
    return _day(row["effective_from"]) <= day and (end is None or day <= end)


def _list_references() -> list[tuple[str, str, dict[str, Any]]]:
    """(occupation list slug, who refers to it, the dated row that refers) for every reference."""
    refs = []
    for program, rule in CRITERIA:
        options = rule["params"].get("options", []) if rule["kind"] == "any_of" else []
        for params in [rule["params"], *(option["params"] for option in options)]:
            if params.get("occupation_list"):
                refs.append((params["occupation_list"], f"{program}/{rule['code']}", rule))
    for category in CATEGORIES:
        if category["occupation_list"]:
            refs.append((category["occupation_list"], f"category {category['slug']}", category))
    return refs


# --- the files and their formats -----------------------------------------------------------------


def test_every_file_parses_into_a_non_empty_list():
    for rows in (PROGRAMS, PROGRAM_LISTS, CATEGORY_LISTS, CATEGORIES):
        assert isinstance(rows, list) and rows
        assert all(isinstance(row, dict) for row in rows)


def test_programs_are_the_eight_of_the_seed_with_the_readme_fields():
    assert {p["slug"] for p in PROGRAMS} == SEED_PROGRAMS
    assert len(PROGRAMS) == len(SEED_PROGRAMS)
    positions = [p["position"] for p in PROGRAMS]
    assert len(set(positions)) == len(positions)
    for program in PROGRAMS:
        slug = program["slug"]
        assert SLUG.match(slug)
        assert program["jurisdiction"] in PROVINCES | {"FED"}, slug
        assert program["kind"] in ("express_entry", "pnp", "quebec"), slug
        for field in ("name_en", "name_fr", "summary_en", "summary_fr", "source"):
            assert program[field].strip(), (slug, field)
        assert program["official_url"].startswith("https://"), slug
        assert _day(program["rules_verified_on"]) is not None
        assert isinstance(program["position"], int) and program["position"] >= 0


def test_every_criterion_has_valid_parameters_and_messages():
    for program, rule in CRITERIA:
        where = f"{program}/{rule['code']}"
        assert SLUG.match(rule["code"]) and len(rule["code"]) <= 60, where
        assert rule["kind"] in CRITERION_PARAMS, where
        parse_params(rule["kind"], rule["params"])  # raises on a bad parameter
        assert rule["message_en"].strip() and rule["message_fr"].strip(), where
        assert isinstance(rule["position"], int) and rule["position"] >= 0, where
        start, end = _day(rule["effective_from"]), _day(rule.get("effective_to"))
        assert start is not None and (end is None or start <= end), where


def test_every_program_has_criteria_and_a_status_history():
    for program in PROGRAMS:
        slug = program["slug"]
        assert program["criteria"], slug
        assert any(_applies(rule, CHECKED_ON) for rule in program["criteria"]), slug
        statuses = program["statuses"]
        assert statuses, slug
        starts = [_day(s["effective_from"]) for s in statuses]
        assert starts == sorted(starts) and len(set(starts)) == len(starts), slug
        assert min(starts) <= CHECKED_ON, f"{slug} has no status on {CHECKED_ON}"
        for status in statuses:
            assert status["status"] in ("open", "paused", "closed"), slug
            assert status["note_en"].strip() and status["note_fr"].strip(), slug


def test_criteria_start_no_earlier_than_their_program():
    for program in PROGRAMS:
        first_status = min(_day(s["effective_from"]) for s in program["statuses"])
        for rule in program["criteria"]:
            assert _day(rule["effective_from"]) >= first_status, (program["slug"], rule["code"])


def _status_on(slug: str, day: date) -> str:
    program = next(p for p in PROGRAMS if p["slug"] == slug)
    return [s for s in program["statuses"] if _day(s["effective_from"]) <= day][-1]["status"]


def test_statuses_follow_the_research_notes():
    for slug in ("express-entry-fsw", "express-entry-cec", "express-entry-fst"):
        assert _status_on(slug, CHECK_DAY) == "open"
    assert _status_on("bc-pnp-tech", date(2024, 11, 20)) == "open"
    assert _status_on("bc-pnp-tech", CHECK_DAY) == "paused"
    for slug in ("quebec-pilot-ai", "quebec-pilot-it-vfx"):
        assert _status_on(slug, date(2025, 12, 31)) == "open"
        assert _status_on(slug, date(2026, 1, 1)) == "closed"
    assert _status_on("ontario-hcp", date(2025, 7, 1)) == "paused"
    assert _status_on("ontario-hcp", date(2026, 3, 1)) == "open"
    assert _status_on("ontario-hcp", date(2026, 5, 29)) == "open"
    assert _status_on("ontario-hcp", date(2026, 5, 30)) == "closed"  # O. Reg. 47/26
    assert _status_on("ontario-workforce-priority", date(2026, 6, 26)) == "open"
    assert _status_on("quebec-pstq-high-qualification", CHECKED_ON) == "open"


def test_occupation_lists_have_the_readme_fields():
    programs = {p["slug"] for p in PROGRAMS}
    for row in ALL_LISTS:
        slug = row["slug"]
        assert SLUG.match(slug) and len(slug) <= 80, slug
        assert row["noc_version"] in ("2016", "2021"), slug
        assert row["name_en"].strip() and row["name_fr"].strip(), slug
        assert row["source"].strip(), slug
        assert row["codes"] and len(set(row["codes"])) == len(row["codes"]), slug
        assert row["program"] is None or row["program"] in programs, slug
    assert all(row["program"] is None for row in CATEGORY_LISTS)


def test_every_listed_code_exists_in_its_noc_version():
    known = noc_codes()
    for row in ALL_LISTS:
        length = 4 if row["noc_version"] == "2016" else 5
        unknown = [
            c for c in row["codes"] if len(c) != length or c not in known[row["noc_version"]]
        ]
        assert not unknown, f"{row['slug']} from {row['effective_from']}: unknown codes {unknown}"


def _assert_no_overlap(rows: list[dict[str, Any]], key, what: str) -> None:
    versions: dict[Any, list[tuple[date, date]]] = defaultdict(list)
    for row in rows:
        start, end = _day(row["effective_from"]), _day(row.get("effective_to"))
        assert start is not None and (end is None or start <= end), (what, key(row))
        versions[key(row)].append((start, end or date.max))
    for name, spans in versions.items():
        spans.sort()
        for (_, end), (next_start, _) in pairwise(spans):
            assert end < next_start, f"{what} {name}: versions overlap at {next_start}"


def test_dated_versions_never_overlap():
    # One table holds the lists of both files, so a slug must be unique across them.
    _assert_no_overlap(ALL_LISTS, lambda row: row["slug"], "occupation list")
    _assert_no_overlap(CATEGORIES, lambda row: row["slug"], "category")
    for program in PROGRAMS:
        _assert_no_overlap(program["criteria"], lambda row: row["code"], program["slug"])


def test_a_2016_list_ends_the_day_before_its_2021_version_starts():
    by_slug: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in ALL_LISTS:
        by_slug[row["slug"]].append(row)
    for slug, rows in by_slug.items():
        rows.sort(key=lambda row: row["effective_from"])
        for old, new in pairwise(rows):
            if old["noc_version"] == "2016" and new["noc_version"] == "2021":
                gap = _day(new["effective_from"]) - _day(old["effective_to"])
                assert gap == timedelta(days=1), slug


def test_every_referenced_list_exists_and_is_in_force_whenever_it_is_used():
    versions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in ALL_LISTS:
        versions[row["slug"]].append(row)
    for slug, who, row in _list_references():
        assert slug in versions, f"{who} refers to a missing occupation list {slug!r}"
        start, end = _day(row["effective_from"]), _day(row.get("effective_to")) or date.max
        # A gap can only open the day after a version ends: check the start and those days.
        days = {start} | {
            _day(v["effective_to"]) + timedelta(days=1)
            for v in versions[slug]
            if v.get("effective_to") and start <= _day(v["effective_to"]) < end
        }
        for day in days:
            assert any(_applies(v, day) for v in versions[slug]), f"{who}: no {slug} on {day}"


def test_categories_have_the_readme_fields():
    with open(DATA / "ee_draws_detail.csv", encoding="utf-8") as f:
        draw_names = {row["ircc_draw_name"] for row in csv.DictReader(f)}
    for row in CATEGORIES:
        slug = row["slug"]
        assert SLUG.match(slug) and len(slug) <= 80, slug
        assert row["name_en"].strip() and row["name_fr"].strip(), slug
        assert row["source"].strip(), slug
        if row["kind"] == "french":
            assert row["occupation_list"] is None and row["min_nclc"] == 7, slug
        else:
            assert row["kind"] == "occupation", slug
            assert row["occupation_list"] and row["min_experience_months"] > 0, slug
            assert row["window_years"] == 3, slug
        assert not row["draw_name"] or row["draw_name"] in draw_names, (slug, row["draw_name"])


def test_category_rules_follow_the_year():
    def in_force(day: date) -> dict[str, dict[str, Any]]:
        return {row["slug"]: row for row in CATEGORIES if _applies(row, day)}

    y2024, y2025, y2026 = (
        in_force(date(2024, 6, 1)),
        in_force(date(2025, 6, 1)),
        in_force(CHECK_DAY),
    )
    assert set(y2024) == {"french", "healthcare", "stem", "trades", "transport", "agriculture"}
    assert set(y2025) == {"french", "healthcare", "stem", "trades", "agriculture", "education"}
    assert set(y2026) == {
        "french",
        "healthcare",
        "stem",
        "trades",
        "education",
        "transport",
        "physicians",
        "researchers",
        "senior-managers",
        "military",
    }
    for row in [*y2024.values(), *y2025.values()]:
        if row["kind"] == "occupation":
            assert (row["min_experience_months"], row["continuous"]) == (6, True), row["slug"]
    for row in y2026.values():
        assert not row["continuous"], row["slug"]
        if row["kind"] == "occupation":
            assert row["min_experience_months"] == 12, row["slug"]
    in_canada = {slug for slug, row in y2026.items() if row["in_canada_only"]}
    assert in_canada == {"physicians", "researchers", "senior-managers"}


# --- scoring with the seed rules ---------------------------------------------------------------


def seed_rules(as_of: date):
    """The rule set `programs.loader.load_rules` would build from these files on as_of."""
    noc = noc_index()
    lists: dict[str, set[str]] = {}
    for row in ALL_LISTS:
        if _applies(row, as_of):
            codes = lists.setdefault(row["slug"], set())
            for code in row["codes"]:
                codes.update(noc.codes_2021(code))
    programs = []
    for program in sorted(PROGRAMS, key=lambda p: (p["position"], p["slug"])):
        statuses = [s for s in program["statuses"] if _day(s["effective_from"]) <= as_of]
        if not statuses:
            continue
        rules = sorted(
            (r for r in program["criteria"] if _applies(r, as_of)),
            key=lambda r: (r["position"], r["code"], r["effective_from"]),
        )
        programs.append(
            ProgramRules(
                slug=program["slug"],
                name={"en": program["name_en"], "fr": program["name_fr"]},
                kind=program["kind"],
                jurisdiction=program["jurisdiction"],
                status=statuses[-1]["status"],
                status_note={"en": statuses[-1]["note_en"], "fr": statuses[-1]["note_fr"]},
                criteria=tuple(
                    CriterionRule(
                        code=r["code"],
                        kind=r["kind"],
                        params=parse_params(r["kind"], r["params"]),
                        requirement={"en": r["message_en"], "fr": r["message_fr"]},
                    )
                    for r in rules
                ),
                official_url=program["official_url"],
            )
        )
    categories = tuple(
        CategoryRules(
            slug=row["slug"],
            name={"en": row["name_en"], "fr": row["name_fr"]},
            kind=row["kind"],
            occupation_list=row["occupation_list"],
            min_experience_months=row["min_experience_months"] or 0,
            window_years=row["window_years"] or 3,
            continuous=row["continuous"],
            in_canada_only=row["in_canada_only"],
            min_nclc=row["min_nclc"],
            effective_from=_day(row["effective_from"]),
            draw_name=row["draw_name"],
            unsettled_list=row.get("unsettled_list"),
            needs_caf_offer=row.get("needs_caf_offer", False),
        )
        for row in sorted(CATEGORIES, key=lambda row: row["slug"])
        if _applies(row, as_of)
    )
    return rules_for(
        as_of,
        occupation_lists={slug: frozenset(codes) for slug, codes in lists.items()},
        programs=tuple(programs),
        categories=categories,
    )


def _assess(data: dict[str, Any], as_of: date) -> tuple[dict[str, str], dict[str, Any]]:
    data = {**data, "as_of": as_of.isoformat()}
    result = assess(parse_profile(json.dumps(data)), seed_rules(as_of), suggestions=False)
    outcomes = {p["slug"]: p["outcome"] for p in result["programs"]}
    categories = {c["slug"]: c["qualifies"] for c in result["categories"]}
    return outcomes, categories


def _developer_abroad(as_of: date, **extra: Any) -> dict[str, Any]:
    """Software developer in India for 4 years, master's with an ECA, CLB 9, funds, wants Ontario."""
    return profile(
        date_of_birth=born_aged(30, as_of),
        education={"level": "masters", "has_eca": True},
        languages={"first": clb(9)},
        work_experience=[job("21232", 4, country="IN", as_of=as_of)],
        settlement_funds_cad=40_000,
        family_size=1,
        intended_province="ON",
        **extra,
    )


def test_a_developer_abroad_in_2026():
    outcomes, categories = _assess(_developer_abroad(CHECK_DAY), CHECK_DAY)
    assert outcomes["express-entry-fsw"] == "eligible"
    assert outcomes["express-entry-cec"] == "not_eligible"  # no Canadian experience
    assert outcomes["express-entry-fst"] == "not_eligible"  # not a trade
    assert outcomes["ontario-hcp"] == "closed"  # repealed from 2026-05-30
    assert "ontario-workforce-priority" not in outcomes  # in force from 2026-06-26
    assert outcomes["bc-pnp-tech"] == "not_eligible"  # paused, and no B.C. job offer
    assert outcomes["alberta-accelerated-tech"] == "not_eligible"
    assert outcomes["quebec-pilot-ai"] == "closed"
    assert outcomes["quebec-pilot-it-vfx"] == "closed"
    assert categories["stem"] is None  # 21232 was listed in 2023; the 2026 list is unconfirmed
    assert categories["french"] is False


def test_the_same_developer_qualified_for_stem_version_1_in_2024():
    day = date(2024, 6, 1)
    outcomes, categories = _assess(_developer_abroad(day), day)
    assert outcomes["express-entry-fsw"] == "eligible"
    assert categories["stem"] is True
    assert outcomes["quebec-pilot-ai"] != "closed"


def test_an_alberta_software_engineer_with_an_offer_needs_review_for_the_tech_pathway():
    data = _developer_abroad(
        CHECK_DAY,
        job_offer={"noc": "21231", "province": "AB", "full_time": True, "duration_months": 24},
    )
    data["work_experience"] = [job("21231", 2, province="AB")]
    data["intended_province"] = "AB"
    outcomes, _ = _assess(data, CHECK_DAY)
    assert outcomes["express-entry-cec"] == "eligible"
    # Everything a profile can show is met; the employer's industry is left to review.
    assert outcomes["alberta-accelerated-tech"] == "needs_review"
    assert outcomes["ontario-hcp"] == "closed"


def test_a_welder_with_a_certificate_of_qualification_qualifies_for_fst():
    data = profile(
        education={"level": "secondary"},
        languages={"first": clb(5, 4, 4, 5)},
        work_experience=[job("72106", 3, country="PH")],
        certificate_of_qualification=True,
        settlement_funds_cad=20_000,
        family_size=1,
        intended_province="AB",
    )
    outcomes, categories = _assess(data, CHECK_DAY)
    assert outcomes["express-entry-fst"] == "eligible"
    assert outcomes["express-entry-fsw"] == "not_eligible"  # CLB below 7
    assert categories["trades"] is True


def test_quebec_bound_applicants_are_outside_the_federal_programs():
    data = _developer_abroad(CHECK_DAY)
    data["intended_province"] = "QC"
    outcomes, _ = _assess(data, CHECK_DAY)
    for slug in ("express-entry-fsw", "express-entry-cec", "express-entry-fst"):
        assert outcomes[slug] == "not_eligible"


def test_a_profile_without_a_language_test_can_be_scored():
    data = _developer_abroad(CHECK_DAY)
    data["languages"] = {"first": None}
    data["intended_province"] = "QC"
    data["quebec"] = {"intends_to_live_in_quebec": True}
    outcomes, _ = _assess(data, CHECK_DAY)
    # No test yet: the 67-point grid cannot be met without language points.
    assert outcomes["express-entry-fsw"] == "not_eligible"
    result = assess(
        parse_profile(json.dumps({**data, "as_of": CHECK_DAY.isoformat()})),
        seed_rules(CHECK_DAY),
        suggestions=False,
    )
    fsw = next(p for p in result["programs"] if p["slug"] == "express-entry-fsw")
    language = next(c for c in fsw["criteria"] if c["kind"] == "language_min")
    assert language["met"] is False
    assert "no valid" in language["message"]
