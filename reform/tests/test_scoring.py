"""The reform index's rules on a designed framework, with exact values."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from directives.models import UnitTaskScore
from indicators.tests.test_766 import october  # noqa: F401 (a fixture)
from reform import actions, demo, measures, scoring
from reform.models import Area, Criterion, Framework, SubCriterion

pytestmark = pytest.mark.django_db

M, R = SubCriterion.Method, SubCriterion.Rule


@pytest.fixture
def designed():
    """2026, departments: four appraised sub-criteria of every rule, one automatic, and the
    survey's 30 points."""
    framework = Framework.objects.create(year=2026, unit_type="department",
                                         name="Bộ chỉ số thử năm 2026")
    area = Area.objects.create(framework=framework, number=1, name="Cải cách thủ tục hành chính")
    first = Criterion.objects.create(area=area, number=1, name="Kết quả giải quyết hồ sơ")
    second = Criterion.objects.create(area=area, number=2, name="Kỷ luật, kỷ cương")
    survey_area = Area.objects.create(framework=framework, number=2, name="Sự hài lòng")
    survey_criterion = Criterion.objects.create(area=survey_area, number=1, name="SIPAS")

    def sub(criterion, number, points, method, rule, **options):
        return SubCriterion.objects.create(criterion=criterion, number=number, name=f"Tiêu chí "
                                           f"{number}", max_points=points, method=method,
                                           rule=rule, **options)

    return {
        "framework": framework,
        "plan": sub(first, 1, 10, M.SELF, R.FULL_OR_NONE),
        "on_time": sub(first, 2, 20, M.AUTO, R.PROPORTIONAL, target=80, measure="766:2.1"),
        "paid": sub(first, 3, 15, M.AUTO, R.BANDS, measure="766:3.6",
                    bands=[[80, 5], [95, 15], [90, 10]]),
        "discipline": sub(second, 1, 5, M.SELF, R.DEDUCTIONS, deduction=2),
        "digital": sub(second, 2, 20, M.SELF, R.PROPORTIONAL),
        "survey": sub(survey_criterion, 1, 30, M.SURVEY, R.PROPORTIONAL),
    }


def test_each_rule_scores_as_configured(designed):
    d = designed
    assert scoring.rule_points(d["plan"], 1) == 10
    assert scoring.rule_points(d["plan"], 0.99) == 0
    assert scoring.rule_points(d["on_time"], 0.7) == Decimal("17.50")  # 20 × 70/80
    assert scoring.rule_points(d["on_time"], 0.85) == 20  # past the target: full points
    assert scoring.rule_points(d["paid"], 0.93) == 10  # bands, whatever their order
    assert scoring.rule_points(d["paid"], 0.95) == 15
    assert scoring.rule_points(d["paid"], 0.79) == 0
    assert scoring.rule_points(d["discipline"], 2) == 1  # 5 − 2 × 2
    assert scoring.rule_points(d["discipline"], 3) == 0  # never below zero
    assert scoring.rule_points(d["digital"], Decimal("0.625")) == Decimal("12.50")
    assert scoring.rule_points(d["on_time"], None) == 0


def test_the_index_adds_the_survey_or_rescales_without_it(designed):
    d = designed
    subs = list(d["framework"].sub_criteria())
    given = {d["plan"].pk: 10, d["on_time"].pk: Decimal("17.50"), d["paid"].pk: 10,
             d["discipline"].pk: 1, d["digital"].pk: Decimal("12.50")}
    index = scoring.index(subs, given, survey=Decimal("0.9059"))
    assert index == {"appraised": Decimal("51.00"), "appraised_max": Decimal("70.00"),
                     "survey_points": Decimal("27.18"), "survey_max": Decimal("30.00"),
                     "total": Decimal("78.18"), "rescaled": False}
    # No survey this year: the appraised 51 of 70 rescaled to 100.
    index = scoring.index(subs, given, survey=None)
    assert index["total"] == Decimal("72.86") and index["rescaled"]
    # Points above a sub-criterion's maximum are not counted beyond it.
    assert scoring.index(subs, {**given, d["plan"].pk: 12}, survey=None)["appraised"] == 51


def test_automatic_criteria_read_motcua_s_own_figures(designed, october):  # noqa: F811
    agency = october["agency"]
    # 2026 in Hồng Bàng: 7 dossiers received; on time a, h and September's; b, c, d and e
    # (due 5 November, still open) late.
    figure = measures.of("766:2.1", agency, 2026)
    assert (figure["numerator"], figure["denominator"]) == (3, 7)
    assert scoring.rule_points(designed["on_time"], figure["value"]) == Decimal("10.71")
    UnitTaskScore.objects.create(agency=agency, period="2026-01", score=80, tasks=3)
    UnitTaskScore.objects.create(agency=agency, period="2026-02", score=90, tasks=2)
    UnitTaskScore.objects.create(agency=agency, period="2025-12", score=10, tasks=1)
    tasks = measures.of("tasks", agency, 2026)
    assert tasks["value"] == Decimal("0.85") and tasks["denominator"] == 100
    assert measures.of("tasks", agency, 2024)["value"] is None


def test_a_framework_must_add_up_and_have_what_its_rules_need(designed):
    d = designed
    assert actions.problems(d["framework"]) == []
    d["paid"].bands = []
    d["paid"].save()
    d["on_time"].measure = "766:9.9"
    d["on_time"].save()
    d["digital"].max_points = 25
    d["digital"].save()
    with translation.override("en"):
        found = actions.problems(d["framework"])
    assert ["1.1.3", "Bands need at least one [from %, points] pair."] in found
    assert ["1.1.2", "An automatic sub-criterion needs a known measure."] in found
    assert ["", "The maximum points add up to 105, not 100."] in found
    with pytest.raises(ValidationError):
        actions.check_framework(d["framework"])
    d["paid"].bands = [["NaN", 3]]
    d["paid"].save()
    with translation.override("en"):
        assert ["1.1.3", "Each band is a [from %, points] pair of numbers."] in \
            actions.problems(d["framework"])


def test_the_demo_frameworks_hold_and_next_year_starts_from_a_copy():
    for unit_type in Framework.UnitType.values:
        framework = demo.build(2025, unit_type)
        assert actions.problems(framework) == [], unit_type
        copy = actions.copy_framework(framework, 2026)
        assert copy.year == 2026 and copy.copied_from == framework and "2026" in copy.name
        theirs = [(s.code, s.name, s.max_points, s.method, s.rule, s.measure, s.bands)
                  for s in framework.sub_criteria()]
        assert [(s.code, s.name, s.max_points, s.method, s.rule, s.measure, s.bands)
                for s in copy.sub_criteria()] == theirs
        assert actions.problems(copy) == []
        with pytest.raises(ValidationError):
            actions.copy_framework(framework, 2026)
