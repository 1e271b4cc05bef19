"""The consultancy's site settings in the admin: managers rebrand the public pages and emails
here, with no deploy (the pages read the record on every request)."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from assessments.branding import brand_colours
from assessments.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "firm_name", "colour", "contact_email", "licence_number"]
    search_fields = ["domain", "firm_name"]
    readonly_fields = ["colour"]
    # A URL typed without a scheme is taken as https (Django 6's default, said now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (
            _("Site"),
            {
                "fields": ["domain"],
                "description": _(
                    "One record per host name; the record with no host name is used by every "
                    "other host and by the emails."
                ),
            },
        ),
        (_("Brand"), {"fields": ["firm_name", "logo_url", "primary_colour", "colour"]}),
        (
            _("Contact"),
            {
                "fields": [
                    "contact_email",
                    "contact_phone",
                    "booking_url",
                    "privacy_contact",
                    "licence_number",
                ]
            },
        ),
        (_("Leads and privacy"), {"fields": ["leads_email", "embed_origins", "retention_months"]}),
        (_("Form"), {"fields": ["show_running_estimate"]}),
    ]

    @admin.display(description=_("colour"))
    def colour(self, record: SiteSettings) -> str:
        """A swatch of the saved colour and of the link colour the pages derive from it."""
        colours = brand_colours(record.primary_colour)
        return format_html(
            '<span style="display:inline-block;width:1.5em;height:1em;background:{}"></span> {} '
            '<span style="color:{}">{}</span>',
            colours["primary"],
            colours["primary"],
            colours["primary_dark"],
            _("link colour"),
        )
