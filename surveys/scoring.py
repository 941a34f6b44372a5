"""SIPAS scores, live from the answers (DOMAIN.md §8; Decision 1001/QĐ-BNV):

- a criterion (a question on the 5-level scale): the share of those who answered it who
  answered at least the questionnaire's `satisfied_from` level (satisfied or very satisfied);
- a factor: the mean of its criteria's scores (criteria nobody answered left out);
- SIPAS: the mean of the factors' scores, weighted by the factors' weights (all 1 by default).

Beside each figure: the answers it stands on, the response rate of the invitations sent, and
the margin of error at the round's confidence (surveys.sampling). A factor's and SIPAS's margin
is that of the mean of the respondents' own scores (each respondent's share of satisfied
answers in the factor, and the weighted mean of those): an approximation of the margin of a
mean of shares, labelled as such on the pages.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from surveys import sampling
from surveys.models import Answer, Invitation, Question

FOUR = Decimal("0.0001")


def _q(value):
    return None if value is None else Decimal(value).quantize(FOUR, ROUND_HALF_UP)


def _margin(value):
    return None if value is None else Decimal(repr(value)).quantize(FOUR, ROUND_HALF_UP)


def population(survey, agency_ids=None, field_ids=None, fields_by_code=None):
    """The dossiers finished in the round's period in the scope, from its sampling plan."""
    total = 0
    for row in survey.plan.get("units", {}).values():
        if agency_ids is not None and row["agency_id"] not in agency_ids:
            continue
        for field_code, (count, _size) in row["fields"].items():
            if field_ids is None or (fields_by_code or {}).get(field_code) in field_ids:
                total += count
    return total


def compute(survey, *, agency_ids=None, field_ids=None, since=None, until=None):
    """The round's scores in a scope: every unit and field unless given, over the days of
    answer [since, until] when given."""
    return _grouped(survey, None, agency_ids, field_ids, since, until)[None]


def by_unit(survey):
    """[(agency, scores)] for every unit of the round's plan, best SIPAS first: the answers
    read once for all units."""
    from units.models import Agency

    ids = [row["agency_id"] for row in survey.plan.get("units", {}).values()]
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=ids)}
    found = _grouped(survey, "agency_id", keys=ids)
    out = [(agencies[pk], found[pk]) for pk in ids if pk in agencies]
    return sorted(out, key=lambda pair: (pair[1]["sipas"] is None, -(pair[1]["sipas"] or 0),
                                         pair[0].name))


def by_field(survey, agency_ids=None):
    from catalog.models import Field

    codes = {code for row in survey.plan.get("units", {}).values()
             if agency_ids is None or row["agency_id"] in agency_ids for code in row["fields"]}
    fields = list(Field.objects.filter(code__in=codes).order_by("name"))
    found = _grouped(survey, "field_id", agency_ids, keys=[f.pk for f in fields])
    return [(field, found[field.pk]) for field in fields]


def _grouped(survey, group, agency_ids=None, field_ids=None, since=None, until=None,
             keys=()):
    """{group value: scores}, `group` a response column ("agency_id", "field_id") or None
    for the whole scope (key None); every key of `keys` present, if only with no answer."""
    from django.db.models import Count, Q

    from catalog.models import Field

    questionnaire = survey.questionnaire
    questions = list(questionnaire.questions.filter(kind=Question.Kind.SCALE)
                     .select_related("factor").order_by("number"))
    factors = list(questionnaire.factors.order_by("number"))
    responses = survey.responses.all()
    if agency_ids is not None:
        responses = responses.filter(agency_id__in=agency_ids)
    if field_ids is not None:
        responses = responses.filter(field_id__in=field_ids)
    if since:
        responses = responses.filter(answered_on__gte=since)
    if until:
        responses = responses.filter(answered_on__lte=until)
    column = f"response__{group}" if group else "response__survey_id"
    rows = Answer.objects.filter(response__in=responses, level__isnull=False,
                                 question__kind=Question.Kind.SCALE) \
        .values_list(column, "response_id", "question_id", "level")
    good, factor_of = questionnaire.satisfied_from, {q.pk: q.factor_id for q in questions}
    by_question = defaultdict(lambda: defaultdict(lambda: [0, 0]))  # group: question: [a, s]
    by_person = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: [0, 0])))
    for value, response_id, question_id, level in rows:
        key = value if group else None
        ok = int(level >= good)
        by_question[key][question_id][0] += 1
        by_question[key][question_id][1] += ok
        if factor_of.get(question_id):
            cell = by_person[key][response_id][factor_of[question_id]]
            cell[0] += 1
            cell[1] += ok
    counted = dict(responses.values_list(group).annotate(n=Count("id"))) if group \
        else {None: responses.count()}
    invitations = survey.invitations.filter(channel=Invitation.Channel.SAMPLE,
                                            sent_at__isnull=False)
    if agency_ids is not None:
        invitations = invitations.filter(agency_id__in=agency_ids)
    if field_ids is not None:
        invitations = invitations.filter(field_id__in=field_ids)
    sent = {row[0] if group else None: row[1:] for row in (
        invitations.values_list(group) if group else invitations.values_list("survey_id"))
        .annotate(n=Count("id"), done=Count("id", filter=Q(answered_on__isnull=False)))}
    fields_by_code = dict(Field.objects.values_list("code", "pk")) \
        if group == "field_id" or field_ids is not None else None
    out = {}
    for key in {*by_question, *counted, *sent, *keys} if group else {None}:
        scope_agencies = {key} if group == "agency_id" else agency_ids
        scope_fields = {key} if group == "field_id" else field_ids
        size = population(survey, scope_agencies, scope_fields, fields_by_code)
        invited, done = sent.get(key, (0, 0))
        out[key] = _summary(questions, factors, by_question.get(key, {}),
                            by_person.get(key, {}), size, survey.confidence,
                            counted.get(key, 0), invited, done)
    return out


