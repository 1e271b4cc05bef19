"""Your score over the next 24 months: the stored profile re-scored by the pure engine on the
days where something in it changes (a birthday, a job anniversary, a language test turning two).

`score_outlook` is pure: the profile, the day it was scored and a `RulesTimeline` (the rule sets
in force over the period, loaded beforehand) in, the days where the CRS changes out, each with
what caused it. No ORM, no settings, no clock: the caller passes `as_of`.

The candidate days come from the profile (birthdays, anniversaries of every job's start and end,
each test's two-year limit) plus the first of every month; between two candidates whose CRS
differs, the exact day is found by bisection. Work experience is counted by hours, so a year of
full-time work is reached a day before its anniversary and a part-time year much later: the
bisection finds those days without this module knowing how the engine counts.

`rules_timeline` is the ORM side: the rule sets in force at the start and on each day a rule row
starts or stops applying in the period, through `RulesByDay` (a handful of queries, cached per
process by the loader). `outlook_chart` turns an outlook into the geometry of an SVG step chart.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from django.db.models import DateField, Q, Value
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from programs.engine import assess, parse_profile
from programs.engine.profile import Job, Profile
from programs.engine.rules import RuleSet
from programs.engine.vocabulary import CONVERTED_TESTS
from programs.scoring import RulesByDay

MONTHS = 24
DAY = timedelta(days=1)
TEST_VALIDITY_YEARS = 2
MIN_TICK_GAP = 20  # SVG units between two score labels of the chart (labels are 18 high)
# Tests whose results expire (CLB / NCLC levels name no test): short names for the chart.
TEST_NAMES = {test.value: test.short_name for test in CONVERTED_TESTS}


# --- Calendar helpers ---------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def _anniversaries(day: date, first: date, last: date) -> Iterator[date]:
    """Each anniversary of `day` in [first, last]; 29 February gives 28 February and 1 March."""
    for year in range(max(first.year, day.year + 1), last.year + 1):
        try:
            candidates = [day.replace(year=year)]
        except ValueError:
            candidates = [date(year, 2, 28), date(year, 3, 1)]
        yield from (c for c in candidates if first <= c <= last)


# --- Rules over a period ------------------------------------------------------------------------


@dataclass(frozen=True)
class RulesTimeline:
    """The rule sets in force over a period: each applies from its day until the next one's.

    Between two of these days no rule row starts or stops, so the rule set of any day is the
    segment's with `as_of` moved to that day (what `load_rules(day)` would build).
    """

    segments: tuple[tuple[date, RuleSet], ...]

    def on(self, day: date) -> RuleSet:
        rules = self.segments[0][1]
        for start, segment_rules in self.segments:
            if start > day:
                break
            rules = segment_rules
        return rules if rules.as_of == day else replace(rules, as_of=day)

    @property
    def change_days(self) -> frozenset[date]:
        return frozenset(start for start, _rules in self.segments[1:])


def rule_change_days(*, start: date, end: date) -> set[date]:
    """Days in (start, end] on which a rule row starts or stops applying (one query)."""
    from programs.models import (
        Criterion,
        ExpressEntryCategory,
        OccupationList,
        ProgramStatus,
        ScoringGrid,
    )

    window = Q(effective_from__gt=start, effective_from__lte=end) | Q(
        effective_to__gte=start, effective_to__lt=end
    )
    dated = [
        model.objects.filter(window).order_by().values_list("effective_from", "effective_to")
        for model in (ScoringGrid, Criterion, OccupationList, ExpressEntryCategory)
    ]
    statuses = (
        ProgramStatus.objects.filter(effective_from__gt=start, effective_from__lte=end)
        .order_by()
        .annotate(until=Value(None, output_field=DateField()))
        .values_list("effective_from", "until")
    )
    days: set[date] = set()
    for first, last in dated[0].union(*dated[1:], statuses, all=True):
        days.add(first)
        if last is not None:
            days.add(last + DAY)  # effective_to is inclusive
    return {day for day in days if start < day <= end}


def rules_timeline(*, start: date, end: date, rules_by_day: RulesByDay) -> RulesTimeline:
    """The rule sets from `start` to `end`; raises RuleError when a day has no rules in force."""
    days = sorted({start} | rule_change_days(start=start, end=end))
    return RulesTimeline(tuple((day, rules_by_day(day)) for day in days))


# --- The outlook (pure) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why the score changes on a day: `kind` and the figures its sentence needs."""

    kind: str  # age / canadian_work / foreign_work / spouse_canadian_work / test_expired / rules
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OutlookChange:
    day: date
    crs_before: int
    crs_after: int
    reasons: tuple[Reason, ...]

    @property
    def delta(self) -> int:
        return self.crs_after - self.crs_before


