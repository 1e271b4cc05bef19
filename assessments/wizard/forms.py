"""One form per wizard step. clean() does every cross-field check, so done() never fails on data.

Scales of the language tests are checked by the engine's own function (`scale_problem`); the
message shown is the translated description of the chosen test's scale.
"""

from __future__ import annotations

from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from occupations.selectors import resolve_noc
from programs.engine.profile import (
    MAX_AGE_YEARS,
    MIN_WORKING_AGE,
    SCALE_FROM,
    birthday,
    has_unstorable_characters,
    old_scale_maximum,
    scale_problem,
)
from programs.scoring import toronto_today

from . import choices
from .widgets import Options, OptionsSelect

ABILITIES = (
    ("listening", _("Listening")),
    ("reading", _("Reading")),
    ("writing", _("Writing")),
    ("speaking", _("Speaking")),
)
MIN_AGE, MAX_AGE = 16, 80
HONEYPOT_STYLE = "position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden"

noc_validator = RegexValidator(
    r"^\d{4,5}\Z", _("Enter a NOC code of 5 digits (NOC 2021) or 4 digits (NOC 2016).")
)


def _yes(value: str) -> bool:
    return value == "yes"


class OptionsChoiceField(forms.ChoiceField):
    """A choice of fixed `Options`, shown as a quick <select> unless another widget is given."""

    widget = OptionsSelect


def yes_no(label, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=Options(choices.YES_NO),
        coerce=_yes,
        widget=forms.RadioSelect,
        **kwargs,
    )


def date_field(label, **kwargs) -> forms.DateField:
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.DateField(label=label, widget=widget, **kwargs)


def optional_choice(label, options, empty_label, **kwargs) -> forms.ChoiceField:
    return OptionsChoiceField(
        label=label, choices=Options([("", empty_label), *options]), required=False, **kwargs
    )


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def noc_field(label, **kwargs) -> forms.CharField:
    attrs = {"inputmode": "numeric", "autocomplete": "off", "data-occupation-search": "1"}
    return forms.CharField(
        label=label,
        max_length=5,
        validators=[noc_validator],
        widget=forms.TextInput(attrs=attrs),
        help_text=_("Type a job title or a NOC code; pick from the list if it appears."),
        **kwargs,
    )


def check_noc(form: forms.Form, field: str) -> None:
    code = (form.cleaned_data.get(field) or "").strip()
    if code and not resolve_noc(code):
        form.add_error(field, _("We do not know this NOC code. Search by job title instead."))


def check_not_future(form: forms.Form, *fields: str) -> None:
    today = toronto_today()
    for field in fields:
        value = form.cleaned_data.get(field)
        if value and value > today:
            form.add_error(field, _("This date is in the future."))


def check_job_start(form: forms.Form, field: str, born: date | None) -> None:
    """A job starts on the 14th birthday at the soonest (the engine's rule); without the date of
    birth (a spouse's), not before the oldest applicant the engine accepts was 14."""
    start = form.cleaned_data.get(field)
    if not start:
        return
    if born is not None:
        earliest = birthday(born, MIN_WORKING_AGE)
        if start < earliest:
            form.add_error(
                field,
                _("The start date is before your 14th birthday (%(date)s).")
                % {"date": date_format(earliest)},
            )
        return
    years = MAX_AGE_YEARS - MIN_WORKING_AGE
    if start < birthday(toronto_today(), -years):
        form.add_error(
            field, _("The start date is more than %(years)s years ago.") % {"years": years}
        )


def fields_only_helper(form: forms.BaseForm, honeypot: str = "") -> FormHelper:
    """Crispy renders the fields; the wizard template holds the <form> tag and buttons. The
    `honeypot` field is hidden from people (CSS, aria-hidden); only bots fill it in."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if honeypot:
        visible = [name for name in form.fields if name != honeypot]
        hidden = Div(honeypot, css_class="hp-field", aria_hidden="true", style=HONEYPOT_STYLE)
        helper.layout = Layout(*visible, hidden)
    return helper


def storable_text(value: str) -> None:
    """No NUL (PostgreSQL cannot store it) and no lone surrogate (not UTF-8) in any answer."""
    if has_unstorable_characters(value):
        raise ValidationError(
            _("Remove the invisible or invalid characters from this answer."), code="unstorable"
        )


class StepForm(forms.Form):
    """Every step's form. Each text field refuses what no database can store (`storable_text`,
    in place of Django's NUL-only check), whatever the field."""

    honeypot = ""  # the name of a field hidden from people, that only bots fill in
    # Set when a step is shown again (a GET): its stored answers are displayed, not judged, so
    # a language switch or Back never shows errors of a step nobody has submitted yet.
    quiet = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper(self, self.honeypot)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                kept = [
                    v
                    for v in field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ]
                field.validators = [*kept, storable_text]

    def full_clean(self):
        if self.quiet:
            self._errors, self.cleaned_data = forms.utils.ErrorDict(), {}
            return
        super().full_clean()


