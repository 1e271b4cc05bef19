"""How you compare with recent draws: which rounds count for an applicant, and the result page."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from assessments.selectors import Draw, classify, compare_draws, draws_comparison, recent_draws
from assessments.wizard.results import result_token
from programs.models import ExpressEntryDraw
from tests.profiles import clb, job, profile
from tests.test_outlook import scored_assessment

SEED_DRAWS = Path(__file__).resolve().parent.parent / "programs" / "data" / "ee_draws.csv"
SINCE, UNTIL = date(2025, 11, 25), date(2026, 11, 25)


def draw(number: int, day: str, category: str, cutoff: int, slug: str = "") -> Draw:
    return Draw(
        round=number,
        day=date.fromisoformat(day),
        category=category,
        draw_name="",
        invitations=1000,
        cutoff=cutoff,
        category_slug=slug,
    )


DRAWS = [
    draw(1, "2025-11-25", "no_program_specified", 400),  # the day before the window
    draw(2, "2025-12-10", "no_program_specified", 480),
    draw(3, "2026-01-15", "cec", 520),
    draw(4, "2026-02-02", "fsw", 470),
    draw(5, "2026-03-03", "pnp", 730),
    draw(6, "2026-04-04", "french", 400),
    draw(7, "2026-05-05", "stem", 490, slug="stem"),
    draw(8, "2026-06-06", "physicians_cdn_experience", 200, slug="physicians"),
    draw(9, "2026-11-25", "no_program_specified", 470),  # the window's last day
    draw(10, "2026-11-26", "no_program_specified", 300),  # after it
]


def result(fsw="eligible", cec="not_eligible", fst="not_eligible", **categories) -> dict:
    programs = {"express-entry-fsw": fsw, "express-entry-cec": cec, "express-entry-fst": fst}
    base = {"french": False, "stem": True, "physicians": False}
    return {
        "programs": [{"slug": slug, "outcome": outcome} for slug, outcome in programs.items()],
        "categories": [
            {"slug": slug, "qualifies": value} for slug, value in (base | categories).items()
        ],
    }


def compare(data: dict, crs: int = 478, nominated: bool = False):
    return compare_draws(DRAWS, result=data, crs=crs, nominated=nominated, since=SINCE, until=UNTIL)


def test_counts_general_rounds_eligible_programs_and_qualifying_categories():
    comparison = compare(result())
    assert [row.draw.round for row in comparison.rows] == [9, 7, 4, 2]  # newest first
    assert comparison.rounds_held == 8  # rounds 2 to 9
    assert [row.within for row in comparison.rows] == [True, False, True, False]
    assert comparison.within_count == 2
    assert [(row.kind, row.key) for row in comparison.rows] == [
        ("general", ""),
        ("category", "stem"),
        ("program", "express-entry-fsw"),
        ("general", ""),
    ]
    assert not comparison.to_confirm


def test_a_nomination_adds_pnp_rounds_and_other_programs_their_own():
    comparison = compare(result(cec="eligible", french=True), nominated=True)
    assert {row.draw.round for row in comparison.rows} == {2, 3, 4, 5, 6, 7, 9}


def test_outside_the_pool_no_round_counts():
    comparison = compare(result(fsw="not_eligible", stem=None))
    assert comparison.rows == ()
    assert comparison.rounds_held == 8


def test_eligibility_to_review_counts_the_rounds_as_to_confirm():
    comparison = compare(result(fsw="needs_review", stem=None))
    assert {row.draw.round for row in comparison.rows} == {2, 4, 7, 9}
    assert all(row.to_confirm for row in comparison.rows)
    assert comparison.to_confirm


def test_cut_off_equal_to_the_score_counts():
    comparison = compare(result(), crs=490)
    assert [row.within for row in comparison.rows] == [True, True, True, True]


def test_a_round_without_its_ircc_name_falls_back_to_its_code():
    assert classify(draw(1, "2026-01-01", "french", 400), {"french", "stem"}) == (
        "category",
        "french",
    )
    assert classify(draw(1, "2026-01-01", "skilled_military", 400), {"military"}) == (
        "category",
        "",
    )
    assert classify(draw(1, "2026-01-01", "fst", 400), set()) == ("program", "express-entry-fst")


@pytest.mark.django_db
def test_recent_draws_know_the_category_of_each_version_by_its_ircc_name():
    draws = {d.round: d for d in recent_draws(since=SINCE, until=UNTIL)}
    physicians = [d for d in draws.values() if d.category == "physicians_cdn_experience"]
    assert physicians and all(d.category_slug == "physicians" for d in physicians)
    healthcare = [d for d in draws.values() if d.category == "healthcare"]
    assert healthcare and {d.category_slug for d in healthcare} == {"healthcare"}
    assert all(d.category_name and d.category_name["fr"] for d in healthcare)
    general = [d for d in draws.values() if d.category == "no_program_specified"]
    assert all(d.category_slug == "" for d in general)
    assert all(SINCE < d.day <= UNTIL for d in draws.values())


@pytest.mark.django_db
def test_comparison_over_the_seeded_rounds_matches_the_seed_file():
    with open(SEED_DRAWS, encoding="utf-8") as f:
        seed = [
            row
            for row in csv.DictReader(f)
            if SINCE < date.fromisoformat(row["date"]) <= UNTIL
            and row["category"] in {"no_program_specified", "cec", "french"}
        ]
    data = result(cec="eligible", french=True, stem=False)
    comparison = draws_comparison(result=data, crs=500, as_of=UNTIL, nominated=False)
    assert seed, "the seed file has rounds in the last 12 months"
    assert len(comparison.rows) == len(seed)
    assert comparison.within_count == sum(1 for row in seed if int(row["crs_cutoff"]) <= 500)
    assert comparison.since == SINCE


@pytest.mark.django_db
def test_a_round_staff_add_in_the_admin_counts():
    ExpressEntryDraw.objects.create(
        round=9001,
        date=date(2026, 11, 20),
        category="stem",
        draw_name="STEM occupations (Version 1)",
        invitations=500,
        crs_cutoff=455,
    )
    comparison = draws_comparison(result=result(), crs=478, as_of=UNTIL, nominated=False)
    assert comparison.rows[0].draw.round == 9001
    assert comparison.rows[0].key == "stem" and comparison.rows[0].within


WORKER = profile(
    education={"level": "masters", "has_eca": True},
    languages={"first": clb(9)},
    settlement_funds_cad=30000,
    family_size=1,
    intended_province="ON",
)


def draws_section(client, document: dict) -> tuple[str, int]:
    assessment = scored_assessment(document)
    page = client.get(f"/en/assessment/result/{result_token(assessment)}/").content.decode()
    section = page.split('id="draws-title"', 1)[1].split("</section>", 1)[0]
    return section, assessment.crs_total


@pytest.mark.django_db
def test_result_page_lists_the_rounds_with_dates_and_cut_offs(client):
    """Canadian experience: the Canadian Experience Class rounds of 2025-06 to 2026-06 count."""
    section, crs = draws_section(client, WORKER | {"work_experience": [job("21231", 1.5)]})
    assert "From June 1, 2025 to June 1, 2026, IRCC held 71 Express Entry rounds" in section
    with open(SEED_DRAWS, encoding="utf-8") as f:
        cec = [
            row
            for row in csv.DictReader(f)
            if "2025-06-01" < row["date"] <= "2026-06-01" and row["category"] == "cec"
        ]
    within = sum(1 for row in cec if int(row["crs_cutoff"]) <= crs)
    assert (
        f"Of the {len(cec)} rounds you could have been invited in, {within} had a cut-off "
        f"at or below your score of {crs}."
    ) in section
    for row in cec:
        day = date.fromisoformat(row["date"])
        assert f'<td class="nowrap">{day:%m/%d/%Y}</td>' in section  # SHORT_DATE_FORMAT, en
        assert f'<td class="num">{row["crs_cutoff"]}</td>' in section
    assert section.count('<th scope="row">Canadian Experience Class</th>') == len(cec)


@pytest.mark.django_db
def test_result_page_says_when_no_round_was_open_to_the_applicant(client):
    """Foreign experience only (FSW): that year had no general and no FSW round."""
    section, _crs = draws_section(
        client, WORKER | {"work_experience": [job("21231", 3, country="IN")]}
    )
    assert "None of them was open to you" in section
    assert "<table" not in section


@pytest.mark.django_db
def test_result_page_says_why_outside_the_pool(client):
    section, _crs = draws_section(client, WORKER | {"languages": {"first": clb(4)}})
    assert "to enter the Express Entry pool you need" in section
