"""Rating the service once the result is returned: by the one-time link sent then, from "Hồ
sơ của tôi", or at the counter's kiosk; one rating per dossier, refusals named."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from dossiers.tests.test_intake import SELF_APPLICANT
from feedback.models import Rating, RatingLink
from integrations.models import Notification
from motcua import test as cast
from units.models import Agency, ServiceCenter

pytestmark = pytest.mark.django_db


def act(client, user, code, action, **data):
    client.force_login(user)
    response = client.post(f"/api/v1/dossiers/{code}/actions/{action}", data,
                           content_type="application/json")
    assert response.status_code == 200, response.content
    return response


def file_and_decide(client, person, counter_officer, commune_leader):
    client.force_login(person)
    code = client.post("/api/v1/dossiers", {
        "procedure": cast.KNOWN_PROCEDURE, "unit": cast.HONG_BANG,
        "form_data": cast.BIRTH_DECLARATION, **SELF_APPLICANT,
        "applicant_email": "pham.hong@example.vn"}, content_type="application/json"
    ).json()["code"]
    for user, action, data in [(counter_officer, "receive", {}), (counter_officer, "transfer", {}),
                               (commune_leader, "assign", {"assignee": "chuyenvien.hongbang"}),
                               (get_user_model().objects.get(username="chuyenvien.hongbang"),
                                "propose", {"decision": "approve"}),
                               (commune_leader, "approve", {})]:
        act(client, user, code, action, **data)
    return code


@pytest.fixture
def returned(client, person, counter_officer, specialist, commune_leader):
    """Phạm Thị Hồng's birth registration, approved and handed over at the counter."""
    code = file_and_decide(client, person, counter_officer, commune_leader)
    act(client, counter_officer, code, "return_result", method="counter")
    client.logout()
    return code


def link_token(code):
    """The token in the rating message queued when the result was returned."""
    [text] = set(Notification.objects.filter(dossier__code=code, kind="rating")
                 .values_list("text", flat=True))
    return re.search(r"/danh-gia/([\w-]+)/", text).group(1)


def rate(client, **answers):
    return client.post("/api/v1/ratings", answers, content_type="application/json")


def test_returning_the_result_sends_a_link_that_works_once(client, returned):
    notes = Notification.objects.filter(dossier__code=returned, kind="rating")
    assert {n.channel for n in notes} == {"email", "sms", "zalo"}
    assert "đánh giá" in notes[0].text and "30 ngày" in notes[0].text
    token = link_token(returned)
    # Only the token's hash is kept.
    assert not RatingLink.objects.filter(token_hash=token).exists()
    page = client.get(f"/danh-gia/{token}/")
    assert page.status_code == 200 and "Đăng ký khai sinh" in page.content.decode()

    response = rate(client, token=token, overall="satisfied", officials="dissatisfied",
                    comment="Cán bộ tiếp nhận nhanh nhưng giải thích chưa rõ.")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["dossier"] == returned and body["channel"] == "link"
    assert body["overall"] == "satisfied" and body["officials"] == "dissatisfied"
    rating = Rating.objects.get()
    assert rating.agency.code == cast.commune_agency(cast.HONG_BANG)
    assert rating.service_center.code == cast.commune_center(cast.HONG_BANG)

    # The same link again: refused, and nothing more is recorded.
    again = rate(client, token=token, overall="dissatisfied")
    assert again.status_code == 410 and again.json()["error"] == "link_used"
    page = client.get(f"/danh-gia/{token}/")
    assert page.status_code == 410 and "đã được sử dụng" in page.content.decode()
    posted = client.post(f"/danh-gia/{token}/", {"overall": "dissatisfied"})
    assert posted.status_code == 410
    assert Rating.objects.count() == 1 and Rating.objects.get().overall == "satisfied"


def test_the_rating_page_takes_the_answers_without_javascript(client, returned):
    token = link_token(returned)
    page = client.post(f"/danh-gia/{token}/", {"overall": "", "comment": "Tốt"})
    assert page.status_code == 400 and "Hãy cho biết" in page.content.decode()
    assert not Rating.objects.exists()
    page = client.post(f"/danh-gia/{token}/", {"overall": "neutral", "access": "satisfied",
                                               "result": "satisfied", "comment": "Ổn"})
    assert page.status_code == 200 and "Cảm ơn" in page.content.decode()
    rating = Rating.objects.get()
    assert (rating.overall, rating.access, rating.result, rating.procedure) == \
        ("neutral", "satisfied", "satisfied", "")


def test_bad_answers_unknown_and_expired_links_are_refused(client, returned):
    token = link_token(returned)
    for answers, field in [({}, "overall"), ({"overall": "very"}, "overall"),
                           ({"overall": "satisfied", "access": "good"}, "access"),
                           ({"overall": "satisfied", "comment": "x" * 2001}, "comment"),
                           ({"overall": "satisfied", "comment": 5}, "comment"),
                           ({"overall": ["satisfied"]}, "overall"),
                           ({"overall": "satisfied", "result": {"a": 1}}, "result")]:
        response = rate(client, token=token, **answers)
        assert response.status_code == 400, answers
        assert field in response.json()["fields"]
    assert not Rating.objects.exists()
    assert not RatingLink.objects.filter(used_at__isnull=False).exists()

    assert rate(client, token="khong-co-that", overall="satisfied").status_code == 404
    assert client.get("/danh-gia/khong-co-that/").status_code == 404
    RatingLink.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = rate(client, token=token, overall="satisfied")
    assert response.status_code == 410 and response.json()["error"] == "link_expired"
    assert not Rating.objects.exists()
    response = client.post("/api/v1/ratings", "[1, 2]", content_type="application/json")
    assert response.status_code == 400