def language_fields(empty_label, block) -> tuple[forms.Field, ...]:
    """A language test's fields, to declare as `<slot>_test`, `<slot>_date` and `<slot>_<ability>`
    in the order of ABILITIES (declared, a form copies them; built in __init__, each form built
    them again: a third of the review page's time). Each label starts with the `block`'s name
    ("Test 1"), so two blocks, and their errors in the summary, can be told apart."""
    scores = (
        forms.FloatField(
            label=format_lazy("{}: {}", block, label),
            required=False,
            min_value=0,
            max_value=699,
            widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        )
        for _ability, label in ABILITIES
    )
    test = optional_choice(
        format_lazy("{}: {}", block, _("Language test")), choices.LANGUAGE_TESTS, empty_label
    )
    results_date = date_field(
        format_lazy("{}: {}", block, _("Date of the test results")), required=False
    )
    return (test, results_date, *scores)


# Tests whose scores are easily mistaken for levels of another scale: the abilities read, the
# highest score that still looks like a level, and what to say. Someone who picks "TEF Canada"
# and types 9, 9, 9, 9 means NCLC 9, not a TEF score of 9 (NCLC 0).
LOOKS_LIKE_LEVELS = {
    "tef_canada": (
        ("listening", "reading", "writing", "speaking"),
        _(
            "These look like NCLC levels. Enter your TEF Canada scores (0 to 699), or choose "
            "“I know my NCLC levels (French)”."
        ),
    ),
    "tcf_canada": (
        ("listening", "reading"),
        _(
            "These look like NCLC levels. Enter your TCF Canada scores (listening and reading "
            "from 0 to 699), or choose “I know my NCLC levels (French)”."
        ),
    ),
    "pte_core": (
        ("listening", "reading", "writing", "speaking"),
        _(
            "These look like CLB levels. Enter your PTE Core scores (10 to 90), or choose "
            "“I know my CLB levels (English)”."
        ),
    ),
}
LOOKS_LIKE_CELPIP = _(
    "These look like CELPIP levels: IELTS bands go from 0 to 9. Check the test you chose."
)
LOOKS_LIKE_IELTS = _(
    "These look like IELTS bands (with halves): CELPIP levels are whole numbers. Check the test "
    "you chose."
)


def mistaken_scale(test: str, scores: dict[str, float]) -> str | None:
    """Why these scores look like another scale than the chosen test's, or None."""
    values = scores.values()
    if test in LOOKS_LIKE_LEVELS:
        abilities, message = LOOKS_LIKE_LEVELS[test]
        if all(scores[a] <= 12 for a in abilities):
            return str(message)
    if test == "ielts_general" and any(9 < s <= 12 and float(s).is_integer() for s in values):
        return str(LOOKS_LIKE_CELPIP)
    if test == "celpip_general" and any(s <= 9 and not float(s).is_integer() for s in values):
        return str(LOOKS_LIKE_IELTS)
    return None


def old_scale_message(top: int, taken: date) -> str:
    """Why a score is above what the test's scale allowed on the day it was taken."""
    return _(
        "On %(date)s this test was scored out of %(top)s; check this score or the test date."
    ) % {"date": date_format(taken), "top": top}


