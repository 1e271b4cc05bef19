"""The admin form of a criterion, generated from its kind's pydantic parameter model.

Each field of the model becomes a labelled form field (title, description and unit come from the
model's `Field(...)`): numbers with their unit beside them, checkboxes for booleans, choices for
Literal and Enum types, the existing slugs for references (occupation lists, programs, Express
Entry categories), ticked lists for lists, and one box per key for a mapping (the CLB of each
ability). An `any_of` criterion shows each of its options' fields in its own group; the kinds of
the options are chosen with the kind. Nothing is typed as JSON: the form builds the parameters,
validates them with the model and the reference checks, and puts each error on its field.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types
from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .choices import label as term_label
from .engine.criteria_params import CRITERION_PARAMS, REFERS_TO, UNIT, canonical_params
from .engine.vocabulary import Term
from .models import (
    Criterion,
    ExpressEntryCategory,
    OccupationList,
    Program,
    params_problems,
)

PREFIX = "param"
SEP = "__"
ANY_OF = "any_of"
MAX_OPTIONS = 4

# What staff read for a kind (in the kind chooser and above its parameters).
KIND_HELP: Mapping[str, Any] = {
    "language_min": gettext_lazy("Minimum language test levels (CLB / NCLC) per ability."),
    "language_by_teer": gettext_lazy(
        "Minimum language level that depends on the TEER of the Canadian work (CEC)."
    ),
    "education_min": gettext_lazy("Lowest education level."),
    "experience": gettext_lazy("Months of qualifying work within a number of years."),
    "job_offer": gettext_lazy("A job offer: where, in which occupations, how long."),
    "age_range": gettext_lazy("Youngest and oldest age."),
    "settlement_funds": gettext_lazy("Proof of settlement funds, by family size."),
    "province": gettext_lazy("Where the applicant intends to live."),
    "express_entry_eligible": gettext_lazy("Qualifies for one of these Express Entry programs."),
    "min_crs": gettext_lazy("Lowest CRS score."),
    "fsw_points": gettext_lazy("Federal Skilled Worker 67-point grid."),
    "profile_flag": gettext_lazy("A yes-or-no answer of the applicant."),
    "quebec_diploma": gettext_lazy("Lowest Quebec diploma."),
    "manual_review": gettext_lazy("Checked by a consultant by hand: never decided automatically."),
    "any_of": gettext_lazy("Met when any one of two to four options is met."),
}

# Labels of the values of Literal types (vocabulary terms have their own); a value not listed is
# shown as it is, capitalized.
CHOICE_LABELS: Mapping[Any, Any] = {
    "first": gettext_lazy("First official language"),
    "any_official": gettext_lazy("English or French"),
    "english": gettext_lazy("English"),
    "french": gettext_lazy("French"),
    "listening": gettext_lazy("Listening"),
    "reading": gettext_lazy("Reading"),
    "writing": gettext_lazy("Writing"),
    "speaking": gettext_lazy("Speaking"),
    "canada": gettext_lazy("In Canada"),
    "abroad": gettext_lazy("Abroad"),
    "any": gettext_lazy("Anywhere"),
    "dep_or_dec": gettext_lazy("DEP or DEC"),
    "bachelors_or_higher": gettext_lazy("Bachelor's degree or higher"),
}


def kind_label(kind: str) -> str:
    return capfirst(kind.replace("_", " "))


def kind_help(kind: str) -> str:
    model = CRITERION_PARAMS[kind]
    return str(KIND_HELP.get(kind) or (model.__doc__ or "").strip().split("\n")[0])


def choice_label(value: Any) -> str:
    """How a choice reads: a vocabulary term's own label, else one of CHOICE_LABELS."""
    if isinstance(value, Term):
        return str(term_label(value))
    if isinstance(value, enum.Enum):
        label = getattr(value, "label", None)
        return str(label) if label else choice_label(value.value)
    if value in CHOICE_LABELS:
        return str(CHOICE_LABELS[value])
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return _("TEER %(teer)s") % {"teer": value}  # the only numbered choices are TEERs
    return capfirst(str(value).replace("_", " ").replace(".", ": "))


