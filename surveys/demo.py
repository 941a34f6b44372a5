"""The SIPAS questionnaire on the shape of Decision 1001/QĐ-BNV (five factors, criteria on the
5-level scale, expectations, free text). The wording follows the decision's questionnaire in
substance; the exact criteria are to verify against its annex, and the office edits them."""

from surveys.models import Factor, Question, Questionnaire

FACTORS = [
    ("Tiếp cận dịch vụ hành chính công", [
        "Nơi ngồi chờ tại Bộ phận Một cửa có đủ chỗ ngồi",
        "Trang thiết bị phục vụ người dân, tổ chức đầy đủ, hiện đại, dễ sử dụng",
        "Dễ dàng tìm hiểu thông tin về thủ tục hành chính, dịch vụ công trực tuyến",
    ]),
    ("Thủ tục hành chính", [
        "Thủ tục hành chính được niêm yết, công khai đầy đủ, chính xác",
        "Thành phần hồ sơ, phí, lệ phí phải nộp đúng như đã công khai",
        "Thời hạn giải quyết đúng như đã công khai",
    ]),
    ("Công chức trực tiếp giải quyết công việc", [
        "Công chức có thái độ giao tiếp lịch sự, chú ý lắng nghe ý kiến",
        "Công chức trả lời, giải thích đầy đủ các ý kiến của người dân, tổ chức",
        "Công chức hướng dẫn kê khai hồ sơ tận tình, dễ hiểu",
        "Công chức tuân thủ đúng quy định trong giải quyết công việc",
    ]),
    ("Kết quả giải quyết thủ tục hành chính", [
        "Kết quả đúng quy định, thông tin trên kết quả đầy đủ, chính xác",
        "Nhận được kết quả đúng hẹn",
    ]),
    ("Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", [
        "Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị",
        "Góp ý, phản ánh, kiến nghị được tiếp nhận, xử lý tích cực và thông báo kết quả kịp "
        "thời",
    ]),
]

EXPECTATIONS = [
    "Mở rộng hình thức thông tin để người dân dễ tiếp cận dịch vụ",
    "Cải thiện cơ sở vật chất, trang thiết bị tại Bộ phận Một cửa",
    "Tiếp tục đơn giản hóa thủ tục hành chính",
    "Nâng cao thái độ, tinh thần phục vụ của công chức",
    "Nâng cao năng lực giải quyết công việc của công chức",
    "Rút ngắn thời gian giải quyết hồ sơ",
    "Tăng cường tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
]


def build(name="Phiếu khảo sát sự hài lòng của người dân, tổ chức (SIPAS)"):
    questionnaire = Questionnaire.objects.create(
        name=name, source="Quyết định số 1001/QĐ-BNV ngày 11/12/2023 của Bộ Nội vụ",
        satisfied_from=4)
    number = 0
    for f, (factor_name, criteria) in enumerate(FACTORS, start=1):
        factor = Factor.objects.create(questionnaire=questionnaire, number=f, name=factor_name)
        for text in criteria:
            number += 1
            Question.objects.create(questionnaire=questionnaire, factor=factor, number=number,
                                    text=text, kind=Question.Kind.SCALE)
    Question.objects.create(questionnaire=questionnaire, number=number + 1,
                            text="Ông/Bà mong muốn cơ quan hành chính cải thiện những nội "
                                 "dung nào?", kind=Question.Kind.CHOICE, options=EXPECTATIONS)
    Question.objects.create(questionnaire=questionnaire, number=number + 2,
                            text="Ý kiến khác của Ông/Bà (nếu có)", kind=Question.Kind.TEXT)
    return questionnaire


def ensure():
    return Questionnaire.objects.first() or build()


def populate(today=None):
    """Last quarter's round, through the real steps: the sample drawn from the demo's finished
    dossiers, the invitations sent, about two in three answered (mostly satisfied, as in
    Hải Phòng's 90.59 % of 2024), the round closed. Nothing when it exists already."""
    import datetime as dt
    import random

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from surveys import actions
    from surveys.models import Invitation, Survey

    today = today or timezone.localdate()
    office = get_user_model().objects.filter(username="lanhdao.snv").first()
    quarter = (today.month - 1) // 3  # the quarter before this one, 0-based
    year = today.year if quarter else today.year - 1
    quarter = quarter or 4
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1))
    name = f"Khảo sát sự hài lòng quý {['I', 'II', 'III', 'IV'][quarter - 1]}/{year}"
    if office is None or Survey.objects.filter(name=name).exists():
        return None
    questionnaire = ensure()
    survey = actions.do_create_round(actions.check_round(office, {
        "questionnaire": questionnaire.pk, "name": name, "start": start, "end": end,
        "margin": "0.15", "confidence": "95"}, today=today), office, seed=year * 10 + quarter)
    if not survey.invitations.exists():
        return survey
    tz = timezone.get_default_timezone()
    actions.do_open(survey, office, now=dt.datetime.combine(end + dt.timedelta(days=3),
                                                            dt.time(8), tz))
    rng = random.Random(survey.seed)
    scale = [q for q in questionnaire.questions.all() if q.kind == "scale"]
    choice = questionnaire.questions.filter(kind="choice").first()
    text = questionnaire.questions.filter(kind="text").first()
    comments = ["Cán bộ hướng dẫn tận tình, dễ hiểu.", "Mong rút ngắn thời gian chờ tại quầy.",
                "Nên bổ sung chỗ để xe cho người đến nộp hồ sơ.",
                "Thủ tục trực tuyến thuận tiện, không phải đi lại nhiều."]
    for invitation in survey.invitations.filter(channel=Invitation.Channel.SAMPLE) \
            .select_related("dossier__procedure").order_by("id"):
        if rng.random() > 0.65:
            continue  # about a third never answer
        token = actions.do_invite(invitation.dossier, Invitation.Channel.KIOSK)
        data = {f"q{q.number}": str(rng.choices([5, 4, 3, 2, 1], [45, 42, 8, 4, 1])[0])
                for q in scale}
        if choice is not None and rng.random() < 0.5:
            data[f"q{choice.number}"] = rng.sample(choice.options, rng.choice([1, 2]))
        if text is not None and rng.random() < 0.2:
            data[f"q{text.number}"] = rng.choice(comments)
        actions.do_answer(token, actions.check_answers(questionnaire, data),
                          today=min(end + dt.timedelta(days=rng.randint(3, 20)), today))
    actions.do_close(survey, office, now=min(
        dt.datetime.combine(end + dt.timedelta(days=25), dt.time(17), tz), timezone.now()))
    return survey
