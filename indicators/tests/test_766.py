"""The Decision 766 index on small dossier sets with known outcomes: each indicator's numerator,
denominator and points, with the edge rules (end-state, more than one supplement, open at the
period's end: late if its due date passed, on time if not; outside the period). The rules
lived through the lifecycle and through an import are in test_national_rules.py."""

import datetime as dt

import pytest
from django.utils import timezone

from dossiers import terms
from dossiers.actions import check_create, do_create
from dossiers.models import Dossier, DossierDocument
from dossiers.tests.test_intake import APPLICANT
from feedback.models import Petition, Rating
from indicators import engine, periods
from motcua import test as cast
from sync.models import DossierSync
from units.models import Agency

pytestmark = pytest.mark.django_db

RELATE = "1.004884"
OCTOBER = periods.parse("2026-10")


def at(day, hour=9):
    return timezone.make_aware(dt.datetime(2026, *day, hour), timezone.get_default_timezone())


def dossier(officer, *, received, due, finished=None, rounds=0, result="approved"):
    d = do_create(check_create(officer, {"procedure": RELATE, "receive": True, **APPLICANT}),
                  officer)
    Dossier.objects.filter(pk=d.pk).update(
        received_at=at(received), submitted_at=at(received), index_due_at=at(due),
        due_at=at(due), finished_at=at(finished) if finished else None,
        supplement_rounds=rounds, result=result if finished else "",
        status="resolved" if finished else "processing")
    d = Dossier.objects.get(pk=d.pk)
    if finished:
        Dossier.objects.filter(pk=d.pk).update(time_spent=terms.time_spent(d, at(finished), []))
    return Dossier.objects.get(pk=d.pk)


def digitise(d):
    DossierDocument.objects.create(dossier=d, component_name="Tờ khai", file="x.pdf",
                                   content_type="application/pdf", size=1, sha256="0" * 64,
                                   digitisation_code=f"{d.code}.01")


def petition(agency, *, received, due, closed=None, on_time=None, satisfaction=""):
    return Petition.objects.create(
        code=f"PAKN-{received[0]:02d}{received[1]:02d}-{Petition.objects.count() + 1}",
        subject="other", agency=agency, kind="complaint", title="Phản ánh", content="Nội dung",
        submitter_name="Trần Văn Bình", received_at=at(received), reject_by=at(received),
        more_info_by=at(received), due_at=at(due), closed_at=at(closed) if closed else None,
        on_time=on_time, status="answered" if closed else "assigned", satisfaction=satisfaction,
        satisfaction_at=at(closed) if satisfaction else None)


@pytest.fixture
def october(counter_officer):
    """Hồng Bàng's October: 7 dossiers and 3 petitions with known outcomes."""
    a = dossier(counter_officer, received=(10, 5), due=(10, 10), finished=(10, 6))  # on time
    h = dossier(counter_officer, received=(10, 6), due=(10, 12), finished=(10, 12, 8))  # on time
    b = dossier(counter_officer, received=(10, 5), due=(10, 10), finished=(10, 20))  # late
    c = dossier(counter_officer, received=(10, 5), due=(10, 10), finished=(10, 8),
                rounds=2)  # two supplement requests: late
    d = dossier(counter_officer, received=(10, 7), due=(10, 25))  # open, due: judged late
    e = dossier(counter_officer, received=(10, 28), due=(11, 5))  # open, not due: on time
    dossier(counter_officer, received=(9, 2), due=(9, 8), finished=(9, 7))  # September
    for x in (a, b, h):
        DossierSync.objects.filter(dossier=x).update(state="synced")
    digitise(a)
    digitise(e)
    Rating.objects.create(dossier=a, agency=a.agency, channel="link", overall="dissatisfied",
                          created_at=at((10, 7)))
    agency = a.agency
    petition(agency, received=(10, 1), due=(10, 21), closed=(10, 15), on_time=True,
             satisfaction="satisfied")
    petition(agency, received=(10, 1), due=(10, 21), closed=(10, 23), on_time=False,
             satisfaction="dissatisfied")
    petition(agency, received=(10, 2), due=(10, 22))  # open past its due date: late
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "h": h, "agency": agency}


def by_id(index):
    return {f["id"]: f for f in index["indicators"]}