def _pairs(choices: Sequence[Any]) -> list[tuple[Any, str]]:
    """(value, label) of Literal values or Enum members; the value is the code stored."""
    return [(getattr(choice, "value", choice), choice_label(choice)) for choice in choices]


class NumberWithUnit(forms.NumberInput):
    """A number box with its unit (months, CLB, points) written after it."""

    template_name = "programs/widgets/number_with_unit.html"

    def __init__(self, unit: str = "", attrs: dict | None = None) -> None:
        super().__init__(attrs={"class": "param-number", **(attrs or {})})
        self.unit = unit

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["unit"] = self.unit
        return context


# --- Reading a pydantic annotation -------------------------------------------------------------


def _optional(annotation: Any) -> tuple[Any, bool]:
    """(the annotation without None, whether None is allowed)."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) < len(get_args(annotation)):
            return (args[0] if len(args) == 1 else Union[tuple(args)]), True  # noqa: UP007
    return annotation, False


def _choices_of(annotation: Any) -> list[Any] | None:
    """The values of a Literal or the members of an Enum, or None for any other type."""
    if get_origin(annotation) is Literal:
        return list(get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return list(annotation)
    return None


def _bounds(metadata: Sequence[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for item in metadata:
        for attr, key in (("ge", "min_value"), ("le", "max_value"), ("max_length", "max_length")):
            if getattr(item, attr, None) is not None:
                found[key] = getattr(item, attr)
        if isinstance(item, annotated_types.Gt):
            found["min_value"] = int(item.gt) + 1  # type: ignore[call-overload]
        if isinstance(item, annotated_types.Lt):
            found["max_value"] = int(item.lt) - 1  # type: ignore[call-overload]
    return found


def _unwrap_annotated(annotation: Any) -> tuple[Any, list[Any]]:
    """(the bare type, its constraints) of `Annotated[int, Field(ge=0)]` and the like."""
    metadata: list[Any] = []
    if hasattr(annotation, "__metadata__"):
        for item in annotation.__metadata__:
            metadata += item.metadata if isinstance(item, FieldInfo) else [item]
        annotation = get_args(annotation)[0]
    return annotation, metadata


# What a parameter may name and staff pick from a list (NOC codes, 500+, are typed and checked).
PICKED_BY_SLUG: Mapping[str, type[models.Model]] = {
    "occupation_list": OccupationList,
    "program": Program,
    "category": ExpressEntryCategory,
}


def reference_choices(target: str, current: Sequence[str] = ()) -> list[tuple[str, str]]:
    """The slugs staff may pick for a reference, and any current one that no longer exists
    (shown as missing, so saving it is refused with a field error instead of silently changed)."""
    french = (get_language() or "en").startswith("fr")
    name = "name_fr" if french else "name_en"
    rows = PICKED_BY_SLUG[target].objects.order_by("slug").values_list("slug", name)
    names: dict[str, str] = {}
    for slug, label in rows:
        names.setdefault(slug, label)
    choices = [(slug, f"{slug} ({label})") for slug, label in names.items()]
    missing = [slug for slug in current if slug and slug not in names]
    return choices + [(slug, _("%(slug)s (missing)") % {"slug": slug}) for slug in missing]


# --- The fields of one parameter model ---------------------------------------------------------


@dataclass
class ParamsSpec:
    """The generated form fields of one parameter model, and how to read and fill them."""

    model: type[BaseModel]
    prefix: str
    fields: dict[str, forms.Field] = field(default_factory=dict)
    # parameter name -> ("scalar", form field name) or ("mapping", {key: form field name})
    layout: dict[str, tuple[str, Any]] = field(default_factory=dict)
    groups: list[tuple[str, str, list[Any]]] = field(default_factory=list)

    def name(self, *parts: Any) -> str:
        return SEP.join([self.prefix, *map(str, parts)])


def build_spec(model: type[BaseModel], prefix: str, current: Mapping[str, Any]) -> ParamsSpec:
    """The form fields of `model`; `current` (the stored parameters) only adds missing slugs."""
    spec = ParamsSpec(model, prefix)
    plain: list[Any] = []
    for param, info in model.model_fields.items():
        label = _(info.title) if info.title else capfirst(param.replace("_", " "))
        help_text = _(info.description) if info.description else ""
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        unit = _(str(extra[UNIT])) if UNIT in extra else ""
        annotation, optional = _optional(info.annotation)
        if get_origin(annotation) is dict:
            keys_type, value_type = get_args(annotation)
            keys = _choices_of(keys_type)
            if keys is None:
                raise TypeError(f"{model.__name__}.{param}: a mapping needs Literal/Enum keys")
            names = {}
            for key, key_label in _pairs(keys):
                names[key] = spec.name(param, key)
                spec.fields[names[key]] = _scalar_field(
                    value_type, [], key_label, "", unit, required=False
                )
            spec.layout[param] = ("mapping", names)
            spec.groups.append((label, help_text, [tuple(names.values())]))
            continue
        # A value with a default is still needed (it is stored), unless None or "" is allowed.
        required = not optional and (annotation is not str or info.is_required())
        if get_origin(annotation) is list:
            required = required and (
                info.is_required() or any(getattr(m, "min_length", 0) for m in info.metadata)
            )
            item = get_args(annotation)[0]
            if isinstance(item, type) and issubclass(item, BaseModel):
                raise TypeError(f"{model.__name__}.{param}: nested models are built by the form")
            form_field = _list_field(item, extra, required, current.get(param) or [])
        elif annotation is str and REFERS_TO in extra:
            form_field = _reference_field(str(extra[REFERS_TO]), required, current.get(param))
        else:
            form_field = _scalar_field(annotation, info.metadata, label, help_text, unit, required)
        form_field.label = label
        form_field.help_text = help_text
        spec.fields[spec.name(param)] = form_field
        spec.layout[param] = ("scalar", spec.name(param))
        plain.append(spec.name(param))
    if plain:
        spec.groups.insert(0, ("", "", plain))
    return spec


def _scalar_field(
    annotation: Any,
    metadata: Sequence[Any],
    label: str,
    help_text: str,
    unit: str,
    required: bool,
) -> forms.Field:
    annotation, more = _unwrap_annotated(annotation)
    bounds = _bounds([*metadata, *more])
    choices = _choices_of(annotation)
    common = {"label": label, "help_text": help_text, "required": required}
    if annotation is bool:
        return forms.BooleanField(**common | {"required": False})
    if choices is not None:
        blank = [("", "---------")] if not required else []
        return forms.TypedChoiceField(
            choices=blank + _pairs(choices),
            coerce=type(_pairs(choices)[0][0]),
            empty_value=None,
            **common,
        )
    if annotation in (int, float):
        bounds.pop("max_length", None)
        number = forms.IntegerField if annotation is int else forms.FloatField
        return number(widget=NumberWithUnit(unit), **bounds, **common)
    if annotation is str:
        return forms.CharField(
            max_length=bounds.get("max_length"),
            widget=forms.Textarea(attrs={"rows": 3, "cols": 80})
            if bounds.get("max_length", 0) > 200
            else forms.TextInput,
            **common,
        )
    raise TypeError(f"no form field for parameters of type {annotation!r}")


def _list_field(item: Any, extra: Mapping[str, Any], required: bool, current: Any) -> forms.Field:
    choices = _choices_of(item)
    if choices is not None:
        return forms.TypedMultipleChoiceField(
            choices=_pairs(choices),
            coerce=type(_pairs(choices)[0][0]),
            widget=forms.CheckboxSelectMultiple,
            required=required,
        )
    if item is str and extra.get(REFERS_TO) in PICKED_BY_SLUG:
        return forms.MultipleChoiceField(
            choices=reference_choices(str(extra[REFERS_TO]), list(current)),
            widget=forms.CheckboxSelectMultiple,
            required=required,
        )
    raise TypeError(f"no form field for a list of {item!r}")


def _reference_field(target: str, required: bool, current: Any) -> forms.Field:
    if target not in PICKED_BY_SLUG:  # a NOC code: typed, then checked like every reference
        return forms.CharField(max_length=5, required=required)
    blank = [] if required else [("", "---------")]
    return forms.ChoiceField(
        choices=blank + reference_choices(target, [current] if current else []),
        required=required,
    )


def initial_of(spec: ParamsSpec, params: Mapping[str, Any]) -> dict[str, Any]:
    """The form's initial values for stored parameters (defaults for those not stored)."""
    initial: dict[str, Any] = {}
    for param, (kind, where) in spec.layout.items():
        info = spec.model.model_fields[param]
        value = params.get(param, None if info.is_required() else info.get_default())
        if isinstance(value, enum.Enum):
            value = value.value
        if kind == "mapping":
            for key, name in where.items():
                initial[name] = (value or {}).get(str(key), (value or {}).get(key))
        else:
            initial[where] = value
    return initial