class LanguageFieldsMixin:
    """The checks of a language test's fields (see language_fields)."""

    def clean_language(self, slot: str) -> None:
        data = self.cleaned_data
        test = data.get(f"{slot}_test")
        if not test:
            return
        if not data.get(f"{slot}_date") and f"{slot}_date" not in self.errors:
            self.add_error(f"{slot}_date", _("Give the date of your test results."))
        check_not_future(self, f"{slot}_date")
        taken, first = data.get(f"{slot}_date"), SCALE_FROM[test][1]
        if taken and taken < first:
            self.add_error(
                f"{slot}_date",
                _("Results of this test exist only from %(date)s; check the date.")
                % {"date": date_format(first)},
            )
        scores = {a: data.get(f"{slot}_{a}") for a, _label in ABILITIES}
        if None not in scores.values() and (mistake := mistaken_scale(test, scores)):
            self.add_error(f"{slot}_test", mistake)
        for ability, _label in ABILITIES:
            name = f"{slot}_{ability}"
            score = data.get(name)
            if name in self.errors:
                continue
            if score is None:
                self.add_error(name, _("Give your score for this ability."))
            elif scale_problem(test, ability, score):
                self.add_error(name, choices.SCALES[test])
            elif taken and (top := old_scale_maximum(test, ability, taken)) and score > top:
                self.add_error(name, old_scale_message(top, taken))


class AboutForm(StepForm):
    date_of_birth = date_field(_("Date of birth"))
    citizenship = optional_choice(
        _("Country of citizenship"), choices.COUNTRIES, _("Another country")
    )
    country_of_residence = optional_choice(
        _("Country where you live now"), choices.COUNTRIES, _("Another country")
    )
    marital_status = OptionsChoiceField(
        label=_("Marital status"), choices=Options(choices.MARITAL_STATUS)
    )
    intended_province = optional_choice(
        _("Province or territory where you intend to live"),
        choices.PROVINCES,
        _("Not decided yet"),
        help_text=_(
            "Not decided yet is fine: federal programs only need you to settle outside Quebec, "
            "and provincial programs say what choosing them would change."
        ),
    )
    has_job_offer = yes_no(
        _("Do you have a job offer from a Canadian employer?"),
        help_text=_(
            "A written offer of paid, full-time work that is not seasonal, for at least one year. "
            "It can add many points."
        ),
    )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = toronto_today()
        if born > today:
            raise forms.ValidationError(_("The date of birth is in the future."))
        if not MIN_AGE <= age_on(born, today) <= MAX_AGE:
            raise forms.ValidationError(
                _("This assessment is for applicants aged %(min)s to %(max)s."),
                params={"min": MIN_AGE, "max": MAX_AGE},
            )
        return born


class SpouseForm(LanguageFieldsMixin, StepForm):
    is_canadian_citizen_or_pr = yes_no(
        _("Is your spouse or partner a Canadian citizen or permanent resident?")
    )
    accompanying = yes_no(_("Will your spouse or partner come with you to Canada?"))
    education = optional_choice(
        _("Their highest level of education"), choices.EDUCATION_LEVELS, _("I do not know")
    )
    canadian_education = OptionsChoiceField(
        label=_("Their Canadian education"),
        choices=Options(choices.CANADIAN_EDUCATION),
        initial="none",
    )

    spouse_test, spouse_date, spouse_listening, spouse_reading, spouse_writing, spouse_speaking = (
        language_fields(_("No language test yet"), _("Spouse's test"))
    )
    canadian_work_noc = noc_field(
        _("Their occupation in Canada (NOC), if they worked in Canada"), required=False
    )
    canadian_work_start = date_field(_("Started on"), required=False)
    canadian_work_end = date_field(_("Ended on (empty if still working there)"), required=False)
    canadian_work_hours = forms.FloatField(
        label=_("Hours a week"), required=False, min_value=1, max_value=168
    )

    def clean(self):
        data = super().clean()
        self.clean_language("spouse")
        if data.get("canadian_work_noc"):
            check_noc(self, "canadian_work_noc")
            if not data.get("canadian_work_start") and "canadian_work_start" not in self.errors:
                self.add_error("canadian_work_start", _("Give the start date."))
            if not data.get("canadian_work_hours") and "canadian_work_hours" not in self.errors:
                self.add_error("canadian_work_hours", _("Give the hours a week."))
        check_not_future(self, "canadian_work_start", "canadian_work_end")
        check_job_start(self, "canadian_work_start", born=None)
        start, end = data.get("canadian_work_start"), data.get("canadian_work_end")
        if start and end and end < start:
            self.add_error("canadian_work_end", _("The end date is before the start date."))
        return data


