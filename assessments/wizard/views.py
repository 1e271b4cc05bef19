"""The wizard's views: thin; rules live in the forms' clean(), the profile builder and services."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import NamedUrlSessionWizardView

from assessments.branding import site_settings_for
from assessments.errors import AssessmentError
from assessments.services import Consent, Contact, assessment_submit
from config.security import client_ip, limit_per_ip
from occupations.selectors import search_occupations
from programs.scoring import toronto_today

from . import drafts
from .choices import WITH_SPOUSE
from .estimate import running_estimate
from .forms import FORMS, BaseJobFormSet, StepForm
from .profile import build_profile
from .results import result_token
from .wording import STEP_TITLES, answer_in_words, job_line_of

WIZARD_PREFIX = "assessment"
SESSION_KEY = f"wizard_{WIZARD_PREFIX}"  # where formtools' SessionStorage keeps the answers
CONSENT_TEXT_VERSION = "2026-11-wizard-v1"


def _about(wizard) -> dict[str, Any]:
    return wizard.get_cleaned_data_for_step("about") or {}


def show_spouse(wizard) -> bool:
    return _about(wizard).get("marital_status") in WITH_SPOUSE


def show_job_offer(wizard) -> bool:
    return bool(_about(wizard).get("has_job_offer"))


def show_quebec(wizard) -> bool:
    return _about(wizard).get("intended_province") == "QC"


def _cleaned(form) -> Any:
    if isinstance(form, BaseJobFormSet):
        return [f.cleaned_data for f in form.kept_forms]
    return form.cleaned_data


def _error_summary(form) -> list[dict[str, str]]:
    """Every error of the step, each with the id of its field for the summary's links."""
    subforms = form.forms if isinstance(form, forms.BaseFormSet) else [form]
    summary = []
    if isinstance(form, forms.BaseFormSet):
        summary += [{"id": "wizard-form", "label": "", "error": e} for e in form.non_form_errors()]
    for index, subform in enumerate(subforms):
        row = _("Job %(number)s") % {"number": index + 1} if subform is not form else ""
        for error in subform.non_field_errors():
            summary.append({"id": "wizard-form", "label": row, "error": error})
        for bound_field in subform:
            for error in bound_field.errors:
                label = f"{row}: {bound_field.label}" if row else str(bound_field.label)
                # A radio group has no id of its own: link to its first option.
                target = bound_field.id_for_label or f"{bound_field.auto_id}_0"
                summary.append({"id": target, "label": label, "error": error})
    return summary


