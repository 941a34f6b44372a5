"""The demo's reform index at work, through the real steps (reform.assess): last year's
assessment of departments and communes published, and this year's in progress — one unit
still drafting, one submitted and being appraised, one appraised and answering.

MotCua went live this year, so last year's automatic criteria have no figures in it: as a city
does when it changes systems, the appraiser enters them from the previous system's report,
raising each score with that reason."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from reform import assess
from reform.models import Assessment, Framework, SubCriterion, UnitAssessment
from units import identifiers

M, R = SubCriterion.Method, SubCriterion.Rule
PROVINCE = 31
OFFICE, APPRAISER = "lanhdao.snv", "chuyenvien.snv"
# Units with a leader among the demo accounts (they submit and answer): departments by their
# number and short name, communes by their statistics code.
DEPARTMENTS = [(3, "stp"), (4, "stc"), (5, "sct"), (6, "snnmt"), (7, "sxd"), (10, "sgddt"),
               (11, "syt")]
COMMUNES = [(11311, "hongbang"), (11383, "lechan")]
LEGACY = "Số liệu năm %(year)d theo báo cáo của hệ thống một cửa điện tử cũ (Báo cáo số " \
         "%(number)d/BC-SNV)"
EXPLANATIONS = {
    R.FULL_OR_NONE: "Đã ban hành và triển khai đúng thời hạn theo kế hoạch của UBND thành phố.",
    R.PROPORTIONAL: "Hoàn thành %(value)s%% chỉ tiêu theo kế hoạch năm.",
    R.DEDUCTIONS: "Có %(value)s báo cáo gửi chậm so với thời hạn.",
    R.BANDS: "Theo số liệu tổng hợp của đơn vị.",
}


def _at(day, hour=9):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)),
                               timezone.get_default_timezone())


def _people():
    User = get_user_model()
    return User.objects.filter(username=OFFICE).first(), \
        User.objects.filter(username=APPRAISER).first()


def _units(unit_type):
    if unit_type == Framework.UnitType.DEPARTMENT:
        return [(identifiers.department_code(PROVINCE, n), short) for n, short in DEPARTMENTS]
    return [(identifiers.commune_committee_code(PROVINCE, c), short) for c, short in COMMUNES]


def _leader(short):
    return get_user_model().objects.filter(username=f"lanhdao.{short}").first()


def _self_scores(unit, rng, short):
    """The unit's own points: mostly full, a few short, each with a plausible explanation."""
    scores = {}
    for score in unit.scores.select_related("sub__criterion__area"):
        sub = score.sub
        if sub.method == M.SURVEY:
            continue
        entry = {}
        if sub.method == M.SELF:
            if sub.rule == R.FULL_OR_NONE:
                entry["points"] = str(sub.max_points if rng.random() < 0.85 else 0)
            elif sub.rule == R.DEDUCTIONS:
                entry["value"] = str(rng.choice([0, 0, 0, 1, 2]))
            else:
                entry["value"] = str(rng.choice([100, 100, 95, 90, 85, 80]))
            entry["explanation"] = EXPLANATIONS[sub.rule] % {"value": entry.get("value", "")}
            if sub.evidence_min:
                entry["links"] = [f"https://{short}.haiphong.gov.vn/van-ban/"
                                  f"{unit.assessment.framework.year}/{sub.code}"]
        else:
            entry["explanation"] = "Số liệu do hệ thống tự tổng hợp."
        scores[sub.code] = entry
    return scores


def _appraisal(unit, rng, legacy):
    out = {}
    for score in unit.scores.select_related("sub__criterion__area"):
        sub, own = score.sub, score.self_points or Decimal(0)
        if sub.method == M.SURVEY:
            continue
        if legacy and sub.method == M.AUTO:
            share = Decimal(rng.choice([100, 95, 90, 85, 75])) / 100
            points = (sub.max_points * share).quantize(Decimal("0.01"))
            if sub.rule == R.FULL_OR_NONE:
                points = sub.max_points if share >= Decimal("0.9") else Decimal(0)
            if points > own:
                out[sub.code] = {"decision": "raise", "points": str(points),
                                 "reason": LEGACY % {"year": unit.assessment.framework.year,
                                                     "number": 18}}
                continue
        if sub.method == M.SELF and own > 0 and rng.random() < 0.12:
            lower = Decimal(0) if sub.rule == R.FULL_OR_NONE else (own / 2).quantize(
                Decimal("0.01"))
            out[sub.code] = {"decision": "lower", "points": str(lower),
                             "reason": "Tài liệu kiểm chứng chưa thể hiện đầy đủ kết quả "
                                       "thực hiện."}
            continue
        out[sub.code] = {"decision": "keep"}
    return out


