"""A person meets MotCua's own pages in Vietnamese for a missing page, a refused one and a
failure, in development (DEBUG on) as in production."""

from unittest import mock

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [True, False])
def test_friendly_pages_in_development_and_production(client, settings, citizen, debug):
    settings.DEBUG = debug
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404 and "Không tìm thấy trang" in missing.content.decode()
    unknown = client.get("/thu-tuc/9.999999/")
    assert unknown.status_code == 404 and "Không tìm thấy trang" in unknown.content.decode()
    client.force_login(citizen)
    refused = client.get("/can-bo/")
    assert refused.status_code == 403 and "Không được truy cập" in refused.content.decode()
    client.raise_request_exception = False
    with mock.patch("catalog.views.procedures_with_parts", side_effect=RuntimeError("hỏng")):
        failed = client.get("/thu-tuc/1.004884/")
    assert failed.status_code == 500 and "Traceback" not in failed.content.decode()
    assert "<html" in failed.content.decode()


def test_the_api_still_answers_json(client, settings):
    settings.DEBUG = True
    body = client.get("/api/v1/khong-co").json()
    assert body["error"] == "not_found"