@dataclass(frozen=True)
class Outlook:
    start: date
    end: date
    crs_start: int
    changes: tuple[OutlookChange, ...]

    @property
    def crs_end(self) -> int:
        return self.changes[-1].crs_after if self.changes else self.crs_start

    @property
    def steps(self) -> list[tuple[date, int]]:
        """(day, CRS from that day on), the start first."""
        return [(self.start, self.crs_start)] + [(c.day, c.crs_after) for c in self.changes]


def _jobs(profile: Profile) -> list[Job]:
    spouse_jobs = list(profile.spouse.work_experience) if profile.spouse else []
    return list(profile.work_experience) + spouse_jobs


def candidate_days(profile: Profile, start: date, end: date) -> set[date]:
    """Days in (start, end] where the score may change, read from the profile."""
    first = start + DAY
    days = set(_anniversaries(profile.date_of_birth, first, end))
    tests = [profile.languages.first, profile.languages.second]
    if profile.spouse is not None:
        tests.append(profile.spouse.language)
    for test in tests:
        if test is not None and test.test_date is not None:
            # Valid while taken on or after the same day two years before: gone the day after.
            limit = add_months(test.test_date, 12 * TEST_VALIDITY_YEARS)
            days.update({limit + DAY, limit + 2 * DAY})
    for job in _jobs(profile):
        days.update(_anniversaries(job.start, first, end))
        if job.end is not None:
            days.update(_anniversaries(job.end + DAY, first, end))
    month = 1
    while (mark := add_months(start, month)) <= end:
        days.add(mark)
        month += 1
    return {day for day in days if first <= day <= end}


