"""The demo's reform index frameworks for departments and communes, on the shape of DOMAIN.md
§8 (the fields of Decision 876/QĐ-BNV; a survey share as in Hà Nội's department index). The
points, rules and targets are to verify against Hải Phòng's yearly decision on its reform
index: they are configuration, edited by the Department of Home Affairs."""

from reform.models import Area, Criterion, Framework, SubCriterion

M, R = SubCriterion.Method, SubCriterion.Rule

PLAN = "Kế hoạch, báo cáo cải cách hành chính (bản scan có chữ ký, đóng dấu)"

# (area, [(criterion, [(sub-criterion, points, method, rule, options)])])
COMMON = [
    ("Công tác chỉ đạo, điều hành cải cách hành chính", [
        ("Kế hoạch cải cách hành chính năm", [
            ("Ban hành kế hoạch cải cách hành chính năm đúng thời hạn", 2, M.SELF,
             R.FULL_OR_NONE, {"evidence": PLAN, "evidence_min": 1}),
            ("Mức độ hoàn thành kế hoạch cải cách hành chính", 3, M.SELF, R.PROPORTIONAL,
             {"evidence": PLAN, "evidence_min": 1}),
        ]),
        ("Thực hiện nhiệm vụ Ủy ban nhân dân thành phố giao", [
            ("Nhiệm vụ hoàn thành đúng hạn", 8, M.AUTO, R.PROPORTIONAL, {"measure": "tasks"}),
        ]),
        ("Tuyên truyền cải cách hành chính", [
            ("Có kế hoạch và triển khai tuyên truyền cải cách hành chính", 2, M.SELF,
             R.FULL_OR_NONE, {"evidence": "Kế hoạch tuyên truyền, hình ảnh, bài viết",
                              "evidence_min": 1}),
        ]),
    ]),
    ("Cải cách thể chế", [
        ("Xây dựng và tổ chức thi hành văn bản quy phạm pháp luật", [
            ("Tham mưu ban hành văn bản đúng tiến độ", 4, M.SELF, R.PROPORTIONAL,
             {"evidence": "Danh mục văn bản được giao, văn bản đã ban hành", "evidence_min": 1}),
            ("Rà soát, kiểm tra văn bản theo kế hoạch", 3, M.SELF, R.FULL_OR_NONE,
             {"evidence": "Báo cáo kết quả rà soát", "evidence_min": 1}),
        ]),
    ]),
    ("Cải cách thủ tục hành chính", [
        ("Công bố, công khai thủ tục hành chính", [
            ("Thủ tục được công bố đúng hạn", 2, M.AUTO, R.PROPORTIONAL, {"measure": "766:1.1"}),
            ("Thủ tục công khai đầy đủ các bộ phận", 2, M.AUTO, R.PROPORTIONAL,
             {"measure": "766:1.3"}),
        ]),
        ("Kết quả giải quyết thủ tục hành chính", [
            ("Hồ sơ giải quyết trước hạn, đúng hạn", 6, M.AUTO, R.BANDS,
             {"measure": "766:2.1", "bands": [[98, 6], [95, 4.5], [90, 3], [80, 1.5]]}),
            ("Xin lỗi người dân khi hồ sơ trễ hạn", 1, M.SELF, R.FULL_OR_NONE,
             {"evidence": "Phiếu xin lỗi và hẹn lại ngày trả kết quả"}),
        ]),
        ("Dịch vụ công trực tuyến và thanh toán trực tuyến", [
            ("Hồ sơ trực tuyến toàn trình", 4, M.AUTO, R.PROPORTIONAL,
             {"measure": "766:3.1", "target": 80}),
            ("Hồ sơ thanh toán trực tuyến", 2, M.AUTO, R.PROPORTIONAL,
             {"measure": "766:3.6", "target": 80}),
        ]),
        ("Số hóa hồ sơ, kết quả giải quyết", [
            ("Hồ sơ được số hóa", 3, M.AUTO, R.PROPORTIONAL, {"measure": "766:4.2", "target": 80}),
        ]),
        ("Tiếp nhận, xử lý phản ánh, kiến nghị", [
            ("Phản ánh, kiến nghị xử lý đúng hạn", 2, M.AUTO, R.FULL_OR_NONE,
             {"measure": "766:5.2"}),
        ]),
    ]),
    ("Cải cách tổ chức bộ máy", [
        ("Sắp xếp tổ chức bộ máy", [
            ("Thực hiện quy định về cơ cấu tổ chức, vị trí việc làm", 5, M.SELF, R.FULL_OR_NONE,
             {"evidence": "Quyết định phê duyệt vị trí việc làm", "evidence_min": 1}),
        ]),
    ]),
    ("Cải cách chế độ công vụ", [
        ("Kỷ luật, kỷ cương hành chính", [
            ("Cán bộ, công chức bị kỷ luật trong năm (trừ 1 điểm mỗi trường hợp)", 3, M.SELF,
             R.DEDUCTIONS, {"deduction": 1}),
            ("Đánh giá, xếp loại công chức theo kết quả công việc", 4, M.SELF, R.FULL_OR_NONE,
             {"evidence": "Kết quả đánh giá, xếp loại", "evidence_min": 1}),
        ]),
    ]),
    ("Cải cách tài chính công", [
        ("Quản lý, sử dụng ngân sách", [
            ("Giải ngân vốn đầu tư công đạt kế hoạch", 5, M.SELF, R.PROPORTIONAL,
             {"evidence": "Báo cáo giải ngân", "evidence_min": 1}),
        ]),
    ]),
    ("Xây dựng, phát triển Chính phủ điện tử, Chính phủ số", [
        ("Ứng dụng công nghệ thông tin", [
            ("Văn bản đi được ký số và gửi trên hệ thống quản lý văn bản", 5, M.SELF,
             R.PROPORTIONAL, {"evidence": "Thống kê của hệ thống quản lý văn bản",
                              "evidence_min": 1}),
            ("Tỷ lệ phản ánh, kiến nghị nhận qua kênh trực tuyến", 4, M.SELF, R.PROPORTIONAL,
             {}),
        ]),
    ]),
]


