"""Whatever comes from outside gets a reason, never a 500: odd types and shapes on every
task endpoint, broken spreadsheets, and pages' query strings."""

import io

import pytest

from directives.tests.test_tasks import HONG_BANG, api, assign, later

pytestmark = pytest.mark.django_db

ODD = [None, 12345, 3.5, True, [], ["x"], {"a": 1}, "", "x" * 5000, "31/02/2026", "∞", "NaN",
       "sNaN", "1e309", "-Infinity"]


def test_odd_values_on_every_field_are_refused_with_reasons(client, supervisor, commune_leader):
    created = api(client, supervisor, "post", "/api/v1/directives", kind="plan",
                  number="9/KH-UBND", issued_on="02/01/2026", title="Kế hoạch thử nghiệm",
                  signer_name="Lê Anh Quân").json()
    for field in ("directive", "content", "lead", "supporting", "due_days", "due_on",
                  "recurrence", "until", "category", "priority", "assignee"):
        for value in ODD:
            body = {"directive": created["id"], "content": "Nội dung nhiệm vụ thử",
                    "lead": HONG_BANG, "due_on": later(20), field: value}
            response = api(client, supervisor, "post", "/api/v1/tasks", **body)
            assert response.status_code < 500, (field, value, response.content[:300])
            assert response.headers["Content-Type"].startswith("application/json")
    for value in ODD:
        response = api(client, supervisor, "post", "/api/v1/directives", kind=value,
                       number=value, issued_on=value, title=value, signer_name=value)
        assert response.status_code == 400, (value, response.content[:300])
    (task,) = assign(client, supervisor, created)
    for action in ("acknowledge", "report", "contribute", "request_extension", "split",
                   "put_in_charge", "propose_done", "cancel", "send_back"):
        for value in ODD:
            body = {k: value for k in ("percent", "text", "reason", "new_due", "result",
                                       "assignee", "content", "lead", "due_on", "note")}
            user = supervisor if action in ("cancel", "send_back") else commune_leader
            response = api(client, user, "post",
                           f"/api/v1/tasks/{task['code']}/actions/{action}", **body)
            assert response.status_code < 500, (action, value, response.content[:300])
    client.force_login(supervisor)
    for query in ("outcome=weird", "year=abc", "directive=x", "unit=" + "x" * 100, "mine=maybe"):
        assert client.get(f"/api/v1/tasks?{query}").status_code == 400, query
    for query in ("ket_qua=weird", "nam=abc", "van_ban=x", "don_vi=zzz", "page=-1",
                  "dinh_dang=pdf"):
        assert client.get(f"/can-bo/nhiem-vu/?{query}").status_code == 200, query
        assert client.get(f"/can-bo/nhiem-vu/tong-hop/?{query}").status_code == 200, query
    assert client.get("/can-bo/kpi/?thang=abcdefg").status_code == 200
    assert client.get("/can-bo/kpi/?thang=2026-99").status_code == 200


def test_broken_spreadsheets_are_refused_in_vietnamese(client, supervisor):
    created = api(client, supervisor, "post", "/api/v1/directives", kind="plan",
                  number="10/KH-UBND", issued_on="02/01/2026", title="Kế hoạch thử nghiệm",
                  signer_name="Lê Anh Quân").json()
    url = f"/can-bo/nhiem-vu/van-ban/{created['id']}/"
    for data, message in [(b"not a workbook", "không phải tệp Excel"),
                          (b"", "không phải tệp Excel")]:
        upload = io.BytesIO(data)
        upload.name = "nhiem-vu.xlsx"
        page = client.post(url, {"action": "import", "workbook": upload})
        assert page.status_code == 400 and message in page.content.decode()
    page = client.post(url, {"action": "import"})
    assert page.status_code == 400 and "Hãy chọn tệp Excel" in page.content.decode()
