"""The lead workflow, assignment and notes services, who sees which lead, and the CSV rows."""

from __future__ import annotations

import itertools

import pytest

from assessments.errors import AssessmentError
from assessments.leads import (
    TRANSITIONS,
    allowed_transitions,
    csv_safe,
    lead_add_note,
    lead_assign,
    lead_export_rows,
    lead_set_status,
    leads_visible_to,
)
from assessments.models import Assessment, LeadStatusChange
from programs.models import Program
from tests.factories import LeadFactory, UserFactory, consultant, manager

pytestmark = pytest.mark.django_db
Status = Assessment.LeadStatus

ALLOWED = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}
REFUSED = sorted(set(itertools.product(Status.values, Status.values)) - ALLOWED)


def test_the_happy_path_is_recorded_with_who_and_when():
    lead = LeadFactory(scored=False)
    alice = consultant()
    for status in (Status.CONTACTED, Status.BOOKED, Status.RETAINED):
        lead = lead_set_status(assessment_id=lead.pk, to_status=status, user=alice)
    assert lead.lead_status == Status.RETAINED
    changes = list(LeadStatusChange.objects.filter(assessment=lead).order_by("changed_at", "pk"))
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("new", "contacted"),
        ("contacted", "booked"),
        ("booked", "retained"),
    ]
    assert {c.changed_by for c in changes} == {alice}
    assert lead.first_contacted_at == changes[0].changed_at
    assert lead.last_activity_at == changes[-1].changed_at
    assert lead.history.first().history_user == alice


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_every_transition_outside_the_workflow_is_refused(source, target):
    lead = LeadFactory(scored=False, lead_status=source)
    with pytest.raises(AssessmentError):
        lead_set_status(assessment_id=lead.pk, to_status=target, user=manager())
    lead.refresh_from_db()
    assert lead.lead_status == source
    assert not LeadStatusChange.objects.filter(assessment=lead).exists()


def test_the_workflow_reaches_every_status_and_ends_in_retained_or_not_a_fit():
    reachable, frontier = {Status.NEW}, [Status.NEW]
    while frontier:
        for target in TRANSITIONS[frontier.pop()]:
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(Status.values)
    assert allowed_transitions(Status.RETAINED) == allowed_transitions(Status.NOT_A_FIT) == []
    assert (Status.NEW, Status.RETAINED) not in ALLOWED  # no skipping the consultation
    assert allowed_transitions(Status.CONTACTED) == ["booked", "not_a_fit", "unresponsive"]


def test_first_contact_is_kept_from_the_first_time_only():
    lead = LeadFactory(scored=False)
    user = manager()
    lead = lead_set_status(assessment_id=lead.pk, to_status=Status.CONTACTED, user=user)
    first = lead.first_contacted_at
    lead_set_status(assessment_id=lead.pk, to_status=Status.UNRESPONSIVE, user=user)
    lead = lead_set_status(assessment_id=lead.pk, to_status=Status.CONTACTED, user=user)
    assert first is not None
    assert lead.first_contacted_at == first


def test_screening_a_new_lead_out_is_not_a_contact():
    lead = LeadFactory(scored=False)
    lead = lead_set_status(assessment_id=lead.pk, to_status=Status.NOT_A_FIT, user=manager())
    assert lead.first_contacted_at is None


def test_a_consultant_takes_free_leads_only_and_for_themselves():
    alice, bob = consultant(), consultant()
    free = LeadFactory(scored=False)
    assert lead_assign(assessment_id=free.pk, assignee=alice, user=alice).assigned_to == alice
    with pytest.raises(AssessmentError):
        lead_assign(assessment_id=free.pk, assignee=bob, user=bob)  # Alice's now
    other = LeadFactory(scored=False)
    with pytest.raises(AssessmentError):
        lead_assign(assessment_id=other.pk, assignee=bob, user=alice)  # giving it to a colleague
    assert lead_assign(assessment_id=free.pk, assignee=None, user=alice).assigned_to is None


def test_a_manager_assigns_anyone_who_can_take_leads():
    boss, alice = manager(), consultant()
    lead = LeadFactory(scored=False, assigned_to=consultant())
    lead = lead_assign(assessment_id=lead.pk, assignee=alice, user=boss)
    assert lead.assigned_to == alice
    assert lead.last_activity_at is not None
    outsider = UserFactory(is_staff=False)
    with pytest.raises(AssessmentError):
        lead_assign(assessment_id=lead.pk, assignee=outsider, user=boss)


def test_a_note_has_its_author_and_marks_the_lead_active():
    lead = LeadFactory(scored=False)
    alice = consultant()
    note = lead_add_note(assessment_id=lead.pk, text="  Called, left a message.  ", author=alice)
    assert (note.author, note.text) == (alice, "Called, left a message.")
    lead.refresh_from_db()
    assert lead.last_activity_at == note.created_at
    with pytest.raises(AssessmentError):
        lead_add_note(assessment_id=lead.pk, text="   ", author=alice)


def test_consultants_see_unassigned_leads_and_their_own_managers_all():
    alice, bob, boss = consultant(), consultant(), manager()
    free, mine, theirs = (
        LeadFactory(scored=False),
        LeadFactory(scored=False, assigned_to=alice),
        LeadFactory(scored=False, assigned_to=bob),
    )
    assert set(leads_visible_to(alice)) == {free, mine}
    assert set(leads_visible_to(bob)) == {free, theirs}
    assert set(leads_visible_to(boss)) == {free, mine, theirs}


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 514 555 0100", "'+1 514 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Chloé Tremblay", "Chloé Tremblay"),
        (None, ""),
        (412, "412"),
    ],
)
def test_cells_that_could_start_a_formula_are_quoted(value, cell):
    assert csv_safe(value) == cell


def test_export_rows_carry_programs_and_stay_in_order():
    leads = [LeadFactory(scored=False) for _ in range(3)]
    expected = [set(), {"express-entry-fsw"}, {"express-entry-fsw", "ontario-hcp"}]
    for lead, slugs in zip(leads, expected, strict=True):
        lead.eligible_programs.set(Program.objects.filter(slug__in=slugs))
    rows = list(lead_export_rows(Assessment.objects.order_by("pk")))
    assert [row[0] for row in rows] == [str(lead.pk) for lead in leads]
    assert [set(row[-1].split()) for row in rows] == expected