@method_decorator(sensitive_post_parameters(), name="dispatch")  # no answers in error reports
@method_decorator(
    limit_per_ip(group="wizard", rate_setting="WIZARD_POST_RATE", method="POST"), name="dispatch"
)
class AssessmentWizard(NamedUrlSessionWizardView):
    form_list = FORMS
    condition_dict = {"spouse": show_spouse, "job_offer": show_job_offer, "quebec": show_quebec}
    storage_name = "assessments.wizard.storage.ChangedSessionStorage"

    def get_prefix(self, request, *args, **kwargs):
        return WIZARD_PREFIX

    def get_form_kwargs(self, step=None):
        if step == "work":  # no job before the 14th birthday: the rows need the date of birth
            return {"form_kwargs": {"born": _about(self).get("date_of_birth")}}
        return super().get_form_kwargs(step)

    def get_form_initial(self, step):
        if step == "contact":  # the result is written in the language the applicant reads
            return {"language": translation.get_language() or settings.LANGUAGE_CODE}
        return super().get_form_initial(step)

    def get_template_names(self):
        return [f"assessments/wizard/{self.steps.current}.html"]

    def get(self, *args, **kwargs):
        token = self.storage.extra_data.get("result_token")
        step = kwargs.get("step")
        if token and step not in (None, self.steps.first) and not self.storage.data["step_data"]:
            # Back from the result: the answers were submitted (and cleared); show the result,
            # not an empty review. The first step starts a new assessment.
            return redirect("assessments:result", token=token)
        if self.request.GET.get("from") == "review":  # an "Edit" link: come back after this step
            self.storage.extra_data["return_to_review"] = True
        return super().get(*args, **kwargs)

    def render(self, form=None, **kwargs):
        shown_failed = self.storage.extra_data.pop("failed_step", None) == self.steps.current
        if self.request.method == "GET" and form is not None and not shown_failed:
            form.quiet = True  # errors show when the step is submitted, never on a visit
        return super().render(form, **kwargs)

    def render_revalidation_failure(self, failed_step, form, **kwargs):
        """The submission found a stored step invalid (e.g. a job before a changed birth date):
        its page shows why, once, though it is reached by a redirect (a GET)."""
        self.storage.extra_data["failed_step"] = failed_step
        return super().render_revalidation_failure(failed_step, form, **kwargs)

    def render_next_step(self, form, **kwargs):
        self._update_estimate()
        if self.storage.extra_data.pop("return_to_review", False):
            # Back to the review, unless the change opened a step not answered yet.
            target = next(
                (
                    name
                    for name in self.get_form_list()
                    if name != self.steps.last and self.get_cleaned_data_for_step(name) is None
                ),
                self.steps.last,
            )
            self.storage.current_step = target
            return redirect(self.get_step_url(target))
        return super().render_next_step(form, **kwargs)

    def _update_estimate(self) -> None:
        """Score the steps answered so far (a step was just completed) for the estimate panel."""
        if not site_settings_for(self.request).show_running_estimate:
            self.storage.extra_data.pop("estimate", None)
            return
        answered = {
            name: self.get_cleaned_data_for_step(name)
            for name in self.get_form_list()
            if name not in ("contact", "review")
        }
        steps = {name: data for name, data in answered.items() if data is not None}
        self.storage.extra_data["estimate"] = running_estimate(steps, as_of=toronto_today())

    # --- posting: Back, add a row and save-and-continue keep what was typed, unvalidated ---

    def post(self, *args, **kwargs):
        """What this adds before formtools' own post(), which does the rest: a friendly page
        for a tampered, made-up or expired step (formtools raises or fails), the result again
        for a second click on submit, and the buttons that are not a submission (Back, save,
        a language, a new job row) keep what was typed, unvalidated, before they move."""
        management_form = ManagementForm(self.request.POST, prefix=self.prefix)
        if not management_form.is_valid():
            return render(self.request, "assessments/wizard/restart.html", status=400)
        posted_step = management_form.cleaned_data["current_step"]
        if posted_step == self.steps.last and not self.storage.data.get("step_data"):
            token = self.storage.extra_data.get("result_token")
            if token:  # submitted already: the second click lands on the same result
                return redirect("assessments:result", token=token)
        if posted_step not in self.get_form_list():
            # A made-up step, or one the answers no longer lead to (formtools would fail).
            return render(self.request, "assessments/wizard/restart.html", status=400)
        if posted_step != self.steps.first and not self.storage.data.get("step_data"):
            # The session expired (or was never there): nothing to attach this step to.
            context = {"expired": True}
            return render(self.request, "assessments/wizard/restart.html", context, status=400)
        if self._keeps_raw_data():
            # formtools worked out this request's step list from the answers before this change;
            # Back, save, a language and a new row all redirect, so the next request uses fresh.
            self.storage.set_step_data(posted_step, self.request.POST)
            self.storage.current_step = posted_step
        language = self.request.POST.get("wizard_language")
        if language in dict(settings.LANGUAGES):
            with translation.override(language):
                response = redirect(self.get_step_url(posted_step))
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language)
            return response
        if "wizard_save" in self.request.POST:
            return redirect("assessments:save")
        if "wizard_add_row" in self.request.POST and posted_step == "work":
            data = self.request.POST.copy()
            try:
                total = int(data.get("work-TOTAL_FORMS") or 0)
            except ValueError:
                total = 0
            data["work-TOTAL_FORMS"] = str(min(total + 1, 30))
            self.storage.set_step_data("work", data)
            return redirect(self.get_step_url("work"))
        return super().post(*args, **kwargs)

    def _keeps_raw_data(self) -> bool:
        post = self.request.POST
        keys = ("wizard_save", "wizard_add_row", "wizard_language")
        return bool(post.get("wizard_goto_step") or any(key in post for key in keys))

    # --- rendering ---

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        current = self.steps.current
        form_list = list(self.get_form_list())
        stored = self.storage.data.get("step_data") or {}
        context["step_list"] = [
            {
                "name": name,
                "title": STEP_TITLES[name],
                "url": self.get_step_url(name),
                "done": name in stored and name != current,
                "current": name == current,
            }
            for name in form_list
        ]
        context["step_title"] = STEP_TITLES[current]
        context["progress"] = round(100 * self.steps.step1 / self.steps.count)
        context["error_summary"] = _error_summary(form) if form.is_bound else []
        if site_settings_for(self.request).show_running_estimate:
            context["estimate"] = self.storage.extra_data.get("estimate")
        if current == "review":
            self.storage.extra_data.setdefault("idempotency_key", uuid.uuid4().hex)
            context["review"] = self.review_sections(form_list)
        return context

    def review_sections(self, form_list: list[str]) -> list[dict[str, Any]]:
        sections = []
        for name in form_list:
            if name == "review":
                continue
            form = self.get_form(step=name, data=self.storage.get_step_data(name))
            valid = form.is_bound and form.is_valid()
            if isinstance(form, forms.BaseFormSet):
                rows = [
                    {"label": _("Job %(number)s") % {"number": i + 1}, "value": job_line_of(f)}
                    for i, f in enumerate(form.kept_forms if valid else [])
                ]
                if valid and not rows:
                    rows = [{"label": _("Jobs"), "value": _("No paid work in the last ten years")}]
            else:
                values = (
                    [(bf.label, answer_in_words(bf, form.cleaned_data)) for bf in form]
                    if valid
                    else []
                )
                rows = [{"label": label, "value": value} for label, value in values if value]
            sections.append(
                {
                    "name": name,
                    "title": STEP_TITLES[name],
                    "url": self.get_step_url(name) + "?from=review",
                    "rows": rows,
                    "complete": valid,
                }
            )
        return sections

    # --- submitting ---

    @sensitive_variables("steps", "contact", "form_list", "form_dict")
    def done(self, form_list, form_dict=None, **kwargs):
        steps = {name: _cleaned(form) for name, form in form_dict.items()}
        contact = steps["contact"]
        key = self.storage.extra_data.get("idempotency_key") or uuid.uuid4().hex
        try:
            assessment = assessment_submit(
                profile=build_profile(steps),
                contact=Contact(
                    name=contact["name"],
                    email=contact["email"],
                    phone=contact["phone"],
                    language=contact["language"],
                    newsletter_opt_in=contact["newsletter_opt_in"],
                ),
                consent=Consent(
                    text_version=CONSENT_TEXT_VERSION, ip=client_ip(self.request) or None
                ),
                idempotency_key=key,
            )
        except AssessmentError as error:
            # Should not happen (clean() checks it all); keep the answers and say what is wrong.
            self._submit_failed = True
            self.storage.current_step = self.steps.last
            form = self.get_form(step=self.steps.last, data={})
            form.add_error(None, error.message)
            return self.render(form)
        self._result_token = result_token(assessment)
        return redirect("assessments:result", token=self._result_token)

    def render_done(self, form, **kwargs):
        saved = copy.deepcopy(self.storage.data)
        response = super().render_done(form, **kwargs)  # resets the storage after done()
        token = getattr(self, "_result_token", None)
        if token:  # a re-post of the last step finds its way to this result
            self.storage.extra_data = {"result_token": token}
        elif getattr(self, "_submit_failed", False):
            self.storage.data = saved
        return response