def _cycle(framework, day, office, appraiser, *, stop=None, legacy=False):
    """One year's assessment of the framework's demo units, from its opening on `day`; every
    unit through to settled unless `stop` names where a unit's cycle pauses."""
    if Assessment.objects.filter(framework=framework).exists() or office is None:
        return None
    codes = [code for code, _s in _units(framework.unit_type)]
    assessment = assess.do_open(assess.check_open(office, {
        "framework": framework.pk, "self_days": 15, "appraisal_days": 10, "answer_days": 5,
        "units": codes}), office, now=_at(day, 8))
    rng = random.Random(f"{framework.year}-{framework.unit_type}")
    for i, (code, short) in enumerate(_units(framework.unit_type)):
        leader, unit = _leader(short), assessment.units.get(agency__code=code)
        if leader is None:
            continue
        assess.do_assign(unit, [appraiser], office, now=_at(day, 10))
        halt = (stop or {}).get(i)
        if halt == "untouched":
            continue
        step_day = day + dt.timedelta(days=2 + i)
        assess.do_action(leader, assessment.pk, code, "save",
                         {"scores": _self_scores(unit, rng, short)}, now=_at(step_day))
        if halt == "draft":
            continue
        assess.do_action(leader, assessment.pk, code, "submit", {}, now=_at(step_day, 15))
        if halt == "submitted":
            continue
        appraisal = _appraisal(UnitAssessment.objects.get(pk=unit.pk), rng, legacy)
        assess.do_action(appraiser, assessment.pk, code, "send_appraisal",
                         {"scores": appraisal}, now=_at(step_day + dt.timedelta(days=5)))
        if halt == "appraised":
            continue
        lowered = [c for c, a in appraisal.items() if a["decision"] == "lower"]
        answered = lowered[:1]
        if answered:
            assess.do_action(leader, assessment.pk, code, "answer", {"scores": {
                answered[0]: {"answer": "Đơn vị bổ sung văn bản triển khai và báo cáo kết quả "
                                        "có xác nhận của lãnh đạo."}}},
                             now=_at(step_day + dt.timedelta(days=6)))
        assess.do_action(leader, assessment.pk, code, "finish_answers", {},
                         now=_at(step_day + dt.timedelta(days=6), 16))
        own = assess.scores_by_code(UnitAssessment.objects.get(pk=unit.pk))
        settle = {c: {"points": str(own[c].self_points),
                      "reason": "Chấp nhận giải trình và tài liệu bổ sung của đơn vị."}
                  for c in answered}
        assess.do_action(appraiser, assessment.pk, code, "settle", {"scores": settle},
                         now=_at(step_day + dt.timedelta(days=7)))
        assess.do_survey(unit, assess.check_survey(office, unit, {
            "percent": str(rng.choice([86.4, 88.9, 90.6, 92.3, 93.8, 95.1])),
            "source": f"Kết quả điều tra xã hội học năm {framework.year}"}), office,
            now=_at(step_day + dt.timedelta(days=8)))
    return assessment


def populate(today=None):
    """Last year's assessments published (in February), this year's open for 20 days."""
    today = today or timezone.localdate()
    office, appraiser = _people()
    if office is None or appraiser is None:
        return {}
    made = {}
    for unit_type in Framework.UnitType.values:
        last = Framework.objects.filter(year=today.year - 1, unit_type=unit_type).first()
        if last is not None:
            # Opened early in January, published in late February (earlier in the demo's
            # past when today is itself early in the year).
            start = min(dt.date(today.year, 1, 5), today - dt.timedelta(days=70))
            assessment = _cycle(last, start, office, appraiser, legacy=True)
            if assessment is not None:
                assess.do_publish(assessment, assess.check_publish(office, assessment, {}),
                                  office, now=_at(start + dt.timedelta(days=52), 14))
                made[str(last)] = str(Assessment.Status.PUBLISHED.label)
        this = Framework.objects.filter(year=today.year, unit_type=unit_type).first()
        if this is not None:
            stop = {0: "submitted", 1: "appraised", 2: "draft", 3: "untouched"} \
                if unit_type == Framework.UnitType.DEPARTMENT else {0: "draft", 1: "submitted"}
            opened = today - dt.timedelta(days=20)
            if _cycle(this, opened, office, appraiser, stop=stop) is not None:
                made[str(this)] = str(Assessment.Status.OPEN.label)
    return made