class EducationForm(StepForm):
    level = OptionsChoiceField(
        label=_("Your highest level of education"),
        choices=Options(choices.EDUCATION_LEVELS),
        widget=forms.RadioSelect,
    )
    canadian = OptionsChoiceField(
        label=_("Did you study in Canada?"),
        choices=Options(choices.CANADIAN_EDUCATION),
        initial="none",
        help_text=_(
            "A Canadian diploma or degree earned studying full-time in Canada adds points."
        ),
    )
    has_eca = yes_no(
        _(
            "Do you have an Educational Credential Assessment (ECA), or is your credential Canadian?"
        ),
        help_text=_("An ECA shows what a foreign diploma is worth in Canada (WES, ICAS, IQAS...)."),
    )
    field_of_study = forms.CharField(label=_("Field of study"), max_length=200, required=False)


class LanguagesForm(LanguageFieldsMixin, StepForm):
    first_test, first_date, first_listening, first_reading, first_writing, first_speaking = (
        language_fields(_("I have not taken a test yet"), _("Test 1"))
    )
    second_test, second_date, second_listening, second_reading, second_writing, second_speaking = (
        language_fields(_("No second language test"), _("Optional second test"))
    )

    def clean(self):
        data = super().clean()
        self.clean_language("first")
        self.clean_language("second")
        first, second = data.get("first_test"), data.get("second_test")
        if second and not first:
            self.add_error("second_test", _("Give your first language test first."))
        elif (
            first
            and second
            and (first in choices.ENGLISH_TESTS) == (second in choices.ENGLISH_TESTS)
        ):
            self.add_error(
                "second_test",
                _("The second test must be in the other official language (English or French)."),
            )
        return data