def params_of(spec: ParamsSpec, cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters the form's cleaned values make (empty optional values are None)."""
    params: dict[str, Any] = {}
    for param, (kind, where) in spec.layout.items():
        if kind == "mapping":
            params[param] = {
                key: cleaned[name] for key, name in where.items() if cleaned.get(name) is not None
            }
        else:
            value = cleaned.get(where)
            params[param] = None if value in ("", []) and _allows_none(spec, param) else value
    return params


def _allows_none(spec: ParamsSpec, param: str) -> bool:
    return _optional(spec.model.model_fields[param].annotation)[1]


# --- The whole criterion ------------------------------------------------------------------------


@dataclass
class CriterionSpec:
    """The generated fields of one kind (and of each option of an `any_of`)."""

    kind: str
    option_kinds: tuple[str, ...]
    parts: list[tuple[str | None, ParamsSpec]]  # (option kind or None, its fields)

    @property
    def fields(self) -> dict[str, forms.Field]:
        return {name: f for _kind, spec in self.parts for name, f in spec.fields.items()}

    def fieldsets(self) -> list[tuple[str, dict]]:
        sets = []
        for index, (option_kind, spec) in enumerate(self.parts):
            title = (
                _("Parameters: %(kind)s") % {"kind": kind_label(self.kind)}
                if option_kind is None
                else _("Option %(n)d: %(kind)s") % {"n": index + 1, "kind": kind_label(option_kind)}
            )
            # The kind's own help is under its kind field; each option's heads its group.
            description = kind_help(option_kind) if option_kind else ""
            for group_title, group_help, names in spec.groups:
                if not group_title:
                    name = title
                elif option_kind is None:
                    name = group_title
                else:
                    name = f"{title} - {group_title}"
                sets.append((name, {"fields": names, "description": group_help or description}))
                description = ""
        return sets

    def initial(self, params: Mapping[str, Any]) -> dict[str, Any]:
        if self.kind != ANY_OF:
            return initial_of(self.parts[0][1], params)
        options = params.get("options") or []
        initial: dict[str, Any] = {}
        for index, (_kind, spec) in enumerate(self.parts):
            stored = options[index].get("params", {}) if index < len(options) else {}
            initial |= initial_of(spec, stored)
        return initial

    def params(self, cleaned: Mapping[str, Any]) -> dict[str, Any]:
        if self.kind != ANY_OF:
            return params_of(self.parts[0][1], cleaned)
        return {
            "options": [
                {"kind": option_kind, "params": params_of(spec, cleaned)}
                for option_kind, spec in self.parts
            ]
        }

    def field_for(self, location: Sequence[Any]) -> str | None:
        """The form field an error at this parameter location belongs to: `("levels",
        "writing")`, `("options", 1, "params", "occupation_list")`; the first box of a mapping
        for `("levels",)`; the first field of the parameters (of the option) for an error of the
        whole model (`()`: "min must not be above max"). None when the kind has no fields."""
        parts = [str(p) for p in location]
        if self.kind == ANY_OF and len(parts) >= 2 and parts[0] == "options":
            parts = [*parts[:2], *(parts[3:] if parts[2:3] == ["params"] else parts[2:])]
        for end in range(len(parts), -1, -1):
            candidate = SEP.join([PREFIX, *parts[:end]])
            if candidate in self.fields:
                return candidate
            starting = [name for name in self.fields if name.startswith(candidate + SEP)]
            if starting:
                return starting[0]
        return None


def criterion_spec(
    kind: str, option_kinds: Sequence[str] = (), params: Mapping[str, Any] | None = None
) -> CriterionSpec:
    params = params or {}
    if kind != ANY_OF:
        return CriterionSpec(kind, (), [(None, build_spec(CRITERION_PARAMS[kind], PREFIX, params))])
    stored = params.get("options") or []
    parts = []
    for index, option_kind in enumerate(option_kinds):
        current = stored[index].get("params", {}) if index < len(stored) else {}
        spec = build_spec(
            CRITERION_PARAMS[option_kind], SEP.join([PREFIX, "options", str(index)]), current
        )
        parts.append((option_kind, spec))
    return CriterionSpec(kind, tuple(option_kinds), parts)


def option_kinds_of(params: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(
        option.get("kind", "") for option in params.get("options") or [] if isinstance(option, dict)
    )


def _https_urls(field: models.Field, **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class CriterionForm(forms.ModelForm):
    """The criterion's own fields; `criterion_form` adds its kind's parameter fields."""

    spec: CriterionSpec

    class Meta:
        model = Criterion
        fields = [  # all but `params`, which the form builds from its parameter fields
            "program",
            "code",
            "kind",
            "effective_from",
            "effective_to",
            "position",
            "message_en",
            "message_fr",
            "source_url",
            "checked_on",
            "unconfirmed",
            "staff_note",
        ]
        formfield_callback = staticmethod(_https_urls)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.kind = self.spec.kind
        if "kind" in self.fields:  # the kind is chosen before the form (see the admin)
            self.fields["kind"].disabled = True
            self.fields["kind"].initial = self.spec.kind
            self.fields["kind"].help_text = kind_help(self.spec.kind)
        for name, value in self.spec.initial(self.instance.params or {}).items():
            self.initial.setdefault(name, value)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if any(name in self.errors for name in self.spec.fields):
            return cleaned
        params = self.spec.params(cleaned)
        problems = params_problems(
            self.spec.kind, params, cleaned.get("effective_from"), cleaned.get("effective_to")
        )
        for location, message in problems:
            self.add_error(self.spec.field_for(location), message)
        if not problems:
            self.instance.params = canonical_params(self.spec.kind, params)
        return cleaned


def criterion_form(
    kind: str, option_kinds: Sequence[str] = (), params: Mapping[str, Any] | None = None
) -> type[CriterionForm]:
    """The admin form class of a criterion of this kind (and, for `any_of`, these options)."""
    spec = criterion_spec(kind, option_kinds, params)
    return type(f"CriterionForm_{kind}", (CriterionForm,), {"spec": spec, **spec.fields})


class ChooseKindForm(forms.Form):
    """The first step of adding a criterion: its kind (and an `any_of`'s options' kinds)."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind of criterion"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind, f"{kind_label(kind)}: {kind_help(kind)}") for kind in CRITERION_PARAMS
        ]
        plain = [("", "---------")] + [
            (kind, kind_label(kind)) for kind in CRITERION_PARAMS if kind != ANY_OF
        ]
        for index in range(MAX_OPTIONS):
            self.fields[f"option{index}"] = forms.ChoiceField(
                label=_("Option %(n)d") % {"n": index + 1},
                choices=plain,
                required=False,
                help_text=_("Only for 'any of': the kind of this option.") if index == 0 else "",
            )

    def option_kinds(self) -> tuple[str, ...]:
        return tuple(
            kind
            for index in range(MAX_OPTIONS)
            if (kind := self.cleaned_data.get(f"option{index}"))
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("kind") == ANY_OF and len(self.option_kinds()) < 2:
            self.add_error("option0", _("'Any of' needs the kinds of at least two options."))
        return cleaned