def _summary(questions, factors, by_question, by_person, size, confidence, responses,
             sent, answered_sent):
    criteria, per_factor = [], defaultdict(list)
    for question in questions:
        answered, satisfied = by_question.get(question.pk, (0, 0))
        score = Decimal(satisfied) / answered if answered else None
        criteria.append({"number": question.number, "text": question.text,
                         "factor": question.factor.number if question.factor else None,
                         "answered": answered, "satisfied": satisfied, "score": _q(score),
                         "margin": _margin(sampling.share_margin(float(score), answered, size,
                                                                 confidence))
                         if score is not None else None})
        if score is not None and question.factor_id:
            per_factor[question.factor_id].append(score)
    weights = {f.pk: Decimal(f.weight) for f in factors}
    factor_rows, weighted, weight_sum = [], Decimal(0), Decimal(0)
    person_scores = defaultdict(list)  # factor id: [each respondent's share]
    for cells in by_person.values():
        for factor_id, (answered, satisfied) in cells.items():
            person_scores[factor_id].append(satisfied / answered)
    for factor in factors:
        scores = per_factor.get(factor.pk, [])
        value = sum(scores) / len(scores) if scores else None
        factor_rows.append({"number": factor.number, "name": factor.name, "score": _q(value),
                            "answers": len(person_scores.get(factor.pk, [])),
                            "margin": _margin(sampling.mean_margin(
                                person_scores.get(factor.pk, []), size, confidence))})
        if value is not None:
            weighted += value * weights[factor.pk]
            weight_sum += weights[factor.pk]
    sipas = weighted / weight_sum if weight_sum else None
    people = []
    for cells in by_person.values():
        total = sum(weights[f] * Decimal(s) / a for f, (a, s) in cells.items() if f in weights)
        people.append(float(total / sum(weights[f] for f in cells if f in weights)))
    return {"responses": responses, "respondents": len(people), "population": size,
            "invited": sent, "answered_invitations": answered_sent,
            "response_rate": _q(Decimal(answered_sent) / sent) if sent else None,
            "criteria": criteria, "factors": factor_rows, "sipas": _q(sipas),
            "margin": _margin(sampling.mean_margin(people, size, confidence)),
            "confidence": confidence}

def expectations(survey, agency_ids=None, comments=50):
    """What people wish for: per expectation question, each choice with how many picked it,
    most first; and the latest free-text comments (their day only, never who)."""
    answers = Answer.objects.filter(response__survey=survey)
    if agency_ids is not None:
        answers = answers.filter(response__agency_id__in=agency_ids)
    out = []
    for question in survey.questionnaire.questions.filter(kind=Question.Kind.CHOICE) \
            .order_by("number"):
        counts = {option: 0 for option in question.options}
        for picked in answers.filter(question=question).values_list("choices", flat=True):
            for option in picked:
                counts[option] = counts.get(option, 0) + 1
        out.append({"question": question.text,
                    "choices": sorted(counts.items(), key=lambda kv: -kv[1])})
    texts = list(answers.filter(question__kind=Question.Kind.TEXT).exclude(text="")
                 .order_by("-response__answered_on").values_list("text", flat=True)[:comments])
    return {"expectations": out, "comments": texts}