class SaveForm(StepForm):
    email = forms.EmailField(label=gettext_lazy("Email"))


@sensitive_post_parameters()
@limit_per_ip(group="save", rate_setting="SAVE_DRAFT_RATE", method="POST")  # no mail bombing
def save_draft(request: HttpRequest) -> HttpResponse:
    """Ask for an email, keep the answers for 30 days and email a link back to them (through
    the outbox: the page does not wait for the mail server)."""
    storage = request.session.get(SESSION_KEY)
    if not storage or not storage.get("step_data"):
        return redirect("assessments:wizard")
    contact = (storage.get("step_data") or {}).get("contact") or {}
    initial_email = (contact.get("contact-email") or [""])[0]
    form = SaveForm(
        request.POST if request.method == "POST" else None, initial={"email": initial_email}
    )
    if request.method == "POST" and form.is_valid():
        language = translation.get_language() or settings.LANGUAGE_CODE
        draft = drafts.draft_save(
            storage_data=storage, email=form.cleaned_data["email"], language=language
        )
        context = {"email": draft.email, "days": drafts.DRAFT_LIFETIME.days}
        return render(request, "assessments/wizard/saved.html", context)
    return render(request, "assessments/wizard/save.html", {"form": form})


@limit_per_ip(group="resume", rate_setting="RESUME_RATE")
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """Put a saved draft back in the session and go to the step it was saved on."""
    try:
        draft = drafts.draft_from_token(token)
    except drafts.DraftLinkError:
        return render(request, "assessments/wizard/link_expired.html", status=410)
    data = drafts.restored_storage(draft)
    request.session[SESSION_KEY] = data
    with translation.override(draft.language):
        url = reverse("assessments:wizard_step", kwargs={"step": data["step"]})
    return redirect(url)


@require_GET
def occupation_search(request: HttpRequest) -> JsonResponse:
    """Occupations for the autocomplete: code and title in the page's language."""
    french = translation.get_language() == "fr"
    results = [
        {
            "code": o.code,
            "title": (o.title_fr or o.title_en) if french else o.title_en,
            "teer": o.teer,
        }
        # PostgreSQL text cannot hold NUL: a query with one would be a database error.
        for o in search_occupations(request.GET.get("q", "")[:100].replace("\x00", ""), limit=15)
    ]
    return JsonResponse({"results": results})


@require_GET
@vary_on_headers("Accept-Language", "Cookie")
def start(request: HttpRequest) -> HttpResponse:
    """`/`: the wizard in the language the browser asks for (language cookie, then
    Accept-Language), English when it asks for none we offer."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        return redirect(reverse("assessments:wizard"))
