"""What consultants do with a lead: the status workflow, assignment and notes (services), and
which leads a staff user may see (selectors). The admin only calls these.

Roles are permissions, not group names: `assessments.view_all_leads` (the Manager group, and
superusers) sees and assigns every lead; anyone else with access to leads (the Consultant group)
sees the unassigned ones and their own, and may assign only to themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import AssessmentError
from .models import Assessment, LeadNote, LeadStatusChange

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser as User

Status = Assessment.LeadStatus

CONSULTANT_GROUP = "Consultant"
MANAGER_GROUP = "Manager"

# The workflow: new -> contacted -> booked -> retained / not a fit / unresponsive, plus the
# detours real follow-up takes. Retained and not a fit are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.CONTACTED, Status.NOT_A_FIT}),  # screened out unseen
    Status.CONTACTED: frozenset({Status.BOOKED, Status.NOT_A_FIT, Status.UNRESPONSIVE}),
    Status.BOOKED: frozenset(
        {Status.RETAINED, Status.NOT_A_FIT, Status.UNRESPONSIVE, Status.CONTACTED}
    ),  # back to contacted: the consultation was cancelled
    Status.UNRESPONSIVE: frozenset({Status.CONTACTED}),  # they answered after all
    Status.RETAINED: frozenset(),
    Status.NOT_A_FIT: frozenset(),
}


# --- selectors ---


def sees_all_leads(user: User) -> bool:
    return user.has_perm("assessments.view_all_leads")


def leads_visible_to(user: User, queryset: QuerySet[Assessment] | None = None) -> QuerySet:
    """The leads `user` may see: every lead for managers, else the unassigned ones and their own."""
    queryset = Assessment.objects.all() if queryset is None else queryset
    if sees_all_leads(user):
        return queryset
    return queryset.filter(Q(assigned_to__isnull=True) | Q(assigned_to=user.pk))


def lead_is_visible(*, user: User, assessment: Assessment) -> bool:
    """Visibility of a lead already loaded (no query): the same rule as `leads_visible_to`."""
    return sees_all_leads(user) or assessment.assigned_to_id in (None, user.pk)


def allowed_transitions(status: str) -> list[str]:
    """The statuses a lead in `status` may move to, in the workflow's order."""
    targets = TRANSITIONS.get(status, frozenset())
    return [value for value in Status.values if value in targets]


