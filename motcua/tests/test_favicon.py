import pytest

pytestmark = pytest.mark.django_db


def test_pages_have_an_icon_and_favicon_ico_finds_it(client):
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
