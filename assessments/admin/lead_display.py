"""A lead in words for its admin page: the result laid out as the applicant's results page lays it
out, and the answers worded as the wizard's review step words them.

Both reuse the public code (the results page's CRS groups and badges; the wizard's forms, labels,
choices and `answer_in_words`) so that a consultant reads exactly what the applicant read. Nothing here
queries the database: the detail page's query count does not depend on the profile.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from django import forms
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from assessments import presentation
from assessments.presentation import result_layout
from assessments.wizard import forms as wizard_forms
from assessments.wizard.profile import ABILITIES
from assessments.wizard.wording import STEP_TITLES, answer_in_words, job_line

TEMPLATE_DIR = "admin/assessments/assessment"


def result_html(result: dict[str, Any] | None) -> str:
    """The stored result as an HTML fragment ('' before scoring)."""
    if not result:
        return ""
    return render_to_string(f"{TEMPLATE_DIR}/_result.html", result_layout(result))


def answers_html(profile: dict[str, Any] | None) -> str:
    """The applicant's answers in plain words, section by section, as an HTML fragment."""
    return render_to_string(
        f"{TEMPLATE_DIR}/_answers.html", {"sections": profile_sections(profile or {})}
    )


def outcome_badge(outcome: str) -> tuple[str, str]:
    """(label, colour class) of an outcome, as the results page shows it."""
    label, colour = presentation.outcome_badge(outcome or "-", "secondary")
    return str(label), colour


@lru_cache(maxsize=64)
def outcome_badge_html(outcome: str, language: str) -> str:
    """The outcome's badge in the list, in `language` (the active one: part of the cache key),
    made once rather than once a row."""
    label, colour = outcome_badge(outcome)
    return format_html('<span class="lead-badge lead-badge-{}">{}</span>', colour, label)


@lru_cache(maxsize=256)
def program_badge(name: str, slug: str) -> str:
    """An eligible program's badge in the list (its slug, its name as a tooltip)."""
    return format_html(
        '<span class="lead-badge lead-badge-program" title="{}">{}</span>', name, slug
    )


# --- the profile, back into the wizard's steps ---


def _as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _step_rows(step: str, values: dict[str, Any]) -> list[dict[str, str]]:
    """Bind the step's form to the answers (without validating: no queries, no "today") and
    word each one with the review's `_display`."""
    form = dict(wizard_forms.FORMS)[step](prefix=step, data={})
    raw, cleaned = {}, {}
    for name, value in values.items():
        field = form.fields.get(name)
        if field is None or value is None:
            continue
        if isinstance(field, forms.DateField):
            value = _as_date(value)
        cleaned[name] = value
        if isinstance(value, bool):
            raw[f"{step}-{name}"] = "yes" if value else "no"
        else:
            raw[f"{step}-{name}"] = value.isoformat() if isinstance(value, date) else str(value)
    form = form.__class__(prefix=step, data=raw)
    rows = [
        (bound.label, answer_in_words(bound, cleaned)) for bound in form if bound.name in cleaned
    ]
    return [{"label": str(label), "value": text} for label, text in rows if text]


def _language(slot: str, result: dict[str, Any] | None) -> dict[str, Any]:
    if not result:
        return {}
    values = {f"{slot}_test": result.get("test"), f"{slot}_date": result.get("test_date")}
    values.update({f"{slot}_{ability}": result.get(ability) for ability in ABILITIES})
    return values


def _spouse(spouse: dict[str, Any]) -> dict[str, Any]:
    values = {
        key: spouse.get(key)
        for key in ("is_canadian_citizen_or_pr", "accompanying", "education", "canadian_education")
    }
    values.update(_language("spouse", spouse.get("language")))
    work = (spouse.get("work_experience") or [{}])[0]
    values.update(
        canadian_work_noc=work.get("noc"),
        canadian_work_start=work.get("start"),
        canadian_work_end=work.get("end"),
        canadian_work_hours=work.get("hours_per_week"),
    )
    return values


def _country_names() -> dict[str, Any]:
    """The work step's country names, in the active language."""
    return dict(wizard_forms.JobForm.base_fields["country"].choices)


def _job_rows(jobs: list[dict[str, Any]]) -> list[dict[str, str]]:
    if not jobs:
        return [{"label": _("Jobs"), "value": _("No paid work in the last ten years")}]
    rows = []
    for number, job in enumerate(jobs, start=1):
        start, end = _as_date(job.get("start")), _as_date(job.get("end"))
        if start is None:
            continue
        values = {
            "title": job.get("title"),
            "noc": job.get("noc", ""),
            "country": job.get("country", ""),
            "start": start,
            "end": end,
            "current": end is None,
            "hours_per_week": job.get("hours_per_week") or 0,
        }
        line = job_line(values, _country_names())
        rows.append({"label": _("Job %(number)s") % {"number": number}, "value": line})
    return rows


def profile_steps(profile: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The wizard's step values that would have built `profile` (the inverse of
    `assessments.wizard.profile.build_profile`, for the fields it has)."""
    education = profile.get("education") or {}
    languages = profile.get("languages") or {}
    steps: dict[str, dict[str, Any]] = {
        "about": {
            "date_of_birth": profile.get("date_of_birth"),
            "citizenship": profile.get("citizenship"),
            "country_of_residence": profile.get("country_of_residence"),
            "marital_status": profile.get("marital_status"),
            "intended_province": profile.get("intended_province"),
            "has_job_offer": bool(profile.get("job_offer")),
        },
        "education": {
            "level": education.get("level"),
            "canadian": education.get("canadian"),
            "has_eca": education.get("has_eca"),
            "field_of_study": education.get("field_of_study"),
        },
        "languages": {
            **_language("first", languages.get("first")),
            **_language("second", languages.get("second")),
        },
        "connections": {
            key: profile.get(key)
            for key in (
                "sibling_in_canada",
                "relative_in_canada",
                "provincial_nomination",
                "certificate_of_qualification",
                "family_size",
                "settlement_funds_cad",
            )
        },
    }
    if isinstance(profile.get("spouse"), dict):
        steps["spouse"] = _spouse(profile["spouse"])
    if isinstance(profile.get("job_offer"), dict):
        steps["job_offer"] = dict(profile["job_offer"])
    if isinstance(profile.get("quebec"), dict):
        steps["quebec"] = dict(profile["quebec"])
    return steps


def profile_sections(profile: dict[str, Any]) -> list[dict[str, Any]]:
    """[{title, rows: [{label, value}]}] in the wizard's step order."""
    if not profile:
        return []
    steps = profile_steps(profile)
    sections = []
    for name, _form in wizard_forms.FORMS:
        if name == "work":
            rows = _job_rows(profile.get("work_experience") or [])
        elif name in steps:
            rows = _step_rows(name, steps[name])
        else:
            continue
        if rows:
            sections.append({"title": STEP_TITLES[name], "rows": rows})
    return sections
