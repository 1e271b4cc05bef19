"""The leads list: filters that work, and a query count that does not grow with the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import Consent, Contact, assessment_score, assessment_submit
from tests.profiles import born_aged, clb, job, profile

pytestmark = pytest.mark.django_db
LIST = reverse("admin:assessments_assessment_changelist")


def make_leads(count: int) -> list[Assessment]:
    leads = []
    for index in range(count):
        data = profile(
            date_of_birth=born_aged(25 + index % 20),
            education={"level": "masters", "has_eca": True},
            languages={"first": clb(7 + index % 4)},
            work_experience=[job("21231", 1 + index % 4, country="IN")],
            settlement_funds_cad=30000,
            family_size=1,
            intended_province="ON",
        )
        lead = assessment_submit(
            profile=data,
            contact=Contact(name=f"Applicant {index}", email=f"a{index}@example.org"),
            consent=Consent("privacy-2026-01"),
        )
        leads.append(assessment_score(assessment_id=lead.pk))
    return leads


def test_the_list_uses_the_same_queries_for_3_or_30_leads(
    admin_client, django_assert_max_num_queries
):
    make_leads(3)
    admin_client.get(LIST)  # warm the session and content types
    with django_assert_max_num_queries(10) as few:
        assert admin_client.get(LIST).status_code == 200
    make_leads(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(LIST)
    assert response.status_code == 200
    assert response.content.decode().count("Applicant ") >= 30


@pytest.mark.parametrize("crs", ["350-449", "450-499", "nonsense", "1-"])
def test_crs_filter_never_fails(admin_client, crs):
    make_leads(4)
    response = admin_client.get(LIST, {"crs": crs})
    assert response.status_code == 200


def test_crs_and_program_filters_select_the_right_leads(admin_client):
    leads = make_leads(8)
    low, high = 450, 499
    expected = {lead.name for lead in leads if low <= lead.crs_total <= high}
    page = admin_client.get(LIST, {"crs": f"{low}-{high}"}).content.decode()
    assert all(name in page for name in expected)
    assert all(lead.name not in page for lead in leads if lead.name not in expected)
    fsw = [
        lead for lead in leads if lead.eligible_programs.filter(slug="express-entry-fsw").exists()
    ]
    assert fsw
    program_id = fsw[0].eligible_programs.get(slug="express-entry-fsw").pk
    page = admin_client.get(LIST, {"eligible_programs__id__exact": program_id}).content.decode()
    assert all(lead.name in page for lead in fsw)


def test_the_detail_page_opens(admin_client):
    (lead,) = make_leads(1)
    url = reverse("admin:assessments_assessment_change", args=[lead.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert lead.email in response.content.decode()
