"""NOC 2021 occupations, NOC 2016 unit groups and the 2016 -> 2021 crosswalk.

The rows come from Statistics Canada's classification files in `occupations/data/`, loaded by
`occupations.services.load_occupations` (create-missing-only, so staff corrections made in the
admin survive a reload). Every table keeps its history: the crosswalk in particular is partly
reconstructed and staff are expected to correct it against the official concordance.
"""

from __future__ import annotations

import unicodedata

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

noc2021_code_validator = RegexValidator(
    r"^\d{5}\Z", _("A NOC 2021 code is exactly 5 digits."), code="invalid_noc2021"
)
noc2016_code_validator = RegexValidator(
    r"^\d{4}\Z", _("A NOC 2016 code is exactly 4 digits."), code="invalid_noc2016"
)


def normalize_text(text: str) -> str:
    """Lower case without accents ("Développeur" -> "developpeur"), for search on any database."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Teer(models.IntegerChoices):
    """Training, Education, Experience and Responsibilities: the code's second digit."""

    MANAGEMENT = 0, _("TEER 0: management")
    UNIVERSITY = 1, _("TEER 1: university degree")
    COLLEGE_LONG = 2, _("TEER 2: college diploma or apprenticeship of 2 years or more")
    COLLEGE_SHORT = 3, _("TEER 3: college diploma or apprenticeship of less than 2 years")
    SECONDARY = 4, _("TEER 4: secondary school diploma")
    NO_FORMAL = 5, _("TEER 5: no formal education")


class BroadCategory(models.TextChoices):
    """NOC 2021 broad occupational categories: the code's first digit."""

    MANAGEMENT = "0", _("Legislative and senior management occupations")
    BUSINESS = "1", _("Business, finance and administration occupations")
    SCIENCES = "2", _("Natural and applied sciences and related occupations")
    HEALTH = "3", _("Health occupations")
    EDUCATION_LAW = (
        "4",
        _("Occupations in education, law and social, community and government services"),
    )
    ART_CULTURE = "5", _("Occupations in art, culture, recreation and sport")
    SALES_SERVICE = "6", _("Sales and service occupations")
    TRADES = "7", _("Trades, transport and equipment operators and related occupations")
    NATURAL_RESOURCES = "8", _("Natural resources, agriculture and related production occupations")
    MANUFACTURING = "9", _("Occupations in manufacturing and utilities")


SKILLED_TEERS = frozenset({0, 1, 2, 3})


class Occupation(models.Model):
    """A NOC 2021 Version 1.0 unit group."""

    code = models.CharField(
        _("NOC 2021 code"), max_length=5, unique=True, validators=[noc2021_code_validator]
    )
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_fr = models.CharField(_("title (French)"), max_length=255, blank=True)
    teer = models.PositiveSmallIntegerField(
        _("TEER"),
        choices=Teer.choices,
        db_index=True,
        editable=False,
        help_text=_("The code's second digit."),
    )
    broad_category = models.CharField(
        _("broad category"),
        max_length=1,
        choices=BroadCategory.choices,
        editable=False,
        help_text=_("The code's first digit."),
    )
    major_group = models.CharField(
        _("major group"), max_length=2, editable=False, help_text=_("The code's first two digits.")
    )
    major_group_title = models.CharField(_("major group title"), max_length=255, blank=True)
    average_hourly_wage = models.DecimalField(
        _("average hourly wage (CAD)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    example_titles = models.JSONField(
        _("example job titles"), default=list, blank=True, help_text=_("A list of job titles.")
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown among the featured tech occupations.")
    )
    # Titles and example titles without accents, in lower case: a portable accent-insensitive
    # search (SQLite has no unaccent, and PostgreSQL's needs an extension installed).
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation (NOC 2021)")
        verbose_name_plural = _("occupations (NOC 2021)")

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"

    def save(self, *args, **kwargs) -> None:
        self.derive_fields()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.derive_fields()

    def derive_fields(self) -> None:
        """Set the fields that follow from the code and titles (bulk_create skips save())."""
        if noc2021_code_validator.regex.match(self.code or ""):
            self.teer = int(self.code[1])
            self.broad_category = self.code[0]
            self.major_group = self.code[:2]
        titles = [self.title_en, self.title_fr, *(self.example_titles or [])]
        self.search_text = normalize_text(" | ".join(str(t) for t in titles if t))

    @property
    def is_skilled(self) -> bool:
        """TEER 0 to 3: the occupations Express Entry counts as skilled work."""
        return self.teer in SKILLED_TEERS


class Noc2016UnitGroup(models.Model):
    """A NOC 2016 Version 1.3 unit group (4 digits), kept for older lists and applicants' codes."""

    code = models.CharField(
        _("NOC 2016 code"), max_length=4, unique=True, validators=[noc2016_code_validator]
    )
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_fr = models.CharField(_("title (French)"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("NOC 2016 unit group")
        verbose_name_plural = _("NOC 2016 unit groups")

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"


class CrosswalkStatus(models.TextChoices):
    RECONSTRUCTED = "RECONSTRUCTED", _("Reconstructed (only admissible position)")
    RECONSTRUCTED_RESOLVED = (
        "RECONSTRUCTED-RESOLVED",
        _("Reconstructed, tie settled by a second source"),
    )
    UNCONFIRMED_AMBIGUOUS = (
        "UNCONFIRMED-AMBIGUOUS",
        _("Unconfirmed: could belong to either of two codes"),
    )
    VERIFIED = "VERIFIED", _("Verified by staff against the official concordance")


class NocCrosswalk(models.Model):
    """One NOC 2016 unit group -> NOC 2021 occupation pair of the correspondence table."""

    noc2016 = models.ForeignKey(
        Noc2016UnitGroup,
        on_delete=models.CASCADE,
        related_name="crosswalk",
        verbose_name=_("NOC 2016 unit group"),
    )
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.CASCADE,
        related_name="crosswalk_2016",
        verbose_name=_("NOC 2021 occupation"),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=CrosswalkStatus.choices, db_index=True
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["noc2016__code", "occupation__code"]
        verbose_name = _("NOC 2016 -> 2021 crosswalk row")
        verbose_name_plural = _("NOC 2016 -> 2021 crosswalk")
        constraints = [
            models.UniqueConstraint(
                fields=["noc2016", "occupation"], name="occupations_crosswalk_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.noc2016.code} -> {self.occupation.code}"
