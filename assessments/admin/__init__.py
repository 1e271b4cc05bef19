"""The consultants' dashboard and the managers' settings, one module per concern."""

from . import leads, pipeline, site  # noqa: F401  (registers the ModelAdmins)