def test_the_applicant_is_asked_to_rate_in_my_dossiers_once(client, returned, person):
    client.force_login(person)
    listing = client.get("/ho-so-cua-toi/").content.decode()
    assert "Đánh giá" in listing and f"/ho-so-cua-toi/{returned}/#danh-gia" in listing
    page = client.get(f"/ho-so-cua-toi/{returned}/").content.decode()
    assert 'id="danh-gia"' in page and 'name="overall"' in page

    response = client.post(f"/ho-so-cua-toi/{returned}/danh-gia/",
                           {"overall": "satisfied", "procedure": "neutral"})
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert rating.channel == "portal" and rating.procedure == "neutral"
    # Rated: the prompt is gone, the link is spent, a second rating is refused.
    assert f"/ho-so-cua-toi/{returned}/#danh-gia" not in client.get("/ho-so-cua-toi/") \
        .content.decode()
    assert 'name="overall"' not in client.get(f"/ho-so-cua-toi/{returned}/").content.decode()
    again = client.post(f"/api/v1/dossiers/{returned}/rating", {"overall": "dissatisfied"},
                        content_type="application/json")
    assert again.status_code == 409 and again.json()["error"] == "already_rated"
    client.logout()
    assert rate(client, token=link_token(returned), overall="neutral").status_code == 410
    assert Rating.objects.count() == 1
    client.force_login(person)
    assert client.get(f"/api/v1/dossiers/{returned}/rating").json()["overall"] == "satisfied"


def test_only_a_returned_dossier_of_one_s_own_is_rated(client, person, counter_officer,
                                                      specialist, commune_leader, citizen):
    code = file_and_decide(client, person, counter_officer, commune_leader)
    client.force_login(person)
    response = client.post(f"/api/v1/dossiers/{code}/rating", {"overall": "satisfied"},
                           content_type="application/json")
    assert response.status_code == 409 and response.json()["error"] == "not_returned"
    assert client.get(f"/api/v1/dossiers/{code}/rating").status_code == 404
    client.force_login(citizen)  # another person
    response = client.post(f"/api/v1/dossiers/{code}/rating", {"overall": "satisfied"},
                           content_type="application/json")
    assert response.status_code == 404
    client.logout()
    assert client.post(f"/api/v1/dossiers/{code}/rating", {"overall": "satisfied"},
                       content_type="application/json").status_code in (401, 403)
    assert not Rating.objects.exists()


def test_the_counter_kiosk_takes_ratings_of_visits_and_dossiers(client, returned,
                                                                counter_officer, specialist):
    client.force_login(counter_officer)
    center = ServiceCenter.objects.get(code=cast.commune_center(cast.HONG_BANG))
    response = client.post("/api/v1/kiosk/ratings", {"overall": "neutral"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["dossier"] is None
    visit = Rating.objects.get()
    assert visit.channel == "kiosk" and visit.service_center == center
    assert visit.agency == center.agency and visit.recorded_by == counter_officer

    page = client.get("/can-bo/danh-gia-tai-quay/")
    assert page.status_code == 200 and center.name in page.content.decode()
    assert client.post("/can-bo/danh-gia-tai-quay/", {
        "dossier": "KHONG-CO", "overall": "satisfied"}).status_code == 400
    response = client.post("/can-bo/danh-gia-tai-quay/", {
        "dossier": returned, "overall": "dissatisfied", "officials": "dissatisfied",
        "comment": "Phải chờ lâu"})
    assert response.status_code == 302
    rating = Rating.objects.get(dossier__code=returned)
    assert rating.channel == "kiosk" and rating.officials == "dissatisfied"
    # The dossier is rated now: the link sent to the person no longer works.
    client.logout()
    assert rate(client, token=link_token(returned), overall="satisfied").status_code == 410

    client.force_login(specialist)  # not a counter account
    response = client.post("/api/v1/kiosk/ratings", {"overall": "satisfied"},
                           content_type="application/json")
    assert response.status_code == 403
    assert Rating.objects.count() == 2
    assert Agency.objects.get(pk=rating.agency_id).code == cast.commune_agency(cast.HONG_BANG)


def test_the_kiosk_runs_in_kiosk_mode_until_an_officer_leaves_it(client, counter_officer):
    client.force_login(counter_officer)
    page = client.get("/can-bo/danh-gia-tai-quay/").content.decode()
    assert 'class="container site-header"' not in page  # no menu at all
    for elsewhere in ("/can-bo/", "/can-bo/tiep-nhan/", "/thu-tuc/", "/admin/"):
        response = client.get(elsewhere)
        assert response.status_code == 302 and response["Location"] == "/can-bo/danh-gia-tai-quay/"
    wrong = client.post("/can-bo/danh-gia-tai-quay/thoat/", {"password": "sai"}, follow=True)
    assert "kiosk" in wrong.redirect_chain[-1][0] or wrong.request["PATH_INFO"].endswith(
        "/danh-gia-tai-quay/")
    assert client.get("/can-bo/").status_code == 302
    right = client.post("/can-bo/danh-gia-tai-quay/thoat/", {"password": "mat-khau-thu-nghiem"})
    assert right.status_code == 302 and right["Location"] == "/can-bo/"
    assert client.get("/can-bo/").status_code == 200
