"""The consultants' dashboard and the managers' settings, one module per concern."""

from . import impact, leads, pipeline, site  # noqa: F401  (registers the ModelAdmins)
