"""How questions.jsonl was made (kept so the set can be extended the same way): the names
people give each procedure, crossed with the ways they ask for each part, then written as
people type them: a share without diacritics, a share with a typo, informal endings. The
refusals and the status questions are written out by hand below. Deterministic (seeded)."""

import json
import random
import unicodedata
from pathlib import Path

SUBJECTS = {
    "1.001193": ["làm giấy khai sinh cho con", "đăng ký khai sinh cho bé", "khai sinh cho con mới sinh"],
    "1.000894": ["đăng ký kết hôn", "làm giấy đăng ký kết hôn", "đăng kí kết hôn"],
    "1.000656": ["đăng ký khai tử", "làm giấy chứng tử cho bố", "khai tử cho người mất"],
    "1.004873": ["xin giấy xác nhận độc thân", "xác nhận tình trạng hôn nhân", "xin giấy xác nhận tình trạng hôn nhân"],
    "1.004884": ["đăng ký lại khai sinh", "làm lại giấy khai sinh bị mất gốc"],
    "2.000635": ["xin trích lục hộ tịch", "xin bản sao trích lục khai sinh"],
    "1.004859": ["cải chính hộ tịch", "sửa sai thông tin trong giấy khai sinh"],
    "1.003005": ["nhận con nuôi", "đăng ký nuôi con nuôi trong nước"],
    "1.001022": ["đăng ký nhận cha con", "làm thủ tục nhận con"],
    "1.004194": ["đăng ký thường trú", "nhập hộ khẩu", "chuyển hộ khẩu về nhà mới"],
    "1.004222": ["đăng ký tạm trú", "đăng ký tạm trú cho người thuê trọ", "khai tạm trú"],
    "1.004217": ["khai báo tạm vắng", "báo tạm vắng"],
    "1.004228": ["thông báo lưu trú", "báo lưu trú cho khách"],
    "1.009974": ["xin giấy phép xây dựng nhà ở", "xin phép xây nhà", "cấp giấy phép xây dựng nhà ở riêng lẻ"],
    "1.009975": ["xin phép sửa chữa cải tạo nhà", "xin phép sửa nhà"],
    "1.009976": ["gia hạn giấy phép xây dựng", "xin gia hạn giấy phép xây dựng đã hết hạn"],
    "1.012753.H26": ["sang tên sổ đỏ", "sang tên sổ hồng", "chuyển nhượng đất"],
    "1.012754.H26": ["làm sổ đỏ lần đầu", "cấp sổ đỏ lần đầu"],
    "1.012760.H26": ["cấp đổi sổ đỏ", "đổi sổ đỏ cũ sang mẫu mới"],
    "2.000815": ["chứng thực bản sao", "công chứng bản sao", "sao y bản chính giấy tờ"],
    "2.000884": ["chứng thực chữ ký", "chứng thực chữ kí trên giấy tờ"],
    "2.001035": ["chứng thực hợp đồng mua bán đất", "chứng thực hợp đồng tặng cho nhà"],
    "2.000488": ["xin lý lịch tư pháp", "làm phiếu lý lịch tư pháp", "xin lý lịch tư pháp số 1"],
    "1.002804": ["cấp lại bằng lái xe bị mất", "mất bằng lái xe", "làm lại giấy phép lái xe bị mất"],
    "1.002809": ["đổi bằng lái xe", "đổi giấy phép lái xe", "đổi gplx"],
    "1.001978": ["hưởng trợ cấp thất nghiệp", "nhận bảo hiểm thất nghiệp", "làm trợ cấp thất nghiệp"],
    "1.001776": ["xin trợ cấp người cao tuổi", "hưởng trợ cấp xã hội hàng tháng", "xin trợ cấp cho người khuyết tật"],
    "1.001699": ["xác nhận mức độ khuyết tật", "cấp giấy xác nhận khuyết tật"],
    "1.001731": ["hỗ trợ mai táng phí cho người bảo trợ xã hội", "hỗ trợ chi phí mai táng"],
    "2.002621": ["làm thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi", "cấp thẻ bhyt cho bé"],
    "LT.001.H26": ["làm liên thông khai sinh, thường trú, bảo hiểm y tế", "làm khai sinh, thường trú và thẻ bảo hiểm y tế cùng lúc"],
    "1.005092": ["xin bản sao bằng tốt nghiệp", "cấp bản sao văn bằng từ sổ gốc"],
    "1.005097": ["chuyển trường cho con học cấp 2", "chuyển trường trung học cơ sở"],
    "1.004545": ["mở trường mầm non tư thục", "thành lập nhà trẻ tư thục"],
    "1.001809": ["đăng ký tổ chức lễ hội", "xin tổ chức lễ hội"],
}
BUSINESS = {
    "2.001610": ["thành lập công ty TNHH một thành viên", "mở công ty trách nhiệm hữu hạn 1 thành viên", "đăng ký doanh nghiệp TNHH một thành viên"],
    "2.002037": ["thành lập công ty cổ phần", "mở công ty cổ phần"],
    "2.002045": ["thay đổi nội dung đăng ký doanh nghiệp", "đổi địa chỉ trụ sở công ty"],
    "2.002052": ["tạm ngừng kinh doanh", "thông báo tạm dừng kinh doanh của công ty"],
    "2.000720": ["đăng ký hộ kinh doanh", "mở hộ kinh doanh cá thể", "làm giấy phép kinh doanh hộ cá thể"],
    "2.000575": ["thay đổi nội dung đăng ký hộ kinh doanh", "đổi ngành nghề hộ kinh doanh"],
    "2.000633": ["xin giấy phép bán lẻ rượu", "xin giấy phép bán rượu"],
    "1.001029": ["xin giấy phép kinh doanh karaoke", "mở quán karaoke"],
    "1.002425": ["xin giấy chứng nhận an toàn thực phẩm cho quán ăn", "mở quán ăn cần giấy an toàn thực phẩm"],
    "1.004590": ["mở nhà thuốc", "xin giấy chứng nhận đủ điều kiện kinh doanh dược cho nhà thuốc"],
    "1.004616": ["cấp chứng chỉ hành nghề dược", "xin chứng chỉ hành nghề dược"],
    "1.003617": ["xin giấy phép hoạt động phòng khám chuyên khoa", "mở phòng khám chuyên khoa"],
    "1.000105": ["xin giấy phép lao động cho người nước ngoài", "làm work permit cho chuyên gia nước ngoài"],
    "1.000459": ["đăng ký nội quy lao động", "đăng ký nội quy lao động của công ty"],
    "2.000190": ["cấp giấy chứng nhận cửa hàng bán lẻ xăng dầu", "mở cây xăng"],
    "1.010728": ["xin giấy phép môi trường", "cấp giấy phép môi trường cho nhà máy"],
    "1.010727": ["đăng ký môi trường", "đăng ký môi trường cho xưởng sản xuất"],
    "1.001777": ["xin giấy phép lưu hành xe quá tải", "xin giấy phép cho xe quá khổ chạy trên đường"],
    "1.009980": ["xin chứng chỉ hành nghề xây dựng hạng III", "cấp chứng chỉ hành nghề hoạt động xây dựng"],
    "1.012790.H26": ["thuê đất cho doanh nghiệp không qua đấu giá", "giao đất cho tổ chức"],
}
PARTS = {
    "papers": ["{s} cần giấy tờ gì?", "{s} cần chuẩn bị những gì", "hồ sơ {s} gồm những gì ạ",
               "muốn {s} thì phải mang theo giấy tờ gì", "{s} nộp những giấy tờ nào vậy",
               "thủ tục {s} cần những loại giấy nào"],
    "time": ["{s} mất bao lâu?", "{s} bao lâu thì có kết quả", "{s} mấy ngày thì xong",
             "thời hạn giải quyết {s} là bao nhiêu ngày", "{s} trong bao lâu vậy ạ",
             "nộp hồ sơ {s} thì khi nào có kết quả"],
    "fee": ["{s} hết bao nhiêu tiền?", "lệ phí {s} là bao nhiêu", "{s} có mất phí không",
            "{s} tốn bao nhiêu tiền vậy", "phí {s} bao nhiêu ạ", "chi phí {s} là bao nhiêu"],
    "where": ["{s} nộp ở đâu?", "{s} thì đến cơ quan nào", "{s} làm ở đâu vậy",
              "nộp hồ sơ {s} tại đâu", "cơ quan nào giải quyết {s}"],
    "online": ["{s} có làm online được không", "{s} nộp trực tuyến được không",
               "có thể {s} qua mạng không ạ", "{s} có nộp qua dịch vụ công được không"],
    "legal": ["căn cứ pháp lý của {s} là gì", "{s} theo nghị định nào",
              "{s} được quy định ở văn bản nào", "luật nào quy định {s}"],
    "steps": ["thủ tục {s} như thế nào", "các bước {s}", "hướng dẫn {s}",
              "{s} thì làm thế nào", "quy trình {s} ra sao"],
}
REFUSALS = [
    "Giá vàng hôm nay bao nhiêu?", "thời tiết Hải Phòng ngày mai thế nào", "Tỷ giá đô la hôm nay",
    "Chủ tịch UBND thành phố tên là gì?", "Kết quả xổ số miền Bắc hôm qua", "quán phở nào ngon ở Lê Chân",
    "cách nấu bánh đa cua Hải Phòng", "Đội bóng Hải Phòng đá trận tiếp theo khi nào",
    "giá nhà ở Hồng Bàng bao nhiêu một mét vuông", "Làm sao để giảm cân nhanh",
    "tôi muốn vay tiền ngân hàng lãi suất thấp", "lịch chiếu phim rạp CGV Aeon Mall",
    "xe buýt số 2 chạy mấy giờ", "thủ đô của nước Pháp là gì", "Có nên mua bitcoin không",
    "học tiếng Anh ở trung tâm nào tốt", "điểm chuẩn đại học Hàng Hải năm nay",
    "số điện thoại riêng của giám đốc sở", "Tôi bị đau bụng nên uống thuốc gì",
    "viết giúp tôi một bài thơ về biển", "gia vang hom nay", "thoi tiet ngay mai co mua khong",
    "ai là người giàu nhất Việt Nam", "cách sửa máy giặt bị kêu", "mua vé máy bay đi Đà Nẵng",
    "nhà hàng hải sản Đồ Sơn nào ngon", "cho tôi xin số tài khoản để chuyển tiền",
    "bao giờ thì được tăng lương cơ sở", "lịch nghỉ Tết Nguyên đán của học sinh",
    "kết quả bóng đá ngoại hạng Anh", "cach lam banh mi que", "tư vấn mua xe máy cũ",
    "vé tham quan đảo Cát Bà bao nhiêu tiền", "dự báo giá xăng tuần tới",
    "Tôi muốn kiện hàng xóm thì thuê luật sư nào", "phim hoạt hình hay cho trẻ em",
    "mật khẩu wifi của ủy ban là gì", "ngày mai có mất điện ở Kiến An không",
    "chơi game gì vui", "công thức tính diện tích hình tròn",
]
STATUS = [
    ("Hồ sơ 001.11311.00.H26-261207-0003 của tôi đến đâu rồi, sđt đuôi 2586", "status"),
    ("tra cứu hồ sơ 001.11311.00.H26-261207-0001 số điện thoại 8034", "status"),
    ("hồ sơ của tôi đang xử lý đến đâu", "status"),
    ("tinh trang ho so 000.00.03.H26-261130-0012 dt 4421", "status"),
    ("kiểm tra giúp hồ sơ 001.11383.00.H26-261201-0005, 4 số cuối 7788", "status"),
    ("bao giờ có kết quả của tôi, mã 001.11311.00.H26-261205-0002", "status"),
    ("hồ sơ 001.11311.00.H26-261202-0004 đã có kết quả chưa, đuôi điện thoại 1234", "status"),
    ("tôi muốn tra cứu hồ sơ", "status"),
    ("Ho so cua toi den dau roi", "status"),
    ("xem tình trạng hồ sơ 000.00.31.H26-261203-0007 sdt 0912", "status"),
]


