"""Occupations: loading the NOC data, code lookups, search, the engine's NOC index and the admin."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from occupations.models import Noc2016UnitGroup, NocCrosswalk, Occupation
from occupations.selectors import resolve_noc, search_occupations
from occupations.services import CROSSWALK_FILE, FEATURED_FILE, NOC2021_FILE, load_occupations
from programs.selectors import noc_index
from tests.rulesets import noc_index as csv_noc_index

pytestmark = pytest.mark.django_db


def _csv_rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def empty() -> None:
    """No NOC rows, whatever the session set-up loaded (the test's transaction restores them)."""
    for model in (NocCrosswalk, Occupation, Noc2016UnitGroup):
        model.objects.all().delete()
        model.history.all().delete()


@pytest.fixture
def loaded(empty) -> dict[str, int]:
    return load_occupations()


def _codes(occupations) -> list[str]:
    return [o.code for o in occupations]


# Loading


def test_load_creates_every_row(loaded):
    crosswalk_pairs = {(r["noc2016"], r["noc2021"]) for r in _csv_rows(CROSSWALK_FILE)}
    assert len(crosswalk_pairs) == 597
    assert loaded == {"occupations": 516, "noc2016_unit_groups": 500, "crosswalk": 597}
    assert Occupation.objects.count() == 516
    assert Noc2016UnitGroup.objects.count() == 500
    assert NocCrosswalk.objects.count() == 597
    assert set(NocCrosswalk.objects.values_list("noc2016__code", "occupation__code")) == (
        crosswalk_pairs
    )


def test_load_keeps_titles_teer_and_status(loaded):
    for row in _csv_rows(NOC2021_FILE):
        if row["noc2021"] in {"00010", "21231", "75110"}:
            occupation = Occupation.objects.get(code=row["noc2021"])
            assert occupation.title_en == row["title_en"]
            assert occupation.title_fr == row["title_fr"]
            assert occupation.teer == int(row["teer"])
            assert occupation.major_group_title == row["major_group_title"]
    assert Noc2016UnitGroup.objects.get(code="2174").title_en == (
        "Computer programmers and interactive media developers"
    )
    row = NocCrosswalk.objects.get(noc2016__code="2171", occupation__code="21220")
    assert row.status == "RECONSTRUCTED-RESOLVED"
    assert row.note


def test_load_writes_history(loaded):
    assert Occupation.history.count() == 516
    assert NocCrosswalk.history.count() == 597


def test_load_fills_featured_occupations(loaded):
    featured = Occupation.objects.filter(featured=True)
    assert _codes(featured) == [
        "21220",
        "21221",
        "21222",
        "21223",
        "21230",
        "21231",
        "21232",
        "21234",
        "21311",
    ]
    software = featured.get(code="21231")
    assert software.average_hourly_wage == Decimal("48")
    assert "software architect" in software.example_titles
    assert software.description_en
    assert software.description_fr
    assert Occupation.objects.get(code="00010").example_titles == []


def test_loading_twice_creates_and_writes_nothing(loaded):
    counts = (
        Occupation.objects.count(),
        Noc2016UnitGroup.objects.count(),
        NocCrosswalk.objects.count(),
        Occupation.history.count(),
    )
    with CaptureQueriesContext(connection) as queries:
        again = load_occupations()
    assert again == {"occupations": 0, "noc2016_unit_groups": 0, "crosswalk": 0}
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert len(queries) <= 10
    assert counts == (
        Occupation.objects.count(),
        Noc2016UnitGroup.objects.count(),
        NocCrosswalk.objects.count(),
        Occupation.history.count(),
    )


def test_staff_edits_survive_a_reload(loaded):
    occupation = Occupation.objects.get(code="21231")
    occupation.title_en = "Software engineers (edited)"
    occupation.description_en = "Staff wrote this."
    occupation.save()
    row = NocCrosswalk.objects.get(noc2016__code="2174", occupation__code="21234")
    row.status = "VERIFIED"
    row.save()
    NocCrosswalk.objects.filter(noc2016__code="2173", occupation__code="21211").delete()

    created = load_occupations()

    occupation.refresh_from_db()
    assert occupation.title_en == "Software engineers (edited)"
    assert occupation.description_en == "Staff wrote this."
    row.refresh_from_db()
    assert row.status == "VERIFIED"
    # A missing row is created again: the loader creates what is missing and nothing else.
    assert created == {"occupations": 0, "noc2016_unit_groups": 0, "crosswalk": 1}


def test_featured_data_only_fills_empty_fields(empty):
    Occupation.objects.create(code="21231", title_en="Software engineers and designers")
    Occupation.objects.create(
        code="21232", title_en="Software developers and programmers", description_en="Ours."
    )
    Occupation.objects.create(
        code="21223",
        title_en="Database analysts and data administrators",
        average_hourly_wage=Decimal("40.50"),
        example_titles=["DBA"],
        description_en="Ours.",
        description_fr="Les nôtres.",
    )

    assert load_occupations()["occupations"] == 513

    filled = Occupation.objects.get(code="21231")
    assert filled.featured
    assert filled.average_hourly_wage == Decimal("48")
    partly = Occupation.objects.get(code="21232")
    assert partly.description_en == "Ours."
    assert partly.description_fr
    assert partly.average_hourly_wage == Decimal("38")
    untouched = Occupation.objects.get(code="21223")
    assert not untouched.featured
    assert untouched.average_hourly_wage == Decimal("40.50")
    assert untouched.example_titles == ["DBA"]


# The model


@pytest.mark.parametrize(
    ("code", "teer", "broad", "major"),
    [("21231", 1, "2", "21"), ("00012", 0, "0", "00"), ("75110", 5, "7", "75")],
)
def test_teer_and_groups_come_from_the_code(empty, code, teer, broad, major):
    occupation = Occupation.objects.create(code=code, title_en="Some occupation")
    occupation.refresh_from_db()
    assert occupation.teer == teer
    assert occupation.broad_category == broad
    assert occupation.major_group == major
    assert occupation.is_skilled is (teer <= 3)


def test_full_clean_derives_the_teer():
    occupation = Occupation(code="43190", title_en="A new teaching occupation")
    occupation.full_clean()
    assert occupation.teer == 3
    assert occupation.get_broad_category_display().startswith("Occupations in education")


@pytest.mark.parametrize("code", ["2123", "abcde", "212311", "2123a", ""])
def test_occupation_code_must_be_five_digits(code):
    with pytest.raises(ValidationError) as error:
        Occupation(code=code, title_en="Anything").full_clean()
    assert "code" in error.value.message_dict


@pytest.mark.parametrize("code", ["217", "21745", "abcd"])
def test_noc2016_code_must_be_four_digits(code):
    with pytest.raises(ValidationError) as error:
        Noc2016UnitGroup(code=code, title_en="Anything").full_clean()
    assert "code" in error.value.message_dict


def test_str(loaded):
    assert str(Occupation.objects.get(code="21231")) == "21231 Software engineers and designers"
    assert str(Noc2016UnitGroup.objects.get(code="2174")).startswith("2174 Computer programmers")
    row = NocCrosswalk.objects.get(noc2016__code="2174", occupation__code="21232")
    assert str(row) == "2174 -> 21232"


# Selectors


def test_resolve_2016_code_through_the_crosswalk(loaded):
    codes = _codes(resolve_noc("2174"))
    assert {"21230", "21232"} <= set(codes)
    assert codes == ["21230", "21232", "21234"]
    assert _codes(resolve_noc(" 21 74 ")) == codes


def test_resolve_2021_code(loaded):
    assert _codes(resolve_noc("21231")) == ["21231"]
    assert _codes(resolve_noc("21231 ")) == ["21231"]


@pytest.mark.parametrize("code", ["99999", "9999", "", "abcd", "123", "212311", "2123a"])
def test_resolve_unknown_code(loaded, code):
    assert resolve_noc(code) == []


def test_search_by_english_title(loaded):
    # 21311 is "Computer engineers (except software engineers and designers)".
    assert _codes(search_occupations("software engineers")) == ["21231", "21311"]
    assert _codes(search_occupations("Legislators")) == ["00010"]
    assert "21232" in _codes(search_occupations("Software"))


def test_search_by_french_title_ignores_accents_and_case(loaded):
    accented = _codes(search_occupations("développeurs logiciels"))
    assert accented == ["21232"]
    assert _codes(search_occupations("DEVELOPPEURS logiciels")) == accented
    assert "21234" in _codes(search_occupations("developpeur"))
    assert "21220" in _codes(search_occupations("cybersécurité"))


def test_search_by_example_title(loaded):
    assert "21232" in _codes(search_occupations("computer game developer"))


@pytest.mark.parametrize(
    ("title", "code"),
    [  # the NOC 2021 unit group whose official profile lists the title (issue 14)
        ("systems security analyst", "21220"),
        ("information systems business analyst", "21221"),
        ("web programmer", "21234"),
        ("programmer analyst", "21230"),
        ("systems programmer", "21230"),
    ],
)
def test_each_moved_featured_title_finds_its_code_first(loaded, title, code):
    assert _codes(search_occupations(title))[0] == code


def test_a_reload_moves_a_title_an_older_file_put_under_the_wrong_code(loaded):
    analyst = Occupation.objects.get(code="21222")
    analyst.example_titles = [*analyst.example_titles, "systems security analyst"]
    analyst.save()
    load_occupations()
    analyst.refresh_from_db()
    assert "systems security analyst" not in analyst.example_titles
    assert _codes(search_occupations("systems security analyst")) == ["21220"]


def test_every_featured_title_finds_its_own_code_first(loaded):
    for row in json.loads(FEATURED_FILE.read_text(encoding="utf-8")):
        for title in row["example_titles"]:
            assert _codes(search_occupations(title))[0] == row["noc2021"], title


def test_search_by_code_prefix_in_either_version(loaded):
    assert _codes(search_occupations("21231")) == ["21231"]
    assert _codes(search_occupations("2174")) == ["21230", "21232", "21234"]
    by_prefix = _codes(search_occupations("2123"))
    assert {"21230", "21231", "21232", "21233", "21234"} <= set(by_prefix)
    assert by_prefix == sorted(by_prefix)


def test_search_limit_and_empty_query(loaded):
    assert len(search_occupations("2", limit=5)) == 5
    assert _codes(search_occupations("2", limit=3)) == ["20010", "20011", "20012"]
    assert search_occupations("") == []
    assert search_occupations("   ") == []
    assert search_occupations("zzzz-no-such-title") == []


def test_noc_index_agrees_with_the_csv_files(loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        index = noc_index()
    expected = csv_noc_index()
    assert index.teer == expected.teer
    assert {k: sorted(v) for k, v in index.crosswalk.items()} == {
        k: sorted(v) for k, v in expected.crosswalk.items()
    }
    assert index.codes_2021("2174") == ("21230", "21232", "21234")
    assert index.teer_of("21231") == 1


# Admin


@pytest.fixture
def admin_client(admin_client, settings, tmp_path):
    # WhiteNoise warns about a missing STATIC_ROOT (tests never run collectstatic), and
    # warnings are errors here: point it at an empty directory that exists.
    settings.STATIC_ROOT = tmp_path
    return admin_client


@pytest.mark.parametrize(
    ("model", "query"),
    [
        ("occupation", ""),
        ("occupation", "?q=2174"),
        ("occupation", "?q=d%C3%A9veloppeur"),
        ("occupation", "?q=developpeur"),
        ("occupation", "?teer__exact=1&featured__exact=1&broad_category__exact=2"),
        ("noc2016unitgroup", ""),
        ("noc2016unitgroup", "?q=2174"),
        ("noc2016unitgroup", "?q=programmers"),
        ("noccrosswalk", ""),
        ("noccrosswalk", "?q=2174"),
        ("noccrosswalk", "?status__exact=UNCONFIRMED-AMBIGUOUS"),
    ],
)
def test_admin_changelists(loaded, admin_client, model, query):
    response = admin_client.get(reverse(f"admin:occupations_{model}_changelist") + query)
    assert response.status_code == 200


def test_admin_changelist_search_finds_rows(loaded, admin_client):
    url = reverse("admin:occupations_occupation_changelist")
    by_2016_code = admin_client.get(url + "?q=2174")
    assert by_2016_code.context["cl"].result_count == 3
    by_french = admin_client.get(url, {"q": "développeurs logiciels"})
    assert [o.code for o in by_french.context["cl"].result_list] == ["21232"]
    by_ascii = admin_client.get(url, {"q": "developpeurs logiciels"})
    assert [o.code for o in by_ascii.context["cl"].result_list] == ["21232"]


@pytest.mark.parametrize("model", ["occupation", "noc2016unitgroup", "noccrosswalk"])
def test_admin_add_pages(loaded, admin_client, model):
    assert admin_client.get(reverse(f"admin:occupations_{model}_add")).status_code == 200


def test_admin_change_and_history_pages(loaded, admin_client):
    pages = [
        ("occupation", Occupation.objects.get(code="21232").pk),
        ("noc2016unitgroup", Noc2016UnitGroup.objects.get(code="2174").pk),
        (
            "noccrosswalk",
            NocCrosswalk.objects.get(noc2016__code="2174", occupation__code="21232").pk,
        ),
    ]
    for model, pk in pages:
        for view in ("change", "history"):
            response = admin_client.get(reverse(f"admin:occupations_{model}_{view}", args=[pk]))
            assert response.status_code == 200, (model, view)


def test_admin_edit_keeps_derived_fields(loaded, admin_client):
    occupation = Occupation.objects.get(code="21232")
    url = reverse("admin:occupations_occupation_change", args=[occupation.pk])
    crosswalk = occupation.crosswalk_2016.order_by("pk")
    inline = {f"crosswalk_2016-{i}-id": row.pk for i, row in enumerate(crosswalk)}
    inline |= {f"crosswalk_2016-{i}-occupation": occupation.pk for i in range(len(crosswalk))}
    response = admin_client.post(
        url,
        {
            **inline,
            "code": "21232",
            "title_en": "Software developers",
            "title_fr": occupation.title_fr,
            "major_group_title": occupation.major_group_title,
            "featured": "on",
            "average_hourly_wage": "39.50",
            "example_titles": '["programmer"]',
            "description_en": "Edited.",
            "description_fr": "Modifié.",
            "crosswalk_2016-TOTAL_FORMS": len(crosswalk),
            "crosswalk_2016-INITIAL_FORMS": len(crosswalk),
            "crosswalk_2016-MIN_NUM_FORMS": "0",
            "crosswalk_2016-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.context and response.context.get("errors")
    occupation.refresh_from_db()
    assert occupation.title_en == "Software developers"
    assert occupation.teer == 1
    assert occupation.average_hourly_wage == Decimal("39.50")
    assert occupation.history.count() == 2


def test_load_occupations_command(empty):
    out = StringIO()
    call_command("load_occupations", stdout=out)
    assert "occupations: 516 created" in out.getvalue()
    assert "crosswalk: 597 created" in out.getvalue()
    out = StringIO()
    call_command("load_occupations", stdout=out)
    assert "occupations: 0 created" in out.getvalue()
