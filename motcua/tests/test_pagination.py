"""API pages (motcua.api.Pagination): a page of model rows is read as its keys first, then
those rows with their joins, and lists exactly what one ordered query would."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from dossiers.models import Dossier
from motcua import test as cast
from motcua.api import Pagination
from units.models import Agency

pytestmark = pytest.mark.django_db

APPLICANT = {"applicant_name": "Lê Thị Thu Trang", "applicant_id_number": "031190007788",
             "applicant_phone": "0904 112 233", "applicant_address": "8 Lạch Tray, Ngô Quyền"}


@pytest.fixture
def officer_client(client, counter_officer):
    client.force_login(counter_officer)
    for _ in range(7):
        response = client.post("/api/v1/dossiers", {
            "procedure": "1.001193", "form_data": cast.BIRTH_DECLARATION, **APPLICANT},
            content_type="application/json")
        assert response.status_code == 201, response.content
    return client


def test_the_pages_list_the_history_in_order_without_a_gap_or_a_repeat(officer_client):
    seen, path = [], "/api/v1/dossiers?page_size=3"
    while path:
        body = officer_client.get(path).json()
        assert body["count"] == 7
        seen += [row["code"] for row in body["results"]]
        assert all(row["procedure_name"] == "Đăng ký khai sinh" for row in body["results"])
        path = body["next"]
    expected = list(Dossier.objects.order_by("-submitted_at", "-id").values_list("code", flat=True))
    assert seen == expected and len(seen) == 7


def test_the_page_is_chosen_on_the_dossier_table_alone_and_joined_after(officer_client):
    with CaptureQueriesContext(connection) as queries:
        body = officer_client.get("/api/v1/dossiers?page_size=3&page=2").json()
    assert len(body["results"]) == 3
    dossier_reads = [q["sql"] for q in queries.captured_queries
                     if 'FROM "dossiers_dossier"' in q["sql"] and "COUNT(" not in q["sql"]]
    chooses = [sql for sql in dossier_reads if "LIMIT" in sql and "OFFSET" in sql]
    assert len(chooses) == 1 and " JOIN " not in chooses[0]
    # The rows of the page, read with their procedure and units joined, and only them.
    joined = [sql for sql in dossier_reads if " JOIN " in sql]
    assert len(joined) == 1 and " IN (" in joined[0] and "OFFSET" not in joined[0]


def _request(query):
    return Request(APIRequestFactory().get("/", query))


def test_a_page_of_values_or_of_a_list_is_paged_as_it_is():
    paginator = Pagination()
    rows = paginator.paginate_queryset(
        Agency.objects.order_by("code").values("code"), _request({"page_size": 2}))
    assert rows == list(Agency.objects.order_by("code").values("code")[:2])
    assert Pagination().paginate_queryset(list(range(60)), _request({"page": 2})) == \
        list(range(50, 60))


def test_a_page_past_the_end_is_still_refused():
    from rest_framework.exceptions import NotFound
    with pytest.raises(NotFound):
        Pagination().paginate_queryset(Agency.objects.order_by("code"), _request({"page": 999}))