def assignable_users() -> QuerySet:
    """Staff who can take leads: active members of either role, and active superusers."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=[CONSULTANT_GROUP, MANAGER_GROUP]))
        .distinct()
        .order_by("username")
    )


# Columns of the CSV export: (header, value path); programs are added per batch.
EXPORT_COLUMNS = [
    ("id", "pk"),
    ("submitted", "submitted_at"),
    ("name", "name"),
    ("email", "email"),
    ("phone", "phone"),
    ("language", "language"),
    ("province", "intended_province"),
    ("crs", "crs_total"),
    ("best_outcome", "best_outcome"),
    ("lead_status", "lead_status"),
    ("assigned_to", "assigned_to__username"),
    ("last_activity", "last_activity_at"),
    ("first_contacted", "first_contacted_at"),
    ("newsletter", "newsletter_opt_in"),
    ("erased", "erased_at"),
]
EXPORT_HEADER = [header for header, _path in EXPORT_COLUMNS] + ["eligible_programs"]
EXPORT_BATCH = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> str:
    """A cell a spreadsheet shows as text: one that could start a formula gets a leading quote
    (OWASP's CSV injection advice), e.g. a name typed as "=HYPERLINK(...)"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).isoformat(timespec="minutes")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def lead_export_rows(queryset: QuerySet[Assessment]) -> Iterator[list[str]]:
    """The leads of `queryset` as spreadsheet-safe CSV rows (no header), in its order.

    Streams: rows come from a database cursor (`iterator()`, server-side on PostgreSQL) and the
    eligible programs are fetched once per batch of leads, so memory stays flat whatever the
    number of rows, and there are about rows / EXPORT_BATCH + 1 queries.
    """
    through = Assessment.eligible_programs.through
    rows = (
        queryset.select_related(None)
        .prefetch_related(None)
        .values_list(*(path for _header, path in EXPORT_COLUMNS))
        .iterator(chunk_size=EXPORT_BATCH)
    )
    for batch in _batches(rows, EXPORT_BATCH):
        programs: dict[int, list[str]] = {}
        links = through.objects.filter(assessment_id__in=[row[0] for row in batch])
        for lead_id, slug in links.values_list("assessment_id", "program__slug").order_by(
            "program__position", "program__slug"
        ):
            programs.setdefault(lead_id, []).append(slug)
        for row in batch:
            yield [csv_safe(value) for value in row] + [" ".join(programs.get(row[0], []))]


# --- services ---


def _touch(assessment: Assessment, user: User, reason: str, at: datetime | None = None) -> None:
    """Stamp the activity and say who did it in the model's history (simple-history)."""
    assessment.last_activity_at = at or timezone.now()
    assessment._history_user = user
    assessment._change_reason = reason[:100]


@transaction.atomic
def lead_set_status(*, assessment_id: int, to_status: str, user: User) -> Assessment:
    """Move a lead along the workflow, or refuse with AssessmentError.

    Atomic, under a row lock, so two consultants clicking at once cannot both move it from the
    same status. Records a LeadStatusChange (who, when, from, to). The first move to "contacted"
    sets `first_contacted_at` (screening a new lead out as "not a fit" is not a contact).
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    from_status = assessment.lead_status
    if to_status not in TRANSITIONS.get(from_status, frozenset()):
        raise AssessmentError(
            "lead_status",
            _("A lead cannot go from “%(from)s” to “%(to)s”.")
            % {"from": _label(from_status), "to": _label(to_status)},
        )
    change = LeadStatusChange.objects.create(
        assessment=assessment, from_status=from_status, to_status=to_status, changed_by=user
    )
    assessment.lead_status = to_status
    if to_status == Status.CONTACTED and assessment.first_contacted_at is None:
        assessment.first_contacted_at = change.changed_at
    _touch(assessment, user, f"status: {from_status} -> {to_status}", change.changed_at)
    assessment.save(
        update_fields=["lead_status", "first_contacted_at", "last_activity_at", "updated_at"]
    )
    return assessment


def _label(status: str) -> str:
    return str(dict(Status.choices).get(status, status))


@transaction.atomic
def lead_assign(*, assessment_id: int, assignee: User | None, user: User) -> Assessment:
    """Assign a lead to `assignee` (None: unassign), or refuse with AssessmentError.

    A manager assigns anyone who can take leads. Anyone else only takes an unassigned lead (or
    keeps or releases their own): they cannot give a lead to a colleague nor take one from them.
    Atomic, under a row lock; the history records who did it.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    if not sees_all_leads(user):
        if assessment.assigned_to_id not in (None, user.pk):
            raise AssessmentError("assigned_to", _("This lead belongs to another consultant."))
        if assignee is not None and assignee.pk != user.pk:
            raise AssessmentError("assigned_to", _("You can only assign leads to yourself."))
    if assignee is not None and not assignable_users().filter(pk=assignee.pk).exists():
        raise AssessmentError("assigned_to", _("This user cannot take leads."))
    assessment.assigned_to = assignee
    _touch(assessment, user, f"assigned to {assignee.pk if assignee else 'nobody'}")
    assessment.save(update_fields=["assigned_to", "last_activity_at", "updated_at"])
    return assessment


@transaction.atomic
def lead_add_note(*, assessment_id: int, text: str, author: User) -> LeadNote:
    """Add a consultant's note (stamped with its author and time) and mark the lead active."""
    text = text.strip()
    if not text:
        raise AssessmentError("text", _("A note cannot be empty."))
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    note = LeadNote.objects.create(assessment=assessment, author=author, text=text)
    _touch(assessment, author, "note added", note.created_at)
    assessment.save(update_fields=["last_activity_at", "updated_at"])
    return note
