"""The signed, unguessable token of a result page."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core import signing

from assessments.models import Assessment

RESULT_SALT = "assessment-result"
# A result link (and the API's status token) stops working a year after it was made.
RESULT_LINK_LIFETIME = timedelta(days=365)


def result_token(assessment: Assessment) -> str:
    return signing.dumps(str(assessment.public_id), salt=RESULT_SALT)


def public_id_from_token(token: str) -> uuid.UUID | None:
    """The assessment's public id, or None for a tampered or malformed token."""
    try:
        return uuid.UUID(signing.loads(token, salt=RESULT_SALT, max_age=RESULT_LINK_LIFETIME))
    except (signing.BadSignature, ValueError, TypeError, AttributeError):
        return None
