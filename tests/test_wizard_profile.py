"""The pure profile builder: wizard answers -> a profile the engine accepts."""

import json
from datetime import date

import pytest

from assessments.wizard.profile import build_profile
from programs.engine.profile import check_profile, parse_profile

TODAY = date(2026, 6, 1)


def about(**extra):
    return {
        "date_of_birth": date(1995, 3, 14),
        "citizenship": "IN",
        "country_of_residence": "IN",
        "marital_status": "never_married",
        "intended_province": "ON",
        "has_job_offer": False,
    } | extra


def languages(**extra):
    return {
        "first_test": "ielts_general",
        "first_date": date(2026, 1, 10),
        "first_listening": 8.0,
        "first_reading": 7.0,
        "first_writing": 6.5,
        "first_speaking": 7.0,
        "second_test": "",
    } | extra


def job(**extra):
    return {
        "noc": "21231",
        "title": "Developer",
        "country": "IN",
        "province": "",
        "start": date(2019, 1, 1),
        "end": None,
        "current": True,
        "hours_per_week": 40.0,
        "self_employed": False,
        "while_full_time_student": False,
        "DELETE": False,
    } | extra


def steps(**extra):
    return {
        "about": about(),
        "education": {"level": "masters", "canadian": "none", "has_eca": True},
        "languages": languages(),
        "work": [job()],
        "connections": {
            "sibling_in_canada": False,
            "relative_in_canada": True,
            "provincial_nomination": False,
            "certificate_of_qualification": False,
            "dependent_children": 0,
            "settlement_funds_cad": 20000,
        },
        "contact": {"name": "A", "email": "a@example.com"},
    } | extra


def valid(profile):
    parsed = parse_profile(json.dumps(profile))
    check_profile(parsed, TODAY)
    return parsed


def test_single_without_job_offer():
    profile = build_profile(steps())
    parsed = valid(profile)
    assert profile["languages"]["first"] == {
        "test": "ielts_general",
        "test_date": "2026-01-10",
        "listening": 8,
        "reading": 7,
        "writing": 6.5,
        "speaking": 7,
    }
    assert profile["languages"]["second"] is None
    assert profile["work_experience"][0]["end"] is None
    assert profile["job_offer"] is None
    assert "spouse" not in profile
    assert "quebec" not in profile
    assert parsed.relative_in_canada is True
    assert profile["settlement_funds_cad"] == 20000


def test_married_with_spouse_and_job_offer():
    data = steps(
        about=about(marital_status="married", has_job_offer=True),
        spouse={
            "is_canadian_citizen_or_pr": False,
            "accompanying": True,
            "education": "bachelors",
            "canadian_education": "none",
            "spouse_test": "celpip_general",
            "spouse_date": date(2025, 12, 1),
            "spouse_listening": 9.0,
            "spouse_reading": 8.0,
            "spouse_writing": 8.0,
            "spouse_speaking": 9.0,
            "canadian_work_noc": "2173",
            "canadian_work_start": date(2022, 5, 1),
            "canadian_work_end": date(2024, 5, 1),
            "canadian_work_hours": 37.5,
        },
        job_offer={
            "noc": "21231",
            "province": "BC",
            "full_time": True,
            "duration_months": None,
            "lmia_or_exempt": True,
        },
    )
    profile = build_profile(data)
    parsed = valid(profile)
    assert parsed.spouse.accompanying is True
    assert profile["spouse"]["work_experience"][0]["noc"] == "2173"
    assert profile["spouse"]["work_experience"][0]["hours_per_week"] == 37.5
    assert profile["job_offer"]["province"] == "BC"
    assert profile["job_offer"]["duration_months"] is None


def test_quebec_path_and_second_language():
    data = steps(
        about=about(intended_province="QC"),
        languages=languages(
            second_test="tcf_canada",
            second_date=date(2025, 11, 1),
            second_listening=500.0,
            second_reading=480.0,
            second_writing=12.0,
            second_speaking=14.0,
        ),
        quebec={
            "intends_to_live_in_quebec": True,
            "quebec_diploma": "dep_or_dec",
            "holds_quebec_job_offer": False,
            "francization_agreement": True,
        },
    )
    profile = build_profile(data)
    valid(profile)
    assert profile["quebec"]["quebec_diploma"] == "dep_or_dec"
    assert profile["languages"]["second"]["test"] == "tcf_canada"


def test_quebec_answers_dropped_when_province_changed():
    data = steps(quebec={"intends_to_live_in_quebec": True, "holds_quebec_job_offer": False})
    assert "quebec" not in build_profile(data)


def test_spouse_answers_dropped_when_single():
    data = steps(spouse={"accompanying": True, "is_canadian_citizen_or_pr": False})
    assert "spouse" not in build_profile(data)


@pytest.mark.parametrize("row", [{}, None])
def test_empty_and_removed_rows_left_out(row):
    data = steps(work=[job(), row, job(noc="2173", DELETE=True)])
    profile = build_profile(data)
    valid(profile)
    assert [j["noc"] for j in profile["work_experience"]] == ["21231"]


def test_no_test_and_no_work():
    data = steps(languages={"first_test": "", "second_test": ""}, work=[])
    profile = build_profile(data)
    valid(profile)
    assert profile["languages"] == {"first": None, "second": None}
    assert profile["work_experience"] == []


def test_ended_canadian_job_keeps_province():
    data = steps(work=[job(country="CA", province="ON", current=False, end=date(2024, 12, 31))])
    profile = build_profile(data)
    valid(profile)
    assert profile["work_experience"][0]["province"] == "ON"
    assert profile["work_experience"][0]["end"] == "2024-12-31"
