""" "Preview impact" on the admin pages of rule versions (criterion, occupation list, grid, Express
Entry category, program status): an action on the selected versions and a button on a version's
page. Both open the preview's form in the leads' admin (assessments.admin.impact) by its URL, so
the rules' admin does not import the leads' app."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def impact_preview_url(model: type[Model], pks: Iterable[Any]) -> str:
    """The preview form for these versions of `model` (one `v=model:pk` each)."""
    query = urlencode([("v", f"{model._meta.model_name}:{pk}") for pk in pks])
    return f"{reverse('admin:assessments_impactpreview_start')}?{query}"


class ImpactPreviewMixin:
    """Put first among a rule admin's bases and add "preview_impact" to its `actions`; the
    change page shows the button through templates/admin/programs/change_form.html."""

    @admin.action(description=_("Preview impact on the leads…"), permissions=["view"])
    def preview_impact(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        model = self.model  # type: ignore[attr-defined]
        return HttpResponseRedirect(
            impact_preview_url(model, queryset.values_list("pk", flat=True))
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        model = self.model  # type: ignore[attr-defined]
        extra = {"impact_preview_url": impact_preview_url(model, [object_id])}
        return super().change_view(  # type: ignore[misc]
            request, object_id, form_url, {**(extra_context or {}), **extra}
        )