def test_each_indicator_counts_what_the_decision_says(october):
    index = engine.compute(engine.scope_for(october["agency"]), OCTOBER)
    figures = by_id(index)

    def check(ident, numerator, denominator, points):
        f = figures[ident]
        assert (f["numerator"], f["denominator"], f["points"]) == (numerator, denominator,
                                                                  points), (ident, f)

    # Received in October: a, b, c, d, e, h. On time: a, h, and e (open, due in November);
    # late: b, c (two supplements), d (open past its due date).
    check("2.1", 3, 6, 10.0)
    check("1.4", 3, 6, 3.0)
    # a's components are attached but its result is not electronic; e is still open.
    check("4.2", 1, 6, 0.83)  # target 80 %: 4 × (1/6) ÷ 0.8
    check("4.3", 0, 6, 0.0)
    check("5.2", 1, 3, 2.0)  # received in October: one on time, one late, one open past due
    check("5.3", 1, 3, 2.0)  # less the late ones and the one disliked
    check("5.4", 2, 6, 2.22)  # 100 % − 3/6 late − 1/6 disliked = 1/3, target 90 %
    check("4.1", 0, 4, 0.0)  # decided: a, h, b, c; none has an electronic result
    assert figures["2.2"]["denominator"] == 4 and figures["2.2"]["numerator"] > 0
    assert [p["n"] for p in figures["2.2"]["procedures"]] == [4]
    assert index["groups"]["TDGQ"] == 10.0
    assert index["total"] == pytest.approx(sum(index["groups"].values()))
    assert index["band"] in {"Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"}


def test_scopes_add_up_their_agencies_and_an_empty_unit_gets_full_points(october):
    province = Agency.objects.get(kind="province_committee")
    city = by_id(engine.compute(engine.scope_for(province), OCTOBER))
    commune = by_id(engine.compute(engine.scope_for(october["agency"]), OCTOBER))
    assert city["2.1"]["denominator"] == commune["2.1"]["denominator"] == 6
    le_chan = Agency.objects.get(code=cast.commune_agency(cast.LE_CHAN))
    empty = by_id(engine.compute(engine.scope_for(le_chan), OCTOBER))
    assert empty["2.1"]["denominator"] == 0 and empty["2.1"]["points"] == 20.0
    assert empty["2.1"]["ratio"] is None and empty["2.1"]["value"] is None
    assert empty["2.1"]["reason"].startswith("Không phát sinh")


def test_targets_and_points_are_configuration(october, settings):
    settings.MOTCUA_766 = {"indicators": {"2.1": {"max": 10, "target": 40}},
                           "when_empty": "zero"}
    figures = by_id(engine.compute(engine.scope_for(october["agency"]), OCTOBER))
    assert figures["2.1"]["points"] == 10.0 and figures["2.1"]["max"] == 10  # 40 % ≥ target
    le_chan = Agency.objects.get(code=cast.commune_agency(cast.LE_CHAN))
    empty = by_id(engine.compute(engine.scope_for(le_chan), OCTOBER))
    assert empty["2.1"]["points"] == 0.0


def test_periods():
    assert (periods.parse("2026-02").first, periods.parse("2026-02").last) == \
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    q = periods.parse("2026-Q4")
    assert (q.first, q.last) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert periods.parse("2026").last == dt.date(2026, 12, 31)
    r = periods.parse("2026-01-05..2026-02-20")
    assert (r.first, r.last) == (dt.date(2026, 1, 5), dt.date(2026, 2, 20))
    assert r.end == periods.parse("2026-02-21..2026-02-21").start
    for bad in ("2026-13", "2026-Q5", "26", "2026-02-30..2026-03-01", "2026-03-01..2026-02-01",
                ""):
        with pytest.raises(periods.PeriodError):
            periods.parse(bad)


