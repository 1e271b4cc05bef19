from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Noc2016UnitGroup, NocCrosswalk, Occupation


class _CrosswalkInline(admin.TabularInline):
    """Read-mostly: rows are edited one by one in the crosswalk admin, where history is kept."""

    model = NocCrosswalk
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["noc2016", "occupation", "status", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class CrosswalkFrom2016Inline(_CrosswalkInline):
    fk_name = "occupation"
    verbose_name = _("NOC 2016 unit group")
    verbose_name_plural = _("NOC 2016 unit groups (crosswalk)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("noc2016", "occupation")


class CrosswalkTo2021Inline(_CrosswalkInline):
    fk_name = "noc2016"
    verbose_name = _("NOC 2021 occupation")
    verbose_name_plural = _("NOC 2021 occupations (crosswalk)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("noc2016", "occupation")


@admin.register(Occupation)
class OccupationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title_en", "title_fr", "teer", "featured"]
    list_display_links = ["code", "title_en"]
    list_filter = ["teer", "broad_category", "featured", "occupation_lists__program"]
    search_fields = [
        "code",
        "title_en",
        "title_fr",
        "search_text",
        "crosswalk_2016__noc2016__code",
    ]
    readonly_fields = ["teer", "broad_category", "major_group", "listed_in"]
    fieldsets = [
        (None, {"fields": ["code", "title_en", "title_fr"]}),
        (
            _("Classification (from the code)"),
            {"fields": ["teer", "broad_category", "major_group", "major_group_title"]},
        ),
        (_("Programs and Express Entry categories"), {"fields": ["listed_in"]}),
        (
            _("Featured occupation"),
            {
                "fields": [
                    "featured",
                    "average_hourly_wage",
                    "example_titles",
                    "description_en",
                    "description_fr",
                ]
            },
        ),
    ]
    inlines = [CrosswalkFrom2016Inline]

    @admin.display(description=_("listed by"))
    def listed_in(self, occupation: Occupation) -> str:
        """Every program or Express Entry list naming it, by its 2021 code or a 2016 code.

        The lists are programs' rows pointing at this occupation: they are read through the
        reverse relation Django gives it (`occupation_lists`), so this app imports nothing of
        programs, which is built on it."""
        lists = (
            occupation.occupation_lists.model.objects.filter(
                Q(occupations=occupation) | Q(occupations_2016__crosswalk__occupation=occupation)
            )
            .select_related("program")
            .distinct()
            .order_by("program__position", "slug", "effective_from")
        )
        rows = [
            (
                occupation_list.program or _("Express Entry category"),
                occupation_list.name_en,
                occupation_list.effective_from,
                occupation_list.effective_to or _("today"),
            )
            for occupation_list in lists
        ]
        if not rows:
            return format_html("{}", _("No program lists this occupation."))
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {} ({} to {})</li>", rows))


@admin.register(Noc2016UnitGroup)
class Noc2016UnitGroupAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title_en", "title_fr"]
    list_display_links = ["code", "title_en"]
    search_fields = ["code", "title_en", "title_fr", "crosswalk__occupation__code"]
    inlines = [CrosswalkTo2021Inline]


@admin.register(NocCrosswalk)
class NocCrosswalkAdmin(SimpleHistoryAdmin):
    list_display = ["noc2016", "occupation", "status"]
    list_filter = ["status"]
    list_select_related = ["noc2016", "occupation"]
    search_fields = [
        "noc2016__code",
        "noc2016__title_en",
        "occupation__code",
        "occupation__title_en",
        "occupation__title_fr",
        "note",
    ]
    autocomplete_fields = ["noc2016", "occupation"]