def _survey(points):
    return ("Đo lường sự hài lòng của người dân, tổ chức", [
        ("Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)", [
            ("Mức độ hài lòng của người dân, tổ chức đối với đơn vị", points, M.SURVEY,
             R.PROPORTIONAL, {}),
        ]),
    ])


# Departments: appraised 70, survey 30 (Hà Nội's department index gives the survey 30/100).
DEPARTMENT = [*COMMON, _survey(30)]
# Communes: the same fields, the tasks and the procedures weigh more, the survey 25.
COMMUNE = [*COMMON[:-1], ("Xây dựng, phát triển Chính phủ điện tử, Chính phủ số", [
    ("Ứng dụng công nghệ thông tin", [
        ("Văn bản đi được ký số và gửi trên hệ thống quản lý văn bản", 6, M.SELF,
         R.PROPORTIONAL, {"evidence": "Thống kê của hệ thống quản lý văn bản",
                          "evidence_min": 1}),
        ("Tỷ lệ phản ánh, kiến nghị nhận qua kênh trực tuyến", 3, M.SELF, R.PROPORTIONAL, {}),
        ("Phổ biến dịch vụ công trực tuyến tại bộ phận một cửa", 5, M.SELF, R.FULL_OR_NONE,
         {"evidence": "Hình ảnh, danh sách người được hướng dẫn"}),
    ]),
]), _survey(25)]

NAMES = {Framework.UnitType.DEPARTMENT: "Bộ chỉ số cải cách hành chính các sở, ban, ngành",
         Framework.UnitType.COMMUNE: "Bộ chỉ số cải cách hành chính các xã, phường, đặc khu"}


def build(year, unit_type):
    """The demo framework of `year` for departments or communes."""
    framework = Framework.objects.create(
        year=year, unit_type=unit_type, name=f"{NAMES[unit_type]} năm {year}",
        source="Mẫu của bản demo, điểm số cần đối chiếu quyết định của UBND thành phố")
    layout = DEPARTMENT if unit_type == Framework.UnitType.DEPARTMENT else COMMUNE
    for a, (area_name, criteria) in enumerate(layout, start=1):
        area = Area.objects.create(framework=framework, number=a, name=area_name)
        for c, (criterion_name, subs) in enumerate(criteria, start=1):
            criterion = Criterion.objects.create(area=area, number=c, name=criterion_name)
            SubCriterion.objects.bulk_create(
                SubCriterion(criterion=criterion, number=s, name=name, max_points=points,
                             method=method, rule=rule, **options)
                for s, (name, points, method, rule, options) in enumerate(subs, start=1))
    return framework


def ensure(year):
    """Last year's demo frameworks and this year's, copied from them, unless there already."""
    from reform.actions import copy_framework

    for unit_type in Framework.UnitType.values:
        last = Framework.objects.filter(year=year - 1, unit_type=unit_type).first() \
            or build(year - 1, unit_type)
        if not Framework.objects.filter(year=year, unit_type=unit_type).exists():
            copy_framework(last, year)
