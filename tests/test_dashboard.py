"""The leads admin: fixed query counts, roles enforced on every URL, the workflow from the list and
from a lead's page, the actions, and a spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from assessments.models import Assessment, LeadNote, LeadStatusChange, OutboxMessage, RescoreRun
from programs.models import Program
from tests.factories import LeadFactory, consultant, manager, role_groups

pytestmark = pytest.mark.django_db
Status = Assessment.LeadStatus
LIST = reverse("admin:assessments_assessment_changelist")
OVERVIEW = reverse("admin:assessments_assessment_overview")


def change_url(lead: Assessment) -> str:
    return reverse("admin:assessments_assessment_change", args=[lead.pk])


def add_activity(lead: Assessment, user, count: int) -> None:
    """`count` notes and status changes, and one email, on `lead`."""
    LeadNote.objects.bulk_create(
        LeadNote(assessment=lead, author=user, text=f"note {i}") for i in range(count)
    )
    LeadStatusChange.objects.bulk_create(
        LeadStatusChange(assessment=lead, from_status="new", to_status="contacted", changed_by=user)
        for _ in range(count)
    )
    OutboxMessage.objects.get_or_create(
        assessment=lead,
        kind=OutboxMessage.Kind.APPLICANT_RESULT,
        recipient=lead.email,
        defaults={"subject": "Your result", "body_text": "..."},
    )


def post_action(client, action: str, leads: list[Assessment], **data):
    payload = {"action": action, "index": 0, "_selected_action": [lead.pk for lead in leads]}
    return client.post(LIST, {**payload, **data})


# --- query counts ---


@pytest.mark.parametrize("role", [manager, consultant])
def test_the_list_uses_the_same_queries_for_1_or_30_leads(
    client, django_assert_max_num_queries, role
):
    user = role()
    client.force_login(user)
    LeadFactory(assigned_to=user)
    client.get(LIST)  # warm the content types cache
    with django_assert_max_num_queries(12) as one:
        assert client.get(LIST).status_code == 200
    for index in range(29):
        LeadFactory(name=f"Applicant {index}", assigned_to=user if index % 2 else None)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(LIST)
    page = response.content.decode()
    assert page.count("Applicant ") >= 29
    assert "lead-badge-program" in page  # eligible programs shown as badges


def test_the_list_with_every_filter_keeps_its_query_budget(client, django_assert_max_num_queries):
    boss = manager()
    client.force_login(boss)
    leads = [LeadFactory(assigned_to=boss) for _ in range(5)]
    program = leads[0].eligible_programs.first() or leads[1].eligible_programs.first()
    client.get(LIST)
    filters = {
        "lead_status__exact": "new",
        "assigned": "me",
        "outcome": "eligible",
        "crs": "350-449",
        "intended_province__exact": "ON",
        "language__exact": "en",
        "q": "example.org",
        "submitted_at__year": str(leads[0].submitted_at.year),
    }
    if program:
        filters["eligible_programs__id__exact"] = str(program.pk)
    with django_assert_max_num_queries(10):
        assert client.get(LIST, filters).status_code == 200


def test_the_detail_uses_the_same_queries_for_1_or_30_notes(client, django_assert_max_num_queries):
    user = consultant()
    client.force_login(user)
    lead = LeadFactory(assigned_to=user)
    add_activity(lead, user, 1)
    client.get(change_url(lead))
    with django_assert_max_num_queries(10) as one:
        assert client.get(change_url(lead)).status_code == 200
    add_activity(lead, user, 29)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(change_url(lead))
    page = response.content.decode()
    assert page.count("note ") >= 30
    assert "Comprehensive Ranking System" in page  # the result in words
    assert "Date of birth" in page  # the answers in words


# --- the list at 100,000 leads: the same pages, from fewer rows ---


def submitted(lead: Assessment, when: datetime) -> None:
    Assessment.objects.filter(pk=lead.pk).update(submitted_at=when)


def names_in_order(page: str, names: list[str]) -> list[str]:
    return sorted((name for name in names if name in page), key=page.index)


def test_a_later_page_holds_the_next_visible_leads_newest_first(
    client, django_assert_max_num_queries
):
    alice, bob = consultant(), consultant()
    now = timezone.now()
    names = [f"Applicant {index:02d}" for index in range(60)]
    for index, name in enumerate(names):  # every tenth lead is Bob's: not Alice's to see
        lead = LeadFactory(name=name, scored=False, assigned_to=bob if index % 10 == 9 else None)
        submitted(lead, now - timedelta(hours=index))
    visible = [name for index, name in enumerate(names) if index % 10 != 9]
    client.force_login(alice)
    with django_assert_max_num_queries(12) as first:
        page = client.get(LIST).content.decode()
    assert names_in_order(page, names) == visible[:50]
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(LIST, {"p": "2"}).content.decode()
    assert names_in_order(page, names) == visible[50:]


def test_the_program_filter_lists_a_lead_once_and_counts_like_djangos(client):
    client.force_login(manager())
    programs = Program.objects.in_bulk(
        ["express-entry-fsw", "express-entry-cec"], field_name="slug"
    )
    fsw, cec = programs["express-entry-fsw"], programs["express-entry-cec"]
    LeadFactory(name="Both Programs", scored=False).eligible_programs.set([fsw, cec])
    LeadFactory(name="Only Cec", scored=False).eligible_programs.set([cec])
    LeadFactory(name="No Program", scored=False)

    def rows(params: dict) -> list[int]:
        page = client.get(LIST, params).content.decode()
        return [page.count(f">{name}</a>") for name in ("Both Programs", "Only Cec", "No Program")]

    with CaptureQueriesContext(connection) as queries:
        assert rows({"eligible_programs__id__exact": cec.pk}) == [1, 1, 0]
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert 'DISTINCT "assessments_assessment"' not in sql  # no join that repeats a lead
    assert rows({"eligible_programs__isnull": "True"}) == [0, 0, 1]
    assert rows({"eligible_programs__id__exact": "nonsense"}) == [0, 0, 0]
    filters = client.get(LIST, {"_facets": "True"}).content.decode()
    assert f"{fsw.name_en} (1)" in filters and f"{cec.name_en} (2)" in filters
    assert '_facets=True&amp;eligible_programs__isnull=True">- (1)' in filters


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"submitted_at__year": "2026"},
        {"submitted_at__year": "2026", "submitted_at__month": "3"},
        {"submitted_at__year": "2026", "submitted_at__month": "3", "submitted_at__day": "2"},
        {"q": "March Lead"},  # one lead: Django opens its year and month
        {"q": "2025 Lead"},
    ],
)
def test_the_date_hierarchy_shows_what_djangos_shows_without_listing_every_year(client, params):
    client.force_login(manager())
    zone = timezone.get_current_timezone()
    for name, day in (
        ("2025 Lead", datetime(2025, 11, 30, 23, 30, tzinfo=zone)),
        ("March Lead", datetime(2026, 3, 2, 0, 15, tzinfo=zone)),
        ("Another March Lead", datetime(2026, 3, 14, 12, tzinfo=zone)),
    ):
        submitted(LeadFactory(name=name, scored=False), day)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params)
    assert "DATE_TRUNC('year'" not in " ".join(q["sql"] for q in queries.captured_queries)
    changelist = response.context_data["cl"]
    assert changelist.date_hierarchy_links() == date_hierarchy(changelist)
    assert changelist.date_hierarchy_links()["choices"]


# --- roles ---


def test_a_consultant_cannot_reach_another_consultants_lead_by_any_url(client):
    alice, bob = consultant(), consultant()
    theirs = LeadFactory(name="Bob Lead", email="bob.lead@example.org", assigned_to=bob)
    theirs.name = "Bob Lead renamed"
    theirs.save()  # a second history version
    version = theirs.history.order_by("history_id").first().history_id
    free = LeadFactory(name="Free Lead")
    client.force_login(alice)

    for params in ({}, {"q": "Bob Lead"}, {"assigned_to__id__exact": bob.pk}, {"assigned": "me"}):
        page = client.get(LIST, params).content.decode()
        assert "bob.lead@example.org" not in page
    assert "Free Lead" in client.get(LIST).content.decode()

    base = change_url(theirs)
    history = reverse("admin:assessments_assessment_history", args=[theirs.pk])
    for url in (
        base,
        history,
        f"{history}{version}/",
        reverse("admin:assessments_assessment_delete", args=[theirs.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url
    response = client.post(
        base, {"name": "Taken", "email": "x@example.org", "move_to": "contacted"}
    )
    assert response.status_code == 404

    post_action(client, "assign_to_me", [theirs])
    post_action(client, "change_status", [theirs], apply="1", to_status="contacted")
    response = post_action(client, "export_csv", [theirs, free], select_across="1")
    assert response.get("Content-Type", "") != "text/csv"
    assert b"bob.lead@example.org" not in b"".join(
        response.streaming_content if response.streaming else [response.content]
    )
    theirs.refresh_from_db()
    assert (theirs.assigned_to, theirs.lead_status, theirs.name) == (bob, "new", "Bob Lead renamed")


def test_a_consultant_has_no_export_erase_rules_or_overview(client):
    alice = consultant()
    client.force_login(alice)
    lead = LeadFactory()
    page = client.get(LIST).content.decode()
    for action in ("assign_to_me", "change_status", "resend_result"):
        assert f'value="{action}"' in page
    for action in ("export_csv", "erase", "assign_to", "rescore", "delete_selected"):
        assert f'value="{action}"' not in page
    post_action(client, "erase", [lead], apply="1", reason="test", confirm="on")
    lead.refresh_from_db()
    assert lead.erased_at is None and lead.name
    assert client.get(OVERVIEW).status_code == 403
    assert client.get(OVERVIEW, {"format": "csv"}).status_code == 403
    for name in (
        "programs_program_changelist",
        "assessments_routingrule_add",
        "assessments_outboxmessage_changelist",
        "assessments_sitesettings_changelist",
    ):
        try:
            url = reverse(f"admin:{name}")
        except NoReverseMatch:  # a model another change has not registered yet
            continue
        assert client.get(url).status_code == 403, name
    assert "Overview" not in client.get(reverse("admin:index")).content.decode()


def test_a_consultant_cannot_assign_to_a_colleague_even_by_posting_the_action(client):
    alice, bob = consultant(), consultant()
    lead = LeadFactory()
    client.force_login(alice)
    post_action(client, "assign_to", [lead], apply="1", assignee=bob.pk)
    lead.refresh_from_db()
    assert lead.assigned_to is None


def test_groups_hold_the_roles_permissions():
    consultant()  # makes sure the groups are there after another test's flush
    consultant_perms = set(
        Group.objects.get(name="Consultant").permissions.values_list("codename", flat=True)
    )
    manager_perms = set(
        Group.objects.get(name="Manager").permissions.values_list("codename", flat=True)
    )
    assert {"view_assessment", "change_assessment", "add_leadnote"} <= consultant_perms
    assert not consultant_perms & {
        "export_leads",
        "erase_leads",
        "view_all_leads",
        "change_program",
    }
    assert {
        "export_leads",
        "erase_leads",
        "view_all_leads",
        "view_lead_overview",
        "change_program",
        "change_criterion",
        "change_routingrule",
        "change_sitesettings",
        "view_rescorerun",
        "view_outboxmessage",
        "change_periodictask",
    } <= manager_perms


# --- the workflow from the admin ---


def test_change_status_action_asks_then_moves_only_what_is_allowed(client):
    boss = manager()
    client.force_login(boss)
    new, booked = LeadFactory(), LeadFactory(lead_status=Status.BOOKED)
    response = post_action(client, "change_status", [new, booked])
    assert response.status_code == 200
    assert 'name="to_status"' in response.content.decode()
    response = post_action(client, "change_status", [new, booked], apply="1", to_status="contacted")
    assert response.status_code == 302
    new.refresh_from_db()
    booked.refresh_from_db()
    assert new.lead_status == "contacted"
    assert booked.lead_status == "contacted"  # booked -> contacted: consultation cancelled
    post_action(client, "change_status", [new], apply="1", to_status="retained")
    new.refresh_from_db()
    assert new.lead_status == "contacted"  # contacted -> retained skips the consultation
    assert LeadStatusChange.objects.filter(changed_by=boss).count() == 2


def test_a_leads_page_moves_the_status_takes_the_lead_and_adds_a_note_by_its_author(client):
    alice = consultant()
    client.force_login(alice)
    lead = LeadFactory()
    page = client.get(change_url(lead)).content.decode()
    assert 'name="move_to"' in page and 'name="assign_to_me"' in page
    data = {
        "name": lead.name,
        "email": lead.email,
        "phone": "+1 438 555 0199",
        "move_to": "contacted",
        "assign_to_me": "on",
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "0",
        "notes-0-text": "Called: books next week.",
        **{
            f"{prefix}-{key}": "0"
            for prefix in ("status_changes", "outbox_messages")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    response = client.post(change_url(lead), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    lead.refresh_from_db()
    assert (lead.lead_status, lead.assigned_to, lead.phone) == (
        "contacted",
        alice,
        "+1 438 555 0199",
    )
    note = lead.notes.get()
    assert (note.author, note.text) == (alice, "Called: books next week.")
    assert lead.status_changes.get().changed_by == alice


def test_manager_actions_assign_resend_rescore_and_erase(client):
    boss, alice = manager(), consultant()
    client.force_login(boss)
    lead = LeadFactory()
    post_action(client, "assign_to", [lead], apply="1", assignee=alice.pk)
    lead.refresh_from_db()
    assert lead.assigned_to == alice

    post_action(client, "resend_result", [lead])
    assert lead.outbox_messages.filter(kind=OutboxMessage.Kind.APPLICANT_RESULT).exists()

    post_action(client, "rescore", [lead], apply="1", reason="rules changed")
    run = RescoreRun.objects.get()
    assert (run.assessment_ids, run.reason, run.created_by) == ([lead.pk], "rules changed", boss)

    response = post_action(client, "erase", [lead], apply="1", reason="asked by email")
    assert response.status_code == 200  # the confirmation box was not ticked: asks again
    post_action(client, "erase", [lead], apply="1", reason="asked by email", confirm="on")
    lead.refresh_from_db()
    assert lead.erased_at is not None
    assert (lead.name, lead.email, lead.phone) == ("", "", "")
    assert lead.crs_total is not None
    assert f"(erased #{lead.pk})" in client.get(LIST).content.decode()


# --- export ---


def test_the_csv_export_streams_every_selected_lead_spreadsheet_safe(client):
    boss = manager()
    client.force_login(boss)
    evil = LeadFactory(name='=HYPERLINK("http://evil.example","x")', phone="+1 555 0100")
    plain = LeadFactory(name="Chloé Tremblay")
    response = post_action(client, "export_csv", [evil], select_across="1")
    assert response.streaming
    assert response["Content-Type"] == "text/csv"
    chunks = list(response.streaming_content)
    assert len(chunks) == 2  # the header, then the rows in one chunk (not one chunk a row)
    body = b"".join(chunks).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    by_id = {int(row["id"]): row for row in rows}
    assert set(by_id) == {evil.pk, plain.pk}  # select_across: the whole list
    assert by_id[evil.pk]["name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert by_id[evil.pk]["phone"] == "'+1 555 0100"
    assert by_id[plain.pk]["name"] == "Chloé Tremblay"
    assert by_id[plain.pk]["crs"] == str(plain.crs_total)


# --- the command ---


def test_createconsultant_makes_staff_in_their_group():
    role_groups()
    out = StringIO()
    call_command("createconsultant", "carla", "carla@example.org", stdout=out)
    call_command(
        "createconsultant", "maya", "maya@example.org", "--manager", "--password", "Long-enough-42"
    )
    users = get_user_model().objects
    carla, maya = users.get(username="carla"), users.get(username="maya")
    assert carla.is_staff and not carla.is_superuser
    assert list(carla.groups.values_list("name", flat=True)) == ["Consultant"]
    assert list(maya.groups.values_list("name", flat=True)) == ["Manager"]
    assert maya.check_password("Long-enough-42")
    password = out.getvalue().split("Password: ")[1].strip()
    assert carla.check_password(password)
    with pytest.raises(CommandError):
        call_command("createconsultant", "carla", "other@example.org")
    with pytest.raises(CommandError):
        call_command("createconsultant", "weak", "weak@example.org", "--password", "123")


def test_search_has_trigram_indexes_on_postgresql(postgres_required):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'assessments_assessment'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"assessment_name_trgm", "assessment_email_trgm", "assessment_phone_trgm"} <= names
    assert {"assessment_language_recent", "assessment_overview", "assessment_list"} <= names