class _Scorer:
    """The engine's result on each day, computed once per day."""

    def __init__(self, profile: Profile, timeline: RulesTimeline) -> None:
        self.profile = profile
        self.timeline = timeline
        self._results: dict[date, dict[str, Any]] = {}

    def result(self, day: date) -> dict[str, Any]:
        if day not in self._results:
            self._results[day] = assess(self.profile, self.timeline.on(day), suggestions=False)
        return self._results[day]

    def crs(self, day: date) -> int:
        return self.result(day)["crs"]["total"]

    def first_change(self, low: date, high: date) -> date:
        """A day d in (low, high] with crs(d) != crs(low) == crs(d - 1); crs(high) != crs(low)."""
        base = self.crs(low)
        if self.crs(high - DAY) == base:  # the usual case: the change is on the candidate day
            return high
        while (high - low).days > 1:
            middle = low + timedelta(days=(high - low).days // 2)
            if self.crs(middle) == base:
                low = middle
            else:
                high = middle
        return high


def _reasons(before: dict[str, Any], after: dict[str, Any], rules_changed: bool) -> list[Reason]:
    reasons = []
    if after["age"] != before["age"]:
        reasons.append(Reason("age", {"age": after["age"]}))
    for key, kind in (
        ("canadian", "canadian_work"),
        ("foreign", "foreign_work"),
        ("spouse_canadian", "spouse_canadian_work"),
    ):
        old, new = before["experience_years"][key], after["experience_years"][key]
        if old != new:
            reasons.append(Reason(kind, {"years": new, "up": new > old}))
    for slot in ("first", "second", "spouse"):
        if before["clb"][slot] is not None and after["clb"][slot] is None:
            reasons.append(Reason("test_expired", {"slot": slot}))
    if rules_changed:
        reasons.append(Reason("rules"))
    return reasons


def _with_tests(reasons: list[Reason], profile: Profile) -> tuple[Reason, ...]:
    """Name the test that expired (the engine's result only says which slot emptied)."""
    tests = {
        "first": profile.languages.first,
        "second": profile.languages.second,
        "spouse": profile.spouse.language if profile.spouse else None,
    }
    named = []
    for reason in reasons:
        if reason.kind == "test_expired":
            test = tests[reason.values["slot"]]
            reason = Reason("test_expired", reason.values | {"test": test.test if test else ""})
        named.append(reason)
    return tuple(named)


def score_outlook(
    *, profile: Profile, as_of: date, timeline: RulesTimeline, months: int = MONTHS
) -> Outlook:
    """The CRS from `as_of` to `months` later: every day it changes, with the reasons.

    Pure and deterministic. Raises ProfileError if the profile cannot be scored on `as_of`.
    A change that is undone before the next candidate day (neither a birthday, an anniversary,
    a test limit nor the first of a month) would be missed; the profile gives no such case.
    """
    end = add_months(as_of, months)
    scorer = _Scorer(profile, timeline)
    points = [as_of, *sorted(candidate_days(profile, as_of, end))]
    change_days: list[date] = []
    for start, high in pairwise(points):
        low = start
        while scorer.crs(low) != scorer.crs(high):
            low = scorer.first_change(low, high)
            change_days.append(low)
    changes = []
    for day in change_days:
        before, after = scorer.result(day - DAY), scorer.result(day)
        reasons = _reasons(before, after, day in timeline.change_days)
        changes.append(
            OutlookChange(
                day=day,
                crs_before=before["crs"]["total"],
                crs_after=after["crs"]["total"],
                reasons=_with_tests(reasons, profile),
            )
        )
    return Outlook(start=as_of, end=end, crs_start=scorer.crs(as_of), changes=tuple(changes))


def outlook_for_profile(
    *, profile: dict[str, Any], as_of: date, rules_by_day: RulesByDay, months: int = MONTHS
) -> Outlook:
    """The outlook of a stored (JSON) profile: loads the rules of the period, then scores.

    Raises ProfileError / RuleError like scoring does.
    """
    parsed = parse_profile(json.dumps(profile))
    timeline = rules_timeline(start=as_of, end=add_months(as_of, months), rules_by_day=rules_by_day)
    return score_outlook(profile=parsed, as_of=as_of, timeline=timeline, months=months)


# --- Words and chart ----------------------------------------------------------------------------


# (kind, going up) -> the sentence; the plural form is picked by the "years" value.
WORK_TEXTS = {
    ("canadian_work", True): ngettext_lazy(
        "you reach %(years)s year of Canadian work experience",
        "you reach %(years)s years of Canadian work experience",
        "years",
    ),
    ("canadian_work", False): ngettext_lazy(
        "your Canadian work experience of the last 10 years falls to %(years)s year",
        "your Canadian work experience of the last 10 years falls to %(years)s years",
        "years",
    ),
    ("foreign_work", True): ngettext_lazy(
        "you reach %(years)s year of foreign work experience",
        "you reach %(years)s years of foreign work experience",
        "years",
    ),
    ("foreign_work", False): ngettext_lazy(
        "your foreign work experience of the last 10 years falls to %(years)s year",
        "your foreign work experience of the last 10 years falls to %(years)s years",
        "years",
    ),
    ("spouse_canadian_work", True): ngettext_lazy(
        "your spouse or partner reaches %(years)s year of Canadian work experience",
        "your spouse or partner reaches %(years)s years of Canadian work experience",
        "years",
    ),
    ("spouse_canadian_work", False): ngettext_lazy(
        "your spouse or partner's Canadian work experience of the last 10 years "
        "falls to %(years)s year",
        "your spouse or partner's Canadian work experience of the last 10 years "
        "falls to %(years)s years",
        "years",
    ),
}


def _reason_text(reason: Reason) -> str:
    values = reason.values
    if reason.kind == "age":
        return _("you turn %(age)s") % values
    if reason.kind in ("canadian_work", "foreign_work", "spouse_canadian_work"):
        return WORK_TEXTS[(reason.kind, values["up"])] % {"years": values["years"]}
    if reason.kind == "test_expired":
        name = TEST_NAMES.get(values.get("test", ""))
        if values["slot"] == "spouse":
            if name:
                return _("your spouse or partner's %(test)s result is more than two years old") % {
                    "test": name
                }
            return _("your spouse or partner's language test result is more than two years old")
        if name:
            return _("your %(test)s result is more than two years old") % {"test": name}
        return _("your language test result is more than two years old")
    if reason.kind == "rules":
        return _("the rules in force change")
    return _("your situation changes")


def points_text(delta: int) -> str:
    """'+5 points' / '-5 points', as the changes list says them."""
    sign = "+" if delta > 0 else "-"
    return ngettext("%(sign)s%(points)s point", "%(sign)s%(points)s points", abs(delta)) % {
        "sign": sign,
        "points": abs(delta),
    }


def day_text(day: date) -> str:
    """A day as the active language writes it in a sentence (Django's DATE_FORMAT), kept on one
    line (no-break spaces)."""
    return formats.date_format(day, "DATE_FORMAT").replace(" ", "\u00a0")


def describe_change(change: OutlookChange) -> str:
    """Advice for a drop that can be acted on ('Your IELTS result expires on 2 Sept. 2027
    (-224 points): book a new test before then.'), else what happens ('On 14 March 2027 you
    turn 30: -5 points'), in the active language."""
    advice = _advice(change)
    if advice:
        return advice
    reasons = [_reason_text(reason) for reason in change.reasons] or [_reason_text(Reason(""))]
    joined = (
        reasons[0]
        if len(reasons) == 1
        else _("%(first)s and %(last)s")
        % {
            "first": ", ".join(reasons[:-1]),
            "last": reasons[-1],
        }
    )
    return _("On %(day)s %(reasons)s: %(points)s") % {
        "day": day_text(change.day),
        "reasons": joined,
        "points": points_text(change.delta),
    }


def _advice(change: OutlookChange) -> str:
    """What to do before a drop with a single cause the applicant can act on; '' otherwise."""
    if change.delta >= 0 or len(change.reasons) != 1:
        return ""
    reason = change.reasons[0]
    values = {"day": day_text(change.day), "points": points_text(change.delta)}
    if reason.kind == "test_expired":
        test = TEST_NAMES.get(reason.values.get("test", "")) or _("language test")
        if reason.values.get("slot") == "spouse":
            return _(
                "Your spouse or partner's %(test)s result expires on %(day)s (%(points)s): "
                "they can book a new test before then."
            ) % (values | {"test": test})
        return _(
            "Your %(test)s result expires on %(day)s (%(points)s): book a new test before then."
        ) % (values | {"test": test})
    if reason.kind == "age":
        return _(
            "You turn %(age)s on %(day)s (%(points)s): age points count on the day you are "
            "invited, so an invitation before then keeps them."
        ) % (values | {"age": reason.values["age"]})
    return ""


@dataclass(frozen=True)
class Chart:
    """The geometry of the step chart, in the SVG's user units (the template draws it)."""

    width: int
    height: int
    path: str
    markers: list[dict[str, Any]]  # x, y, crs, day of each change
    y_ticks: list[dict[str, Any]]  # y, crs
    x_ticks: list[dict[str, Any]]  # x, label (YYYY-MM)
    plot: dict[str, int]  # left, right, top, bottom


def outlook_chart(outlook: Outlook, *, width: int = 480, height: int = 240) -> Chart:
    """A step chart of the CRS over the period: flat between changes, vertical on the day."""
    # Small user units with large labels, so that text stays legible on a 360 px wide phone.
    left, right, top, bottom = 44, width - 40, 12, height - 32
    values = [crs for _day, crs in outlook.steps]
    low, high = min(values), max(values)
    spread = max(high - low, 10)
    low, high = low - spread // 4 - 1, high + spread // 4 + 1
    total_days = max((outlook.end - outlook.start).days, 1)

    def x(day: date) -> float:
        return round(left + (right - left) * (day - outlook.start).days / total_days, 1)

    def y(crs: int) -> float:
        return round(bottom - (bottom - top) * (crs - low) / (high - low), 1)

    steps = outlook.steps
    parts = [f"M{x(steps[0][0])} {y(steps[0][1])}"]
    for day, crs in steps[1:]:
        parts.append(f"H{x(day)} V{y(crs)}")
    parts.append(f"H{x(outlook.end)}")
    markers = [
        {"x": x(c.day), "y": y(c.crs_after), "crs": c.crs_after, "day": c.day}
        for c in outlook.changes
    ]
    # Label the start, the extremes and the end, then other levels, never two labels too close.
    tick_values: list[int] = []
    for value in [values[0], max(values), min(values), values[-1], *values]:
        if all(abs(y(value) - y(kept)) >= MIN_TICK_GAP for kept in tick_values):
            tick_values.append(value)
    y_ticks = [{"y": y(v), "crs": v} for v in sorted(tick_values, reverse=True)]
    x_ticks = []
    for months in range(0, MONTHS + 1, 6):
        day = add_months(outlook.start, months)
        if day <= outlook.end:
            x_ticks.append({"x": x(day), "label": day.strftime("%Y-%m")})
    return Chart(
        width=width,
        height=height,
        path=" ".join(parts),
        markers=markers,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        plot={"left": left, "right": right, "top": top, "bottom": bottom},
    )
