"""SIPAS on designed data, with exact values: the sample sized for a margin and drawn by unit
and field, scores per criterion, factor and unit with their margins and response rate, one
answer per invitation whatever the channel, answers anonymous to staff, and a unit's SIPAS as
its survey component in the reform index."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from dossiers.actions import check_create, do_create
from dossiers.models import Dossier
from dossiers.tests.test_intake import APPLICANT
from integrations.models import Notification
from motcua import test as cast
from reform.models import Framework
from surveys import actions, sampling, scoring
from surveys.models import Factor, Invitation, Question, Questionnaire, Response, Survey
from units import identifiers
from units.models import Agency, StaffRole

pytestmark = pytest.mark.django_db

HONG_BANG = cast.commune_agency(cast.HONG_BANG)
LE_CHAN = cast.commune_agency(cast.LE_CHAN)
SNV = identifiers.department_code(cast.PROVINCE, 2)
RELATE = "1.004884"  # a commune's procedure of one field (Hộ tịch)
ALLOWANCE = "1.001776"  # and one of another field: social allowance (Bảo trợ xã hội)


@pytest.fixture
def office(db):
    return cast.make_staff("lanhdao.snv", StaffRole.Role.LEADER, SNV)


@pytest.fixture
def questionnaire():
    """Five factors, one criterion each but the third (two), an expectation, free text."""
    q = Questionnaire.objects.create(name="Phiếu khảo sát thử", satisfied_from=4)
    number = 0
    for f in range(1, 6):
        factor = Factor.objects.create(questionnaire=q, number=f, name=f"Yếu tố {f}")
        for _i in range(2 if f == 3 else 1):
            number += 1
            Question.objects.create(questionnaire=q, factor=factor, number=number,
                                    text=f"Tiêu chí {number}")
    Question.objects.create(questionnaire=q, number=7, text="Mong muốn", kind="choice",
                            options=["Rút ngắn thời gian", "Thêm chỗ ngồi"])
    Question.objects.create(questionnaire=q, number=8, text="Ý kiến khác", kind="text")
    return q


def finished(officer, procedure, day, count):
    extra = {"form_data": cast.BIRTH_DECLARATION} if procedure == cast.KNOWN_PROCEDURE else {}
    out = []
    for _i in range(count):
        d = do_create(check_create(officer, {"procedure": procedure, "receive": True,
                                             **APPLICANT, **extra}), officer)
        moment = timezone.make_aware(dt.datetime(2026, 10, day, 10),
                                     timezone.get_default_timezone())
        Dossier.objects.filter(pk=d.pk).update(status="returned", finished_at=moment)
        out.append(d.pk)
    return out


def test_the_sample_is_sized_for_the_margin_and_drawn_by_unit_and_field(client, office,
                                                                        questionnaire,
                                                                        counter_officer):
    # Cochran's size with p = 0.5 and the finite population correction, rounded up.
    assert sampling.sample_size(1000, Decimal("0.05"), 95) == 278
    assert sampling.sample_size(314_000, Decimal("0.05"), 95) == 384
    assert sampling.sample_size(3, Decimal("0.05"), 95) == 3
    assert sampling.allocate(3, {"a": 100, "b": 1, "c": 1}) == {"a": 1, "b": 1, "c": 1}
    relate = finished(counter_officer, RELATE, 10, 30)
    allowances = finished(counter_officer, ALLOWANCE, 12, 10)
    le_chan = cast.make_staff("motcua.lechan", StaffRole.Role.COUNTER_OFFICER, LE_CHAN,
                              cast.commune_center(cast.LE_CHAN))
    finished(le_chan, RELATE, 11, 5)
    finished(counter_officer, RELATE, 1, 0)
    outside = finished(counter_officer, RELATE, 25, 2)  # after the period
    client.force_login(office)
    response = client.post("/api/v1/surveys", json.dumps({
        "questionnaire": questionnaire.pk, "name": "Khảo sát quý IV/2026", "start": "01/10/2026",
        "end": "20/10/2026", "margin": "0.1", "confidence": 95}),
        content_type="application/json")
    assert response.status_code == 201, response.content
    survey = Survey.objects.get(pk=response.json()["id"])
    # Hồng Bàng: 40 finished → 96.04 / (1 + 95.04/40) = 28.45 → 29, spread 21.75 : 7.25 →
    # 22 : 7 by largest remainders. Lê Chân: 5 finished → 4.80 → all 5.
    fields = {p.field.code for p in survey.invitations.select_related("field")}
    relate_field = Dossier.objects.get(pk=relate[0]).procedure.field.code
    allowance_field = Dossier.objects.get(pk=allowances[0]).procedure.field.code
    assert fields == {relate_field, allowance_field}
    plan = survey.plan["units"]
    assert (plan[HONG_BANG]["population"], plan[HONG_BANG]["sample"]) == (40, 29)
    assert plan[HONG_BANG]["fields"] == {relate_field: [30, 22], allowance_field: [10, 7]}
    assert (plan[LE_CHAN]["population"], plan[LE_CHAN]["sample"]) == (5, 5)
    drawn = set(survey.invitations.values_list("dossier_id", flat=True))
    assert len(drawn & set(relate)) == 22 and len(drawn & set(allowances)) == 7
    assert not drawn & set(outside)
    assert survey.invitations.filter(agency__code=LE_CHAN).count() == 5
    # The same round's seed draws the same people; the sample goes out only when it opens.
    again = actions.do_create_round(actions.check_round(office, {
        "questionnaire": questionnaire.pk, "name": "Lần 2", "start": "01/10/2026",
        "end": "20/10/2026", "margin": "0.1", "confidence": "95"}), office, seed=survey.seed)
    assert set(again.invitations.values_list("dossier_id", flat=True)) == drawn
    assert not Notification.objects.filter(kind="survey").exists()
    response = client.post(f"/api/v1/surveys/{survey.pk}/open")
    assert response.status_code == 200 and response.json()["status"] == "open"
    # Each of the 34 people is reached by SMS (the applicant's phone); one job sends them.
    assert Notification.objects.filter(kind="survey", channel="sms").count() == 34
    assert survey.invitations.filter(sent_at__isnull=False).count() == 34
    assert client.post(f"/api/v1/surveys/{survey.pk}/open").status_code == 409
    for body in ({"questionnaire": questionnaire.pk, "name": "x", "start": "20/10/2026",
                  "end": "01/10/2026"},
                 {"questionnaire": questionnaire.pk, "name": "x", "start": "01/10/2026",
                  "end": "20/10/2026", "margin": "0.5"},
                 {"questionnaire": questionnaire.pk, "name": "x", "start": "01/10/2026",
                  "end": "20/10/2026", "confidence": 80},
                 {"questionnaire": "abc", "name": "", "start": "x", "end": "y"},
                 # a name longer than the column is refused, not cut short
                 {"questionnaire": questionnaire.pk, "name": "Khảo sát " * 40,
                  "start": "01/10/2026", "end": "20/10/2026"}):
        assert client.post("/api/v1/surveys", json.dumps(body),
                           content_type="application/json").status_code == 400
    client.force_login(counter_officer)
    assert client.get("/api/v1/surveys").status_code == 403


@pytest.fixture
def answered(office, questionnaire):
    """A round in Hồng Bàng over 20 finished dossiers, 5 invitations sent, answers from three
    of them and one from the kiosk:
        criterion:  1  2  3  4  5  6   (factor 3 holds criteria 3 and 4)
        person 1:   5  5  5  5  5  5
        person 2:   4  4  2  4  4  4
        person 3:   3  3  3  3  3  3
        person 4:   5  1  -  -  -  -   (at the kiosk)
    """
    agency = Agency.objects.get(code=HONG_BANG)
    survey = Survey.objects.create(
        questionnaire=questionnaire, name="Khảo sát tháng 10/2026", start=dt.date(2026, 10, 1),
        end=dt.date(2026, 10, 31), margin="0.1", confidence=95, seed=7, status="open",
        plan={"units": {HONG_BANG: {"agency_id": agency.pk, "name": agency.name,
                                    "population": 20, "sample": 5, "fields": {"HT": [20, 5]}},
                        LE_CHAN: {"agency_id": Agency.objects.get(code=LE_CHAN).pk,
                                  "name": "Lê Chân", "population": 0, "sample": 0,
                                  "fields": {}}}})
    tokens = []
    officer = cast.make_staff("motcua.hb2", StaffRole.Role.COUNTER_OFFICER, HONG_BANG,
                              cast.commune_center(cast.HONG_BANG))
    for i in range(5):
        d = do_create(check_create(officer, {"procedure": RELATE, "receive": True,
                                             **APPLICANT}), officer)
        token = f"ma-moi-{i}-" + "x" * 20
        Invitation.objects.create(survey=survey, token_hash=actions._hash(token), dossier=d,
                                  agency=agency, channel="sample",
                                  created_at=timezone.now(), sent_at=timezone.now())
        tokens.append(token)
    kiosk = do_create(check_create(officer, {"procedure": RELATE, "receive": True,
                                             **APPLICANT}), officer)
    Invitation.objects.create(survey=survey, token_hash=actions._hash("quay-1" + "y" * 20),
                              dossier=kiosk, agency=agency, channel="kiosk",
                              created_at=timezone.now())
    people = [(tokens[0], [5, 5, 5, 5, 5, 5]), (tokens[1], [4, 4, 2, 4, 4, 4]),
              (tokens[2], [3, 3, 3, 3, 3, 3]), ("quay-1" + "y" * 20, [5, 1])]
    for token, levels in people:
        data = {f"q{n}": str(level) for n, level in enumerate(levels, start=1)}
        actions.do_answer(token, actions.check_answers(questionnaire, data),
                          today=dt.date(2026, 11, 3))
    return {"survey": survey, "tokens": tokens, "agency": agency}


def test_scores_per_criterion_factor_and_unit_with_their_margins(client, office, answered):
    survey = answered["survey"]
    found = scoring.compute(survey)
    by = {c["number"]: c for c in found["criteria"]}
    # Criterion 1: 3 of 4 satisfied (levels 4–5); 2: 2 of 4; 3: 1 of 3; 4, 5, 6: 2 of 3.
    assert [(by[n]["answered"], by[n]["satisfied"], by[n]["score"]) for n in range(1, 7)] == [
        (4, 3, Decimal("0.7500")), (4, 2, Decimal("0.5000")), (3, 1, Decimal("0.3333")),
        (3, 2, Decimal("0.6667")), (3, 2, Decimal("0.6667")), (3, 2, Decimal("0.6667"))]
    # 1.96 × √(0.75 × 0.25 / 4) × √((20 − 4)/19) = 0.3894
    assert by[1]["margin"] == Decimal("0.3894") and by[2]["margin"] == Decimal("0.4496")
    factors = {f["number"]: f for f in found["factors"]}
    assert [factors[n]["score"] for n in range(1, 6)] == [
        Decimal("0.7500"), Decimal("0.5000"), Decimal("0.5000"), Decimal("0.6667"),
        Decimal("0.6667")]
    # Factor 3's respondents: 2/2, 1/2, 0/2 → s = 0.5, 1.96 × 0.5 / √3 × √(17/19) = 0.5352.
    assert factors[1]["margin"] == Decimal("0.4496")
    assert factors[3]["margin"] == Decimal("0.5352")
    # SIPAS = (0.75 + 0.5 + 0.5 + 2/3 + 2/3) / 5 = 0.6167; respondents 1, 0.9, 0, 0.5.
    assert (found["sipas"], found["margin"]) == (Decimal("0.6167"), Decimal("0.4088"))
    # 3 of the 5 invitations sent were answered; the kiosk's answer counts, not in the rate.
    assert (found["responses"], found["invited"], found["response_rate"]) == (
        4, 5, Decimal("0.6000"))
    units = scoring.by_unit(survey)
    assert [(a.code, s["sipas"]) for a, s in units] == [(HONG_BANG, Decimal("0.6167")),
                                                        (LE_CHAN, None)]
    # The units' table reads the answers once; each unit's figures are its own scope's.
    for agency, figures in units:
        assert figures == scoring.compute(survey, agency_ids={agency.pk}), agency.code
    # The same through the API, and for the days of answer chosen.
    client.force_login(office)
    body = client.get(f"/api/v1/surveys/{survey.pk}/scores?unit={HONG_BANG}").json()
    assert (body["sipas"], body["margin"], body["response_rate"]) == ("0.6167", "0.4088",
                                                                      "0.6000")
    assert client.get(f"/api/v1/surveys/{survey.pk}/scores?since=2026-11-04").json()[
        "responses"] == 0
    assert client.get(f"/api/v1/surveys/{survey.pk}/scores?since=x").status_code == 400
    public = client.get("/api/v1/satisfaction").json()
    assert public["units"][0]["sipas"] == "0.6167"
    page = client.get("/hai-long/").content.decode()
    assert "61,67%" in page and "±40,88" in page
    page = client.get(f"/can-bo/khao-sat/{survey.pk}/")
    assert page.status_code == 200
    export = client.get(f"/can-bo/khao-sat/{survey.pk}/?dinh_dang=csv").content.decode()
    assert HONG_BANG in export and "61.67" in export
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(client.get(f"/can-bo/khao-sat/{survey.pk}/?dinh_dang=xlsx")
                                 .content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1][:2] == (HONG_BANG, answered["agency"].name)
    assert rows[1][6] == 60 and round(rows[1][8], 2) == 61.67  # response rate, SIPAS (%)
    criteria = list(book.worksheets[1].iter_rows(values_only=True))
    assert criteria[1][:5] == (1, 1, "Tiêu chí 1", 4, 3)


def test_one_answer_per_invitation_and_answers_are_anonymous(client, office, answered,
                                                             counter_officer):
    survey, token = answered["survey"], answered["tokens"][3]
    response = client.get(f"/api/v1/survey-answers/{token}")
    assert response.status_code == 200
    assert [q["key"] for q in response.json()["questions"]][:2] == ["q1", "q2"]
    for bad in ({"q1": "7"}, {"q7": ["Bay lên trời"]}, {"q8": "x" * 2001}, {}):
        assert client.post(f"/api/v1/survey-answers/{token}", json.dumps(bad),
                           content_type="application/json").status_code == 400
    good = {"q1": "4", "q2": 5, "q7": ["Thêm chỗ ngồi"], "q8": "Cán bộ nhiệt tình"}
    assert client.post(f"/api/v1/survey-answers/{token}", json.dumps(good),
                       content_type="application/json").status_code == 201
    assert client.post(f"/api/v1/survey-answers/{token}", json.dumps(good),
                       content_type="application/json").status_code == 410
    assert client.get(f"/khao-sat/{token}/").status_code == 410
    assert Response.objects.filter(survey=survey).count() == 5
    wishes = scoring.expectations(survey)
    assert wishes["expectations"][0]["choices"] == [("Thêm chỗ ngồi", 1),
                                                   ("Rút ngắn thời gian", 0)]
    assert wishes["comments"] == ["Cán bộ nhiệt tình"]
    # A response keeps its unit, field, channel and day: nothing that leads to the person.
    assert {f.name for f in Response._meta.get_fields()} == {
        "id", "survey", "agency", "field", "channel", "answered_on", "answers"}
    # At the kiosk: a dossier of the center not yet answered opens a fresh link once.
    d = do_create(check_create(counter_officer, {"procedure": RELATE, "receive": True,
                                                 **APPLICANT}), counter_officer)
    Dossier.objects.filter(pk=d.pk).update(
        status="returned", finished_at=timezone.make_aware(dt.datetime(2026, 10, 20, 9)))
    client.force_login(counter_officer)
    response = client.post("/can-bo/khao-sat/quay/", {"code": d.code})
    assert response.status_code == 302
    link = response["Location"]
    assert client.post(link, {"q1": "5", "q2": "4"}).status_code == 200
    assert client.post("/can-bo/khao-sat/quay/", {"code": d.code}).status_code == 400
    # From the QR code at the counter: the code and the phone's last four digits.
    client.logout()
    e = do_create(check_create(counter_officer, {"procedure": RELATE, "receive": True,
                                                 **APPLICANT}), counter_officer)
    Dossier.objects.filter(pk=e.pk).update(
        status="returned", finished_at=timezone.make_aware(dt.datetime(2026, 10, 21, 9)))
    assert client.post("/khao-sat/quet/", {"code": e.code, "phone_last4": "0000"}
                       ).status_code == 400
    response = client.post("/khao-sat/quet/", {"code": e.code, "phone_last4": "5678"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert Invitation.objects.get(survey=survey, dossier=e).channel == "qr"
    # Closed: no link takes answers any more.
    client.force_login(office)
    assert client.post(f"/api/v1/surveys/{survey.pk}/close").status_code == 200
    assert client.get(response["Location"]).status_code == 410


def test_a_unit_s_sipas_is_its_survey_component_in_the_reform_index(client, office, answered):
    from reform import assess
    from reform.models import Area, Criterion, SubCriterion

    framework = Framework.objects.create(year=2026, unit_type="commune", name="Bộ chỉ số")
    criterion = Criterion.objects.create(area=Area.objects.create(
        framework=framework, number=1, name="Khảo sát"), number=1, name="SIPAS")
    SubCriterion.objects.create(criterion=criterion, number=1, name="Tự chấm", max_points=70)
    SubCriterion.objects.create(criterion=criterion, number=2, name="Hài lòng", max_points=30,
                                method="survey", rule="proportional")
    assessment = assess.do_open(assess.check_open(office, {
        "framework": framework.pk, "self_days": 5, "appraisal_days": 5, "answer_days": 5,
        "units": [HONG_BANG, LE_CHAN]}), office)
    client.force_login(office)
    response = client.post(f"/api/v1/reform/assessments/{assessment.pk}/survey-from/"
                           f"{answered['survey'].pk}")
    assert response.status_code == 200
    units = {u["agency"]: u for u in response.json()}
    assert units[HONG_BANG]["survey"] == "0.616700"
    assert units[HONG_BANG]["survey_source"] == "SIPAS · Khảo sát tháng 10/2026"
    assert units[LE_CHAN]["survey"] is None  # no answer: keeps none