def test_the_api_answers_in_the_documented_shape(client, october, supervisor,
                                                 other_commune_leader, person):
    client.force_login(supervisor)
    response = client.get("/api/v1/indicators/766",
                          {"unit": cast.commune_agency(cast.HONG_BANG), "period": "2026-10"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) >= {"unit", "period", "total", "band", "groups", "indicators"}
    assert set(body["groups"]) == {"CKMB", "TDGQ", "CLGQ", "TTTT", "MDSH", "MDHL"}
    assert {"id", "numerator", "denominator", "ratio", "points", "max"} <= \
        set(body["indicators"][0])
    # By statistics code too: the commune and the city.
    assert client.get("/api/v1/indicators/766", {"unit": str(cast.HONG_BANG),
                                                  "period": "2026-10"}).json()["unit"] == \
        cast.commune_agency(cast.HONG_BANG)
    city = client.get("/api/v1/indicators/766", {"unit": "31", "period": "2026-Q4"})
    assert city.status_code == 200 and city.json()["period"] == "2026-Q4"
    bad = client.get("/api/v1/indicators/766", {"unit": "31", "period": "tháng 10"})
    assert bad.status_code == 400 and "period" in bad.json()["fields"]
    assert client.get("/api/v1/indicators/766", {"period": "2026-10"}).status_code == 400
    # Another commune's leader does not see Hồng Bàng; a citizen sees no index.
    client.force_login(other_commune_leader)
    assert client.get("/api/v1/indicators/766", {"unit": str(cast.HONG_BANG),
                                                 "period": "2026-10"}).status_code == 404
    client.force_login(person)
    assert client.get("/api/v1/indicators/766", {"unit": "31",
                                                 "period": "2026-10"}).status_code == 404


def test_the_drilldown_names_each_dossier_that_cost_points_and_why(client, october,
                                                                   commune_leader):
    client.force_login(commune_leader)
    rows = client.get("/api/v1/indicators/766/drilldown", {
        "unit": cast.commune_agency(cast.HONG_BANG), "period": "2026-10",
        "indicator": "2.1"}).json()
    reasons = {r["code"]: r["reason"] for r in rows}
    assert set(reasons) == {october[x].code for x in "bcd"}
    assert "bổ sung 2 lần" in reasons[october["c"].code]
    assert "Chưa giải quyết xong" in reasons[october["d"].code]
    assert reasons[october["b"].code].startswith("Kết thúc")
    rows = client.get("/api/v1/indicators/766/drilldown", {
        "unit": cast.commune_agency(cast.HONG_BANG), "period": "2026-10",
        "indicator": "1.4"}).json()
    assert {r["code"] for r in rows} == {october[x].code for x in "cde"}
    rows = client.get("/api/v1/indicators/766/drilldown", {
        "unit": cast.commune_agency(cast.HONG_BANG), "period": "2026-10",
        "indicator": "5.4"}).json()
    assert {r["code"] for r in rows} == {october[x].code for x in "abcd"}
    assert client.get("/api/v1/indicators/766/drilldown", {
        "unit": cast.commune_agency(cast.HONG_BANG), "period": "2026-10",
        "indicator": "9.9"}).status_code == 400


def test_rankings_of_communes_for_the_city_s_supervisors(client, october, supervisor,
                                                         commune_leader):
    client.force_login(supervisor)
    rows = client.get("/api/v1/indicators/766/rankings",
                      {"kind": "commune", "period": "2026-10"}).json()
    assert len(rows) == Agency.objects.filter(kind="commune_committee").count() > 100
    # The only commune that worked ranks first; the idle ones follow, unranked and marked.
    assert rows[0]["unit"] == cast.commune_agency(cast.HONG_BANG) and rows[0]["rank"] == 1
    assert rows[0]["dossiers"] == 6 and not rows[0]["idle"]
    assert all(r["rank"] is None and r["idle"] for r in rows[1:])
    ranked = client.get("/api/v1/indicators/766/rankings",
                        {"kind": "commune", "period": "2026-10", "idle": "ranked"}).json()
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    assert [r["total"] for r in ranked] == sorted((r["total"] for r in ranked), reverse=True)
    departments = client.get("/api/v1/indicators/766/rankings",
                             {"kind": "department", "period": "2026-10"})
    assert departments.status_code == 200 and departments.json()
    client.force_login(commune_leader)
    assert client.get("/api/v1/indicators/766/rankings",
                      {"kind": "commune", "period": "2026-10"}).status_code == 404


def test_the_stored_series_and_the_dashboard(client, october, supervisor, commune_leader):
    from django.core.management import call_command

    from indicators.models import IndexSnapshot

    out = __import__("io").StringIO()
    call_command("compute_766", period="2026-10", stdout=out)
    assert "2026-10" in out.getvalue()
    communes = Agency.objects.filter(kind="commune_committee").count()
    assert IndexSnapshot.objects.filter(period="2026-10", agency__kind="commune_committee") \
        .count() == communes
    stored = IndexSnapshot.objects.get(period="2026-10", agency=october["agency"])
    live = engine.compute(engine.scope_for(october["agency"]), OCTOBER)
    assert float(stored.total) == live["total"] and stored.indicators == live["indicators"]
    call_command("compute_766", period="2026-10", stdout=out)  # again: replaced, not doubled
    assert IndexSnapshot.objects.filter(period="2026-10", agency=october["agency"]).count() == 1

    client.force_login(supervisor)
    page = client.get("/can-bo/chi-so/", {"period": "2026-10"}).content.decode()
    assert "Xếp hạng các xã, phường, đặc khu" in page and october["agency"].name in page
    page = client.get("/can-bo/chi-so/chi-tiet/", {
        "unit": october["agency"].code, "period": "2026-10", "indicator": "2.1"}).content.decode()
    assert october["b"].code in page and "bổ sung 2 lần" in page
    # A commune's leader sees their own unit, not the city's rankings.
    client.force_login(commune_leader)
    page = client.get("/can-bo/chi-so/", {"period": "2026-10"})
    assert page.status_code == 200 and october["agency"].name in page.content.decode()
    assert "Xếp hạng các xã" not in page.content.decode()
    assert client.get("/can-bo/chi-so/", {"unit": "31", "period": "2026-10"}).status_code == 404
    assert client.post("/can-bo/chi-so/", {"period": "2026-10"}).status_code == 403


def test_a_simulated_month_shows_the_rates_it_was_made_with():
    from django.core.management import call_command

    out = __import__("io").StringIO()
    # Every online dossier pays online and gets an electronic result, or its paper result
    # by post: the full-online share is then the online share.
    call_command("simulate", month="2026-01", dossiers=1500, seed=7,
                 rate=["on_time=0.9", "online=0.7", "resolved=1", "second_supplement=0",
                       "synced=0.8", "paid_online=1", "e_result=1", "returned=1",
                       "post_return=1"], stdout=out)
    assert "Đã tạo 1500 hồ sơ" in out.getvalue()
    january = periods.parse("2026-01")
    assert Dossier.objects.filter(received_at__gte=january.start,
                                  received_at__lt=january.end).count() == 1500
    province = Agency.objects.get(kind="province_committee")
    figures = by_id(engine.compute(engine.scope_for(province), january))
    # Judged at the end of January, a dossier received late in the month and finished late
    # in February was still within its time then; judged over the quarter, it is late.
    quarter = by_id(engine.compute(engine.scope_for(province), periods.parse("2026-Q1")))
    assert quarter["2.1"]["ratio"] == pytest.approx(0.9, abs=0.03)
    assert figures["2.1"]["ratio"] >= quarter["2.1"]["ratio"]
    # Full-online needs the result too: over the quarter every dossier has it.
    assert quarter["3.1"]["ratio"] == pytest.approx(0.7, abs=0.06)
    assert figures["3.1"]["ratio"] < quarter["3.1"]["ratio"]
    assert figures["1.4"]["ratio"] == pytest.approx(0.8, abs=0.04)
    online = Dossier.objects.filter(channel=2).count() / 1500
    assert online == pytest.approx(0.7, abs=0.04)
    # Codes follow the counters: an intake afterwards continues the numbering.
    assert Dossier.objects.values("code").distinct().count() == 1500
    with pytest.raises(__import__("django").core.management.CommandError):
        call_command("simulate", month="2026-1", dossiers=10, stdout=out)
    with pytest.raises(__import__("django").core.management.CommandError):
        call_command("simulate", month="2026-01", dossiers=10, rate=["on_time=2"], stdout=out)


def test_rankings_export_as_csv_and_excel(client, october, supervisor):
    import csv
    import io

    from openpyxl import load_workbook

    client.force_login(supervisor)
    response = client.get("/api/v1/indicators/766/export",
                          {"kind": "commune", "period": "2026-10"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Hạng", "Mã đơn vị", "Đơn vị", "Tổng điểm", "Xếp loại"]
    hong_bang = next(r for r in rows[1:] if r[1] == cast.commune_agency(cast.HONG_BANG))
    assert float(hong_bang[rows[0].index("Điểm 2.1")]) == 10.0
    response = client.get("/api/v1/indicators/766/export",
                          {"kind": "commune", "period": "2026-10", "file": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Xếp hạng", "Tử số, mẫu số"]
    detail = [r for r in book["Tử số, mẫu số"].iter_rows(values_only=True)
              if r[0] == cast.commune_agency(cast.HONG_BANG) and r[2] == "2.1"]
    assert detail[0][4:6] == (3, 6)
    assert client.get("/api/v1/indicators/766/export",
                      {"kind": "commune", "period": "2026-10", "file": "pdf"}).status_code == 400


def test_the_drilldown_and_the_counts_read_the_same_rules(october):
    """The grouped count and the drill-down are compiled from each indicator's one
    definition: on every indicator, 5.4 included, what is listed is exactly the denominator
    minus the numerator."""
    scope = engine.scope_for(october["agency"])
    figures = by_id(engine.compute(scope, OCTOBER))
    for ident in engine.CLASSES:
        rows = engine.drilldown(ident, scope, OCTOBER, limit=10_000)
        f = figures[ident]
        assert len(rows) == f["denominator"] - f["numerator"], ident


def test_the_dashboard_draws_the_trend_per_group_and_the_city_beside_the_unit(
        client, october, supervisor):
    from django.core.management import call_command

    for month in ("2026-09", "2026-10"):
        call_command("compute_766", period=month, stdout=__import__("io").StringIO())
    client.force_login(supervisor)
    page = client.get("/can-bo/chi-so/", {"period": "2026-10",
                                          "unit": october["agency"].code}).content.decode()
    assert page.count("<polyline") >= 7  # the total, six groups and the city
    assert "Toàn thành phố:" in page and "stroke-dasharray" in page
    city = client.get("/can-bo/chi-so/", {"period": "2026-10"}).content.decode()
    assert '<rect width="100" height="8" fill="#e5e7eb"/>' in city  # rankings drawn as bars


def test_an_english_reader_gets_reasons_names_and_ratings_in_english(client, october,
                                                                      supervisor):
    """Drill-down reasons and the stored index follow the reader's language: a snapshot
    computed in Vietnamese is read back in English, its texts derived again from the ids."""
    from django.core.management import call_command
    from django.utils import translation

    from indicators.models import IndexSnapshot

    call_command("compute_766", period="2026-10", stdout=__import__("io").StringIO())
    client.force_login(supervisor)
    rows = client.get("/api/v1/indicators/766/drilldown", {
        "unit": cast.commune_agency(cast.HONG_BANG), "period": "2026-10", "indicator": "2.1"},
        HTTP_ACCEPT_LANGUAGE="en").json()
    reasons = {r["code"]: r["reason"] for r in rows}
    assert reasons[october["c"].code] == "Asked to supplement 2 times"
    assert reasons[october["d"].code].startswith("Not resolved yet, due ")
    assert reasons[october["b"].code].startswith("Ended ")

    stored = IndexSnapshot.objects.get(period="2026-10", agency=october["agency"])
    assert by_id({"indicators": stored.indicators})["2.1"]["name"] == \
        "Hồ sơ giải quyết trước hạn, đúng hạn"
    idle = IndexSnapshot.objects.filter(period="2026-10", dossiers=0).first()
    with translation.override("en"):
        english = engine.localised(stored)
        assert by_id(english)["2.1"]["name"] == "Dossiers resolved early or on time"
        assert english["band"] in {"Excellent", "Good", "Fair", "Average", "Weak"}
        assert by_id(english)["4.2b"]["reason"] == \
            "Nothing to count: the system does not issue electronic certified copies yet"
        assert idle.band_label == "No dossier in the period"
    with translation.override("vi"):
        assert engine.localised(stored)["band"] == stored.band
        assert idle.band_label == "Không phát sinh hồ sơ"

    client.post("/i18n/setlang/", {"language": "en", "next": "/can-bo/chi-so/"})
    page = client.get("/can-bo/chi-so/", {"unit": october["agency"].code,
                                          "period": "2026-10"}).content.decode()
    assert "Dossiers resolved early or on time" in page
    assert "Hồ sơ giải quyết trước hạn, đúng hạn" not in page