def strip_marks(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c))


def typo(text, rng):
    """One slip of the finger in a word of four letters or more: a letter dropped or two
    swapped."""
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    words[i] = w[:j] + w[j + 1:] if rng.random() < 0.5 else w[:j - 1] + w[j] + w[j - 1] + w[j + 1:]
    return " ".join(words)


def main():
    rng = random.Random(2026)
    rows = []
    for group, subjects in (("citizen", SUBJECTS), ("business", BUSINESS)):
        for code, names in subjects.items():
            parts = rng.sample(sorted(PARTS), 5)
            for part in parts:
                name = rng.choice(names)
                q = rng.choice(PARTS[part]).format(s=name)
                q = q[0].upper() + q[1:] if rng.random() < 0.5 else q
                style = rng.random()
                if style < 0.3:
                    q, kind = strip_marks(q).lower(), "no-diacritics"
                elif style < 0.42:
                    q, kind = typo(q, rng), "typo"
                else:
                    kind = "plain"
                rows.append({"q": q, "procedure": code, "part": part, "group": group,
                             "style": kind})
    for q in REFUSALS:
        rows.append({"q": q, "procedure": None, "part": "unknown", "group": "refusal",
                     "style": "plain"})
    for q, part in STATUS:
        rows.append({"q": q, "procedure": None, "part": part, "group": "status",
                     "style": "plain"})
    out = Path(__file__).with_name("questions.jsonl")
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    print(len(rows), "questions")


if __name__ == "__main__":
    main()
