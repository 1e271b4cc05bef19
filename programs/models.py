"""Immigration programs and the rules scoring reads, all dated and editable in the admin.

Every rule row carries `effective_from` / `effective_to` (inclusive, empty = still in force), so a
profile scored on any day gets the rules of that day. `programs.loader.load_rules` turns the rows
in force on a day into the engine's plain `RuleSet`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

import pydantic
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from occupations.models import Noc2016UnitGroup, Occupation

from .choices import label
from .engine.cases import CaseError, parse_case
from .engine.criteria_params import CRITERION_PARAMS, parse_params, references
from .engine.grids import GRID_SCHEMAS, validate_grid
from .engine.vocabulary import Province

# Federal, or a province or territory (vocabulary.Province: the codes and names are defined there).
Jurisdiction = models.TextChoices(
    "Jurisdiction",
    [
        ("FEDERAL", ("FED", _("Federal"))),
        *((province.name, (province.value, label(province))) for province in Province),
    ],
)


def pydantic_message(error: pydantic.ValidationError) -> str:
    """A staff-readable summary of a pydantic error: 'field.path: message; ...'."""
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"])
        parts.append(f"{where}: {item['msg']}" if where else item["msg"])
    return "; ".join(parts)


class DatedQuerySet(models.QuerySet):
    def in_force(self, day: date) -> DatedQuerySet:
        return self.filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=day), effective_from__lte=day
        )


class DatedRule(models.Model):
    """A row that applies from one day to another (inclusive; no end = still in force)."""

    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Inclusive. Empty: still in force.")
    )

    objects = DatedQuerySet.as_manager()

    #: Fields that identify "the same rule" across its dated versions; versions must not overlap.
    version_of: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def applies_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    def clean(self) -> None:
        super().clean()
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError(
                {"effective_to": _("The end date must not be before the start date.")}
            )
        self._check_overlap()

    def _check_overlap(self) -> None:
        key = {
            self._meta.get_field(name).attname: getattr(self, self._meta.get_field(name).attname)
            for name in self.version_of
        }
        if not self.effective_from or any(value in (None, "") for value in key.values()):
            return
        overlapping = (
            type(self)
            ._default_manager.filter(**key)
            .exclude(pk=self.pk)
            .filter(
                Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from),
                effective_from__lte=self.effective_to or date.max,
            )
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                _(
                    "These dates overlap another version (in force from %(day)s); end that one first."
                )
                % {"day": overlapping.effective_from.isoformat()}
            )


class SourcedRule(models.Model):
    """Where a dated rule version comes from, the day staff last checked it, and staff's doubts.

    `staff_note` is for staff only: applicants never read it (their texts are the `*_en` / `*_fr`
    fields), so doubts, third-party caveats and "to check" remarks go here.
    """

    #: A version not checked for this many days is listed under "rules to check".
    STALE_AFTER_DAYS = 183

    source_url = models.URLField(_("source"), max_length=500, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    unconfirmed = models.BooleanField(
        _("unconfirmed"),
        default=False,
        help_text=_("No official source settles this version yet: it is listed for checking."),
    )
    staff_note = models.TextField(
        _("staff note"), blank=True, help_text=_("Never shown to applicants.")
    )

    class Meta:
        abstract = True

    def needs_check(self, today: date) -> str:
        """Why this version should be checked again ('' when it need not be)."""
        if not self.source_url:
            return "no source"
        if self.unconfirmed:
            return "unconfirmed"
        if self.checked_on is None or (today - self.checked_on).days > self.STALE_AFTER_DAYS:
            return "not checked for more than 6 months"
        return ""


class Program(models.Model):
    class Kind(models.TextChoices):
        EXPRESS_ENTRY = "express_entry", _("Express Entry program")
        PNP = "pnp", _("Provincial nominee stream")
        QUEBEC = "quebec", _("Quebec program")

    slug = models.SlugField(unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    jurisdiction = models.CharField(max_length=3, choices=Jurisdiction.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    official_url = models.URLField(_("official page"), blank=True)
    rules_verified_on = models.DateField(_("rules last verified on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    source = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name_en


class ProgramStatus(SourcedRule):
    """Open, paused or closed from a day on; the latest row on or before a day is its status."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(max_length=10, choices=Status.choices)
    effective_from = models.DateField(_("from"))
    note_en = models.TextField(_("note (English)"), blank=True)
    note_fr = models.TextField(_("note (French)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "effective_from"]
        verbose_name_plural = _("program statuses")
        constraints = [
            models.UniqueConstraint(fields=["program", "effective_from"], name="one_status_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} from {self.effective_from}"


class OccupationList(DatedRule, SourcedRule):
    """A dated list of occupations that a program stream or an Express Entry category names.

    Lists are referred to by slug; each version holds NOC 2021 occupations or, for older lists,
    NOC 2016 unit groups that scoring maps through the crosswalk.
    """

    class NocVersion(models.TextChoices):
        NOC_2021 = "2021", "NOC 2021"
        NOC_2016 = "2016", "NOC 2016"

    slug = models.SlugField(max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        related_name="occupation_lists",
        null=True,
        blank=True,
        help_text=_("Empty for Express Entry category lists."),
    )
    noc_version = models.CharField(max_length=4, choices=NocVersion.choices, default="2021")
    occupations = models.ManyToManyField(Occupation, related_name="occupation_lists", blank=True)
    occupations_2016 = models.ManyToManyField(
        Noc2016UnitGroup, related_name="occupation_lists", blank=True
    )
    source = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[occupations, occupations_2016])

    version_of = ("slug",)

    class Meta:
        ordering = ["slug", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "effective_from"], name="one_list_version_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name_en} (from {self.effective_from})"


class Criterion(DatedRule, SourcedRule):
    """One eligibility rule of a program: a kind, its typed parameters and its explanation."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(
        max_length=60, help_text=_("Stable name of this rule within the program.")
    )
    kind = models.CharField(
        max_length=40, choices=[(k, k.replace("_", " ")) for k in CRITERION_PARAMS]
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # What the applicant reads is generated from the kind and parameters (kinds.py); these
    # override it when staff fill them.
    message_en = models.TextField(
        _("requirement (English)"),
        blank=True,
        help_text=_("Leave blank to show the text generated from the parameters."),
    )
    message_fr = models.TextField(
        _("requirement (French)"),
        blank=True,
        help_text=_("Leave blank to show the text generated from the parameters."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    version_of = ("program", "code")

    class Meta:
        ordering = ["program", "position", "code", "effective_from"]
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code", "effective_from"], name="one_criterion_version_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.kind})"

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        """Checks `params` as a field (the parameter model, then the rows it names), so a form
        that builds the parameters itself (the admin's) leaves `params` out and checks them."""
        errors: dict[str, list] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if exclude is None or "params" not in exclude:
            if self.kind not in CRITERION_PARAMS:
                errors.setdefault("kind", []).append(_("Choose a known kind of criterion."))
            elif problems := params_problems(
                self.kind, self.params, self.effective_from, self.effective_to
            ):
                errors.setdefault("params", []).append(
                    "; ".join(
                        f"{'.'.join(map(str, where))}: {message}" if where else message
                        for where, message in problems
                    )
                )
        if errors:
            raise ValidationError(errors)

    def names(self, target: str, value: str) -> bool:
        """Whether its parameters name this occupation list / program / category / NOC code."""
        try:
            parsed = parse_params(self.kind, self.params)
        except (KeyError, pydantic.ValidationError):
            return False
        return any((t, v) == (target, value) for _path, t, v in references(parsed))


def params_problems(
    kind: str, params: object, start: date | None, end: date | None
) -> list[tuple[tuple[str | int, ...], str]]:
    """What is wrong with a criterion's parameters, each with where it is: the parameter model's
    errors first (`("levels", "writing")`), else the rows it names that do not exist or are not in
    force from `start` to `end` (`("options", 1, "params", "occupation_list")`)."""
    try:
        parsed = parse_params(kind, params)
    except pydantic.ValidationError as error:
        return [(tuple(item["loc"]), item["msg"]) for item in error.errors()]
    if start is None:
        return []
    return [
        (tuple(int(p) if p.isdigit() else p for p in path.split(".")), problem)
        for path, target, value in references(parsed)
        if (problem := reference_problem(target, value, start, end))
    ]


def first_day_without_list(
    slug: str, start: date, end: date | None, *, leaving_out: Collection[int] = ()
) -> date | None:
    """The first day of [start, end] (end None: open) on which no version of the list is in
    force, or None when its versions (but those left out) cover the whole span."""
    day: date | None = start
    versions = OccupationList.objects.filter(slug=slug).exclude(pk__in=leaving_out)
    for version in versions.order_by("effective_from"):
        if day is None or (end is not None and day > end):
            return None
        if version.effective_from > day:
            return day
        if version.effective_to is None:
            return None
        if version.effective_to >= day:
            day = version.effective_to + timedelta(days=1)
    return None if day is None or (end is not None and day > end) else day


def reference_problem(target: str, value: str, start: date, end: date | None) -> str | None:
    """Why a rule in force from `start` to `end` cannot name this row, or None when it can."""
    if target == "occupation_list":
        if not OccupationList.objects.filter(slug=value).exists():
            return _("no occupation list is named '%(slug)s'") % {"slug": value}
        gap = first_day_without_list(value, start, end)
        if gap is not None:
            return _("the occupation list '%(slug)s' is not in force on %(day)s") % {
                "slug": value,
                "day": gap.isoformat(),
            }
    elif target == "program" and not Program.objects.filter(slug=value).exists():
        return _("no program is named '%(slug)s'") % {"slug": value}
    elif target == "category" and not ExpressEntryCategory.objects.filter(slug=value).exists():
        return _("no Express Entry category is named '%(slug)s'") % {"slug": value}
    elif target == "noc" and not Occupation.objects.filter(code=value).exists():
        return _("no NOC 2021 occupation has the code '%(code)s'") % {"code": value}
    return None


class ScoringGrid(DatedRule, SourcedRule):
    """A numeric grid (CRS points, FSW grid, CLB conversion, proof of funds) as JSON, by date."""

    key = models.CharField(max_length=40, choices=[(k, k) for k in GRID_SCHEMAS])
    table = models.JSONField()
    source = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    version_of = ("key",)

    class Meta:
        ordering = ["key", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "effective_from"], name="one_grid_version_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} from {self.effective_from}"

    def clean(self) -> None:
        super().clean()
        if self.key not in GRID_SCHEMAS:
            raise ValidationError({"key": _("Choose a known grid.")})
        try:
            validate_grid(self.key, self.table)
        except pydantic.ValidationError as error:
            raise ValidationError({"table": pydantic_message(error)}) from None


class ExpressEntryCategory(DatedRule, SourcedRule):
    """A category-based selection category as it stood between two dates."""

    class Kind(models.TextChoices):
        OCCUPATION = "occupation", _("Occupations")
        FRENCH = "french", _("French-language proficiency")

    slug = models.SlugField(max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    occupation_list = models.SlugField(
        max_length=80,
        blank=True,
        help_text=_("Slug of the occupation list (occupation categories)."),
    )
    min_experience_months = models.PositiveSmallIntegerField(default=0)
    window_years = models.PositiveSmallIntegerField(default=3)
    continuous = models.BooleanField(
        default=False, help_text=_("One continuous run in one occupation (the 2023-2025 rule).")
    )
    in_canada_only = models.BooleanField(default=False)
    min_nclc = models.PositiveSmallIntegerField(null=True, blank=True)
    unsettled_list = models.SlugField(
        max_length=80,
        blank=True,
        help_text=_(
            "Slug of the widest list this category may have (its occupations and those whose "
            "place is not confirmed): experience that counts only there is 'not settled', "
            "not 'not met'."
        ),
    )
    needs_caf_offer = models.BooleanField(
        _("needs a Canadian Armed Forces job offer"), default=False
    )
    draw_name = models.CharField(_("IRCC round name"), max_length=200, blank=True)
    source = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    version_of = ("slug",)

    class Meta:
        ordering = ["slug", "effective_from"]
        verbose_name_plural = _("Express Entry categories")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "effective_from"], name="one_category_version_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name_en} (from {self.effective_from})"

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.OCCUPATION:
            if not self.occupation_list:
                raise ValidationError(
                    {"occupation_list": _("An occupation category needs a list.")}
                )
            problem = reference_problem(
                "occupation_list", self.occupation_list, self.effective_from, self.effective_to
            )
            if problem:
                raise ValidationError({"occupation_list": capfirst(problem) + "."})
            if not self.min_experience_months:
                raise ValidationError(
                    {"min_experience_months": _("Give the months of experience needed.")}
                )
        elif self.min_nclc is None:
            raise ValidationError(
                {"min_nclc": _("Give the NCLC level needed in all four abilities.")}
            )


class ExpressEntryDraw(models.Model):
    """A round of invitations, as IRCC published it."""

    round = models.PositiveIntegerField(unique=True)
    date = models.DateField()
    category = models.CharField(max_length=80)
    draw_name = models.CharField(_("IRCC round name"), max_length=200, blank=True)
    invitations = models.PositiveIntegerField()
    crs_cutoff = models.PositiveSmallIntegerField(_("CRS cut-off"))
    tie_break = models.CharField(max_length=120, blank=True)
    source = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-round"]
        get_latest_by = "date"

    def __str__(self) -> str:
        return f"#{self.round} {self.date} {self.draw_name or self.category}"


class RuleCase(models.Model):
    """A case staff write: a profile on a day and the outcomes the rules must give it.

    The shipped cases live in `programs/cases/*.yaml` in the same shape; both run in the
    background after every rule saved in the admin (`programs.cases`).
    """

    name = models.CharField(max_length=120, unique=True)
    as_of = models.DateField(_("on"))
    profile = models.JSONField(
        help_text=_("The applicant's answers, in the assessment API's profile format.")
    )
    expected = models.JSONField(
        _("expected outcomes"),
        help_text=_(
            'E.g. {"programs": {"express-entry-fsw": "eligible"}, "crs": 468, '
            '"categories": {"stem": true}}; "crs" and "categories" are optional.'
        ),
    )
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.as_of is None:
            return
        try:
            parse_case(self.as_of, self.profile, self.expected)
        except CaseError as error:
            raise ValidationError({error.field: error.message}) from None


class RuleCaseFailure(models.Model):
    """A rule case the rules in force fail, and the rule whose save first made it fail."""

    case_name = models.CharField(max_length=120, unique=True)
    origin = models.CharField(max_length=200, help_text=_("A programs/cases file, or the admin."))
    message = models.TextField()
    broken_by_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True
    )
    broken_by_id = models.PositiveBigIntegerField(null=True, blank=True)
    broken_by = GenericForeignKey("broken_by_type", "broken_by_id")
    broken_by_label = models.CharField(_("broken by"), max_length=300, blank=True)
    detected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_name"]
        indexes = [models.Index(fields=["broken_by_type", "broken_by_id"])]

    def __str__(self) -> str:
        return f"{self.case_name}: {self.message}"


class RulesVersion(models.Model):
    """One row whose number goes up whenever a rule changes, so every process drops cached rules."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"rules version {self.number}"
