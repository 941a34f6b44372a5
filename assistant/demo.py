"""The demo's FAQs: what people ask at the counters that the catalog's own text does not say
in so many words."""

from assistant.models import Faq
from catalog.models import Procedure

FAQS = [
    ("Có được nhận kết quả qua bưu điện không?",
     "Có. Khi nộp hồ sơ, chọn nhận kết quả qua dịch vụ bưu chính công ích; cước chuyển phát "
     "do người nhận trả theo bảng giá của Bưu điện.", None),
    ("Nộp hồ sơ khai sinh cho con có phải mang giấy chứng sinh bản chính không?",
     "Có. Giấy chứng sinh do cơ sở y tế cấp nộp bản chính; nếu không có giấy chứng sinh thì "
     "nộp văn bản của người làm chứng xác nhận về việc sinh.", "1.001193"),
    ("Bộ phận Một cửa phường làm việc vào những giờ nào?",
     "Từ thứ Hai đến thứ Sáu, sáng từ 7 giờ 30 đến 11 giờ 30, chiều từ 13 giờ 30 đến 17 giờ; "
     "sáng thứ Bảy tiếp nhận một số thủ tục hộ tịch, chứng thực theo lịch của từng phường.",
     None),
]


def populate():
    made = 0
    for question, answer, code in FAQS:
        _faq, new = Faq.objects.get_or_create(question=question, defaults={
            "answer": answer,
            "procedure": Procedure.objects.filter(code=code).first() if code else None})
        made += new
    return made