class JobForm(StepForm):
    noc = noc_field(_("Occupation (NOC code)"))
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    country = OptionsChoiceField(
        label=_("Country"), choices=Options([("", "---"), *choices.COUNTRIES])
    )
    province = optional_choice(
        _("Province or territory (if in Canada)"), choices.PROVINCES, _("Not in Canada")
    )
    start = date_field(_("Started on"))
    end = date_field(_("Ended on"), required=False)
    current = forms.BooleanField(label=_("I still work there"), required=False)
    hours_per_week = forms.FloatField(
        label=_("Hours a week"),
        min_value=1,
        max_value=168,
        initial=40,
        help_text=_("Paid hours; 30 or more a week counts as full-time."),
    )
    self_employed = forms.BooleanField(label=_("Self-employed"), required=False)
    while_full_time_student = forms.BooleanField(
        label=_("While I was a full-time student"), required=False
    )

    def __init__(self, *args, born: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.born = born  # the about step's date of birth, when answered

    def clean(self):
        data = super().clean()
        check_noc(self, "noc")
        check_not_future(self, "start", "end")
        check_job_start(self, "start", self.born)
        start, end = data.get("start"), data.get("end")
        if data.get("current") and end:
            self.add_error("end", _("Leave the end date empty for a job you still hold."))
        elif not data.get("current") and not end and "end" not in self.errors:
            self.add_error("end", _("Give the end date, or tick “I still work there”."))
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        if data.get("country") == "CA" and not data.get("province"):
            self.add_error("province", _("Choose the province or territory of this job."))
        return data


class BaseJobFormSet(forms.BaseFormSet):
    quiet = False  # see StepForm.quiet

    def full_clean(self):
        if self.quiet:
            for form in self.forms:
                form.quiet = True
        super().full_clean()

    @property
    def kept_forms(self) -> list[forms.Form]:
        """The rows filled in and not marked for removal."""
        return [
            f
            for f in self.forms
            if f.has_changed() and not (self.can_delete and self._should_delete_form(f))
        ]


JobFormSet = forms.formset_factory(
    JobForm,
    formset=BaseJobFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
    absolute_max=31,  # a tampered TOTAL_FORMS cannot make the page build a thousand rows
)


class JobOfferForm(StepForm):
    noc = noc_field(_("Occupation of the job offered (NOC code)"))
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    province = OptionsChoiceField(
        label=_("Province or territory of the job"),
        choices=Options([("", "---"), *choices.PROVINCES]),
    )
    full_time = yes_no(
        _("Is it full-time (30 hours a week or more)?"),
        help_text=_("Full-time means at least 30 paid hours a week at this one job."),
    )
    duration_months = forms.IntegerField(
        label=_("Duration in months"),
        required=False,
        min_value=1,
        max_value=1200,
        help_text=_("Leave empty for a permanent job."),
    )
    lmia_or_exempt = yes_no(
        _("Is the offer supported by an LMIA, or exempt from one?"),
        help_text=_(
            "An LMIA (Labour Market Impact Assessment) is the approval an employer gets from the "
            "Government of Canada to hire a foreign worker; some jobs are exempt, for example an "
            "intra-company transfer. Ask your employer if you are not sure."
        ),
    )

    def clean(self):
        data = super().clean()
        check_noc(self, "noc")
        return data


class ConnectionsForm(StepForm):
    sibling_in_canada = forms.BooleanField(
        label=_("A brother or sister, 18 or older, citizen or permanent resident, lives in Canada"),
        required=False,
    )
    relative_in_canada = forms.BooleanField(
        label=_(
            "A relative (parent, grandparent, child, sibling, aunt, uncle, niece, nephew), 18 or "
            "older, citizen or permanent resident, lives in Canada"
        ),
        required=False,
    )
    provincial_nomination = forms.BooleanField(
        label=_("I have a provincial or territorial nomination"),
        required=False,
        help_text=_(
            "A nomination certificate from a province's or territory's nominee program; an "
            "interest or an invitation to apply is not one yet."
        ),
    )
    certificate_of_qualification = forms.BooleanField(
        label=_("I have a certificate of qualification in a trade from a province or territory"),
        required=False,
        help_text=_(
            "Issued after a trade exam (for example Red Seal); a course diploma is not one."
        ),
    )
    dependent_children = forms.IntegerField(
        label=_("Dependent children"),
        min_value=0,
        max_value=28,
        initial=0,
        help_text=_(
            "Your children and your spouse's or partner's, under 22 and not married, even if "
            "they stay behind. With you and your spouse or partner, they set the money you need "
            "to show."
        ),
    )
    settlement_funds_cad = forms.IntegerField(
        label=_("Money you can bring (Canadian dollars)"),
        min_value=0,
        max_value=100_000_000,
        required=False,
        help_text=_(
            "Savings you own, free of debt. The federal skilled worker and trades programs ask for a "
            "minimum that grows with your family, unless you already work in Canada with a valid "
            "job offer."
        ),
    )


class QuebecForm(StepForm):
    intends_to_live_in_quebec = yes_no(
        _("Do you intend to settle in Quebec to work there?"),
        help_text=_(
            "Quebec's Skilled Worker Selection Program (PSTQ) asks for this. It also needs French: "
            "give your French test results (oral and written) in the languages step."
        ),
    )
    quebec_diploma = OptionsChoiceField(
        label=_("Diploma from Quebec"), choices=Options(choices.QUEBEC_DIPLOMA), initial="none"
    )
    holds_quebec_job_offer = yes_no(_("Do you have a job offer in Quebec?"))
    francization_agreement = yes_no(
        _("Would you sign the Francization agreement?"),
        help_text=_("Only Quebec's pilot programs that ended on January 1, 2026 asked for this."),
    )


class ContactForm(StepForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    language = OptionsChoiceField(
        label=_("Preferred language"), choices=Options(choices.PREFERRED_LANGUAGE), initial="en"
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my answers are processed to assess my options and that an advisor "
            "may contact me about them."
        ),
        help_text=_(
            "Privacy notice: we keep your answers and contact details to prepare your "
            "assessment and follow up with you, and we never sell them. You can ask us to "
            "delete them at any time."
        ),
    )
    newsletter_opt_in = forms.BooleanField(
        label=_("Send me the newsletter (optional)"), required=False
    )
    # Honeypot: hidden from people (CSS, aria-hidden, out of the tab order); bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    honeypot = "website"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):  # no hint of why: a bot learns nothing
            raise forms.ValidationError(_("We could not accept this form. Please try again."))
        return cleaned


class ReviewForm(StepForm):
    """Nothing to fill in: the review page lists the answers and submits them."""


FORMS = [
    ("about", AboutForm),
    ("spouse", SpouseForm),
    ("education", EducationForm),
    ("languages", LanguagesForm),
    ("work", JobFormSet),
    ("job_offer", JobOfferForm),
    ("connections", ConnectionsForm),
    ("quebec", QuebecForm),
    ("contact", ContactForm),
    ("review", ReviewForm),
]
