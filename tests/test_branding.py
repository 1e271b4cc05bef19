"""The consultancy's brand on every public page, read from SiteSettings on each request."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.branding import brand_colours, contrast, site_settings_for
from assessments.models import SiteSettings
from assessments.wizard.results import result_token
from tests.profiles import clb, job, profile
from tests.test_outlook import scored_assessment

pytestmark = pytest.mark.django_db

BRAND = {
    "firm_name": "Northern Pathways Immigration",
    "logo_url": "https://cdn.example.com/northern-pathways.png",
    "primary_colour": "#0B6E4F",
    "contact_email": "hello@northernpathways.example",
    "contact_phone": "+1 416 555 0199",
    "booking_url": "https://book.example.com/northern-pathways",
    "privacy_contact": "privacy@northernpathways.example",
    "licence_number": "R712345",
}
PUBLIC_PAGES = [
    "/en/assessment/about/",
    "/fr/assessment/about/",
    "/en/nowhere/",  # 404
    "/en/assessment/result/abc:def/",  # result not found
    "/fr/assessment/resume/not-a-token/",  # link expired
]


@pytest.fixture
def brand() -> SiteSettings:
    return SiteSettings.objects.create(domain="", **BRAND)


def header(html: str) -> str:
    return html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def footer(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_shows_the_firm(client, brand, url):
    html = client.get(url).content.decode()
    assert "Northern Pathways Immigration" in header(html)
    assert 'src="https://cdn.example.com/northern-pathways.png"' in header(html)
    assert re.search(r"<title>[^<]* · Northern Pathways Immigration</title>", html)
    assert "--primary: #0b6e4f;" in html
    assert "R712345" in footer(html)
    assert 'href="mailto:hello@northernpathways.example"' in footer(html)
    assert 'href="tel:+14165550199"' in footer(html)
    assert "privacy@northernpathways.example" in footer(html)
    assert "Maple Assess" not in html


def test_without_a_record_the_defaults_show(client):
    html = client.get("/en/assessment/about/").content.decode()
    assert "Maple Assess" in header(html)
    assert "<img" not in header(html)
    assert "--primary: #b3261e;" in html


def test_changing_the_record_changes_the_next_page_without_a_restart(client, brand):
    assert "Northern Pathways" in client.get("/en/assessment/about/").content.decode()
    SiteSettings.objects.filter(pk=brand.pk).update(
        firm_name="Prairie Visa Advisors", primary_colour="#1d4ed8", logo_url=""
    )
    html = client.get("/en/assessment/about/").content.decode()
    assert "Prairie Visa Advisors" in header(html) and "Northern Pathways" not in html
    assert "--primary: #1d4ed8;" in html
    assert "<img" not in header(html)


def test_a_host_with_its_own_record_gets_it(client, brand):
    SiteSettings.objects.create(domain="localhost", firm_name="Localhost Legal")
    assert (
        "Localhost Legal"
        in client.get("/en/assessment/about/", HTTP_HOST="localhost").content.decode()
    )
    assert "Northern Pathways" in client.get("/en/assessment/about/").content.decode()


def test_the_record_is_read_once_per_request(client, brand):
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/assessment/about/")
    reads = [q for q in queries if "assessments_sitesettings" in q["sql"]]
    assert len(reads) == 1


def test_site_settings_for_keeps_the_record_on_the_request(rf, brand, django_assert_num_queries):
    request = rf.get("/en/assessment/about/")
    with django_assert_num_queries(1):
        first = site_settings_for(request)
        second = site_settings_for(request)
    assert first is second and first.firm_name == BRAND["firm_name"]


def test_admin_pages_do_not_read_the_record(admin_client):
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get("/admin/").status_code == 200
    assert not [q for q in queries if "assessments_sitesettings" in q["sql"]]


def test_result_page_calls_to_book_with_the_firms_link(client, brand):
    document = profile(
        languages={"first": clb(9)},
        work_experience=[job("21231", 2)],
        intended_province="ON",
    )
    assessment = scored_assessment(document)
    html = client.get(f"/en/assessment/result/{result_token(assessment)}/").content.decode()
    cta = html.split('class="card cta"', 1)[1].split("</section>", 1)[0]
    assert 'href="https://book.example.com/northern-pathways"' in cta
    assert "Book a consultation" in cta


def test_result_page_without_a_booking_link_says_an_advisor_will_write(client):
    assessment = scored_assessment(profile(intended_province="ON"))
    html = client.get(f"/en/assessment/result/{result_token(assessment)}/").content.decode()
    assert "An advisor will write to you at ada@example.org" in html


@pytest.mark.parametrize(
    "colour", ["#0b6e4f", "#ffd400", "#e0f2fe", "#000000", "#ffffff", "#808080", "#3b82f6"]
)
def test_brand_colours_stay_readable_whatever_the_firm_picks(colour):
    colours = brand_colours(colour)
    assert contrast(colours["primary_dark"], "#ffffff") >= 4.5  # links on white
    assert contrast(colours["on_primary"], colour) >= 4.5  # button labels (WCAG AA)


def test_a_colour_saved_around_the_form_never_reaches_the_page():
    assert brand_colours("red;} body{display:none")["primary"] == "#b3261e"


def test_the_csp_allows_the_brand_style_and_an_https_logo(client):
    policy = client.get("/en/assessment/about/")["Content-Security-Policy"]
    assert re.search(r"style-src [^;]*'unsafe-inline'", policy)
    assert re.search(r"img-src [^;]*https:", policy)
    assert re.search(r"script-src 'self'(;|$)", policy)


def test_site_settings_in_the_admin(admin_client, brand):
    assert admin_client.get("/admin/assessments/sitesettings/").status_code == 200
    page = admin_client.get(f"/admin/assessments/sitesettings/{brand.pk}/change/")
    assert page.status_code == 200
    assert "link colour" in page.content.decode()
    data = {**BRAND, "domain": "", "firm_name": "Renamed Firm", "retention_months": 24}
    data |= {"leads_email": "", "embed_origins": ""}
    response = admin_client.post(f"/admin/assessments/sitesettings/{brand.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    brand.refresh_from_db()
    assert brand.firm_name == "Renamed Firm"
    bad = admin_client.post(
        f"/admin/assessments/sitesettings/{brand.pk}/change/", data | {"primary_colour": "red"}
    )
    assert bad.status_code == 200 and "A colour like #b3261e." in bad.content.decode()
