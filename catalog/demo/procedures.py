"""About sixty procedures as Hải Phòng publishes them, in fourteen fields.

Written from public knowledge of these procedures (names, papers, time limits, fees as the
national catalog and the city's portal describe them); codes follow the national catalog's form.
This is demo data: a deployment imports its own catalog with `import_procedures`.
"""

from catalog.demo.builders import ask, comp, fee, law
from catalog.demo.builders import procedure as P

CSDLDC = "Cơ sở dữ liệu quốc gia về dân cư"
CSDLHT = "Cơ sở dữ liệu hộ tịch điện tử"
CSDLDN = "Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp"
CSDLDD = "Cơ sở dữ liệu quốc gia về đất đai"

FIELDS = [
    ("HT", "Hộ tịch"), ("CT", "Đăng ký, quản lý cư trú"), ("CTH", "Chứng thực"),
    ("DD", "Đất đai"), ("XD", "Hoạt động xây dựng"), ("DN", "Thành lập và hoạt động doanh nghiệp"),
    ("HKD", "Thành lập và hoạt động của hộ kinh doanh"), ("DB", "Đường bộ"),
    ("GD", "Giáo dục và Đào tạo"), ("YT", "Khám bệnh, chữa bệnh"), ("DUOC", "Dược phẩm"),
    ("ATTP", "An toàn thực phẩm"), ("LD", "Việc làm, lao động"), ("LLTP", "Lý lịch tư pháp"), ("CC", "Công chứng"),
    ("BTXH", "Bảo trợ xã hội"), ("NCC", "Người có công"), ("MT", "Môi trường"),
    ("VH", "Văn hóa"), ("LT", "Liên thông thủ tục hành chính"),
]

# Legal bases shared by several procedures.
HOTICH = [
    law("Luật số 60/2014/QH13", "Luật Hộ tịch", "2016-01-01", "2014-11-20"),
    law("Nghị định số 123/2015/NĐ-CP", "Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch", "2016-01-01"),
    law("Thông tư số 04/2020/TT-BTP", "Quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định 123/2015/NĐ-CP", "2020-07-16"),
]
CUTRU = [
    law("Luật số 68/2020/QH14", "Luật Cư trú", "2021-07-01", "2020-11-13"),
    law("Nghị định số 154/2024/NĐ-CP", "Quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú", "2025-01-10"),
    law("Thông tư số 55/2021/TT-BCA", "Quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú", "2021-07-01"),
    law("Thông tư số 75/2022/TT-BTC", "Quy định mức thu, chế độ thu, nộp, quản lý lệ phí đăng ký cư trú", "2023-01-01"),
]
CHUNGTHUC = [
    law("Nghị định số 23/2015/NĐ-CP", "Về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch", "2015-04-10"),
    law("Thông tư số 226/2016/TT-BTC", "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực", "2017-01-01"),
]
DATDAI = [
    law("Luật số 31/2024/QH15", "Luật Đất đai", "2024-08-01", "2024-01-18"),
    law("Nghị định số 101/2024/NĐ-CP", "Quy định về điều tra cơ bản đất đai; đăng ký, cấp Giấy chứng nhận", "2024-08-01"),
    law("Nghị định số 151/2025/NĐ-CP", "Quy định về phân định thẩm quyền của chính quyền địa phương 02 cấp trong lĩnh vực đất đai", "2025-07-01"),
]
XAYDUNG = [
    law("Luật số 50/2014/QH13", "Luật Xây dựng (sửa đổi, bổ sung bởi Luật số 62/2020/QH14)", "2015-01-01"),
    law("Nghị định số 175/2024/NĐ-CP", "Quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý hoạt động xây dựng", "2024-12-30"),
]
DOANHNGHIEP = [
    law("Luật số 59/2020/QH14", "Luật Doanh nghiệp", "2021-01-01"),
    law("Nghị định số 168/2025/NĐ-CP", "Về đăng ký doanh nghiệp", "2025-07-01"),
    law("Thông tư số 47/2019/TT-BTC", "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí cung cấp thông tin doanh nghiệp, lệ phí đăng ký doanh nghiệp", "2019-09-20"),
]
PHILEPHI_HP = law("Nghị quyết số 45/2019/NQ-HĐND", "Quy định mức thu, miễn, giảm, quản lý và sử dụng các loại phí, lệ phí thuộc thẩm quyền của Hội đồng nhân dân thành phố Hải Phòng", "2020-01-01")
BTXH = [
    law("Nghị định số 20/2021/NĐ-CP", "Quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội", "2021-07-01"),
    law("Nghị định số 76/2024/NĐ-CP", "Sửa đổi, bổ sung một số điều của Nghị định số 20/2021/NĐ-CP", "2024-07-01"),
]
GPLX = [
    law("Luật số 36/2024/QH15", "Luật Trật tự, an toàn giao thông đường bộ", "2025-01-01"),
    law("Thông tư số 35/2024/TT-BGTVT", "Quy định về đào tạo, sát hạch, cấp giấy phép lái xe", "2025-01-01"),
]
TOKHAI = "Tờ khai theo mẫu"

# Declared fields of the declaration forms (tờ khai), as the forms of Circular 04/2024/TT-BTP,
# Circular 55/2021/TT-BCA and Decree 175/2024/NĐ-CP ask them (abridged for the demo).
RELATIONS = ["Cha", "Mẹ", "Ông", "Bà", "Người thân thích khác"]
FORM_KHAI_SINH = [
    ask("child_name", "Họ, chữ đệm, tên của trẻ"),
    ask("child_birth_date", "Ngày, tháng, năm sinh của trẻ", "date"),
    ask("child_gender", "Giới tính của trẻ", "choice", choices=["Nam", "Nữ"]),
    ask("birth_place", "Nơi sinh", help_text="Tên cơ sở y tế, hoặc địa chỉ nơi trẻ được sinh ra."),
    ask("relation", "Quan hệ của người đi đăng ký với trẻ", "choice", choices=RELATIONS),
    ask("declarant_birth_date", "Ngày sinh của người đi đăng ký", "date", prefill="birth_date"),
    ask("commitment", "Tôi cam đoan nội dung khai trên đây là đúng sự thật và chịu trách nhiệm "
        "trước pháp luật về cam đoan của mình.", "yesno"),
]
FORM_THUONG_TRU = [
    ask("new_address", "Địa chỉ đề nghị đăng ký thường trú"),
    ask("previous_address", "Nơi thường trú trước đây", prefill="permanent_address"),
    ask("housing", "Chỗ ở hợp pháp thuộc trường hợp", "choice",
        choices=["Nhà thuộc quyền sở hữu của mình", "Được chủ hộ đồng ý cho nhập hộ khẩu",
                 "Thuê, mượn, ở nhờ"]),
    ask("household_head", "Họ tên chủ hộ (nếu nhập vào hộ đã có)", required=False),
]
FORM_GPXD = [
    ask("site_address", "Địa điểm xây dựng (số nhà, đường, thôn/tổ dân phố)"),
    ask("parcel", "Thửa đất số, tờ bản đồ số", help_text="Ví dụ: thửa 125, tờ bản đồ số 12."),
    ask("site_area", "Diện tích lô đất (m²)", "number"),
    ask("footprint", "Diện tích xây dựng tầng 1 (m²)", "number"),
    ask("floors", "Số tầng", "number"),
    ask("height", "Chiều cao công trình (m)", "number"),
    ask("designer", "Đơn vị hoặc người thiết kế", required=False),
]
FORM_HKD = [
    ask("business_name", "Tên hộ kinh doanh"),
    ask("business_address", "Địa chỉ trụ sở hộ kinh doanh"),
    ask("trade", "Ngành, nghề kinh doanh", "textarea"),
    ask("capital", "Vốn kinh doanh (đồng)", "number"),
    ask("workers", "Số lao động", "number", required=False),
]
FORM_HON_NHAN = [
    ask("purpose", "Mục đích sử dụng Giấy xác nhận tình trạng hôn nhân",
        help_text="Ví dụ: để đăng ký kết hôn với ông/bà ..., để vay vốn ngân hàng."),
    ask("marital_status", "Tình trạng hôn nhân hiện tại", "choice",
        choices=["Chưa đăng ký kết hôn với ai", "Đã ly hôn", "Người vợ/chồng đã chết",
                 "Đang có vợ/chồng"]),
    ask("residence", "Nơi cư trú", prefill="current_address"),
]

PROCEDURES = [
    # --- Hộ tịch (UBND cấp xã) ---
    P("1.001193", "Đăng ký khai sinh", "HT", "commune", 1, [
        comp("Tờ khai đăng ký khai sinh", template="Mẫu tờ khai đăng ký khai sinh (Thông tư 04/2024/TT-BTP)"),
        comp("Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận việc sinh"),
        comp("Giấy tờ tùy thân của người đi đăng ký", data=CSDLDC),
        comp("Giấy chứng nhận kết hôn của cha, mẹ", data=CSDLHT, required=False),
    ], legal=HOTICH, result="Giấy khai sinh (bản chính và bản điện tử); cấp số định danh cá nhân cho trẻ.",
       applicants="Cha, mẹ hoặc người thân thích của trẻ em", time_note="Ngay trong ngày tiếp nhận; trường hợp nhận hồ sơ sau 15 giờ mà không giải quyết được ngay thì trả kết quả trong ngày làm việc tiếp theo.",
       keywords="làm giấy khai sinh, khai sinh cho con", fees=[fee("Lệ phí đăng ký khai sinh đúng hạn", 0, note="Miễn lệ phí đăng ký khai sinh đúng hạn (Luật Hộ tịch, Điều 11)."), fee("Lệ phí đăng ký khai sinh quá hạn", 8000, basis="Nghị quyết 45/2019/NQ-HĐND")], form=FORM_KHAI_SINH),
    P("1.004884", "Đăng ký lại khai sinh", "HT", "commune", 5, [
        comp("Tờ khai đăng ký lại khai sinh", template="Mẫu tờ khai đăng ký lại khai sinh"),
        comp("Bản sao giấy khai sinh hoặc giấy tờ chứng minh nội dung khai sinh", originals=0, copies=1),
        comp("Văn bản cam đoan về việc đã đăng ký khai sinh nhưng không lưu giữ được bản chính"),
    ], legal=HOTICH, result="Giấy khai sinh (đăng ký lại).", fees=[fee("Lệ phí đăng ký lại khai sinh", 8000, basis="Nghị quyết 45/2019/NQ-HĐND")]),
    P("1.001695", "Đăng ký khai sinh có yếu tố nước ngoài", "HT", "commune", 3, [
        comp("Tờ khai đăng ký khai sinh", template="Mẫu tờ khai đăng ký khai sinh"),
        comp("Giấy chứng sinh"),
        comp("Văn bản thỏa thuận của cha, mẹ về việc chọn quốc tịch cho con", required=False),
        comp("Hộ chiếu hoặc giấy tờ có giá trị thay thế hộ chiếu của cha, mẹ là người nước ngoài", originals=0, copies=1),
    ], legal=HOTICH, result="Giấy khai sinh.", applicants="Cha, mẹ của trẻ em có yếu tố nước ngoài", fees=[fee("Lệ phí đăng ký khai sinh có yếu tố nước ngoài", 75000, basis="Nghị quyết 45/2019/NQ-HĐND")]),
    P("1.000894", "Đăng ký kết hôn", "HT", "commune", 1, [
        comp("Tờ khai đăng ký kết hôn", template="Mẫu tờ khai đăng ký kết hôn"),
        comp("Giấy tờ tùy thân của hai bên nam, nữ", data=CSDLDC),
        comp("Giấy xác nhận tình trạng hôn nhân (trường hợp đăng ký tại nơi không thường trú)", required=False, data=CSDLHT),
    ], legal=HOTICH, result="Giấy chứng nhận kết hôn (bản chính và bản điện tử).", applicants="Nam, nữ công dân Việt Nam đủ điều kiện kết hôn",
       requirements="Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; tự nguyện; không thuộc trường hợp cấm kết hôn (Luật Hôn nhân và gia đình 2014, Điều 8).",
       time_note="Ngay trong ngày; trường hợp cần xác minh thì không quá 05 ngày làm việc.", keywords="dang ky ket hon, giấy đăng ký kết hôn", fees=[fee("Lệ phí đăng ký kết hôn", 0, note="Miễn lệ phí đăng ký kết hôn cho công dân Việt Nam cư trú trong nước.")]),
    P("1.001022", "Đăng ký nhận cha, mẹ, con", "HT", "commune", 3, [
        comp("Tờ khai đăng ký nhận cha, mẹ, con", template="Mẫu tờ khai nhận cha, mẹ, con"),
        comp("Văn bản của cơ quan y tế, giám định xác nhận quan hệ cha con hoặc mẹ con, hoặc chứng cứ chứng minh quan hệ"),
    ], legal=HOTICH, result="Trích lục đăng ký nhận cha, mẹ, con.", fees=[fee("Lệ phí đăng ký nhận cha, mẹ, con", 15000, basis="Nghị quyết 45/2019/NQ-HĐND")]),
    P("1.000656", "Đăng ký khai tử", "HT", "commune", 1, [
        comp("Tờ khai đăng ký khai tử", template="Mẫu tờ khai đăng ký khai tử"),
        comp("Giấy báo tử hoặc giấy tờ thay thế giấy báo tử"),
    ], legal=HOTICH, result="Trích lục khai tử; xóa thông tin công dân trong Cơ sở dữ liệu quốc gia về dân cư.",
       applicants="Vợ, chồng, con, cha, mẹ hoặc người thân thích của người chết", fees=[fee("Lệ phí đăng ký khai tử đúng hạn", 0, note="Miễn lệ phí đăng ký khai tử đúng hạn.")]),
    P("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "HT", "commune", 3, [
        comp("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", template="Mẫu tờ khai xác nhận tình trạng hôn nhân"),
        comp("Giấy tờ chứng minh việc ly hôn hoặc người vợ/chồng đã chết (nếu có)", originals=0, copies=1, required=False),
    ], legal=HOTICH, result="Giấy xác nhận tình trạng hôn nhân.", keywords="xác nhận độc thân", fees=[fee("Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", 15000, basis="Nghị quyết 45/2019/NQ-HĐND")], form=FORM_HON_NHAN),
    P("1.004859", "Thay đổi, cải chính, bổ sung thông tin hộ tịch", "HT", "commune", 3, [
        comp("Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", template="Mẫu tờ khai"),
        comp("Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung", originals=0, copies=1),
    ], legal=HOTICH, result="Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch.", time_note="Trường hợp cần xác minh thì kéo dài không quá 03 ngày làm việc.", fees=[fee("Lệ phí thay đổi, cải chính hộ tịch", 15000, basis="Nghị quyết 45/2019/NQ-HĐND")]),
    P("2.000635", "Cấp bản sao trích lục hộ tịch", "HT", "commune", 1, [
        comp("Tờ khai cấp bản sao trích lục hộ tịch", template="Mẫu tờ khai cấp bản sao trích lục"),
    ], legal=HOTICH, result="Bản sao trích lục hộ tịch (giấy hoặc điện tử).", time_note="Ngay trong ngày tiếp nhận yêu cầu.",
       fees=[fee("Phí cấp bản sao trích lục hộ tịch", 8000, kind="fee", basis="Thông tư 281/2016/TT-BTC", note="Bản sao điện tử: 4.000 đồng/bản.")]),
    P("1.000689", "Đăng ký giám hộ", "HT", "commune", 3, [
        comp("Tờ khai đăng ký giám hộ", template="Mẫu tờ khai đăng ký giám hộ"),
        comp("Văn bản cử người giám hộ theo quy định của Bộ luật Dân sự"),
    ], legal=HOTICH, result="Trích lục đăng ký giám hộ.", fees=[fee("Lệ phí đăng ký giám hộ", 0, note="Miễn lệ phí.")]),
    # --- Cư trú (Công an cấp xã) ---
    P("1.004194", "Đăng ký thường trú", "CT", "commune", 7, [
        comp("Tờ khai thay đổi thông tin cư trú (CT01)", template="Mẫu CT01"),
        comp("Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", originals=0, copies=1, data=CSDLDD, note="Không phải nộp nếu thông tin đã có trong cơ sở dữ liệu."),
        comp("Giấy tờ chứng minh quan hệ nhân thân (trường hợp nhập hộ khẩu về ở với người thân)", required=False, data=CSDLDC),
    ], legal=CUTRU, result="Thông báo kết quả đăng ký thường trú; thông tin được cập nhật vào Cơ sở dữ liệu về cư trú.",
       implementing="Công an cấp xã", performer="Công an cấp xã", agency="CA",
       keywords="nhập hộ khẩu, đăng ký hộ khẩu", fees=[fee("Lệ phí đăng ký thường trú (nộp trực tiếp)", 20000, basis="Thông tư 75/2022/TT-BTC"), fee("Lệ phí đăng ký thường trú (nộp trực tuyến)", 10000, basis="Thông tư 75/2022/TT-BTC")], form=FORM_THUONG_TRU),
    P("1.004222", "Đăng ký tạm trú", "CT", "commune", 3, [
        comp("Tờ khai thay đổi thông tin cư trú (CT01)", template="Mẫu CT01"),
        comp("Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", originals=0, copies=1),
    ], legal=CUTRU, result="Thông báo kết quả đăng ký tạm trú.", implementing="Công an cấp xã", performer="Công an cấp xã", agency="CA",
       keywords="đăng ký tạm trú cho người thuê nhà", fees=[fee("Lệ phí đăng ký tạm trú (nộp trực tiếp)", 15000, basis="Thông tư 75/2022/TT-BTC"), fee("Lệ phí đăng ký tạm trú (nộp trực tuyến)", 7000, basis="Thông tư 75/2022/TT-BTC")]),
    P("1.004206", "Xóa đăng ký thường trú", "CT", "commune", 1, [
        comp("Tờ khai thay đổi thông tin cư trú (CT01)", template="Mẫu CT01"),
        comp("Giấy tờ chứng minh thuộc trường hợp xóa đăng ký thường trú", originals=0, copies=1, required=False),
    ], legal=CUTRU, result="Thông báo kết quả xóa đăng ký thường trú.", implementing="Công an cấp xã", performer="Công an cấp xã", agency="CA"),
    P("1.004217", "Khai báo tạm vắng", "CT", "commune", 1, [
        comp("Tờ khai thay đổi thông tin cư trú (CT01)", template="Mẫu CT01"),
    ], legal=CUTRU, result="Phiếu khai báo tạm vắng.", implementing="Công an cấp xã", performer="Công an cấp xã", agency="CA"),
    P("1.004228", "Thông báo lưu trú", "CT", "commune", 8, [
        comp("Thông tin người lưu trú (họ tên, số định danh cá nhân, thời gian lưu trú)", data=CSDLDC),
    ], legal=CUTRU, result="Thông tin lưu trú được cập nhật vào Cơ sở dữ liệu về cư trú.", unit="working_hour",
       implementing="Công an cấp xã", performer="Công an cấp xã", agency="CA", e_result=False, anywhere=False,
       applicants="Cơ sở lưu trú, hộ gia đình có người đến lưu trú"),
    # --- Chứng thực ---
    P("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận", "CTH", "commune", 1, [
        comp("Bản chính giấy tờ, văn bản làm cơ sở chứng thực bản sao"),
        comp("Bản sao cần chứng thực", originals=0, copies=1),
    ], legal=CHUNGTHUC, result="Bản sao được chứng thực từ bản chính; bản sao điện tử được chứng thực.",
       online="partial", time_note="Trong ngày; nếu tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.",
       applicants="Cá nhân, tổ chức", keywords="công chứng bản sao, sao y bản chính",
       fees=[fee("Phí chứng thực bản sao từ bản chính", 2000, kind="fee", basis="Thông tư 226/2016/TT-BTC", note="2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản.")]),
    P("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", "CTH", "commune", 1, [
        comp("Giấy tờ, văn bản cần chứng thực chữ ký"),
        comp("Giấy tờ tùy thân của người yêu cầu chứng thực", data=CSDLDC),
    ], legal=CHUNGTHUC, result="Giấy tờ, văn bản được chứng thực chữ ký.", online="partial", applicants="Cá nhân",
       fees=[fee("Phí chứng thực chữ ký", 10000, kind="fee", basis="Thông tư 226/2016/TT-BTC", note="10.000 đồng/trường hợp.")]),
    P("2.001035", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở", "CTH", "commune", 2, [
        comp("Dự thảo hợp đồng, giao dịch"),
        comp("Giấy tờ tùy thân của người yêu cầu chứng thực", data=CSDLDC),
        comp("Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở", originals=0, copies=1, data=CSDLDD),
    ], legal=CHUNGTHUC, result="Hợp đồng, giao dịch được chứng thực.", online="none", applicants="Cá nhân",
       fees=[fee("Phí chứng thực hợp đồng, giao dịch", 50000, kind="fee", basis="Thông tư 226/2016/TT-BTC", note="50.000 đồng/hợp đồng, giao dịch.")]),
    # --- Đất đai ---
    P("1.012753.H26", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng, tặng cho, thừa kế", "DD", "commune", 10, [
        comp("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu 11/ĐK)", template="Mẫu số 11/ĐK"),
        comp("Hợp đồng, văn bản về chuyển nhượng, tặng cho, thừa kế đã công chứng hoặc chứng thực"),
        comp("Giấy chứng nhận đã cấp"),
        comp("Tờ khai lệ phí trước bạ, tờ khai thuế thu nhập cá nhân"),
    ], legal=DATDAI, result="Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất hoặc xác nhận biến động trên Giấy chứng nhận đã cấp.",
       implementing="Văn phòng đăng ký đất đai; Ủy ban nhân dân cấp xã", online="partial", applicants="Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất",
       time_note="Không kể thời gian thực hiện nghĩa vụ tài chính; xã đảo, đặc khu được tăng thêm 10 ngày.", keywords="sang tên sổ đỏ, sang tên sổ hồng, chuyển nhượng đất",
       fees=[fee("Lệ phí cấp Giấy chứng nhận (cấp mới)", 100000, basis="Nghị quyết 45/2019/NQ-HĐND", note="Hộ gia đình, cá nhân tại phường; xã: 50.000 đồng."), fee("Phí thẩm định hồ sơ cấp Giấy chứng nhận", 500000, kind="fee", basis="Nghị quyết 45/2019/NQ-HĐND")]),
    P("1.012754.H26", "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu", "DD", "commune", 20, [
        comp("Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu 04/ĐK)", template="Mẫu số 04/ĐK"),
        comp("Giấy tờ về quyền sử dụng đất theo Điều 137 Luật Đất đai (nếu có)", originals=0, copies=1, required=False),
        comp("Sơ đồ nhà ở, công trình xây dựng (nếu có)", required=False),
        comp("Chứng từ thực hiện nghĩa vụ tài chính, giấy tờ miễn giảm (nếu có)", originals=0, copies=1, required=False),
    ], legal=DATDAI, result="Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất.",
       online="partial", applicants="Hộ gia đình, cá nhân, cộng đồng dân cư sử dụng đất", keywords="cấp sổ đỏ lần đầu, làm sổ đỏ",
       fees=[fee("Lệ phí cấp Giấy chứng nhận", 100000, basis="Nghị quyết 45/2019/NQ-HĐND"), fee("Phí thẩm định hồ sơ cấp Giấy chứng nhận", 500000, kind="fee", basis="Nghị quyết 45/2019/NQ-HĐND")]),
    P("1.012760.H26", "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", "DD", "commune", 7, [
        comp("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu 11/ĐK)", template="Mẫu số 11/ĐK"),
        comp("Giấy chứng nhận đã cấp"),
    ], legal=DATDAI, result="Giấy chứng nhận được cấp đổi.", implementing="Văn phòng đăng ký đất đai; Ủy ban nhân dân cấp xã", online="partial",
       applicants="Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất", fees=[fee("Lệ phí cấp đổi Giấy chứng nhận", 50000, basis="Nghị quyết 45/2019/NQ-HĐND")]),
    P("1.012790.H26", "Giao đất, cho thuê đất không thông qua đấu giá quyền sử dụng đất đối với tổ chức", "DD", "province", 20, [
        comp("Đơn đề nghị giao đất, cho thuê đất (Mẫu 02a)", template="Mẫu số 02a"),
        comp("Văn bản chấp thuận chủ trương đầu tư hoặc quyết định đầu tư", originals=0, copies=1),
        comp("Trích lục bản đồ địa chính hoặc trích đo địa chính thửa đất"),
    ], legal=DATDAI, result="Quyết định giao đất, cho thuê đất; hợp đồng thuê đất.", agency="SNNMT", implementing="Sở Nông nghiệp và Môi trường",
       online="partial", applicants="Tổ chức kinh tế, tổ chức sự nghiệp công lập", anywhere=False, e_result=False,
       time_note="Không kể thời gian giải phóng mặt bằng và thực hiện nghĩa vụ tài chính.",
       fees=[fee("Phí thẩm định hồ sơ giao đất, cho thuê đất", 3000000, kind="fee", basis="Nghị quyết 45/2019/NQ-HĐND")]),
    # --- Xây dựng ---
    P("1.009974", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", "XD", "commune", 15, [
        comp("Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01 Phụ lục II Nghị định 175/2024/NĐ-CP)", template="Mẫu số 01"),
        comp("Giấy tờ chứng minh quyền sử dụng đất", originals=0, copies=1, data=CSDLDD),
        comp("Hai bộ bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng, đấu nối hạ tầng)", originals=2),
        comp("Bản kê khai kinh nghiệm của tổ chức, cá nhân thiết kế (nếu tự thiết kế nhà dưới 250 m²)", required=False),
    ], legal=XAYDUNG, result="Giấy phép xây dựng.", applicants="Hộ gia đình, cá nhân là chủ đầu tư nhà ở riêng lẻ",
       keywords="giấy phép xây dựng, GPXD, xin phép xây nhà, giay phep xay dung",
       fees=[fee("Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", 75000, basis="Nghị quyết 45/2019/NQ-HĐND")], form=FORM_GPXD),
    P("1.009975", "Cấp giấy phép xây dựng sửa chữa, cải tạo đối với nhà ở riêng lẻ", "XD", "commune", 15, [
        comp("Đơn đề nghị cấp giấy phép sửa chữa, cải tạo", template="Mẫu số 01"),
        comp("Giấy tờ chứng minh quyền sở hữu, quản lý, sử dụng công trình, nhà ở", originals=0, copies=1, data=CSDLDD),
        comp("Bản vẽ, ảnh chụp hiện trạng bộ phận, hạng mục công trình đề nghị cải tạo"),
    ], legal=XAYDUNG, result="Giấy phép sửa chữa, cải tạo.", applicants="Hộ gia đình, cá nhân", fees=[fee("Lệ phí cấp giấy phép xây dựng", 75000, basis="Nghị quyết 45/2019/NQ-HĐND")]),
    P("1.009976", "Gia hạn giấy phép xây dựng", "XD", "commune", 5, [
        comp("Đơn đề nghị gia hạn giấy phép xây dựng", template="Mẫu số 02"),
        comp("Bản chính giấy phép xây dựng đã được cấp"),
    ], legal=XAYDUNG, result="Giấy phép xây dựng được gia hạn.", applicants="Chủ đầu tư", fees=[fee("Lệ phí gia hạn giấy phép xây dựng", 15000, basis="Nghị quyết 45/2019/NQ-HĐND")]),
    P("1.009972", "Cấp giấy phép xây dựng mới đối với công trình không theo tuyến, công trình tôn giáo, công trình theo tuyến trong đô thị", "XD", "province", 20, [
        comp("Đơn đề nghị cấp giấy phép xây dựng", template="Mẫu số 01"),
        comp("Giấy tờ chứng minh quyền sử dụng đất", originals=0, copies=1),
        comp("Quyết định phê duyệt dự án, văn bản thông báo kết quả thẩm định của cơ quan chuyên môn về xây dựng", originals=0, copies=1),
        comp("Hai bộ bản vẽ thiết kế xây dựng triển khai sau thiết kế cơ sở", originals=2),
    ], legal=XAYDUNG, result="Giấy phép xây dựng.", agency="SXD", implementing="Sở Xây dựng", applicants="Chủ đầu tư là tổ chức",
       anywhere=False, fees=[fee("Lệ phí cấp giấy phép xây dựng công trình", 150000, basis="Nghị quyết 45/2019/NQ-HĐND")]),
    P("1.009980", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III", "XD", "province", 20, [
        comp("Đơn đề nghị cấp chứng chỉ hành nghề (Mẫu số 01 Phụ lục IV)", template="Mẫu số 01 Phụ lục IV"),
        comp("Văn bằng được đào tạo", originals=0, copies=1),
        comp("Kết quả sát hạch đạt yêu cầu"),
        comp("Ảnh màu cỡ 4x6 cm chụp trong vòng 06 tháng"),
    ], legal=XAYDUNG, result="Chứng chỉ hành nghề hoạt động xây dựng (bản điện tử).", agency="SXD", implementing="Sở Xây dựng",
       applicants="Cá nhân hoạt động xây dựng", fees=[fee("Lệ phí cấp chứng chỉ hành nghề", 300000, basis="Thông tư 38/2022/TT-BTC"), fee("Phí sát hạch", 300000, kind="fee", basis="Thông tư 38/2022/TT-BTC")]),
    # --- Doanh nghiệp, hộ kinh doanh ---
    P("2.001610", "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên", "DN", "province", 3, [
        comp("Giấy đề nghị đăng ký doanh nghiệp", template="Phụ lục I-2 Thông tư 68/2025/TT-BTC"),
        comp("Điều lệ công ty"),
        comp("Bản sao giấy tờ pháp lý của cá nhân là chủ sở hữu, người đại diện theo pháp luật", originals=0, copies=1, data=CSDLDC),
    ], legal=DOANHNGHIEP, result="Giấy chứng nhận đăng ký doanh nghiệp.", agency="STC", implementing="Sở Tài chính (Phòng Đăng ký kinh doanh)",
       applicants="Tổ chức, cá nhân thành lập doanh nghiệp", keywords="thành lập công ty, đăng ký kinh doanh, mở công ty",
       fees=[fee("Lệ phí đăng ký doanh nghiệp", 50000, basis="Thông tư 47/2019/TT-BTC", note="Miễn lệ phí khi đăng ký qua mạng điện tử."), fee("Phí công bố nội dung đăng ký doanh nghiệp", 100000, kind="fee", basis="Thông tư 47/2019/TT-BTC")]),
    P("2.002037", "Đăng ký thành lập công ty cổ phần", "DN", "province", 3, [
        comp("Giấy đề nghị đăng ký doanh nghiệp", template="Phụ lục I-4"),
        comp("Điều lệ công ty"),
        comp("Danh sách cổ đông sáng lập, cổ đông là nhà đầu tư nước ngoài"),
        comp("Bản sao giấy tờ pháp lý của cổ đông sáng lập và người đại diện theo pháp luật", originals=0, copies=1, data=CSDLDC),
    ], legal=DOANHNGHIEP, result="Giấy chứng nhận đăng ký doanh nghiệp.", agency="STC", implementing="Sở Tài chính (Phòng Đăng ký kinh doanh)",
       applicants="Tổ chức, cá nhân thành lập doanh nghiệp", fees=[fee("Lệ phí đăng ký doanh nghiệp", 50000, basis="Thông tư 47/2019/TT-BTC", note="Miễn lệ phí khi đăng ký qua mạng điện tử."), fee("Phí công bố nội dung đăng ký doanh nghiệp", 100000, kind="fee", basis="Thông tư 47/2019/TT-BTC")]),
    P("2.002045", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "DN", "province", 3, [
        comp("Thông báo thay đổi nội dung đăng ký doanh nghiệp", template="Phụ lục II-1"),
        comp("Nghị quyết, quyết định của chủ sở hữu, Hội đồng thành viên hoặc Đại hội đồng cổ đông"),
    ], legal=DOANHNGHIEP, result="Giấy chứng nhận đăng ký doanh nghiệp hoặc Giấy xác nhận thay đổi nội dung đăng ký doanh nghiệp.", agency="STC",
       implementing="Sở Tài chính (Phòng Đăng ký kinh doanh)", applicants="Doanh nghiệp", fees=[fee("Lệ phí đăng ký thay đổi", 50000, basis="Thông tư 47/2019/TT-BTC", note="Miễn lệ phí khi đăng ký qua mạng điện tử.")]),
    P("2.002052", "Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo", "DN", "province", 3, [
        comp("Thông báo tạm ngừng kinh doanh", template="Phụ lục II-19"),
    ], legal=DOANHNGHIEP, result="Giấy xác nhận về việc doanh nghiệp đăng ký tạm ngừng kinh doanh.", agency="STC",
       implementing="Sở Tài chính (Phòng Đăng ký kinh doanh)", applicants="Doanh nghiệp", keywords="tạm dừng kinh doanh"),
    P("2.000720", "Đăng ký thành lập hộ kinh doanh", "HKD", "commune", 3, [
        comp("Giấy đề nghị đăng ký hộ kinh doanh", template="Phụ lục III-1"),
        comp("Bản sao giấy tờ pháp lý của chủ hộ kinh doanh", originals=0, copies=1, data=CSDLDC),
        comp("Bản sao biên bản họp thành viên hộ gia đình (trường hợp các thành viên cùng đăng ký)", originals=0, copies=1, required=False),
    ], legal=DOANHNGHIEP, result="Giấy chứng nhận đăng ký hộ kinh doanh.", applicants="Cá nhân, thành viên hộ gia đình",
       keywords="giấy phép kinh doanh hộ cá thể, đăng ký kinh doanh cá thể", fees=[fee("Lệ phí đăng ký hộ kinh doanh", 100000, basis="Nghị quyết 45/2019/NQ-HĐND", note="Miễn lệ phí khi đăng ký qua mạng điện tử.")], form=FORM_HKD),
    P("2.000575", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "HKD", "commune", 3, [
        comp("Thông báo thay đổi nội dung đăng ký hộ kinh doanh", template="Phụ lục III-2"),
        comp("Giấy chứng nhận đăng ký hộ kinh doanh đã cấp"),
    ], legal=DOANHNGHIEP, result="Giấy chứng nhận đăng ký hộ kinh doanh mới.", applicants="Hộ kinh doanh", fees=[fee("Lệ phí đăng ký thay đổi hộ kinh doanh", 50000, basis="Nghị quyết 45/2019/NQ-HĐND")]),
    # --- Đường bộ ---
    P("1.002809", "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp", "DB", "province", 5, [
        comp("Đơn đề nghị đổi giấy phép lái xe", template="Mẫu theo Phụ lục XXXI Thông tư 35/2024"),
        comp("Giấy khám sức khỏe của người lái xe", data="Cơ sở dữ liệu khám sức khỏe lái xe (liên thông điện tử)"),
        comp("Giấy phép lái xe đang sử dụng"),
    ], legal=GPLX, result="Giấy phép lái xe (thẻ PET) và giấy phép lái xe điện tử trên VNeID.", agency="CA", implementing="Công an thành phố (Phòng Cảnh sát giao thông)",
       keywords="đổi bằng lái xe, gplx", fees=[fee("Lệ phí cấp, đổi giấy phép lái xe", 135000, basis="Thông tư 37/2023/TT-BTC")]),
    P("1.002804", "Cấp lại giấy phép lái xe", "DB", "province", 10, [
        comp("Đơn đề nghị cấp lại giấy phép lái xe", template="Mẫu theo Phụ lục XXXI Thông tư 35/2024"),
        comp("Giấy khám sức khỏe của người lái xe", data="Cơ sở dữ liệu khám sức khỏe lái xe (liên thông điện tử)"),
    ], legal=GPLX, result="Giấy phép lái xe.", agency="CA", implementing="Công an thành phố (Phòng Cảnh sát giao thông)",
       keywords="mất bằng lái xe", fees=[fee("Lệ phí cấp lại giấy phép lái xe", 135000, basis="Thông tư 37/2023/TT-BTC")]),
    P("1.001777", "Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn trên đường bộ", "DB", "province", 2, [
        comp("Đơn đề nghị cấp giấy phép lưu hành xe", template="Mẫu theo Thông tư 39/2024/TT-BGTVT"),
        comp("Giấy chứng nhận đăng ký xe và giấy chứng nhận kiểm định", originals=0, copies=1),
        comp("Phương án vận chuyển (trường hợp phải khảo sát, gia cố đường)", required=False),
    ], legal=[law("Thông tư số 39/2024/TT-BGTVT", "Quy định về tải trọng, khổ giới hạn của đường bộ; lưu hành xe quá khổ giới hạn, xe quá tải trọng", "2025-01-01")],
       result="Giấy phép lưu hành xe.", agency="SXD", implementing="Sở Xây dựng", applicants="Tổ chức, cá nhân vận tải", anywhere=False),
    # --- Giáo dục ---
    P("1.005097", "Chuyển trường đối với học sinh trung học cơ sở", "GD", "commune", 3, [
        comp("Đơn xin chuyển trường do cha mẹ hoặc người giám hộ ký", template="Mẫu đơn chuyển trường"),
        comp("Học bạ", note="Trường hợp học bạ điện tử thì không phải nộp."),
        comp("Giấy giới thiệu chuyển trường của hiệu trưởng trường nơi đi"),
    ], legal=[law("Thông tư số 50/2021/TT-BGDĐT", "Sửa đổi, bổ sung Quy chế chuyển trường và tiếp nhận học sinh học tại trường trung học cơ sở và trung học phổ thông", "2022-02-15")],
       result="Quyết định tiếp nhận học sinh.", applicants="Cha mẹ hoặc người giám hộ học sinh", implementing="Ủy ban nhân dân cấp xã; trường trung học cơ sở"),
    P("1.005092", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "GD", "province", 1, [
        comp("Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc", template="Mẫu đơn"),
        comp("Giấy tờ tùy thân của người đề nghị", data=CSDLDC),
    ], legal=[law("Thông tư số 21/2019/TT-BGDĐT", "Quy chế quản lý bằng tốt nghiệp trung học cơ sở, trung học phổ thông, văn bằng giáo dục đại học và chứng chỉ", "2020-01-14")],
       result="Bản sao văn bằng, chứng chỉ từ sổ gốc.", agency="SGDDT", implementing="Sở Giáo dục và Đào tạo", keywords="sao bằng tốt nghiệp",
       fees=[fee("Phí cấp bản sao từ sổ gốc", 3000, kind="fee", basis="Thông tư 226/2016/TT-BTC", note="3.000 đồng/bản.")]),
    P("1.004545", "Thành lập nhà trường, nhà trẻ tư thục", "GD", "commune", 20, [
        comp("Tờ trình đề nghị thành lập trường mầm non tư thục"),
        comp("Đề án thành lập trường"),
        comp("Giấy tờ chứng minh quyền sử dụng đất, cơ sở vật chất", originals=0, copies=1),
    ], legal=[law("Nghị định số 125/2024/NĐ-CP", "Quy định về điều kiện đầu tư và hoạt động trong lĩnh vực giáo dục", "2024-11-20")],
       result="Quyết định cho phép thành lập trường mầm non tư thục.", applicants="Tổ chức, cá nhân", online="partial", anywhere=False),
    P("1.005088", "Xét, duyệt chính sách hỗ trợ đối với học sinh bán trú", "GD", "commune", 15, [
        comp("Đơn đề nghị hỗ trợ", template="Mẫu đơn theo Nghị định 66/2025/NĐ-CP"),
    ], legal=[law("Nghị định số 66/2025/NĐ-CP", "Quy định chính sách cho trẻ em nhà trẻ, học sinh, học viên ở vùng đồng bào dân tộc thiểu số, vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn", "2025-05-01")],
       result="Quyết định phê duyệt danh sách học sinh được hưởng chính sách.", applicants="Cha mẹ học sinh bán trú", anywhere=False),
    # --- Y tế, dược, an toàn thực phẩm ---
    P("1.004616", "Cấp Chứng chỉ hành nghề dược", "DUOC", "province", 20, [
        comp("Đơn đề nghị cấp Chứng chỉ hành nghề dược (Mẫu số 02 Phụ lục I)", template="Mẫu số 02"),
        comp("Bản sao văn bằng chuyên môn", originals=0, copies=1),
        comp("Giấy xác nhận thời gian thực hành chuyên môn"),
        comp("Giấy chứng nhận đủ sức khỏe hành nghề"),
        comp("Hai ảnh chân dung cỡ 4x6 cm", originals=2),
    ], legal=[law("Luật số 105/2016/QH13", "Luật Dược (sửa đổi, bổ sung bởi Luật số 44/2024/QH15)", "2017-01-01"), law("Nghị định số 54/2017/NĐ-CP", "Quy định chi tiết một số điều và biện pháp thi hành Luật Dược", "2017-07-01")],
       result="Chứng chỉ hành nghề dược.", agency="SYT", implementing="Sở Y tế", applicants="Cá nhân đề nghị hành nghề dược",
       fees=[fee("Phí thẩm định cấp Chứng chỉ hành nghề dược", 500000, kind="fee", basis="Thông tư 277/2016/TT-BTC")]),
    P("1.004590", "Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược cho cơ sở bán lẻ thuốc (nhà thuốc)", "DUOC", "province", 30, [
        comp("Đơn đề nghị cấp Giấy chứng nhận đủ điều kiện kinh doanh dược", template="Mẫu số 19 Phụ lục I"),
        comp("Tài liệu kỹ thuật về địa điểm, trang thiết bị, nhân sự của cơ sở"),
        comp("Bản sao Chứng chỉ hành nghề dược của người chịu trách nhiệm chuyên môn", originals=0, copies=1),
    ], legal=[law("Nghị định số 54/2017/NĐ-CP", "Quy định chi tiết một số điều và biện pháp thi hành Luật Dược", "2017-07-01")],
       result="Giấy chứng nhận đủ điều kiện kinh doanh dược.", agency="SYT", implementing="Sở Y tế", online="partial", applicants="Cơ sở bán lẻ thuốc",
       keywords="mở nhà thuốc", fees=[fee("Phí thẩm định điều kiện kinh doanh thuốc", 1000000, kind="fee", basis="Thông tư 277/2016/TT-BTC")]),
    P("1.003617", "Cấp giấy phép hoạt động đối với phòng khám chuyên khoa", "YT", "province", 60, [
        comp("Đơn đề nghị cấp giấy phép hoạt động", template="Mẫu 02 Phụ lục XI Nghị định 96/2023/NĐ-CP"),
        comp("Danh sách người hành nghề đăng ký hành nghề tại cơ sở"),
        comp("Bản kê khai cơ sở vật chất, thiết bị y tế"),
    ], legal=[law("Luật số 15/2023/QH15", "Luật Khám bệnh, chữa bệnh", "2024-01-01"), law("Nghị định số 96/2023/NĐ-CP", "Quy định chi tiết một số điều của Luật Khám bệnh, chữa bệnh", "2024-01-01")],
       result="Giấy phép hoạt động khám bệnh, chữa bệnh.", agency="SYT", implementing="Sở Y tế", online="partial", anywhere=False,
       unit="calendar_day", applicants="Tổ chức, cá nhân mở phòng khám", time_note="60 ngày kể từ ngày nhận đủ hồ sơ, bao gồm thời gian thẩm định thực tế.",
       fees=[fee("Phí thẩm định cấp giấy phép hoạt động phòng khám", 4300000, kind="fee", basis="Thông tư 59/2023/TT-BTC")]),
    P("1.002425", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở kinh doanh dịch vụ ăn uống", "ATTP", "commune", 20, [
        comp("Đơn đề nghị cấp Giấy chứng nhận", template="Mẫu số 01 Thông tư 43/2018/TT-BCT"),
        comp("Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ"),
        comp("Giấy xác nhận đủ sức khỏe, giấy xác nhận tập huấn kiến thức an toàn thực phẩm của chủ cơ sở và người trực tiếp chế biến", originals=0, copies=1),
    ], legal=[law("Luật số 55/2010/QH12", "Luật An toàn thực phẩm", "2011-07-01"), law("Nghị định số 15/2018/NĐ-CP", "Quy định chi tiết thi hành một số điều của Luật An toàn thực phẩm", "2018-02-02")],
       result="Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (hiệu lực 03 năm).", applicants="Cơ sở kinh doanh dịch vụ ăn uống", online="partial",
       keywords="giấy phép vệ sinh an toàn thực phẩm, mở quán ăn", fees=[fee("Phí thẩm định cơ sở kinh doanh dịch vụ ăn uống phục vụ dưới 200 suất ăn", 700000, kind="fee", basis="Thông tư 67/2021/TT-BTC")]),
    # --- Lao động, việc làm (Sở Nội vụ từ 01/3/2025) ---
    P("1.000105", "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam", "LD", "province", 10, [
        comp("Văn bản đề nghị cấp giấy phép lao động (Mẫu số 11/PLI)", template="Mẫu số 11/PLI"),
        comp("Giấy chứng nhận sức khỏe", originals=1),
        comp("Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải là người phạm tội", originals=1),
        comp("Văn bản chứng minh nhà quản lý, giám đốc điều hành, chuyên gia hoặc lao động kỹ thuật", originals=0, copies=1),
        comp("Hai ảnh màu cỡ 4x6 cm", originals=2),
    ], legal=[law("Bộ luật Lao động số 45/2019/QH14", "Bộ luật Lao động", "2021-01-01"), law("Nghị định số 219/2025/NĐ-CP", "Quy định về người lao động nước ngoài làm việc tại Việt Nam", "2025-08-07")],
       result="Giấy phép lao động.", agency="SNV", implementing="Sở Nội vụ", applicants="Người sử dụng lao động nước ngoài tại Hải Phòng",
       keywords="work permit", fees=[fee("Lệ phí cấp giấy phép lao động", 600000, basis="Nghị quyết 45/2019/NQ-HĐND")]),
    P("1.001978", "Giải quyết hưởng trợ cấp thất nghiệp", "LD", "province", 20, [
        comp("Đề nghị hưởng trợ cấp thất nghiệp (Mẫu số 03)", template="Mẫu số 03"),
        comp("Quyết định thôi việc, hợp đồng lao động đã hết hạn hoặc giấy tờ chứng minh chấm dứt hợp đồng", originals=0, copies=1),
        comp("Sổ bảo hiểm xã hội", data="Cơ sở dữ liệu quốc gia về bảo hiểm"),
    ], legal=[law("Luật số 74/2025/QH15", "Luật Việc làm", "2026-01-01")],
       result="Quyết định hưởng trợ cấp thất nghiệp.", agency="SNV", implementing="Sở Nội vụ (Trung tâm Dịch vụ việc làm)", applicants="Người lao động",
       keywords="bảo hiểm thất nghiệp"),
    P("1.000459", "Đăng ký nội quy lao động", "LD", "province", 7, [
        comp("Văn bản đề nghị đăng ký nội quy lao động"),
        comp("Nội quy lao động"),
        comp("Văn bản góp ý của tổ chức đại diện người lao động tại cơ sở (nếu có)", required=False),
    ], legal=[law("Bộ luật Lao động số 45/2019/QH14", "Bộ luật Lao động", "2021-01-01")],
       result="Thông báo về việc đăng ký nội quy lao động.", agency="SNV", implementing="Sở Nội vụ", applicants="Người sử dụng lao động sử dụng từ 10 người lao động trở lên"),
    # --- Công chứng (Sở Tư pháp) ---
    P("1.013837", "Cấp lại Giấy đăng ký hoạt động cho Văn phòng công chứng do bị mất, hỏng", "CC", "province", 5, [
        comp("Đơn đề nghị cấp lại Giấy đăng ký hoạt động của Văn phòng công chứng"),
        comp("Bản chính Giấy đăng ký hoạt động bị hỏng (trường hợp bị hỏng)", required=False),
    ], legal=[law("Luật số 46/2024/QH15", "Luật Công chứng", "2025-07-01")],
       result="Giấy đăng ký hoạt động của Văn phòng công chứng (cấp lại).", agency="STP",
       implementing="Sở Tư pháp", applicants="Văn phòng công chứng", citizens=False,
       keywords="văn phòng công chứng, giấy đăng ký hoạt động",
       time_note="Kể từ ngày nhận đủ hồ sơ hợp lệ; từ chối thì trả lời bằng văn bản nêu rõ lý do.",
       fees=[fee("Phí cấp lại Giấy đăng ký hoạt động của Văn phòng công chứng", 500000, kind="fee",
                 basis="Thông tư của Bộ Tài chính quy định phí trong lĩnh vực công chứng")]),
    # --- Lý lịch tư pháp ---
    P("2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam", "LLTP", "province", 10, [
        comp("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", template="Mẫu số 03/2013/TT-LLTP"),
        comp("Giấy tờ tùy thân của người được cấp Phiếu", data=CSDLDC),
    ], legal=[law("Luật số 28/2009/QH12", "Luật Lý lịch tư pháp", "2010-07-01"), law("Thông tư số 244/2016/TT-BTC", "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí cung cấp thông tin lý lịch tư pháp", "2017-01-01")],
       result="Phiếu lý lịch tư pháp (bản giấy hoặc bản điện tử trên VNeID).", agency="CA", implementing="Công an thành phố (từ 01/7/2025)",
       keywords="lý lịch tư pháp, lý lịch tư pháp số 1", fees=[fee("Phí cung cấp thông tin lý lịch tư pháp", 200000, kind="fee", basis="Thông tư 244/2016/TT-BTC", note="Sinh viên, người có công với cách mạng, thân nhân liệt sĩ: 100.000 đồng; trẻ em, người cao tuổi, người khuyết tật, hộ nghèo: miễn.")]),
    # --- Bảo trợ xã hội, người có công ---
    P("1.001776", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng", "BTXH", "commune", 15, [
        comp("Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1a–1d Nghị định 20/2021/NĐ-CP)", template="Mẫu số 1a"),
        comp("Giấy xác nhận khuyết tật (đối với người khuyết tật)", required=False, data="Cơ sở dữ liệu về người khuyết tật"),
    ], legal=BTXH, result="Quyết định trợ cấp xã hội hàng tháng.", applicants="Đối tượng bảo trợ xã hội, người giám hộ",
       keywords="trợ cấp người cao tuổi, trợ cấp khuyết tật", anywhere=False),
    P("1.001731", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "BTXH", "commune", 5, [
        comp("Tờ khai đề nghị hỗ trợ chi phí mai táng (Mẫu số 04)", template="Mẫu số 04"),
        comp("Giấy chứng tử hoặc trích lục khai tử", data=CSDLHT),
    ], legal=BTXH, result="Quyết định hỗ trợ chi phí mai táng.", applicants="Cơ quan, tổ chức, cá nhân tổ chức mai táng", anywhere=False),
    P("1.001699", "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", "BTXH", "commune", 30, [
        comp("Đơn đề nghị xác định mức độ khuyết tật (Mẫu số 01)", template="Mẫu số 01 Thông tư 01/2019/TT-BLĐTBXH"),
        comp("Bệnh án, giấy tờ khám, điều trị, phẫu thuật hoặc giấy tờ liên quan khác (nếu có)", originals=0, copies=1, required=False),
    ], legal=[law("Luật số 51/2010/QH12", "Luật Người khuyết tật", "2011-01-01"), law("Nghị định số 28/2012/NĐ-CP", "Quy định chi tiết thi hành một số điều của Luật Người khuyết tật", "2012-06-01")],
       result="Giấy xác nhận khuyết tật.", applicants="Người khuyết tật hoặc người đại diện", unit="calendar_day", online="partial"),
    P("1.010831", "Giải quyết chế độ mai táng phí đối với người có công với cách mạng từ trần", "NCC", "commune", 12, [
        comp("Bản khai của thân nhân hoặc người tổ chức mai táng (Mẫu số 23)", template="Mẫu số 23 Nghị định 131/2021/NĐ-CP"),
        comp("Giấy chứng tử hoặc trích lục khai tử", data=CSDLHT),
    ], legal=[law("Pháp lệnh số 02/2020/UBTVQH14", "Pháp lệnh Ưu đãi người có công với cách mạng", "2021-07-01"), law("Nghị định số 131/2021/NĐ-CP", "Quy định chi tiết và biện pháp thi hành Pháp lệnh Ưu đãi người có công với cách mạng", "2022-02-15")],
       result="Quyết định trợ cấp mai táng phí.", applicants="Thân nhân người có công", anywhere=False),
    P("1.010812", "Đề nghị cấp lại Bằng Tổ quốc ghi công, Bằng có công với nước", "NCC", "province", 30, [
        comp("Đơn đề nghị cấp lại (Mẫu số 18)", template="Mẫu số 18"),
        comp("Bằng đã cấp bị hư hỏng (trường hợp hư hỏng)", required=False),
    ], legal=[law("Nghị định số 131/2021/NĐ-CP", "Quy định chi tiết và biện pháp thi hành Pháp lệnh Ưu đãi người có công với cách mạng", "2022-02-15")],
       result="Bằng Tổ quốc ghi công hoặc Bằng có công với nước được cấp lại.", agency="SNV", implementing="Sở Nội vụ", e_result=False,
       unit="calendar_day", applicants="Thân nhân liệt sĩ, người có công"),
    # --- Môi trường ---
    P("1.010727", "Đăng ký môi trường", "MT", "commune", 15, [
        comp("Văn bản đăng ký môi trường (Mẫu Phụ lục XLVII Nghị định 08/2022/NĐ-CP)", template="Phụ lục XLVII"),
    ], legal=[law("Luật số 72/2020/QH14", "Luật Bảo vệ môi trường", "2022-01-01"), law("Nghị định số 08/2022/NĐ-CP", "Quy định chi tiết một số điều của Luật Bảo vệ môi trường", "2022-01-10")],
       result="Xác nhận tiếp nhận văn bản đăng ký môi trường.", applicants="Chủ dự án đầu tư, cơ sở thuộc đối tượng đăng ký môi trường"),
    P("1.010728", "Cấp giấy phép môi trường", "MT", "province", 30, [
        comp("Văn bản đề nghị cấp giấy phép môi trường", template="Phụ lục IX Nghị định 08/2022/NĐ-CP"),
        comp("Báo cáo đề xuất cấp giấy phép môi trường"),
        comp("Quyết định phê duyệt kết quả thẩm định báo cáo đánh giá tác động môi trường (nếu có)", originals=0, copies=1, required=False),
    ], legal=[law("Luật số 72/2020/QH14", "Luật Bảo vệ môi trường", "2022-01-01"), law("Nghị định số 08/2022/NĐ-CP", "Quy định chi tiết một số điều của Luật Bảo vệ môi trường", "2022-01-10")],
       result="Giấy phép môi trường.", agency="SNNMT", implementing="Sở Nông nghiệp và Môi trường", applicants="Chủ dự án đầu tư, cơ sở",
       online="partial", anywhere=False, unit="calendar_day", fees=[fee("Phí thẩm định cấp giấy phép môi trường", 16000000, kind="fee", basis="Nghị quyết HĐND thành phố về phí thẩm định giấy phép môi trường", note="Mức thu theo nhóm dự án.")]),
    # --- Văn hóa ---
    P("1.001029", "Cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke", "VH", "commune", 5, [
        comp("Đơn đề nghị cấp giấy phép (Mẫu số 01 Nghị định 54/2019/NĐ-CP)", template="Mẫu số 01"),
        comp("Bản sao Giấy chứng nhận thẩm duyệt thiết kế về phòng cháy và chữa cháy", originals=0, copies=1),
    ], legal=[law("Nghị định số 54/2019/NĐ-CP", "Quy định về kinh doanh dịch vụ karaoke, dịch vụ vũ trường", "2019-09-01")],
       result="Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke.", applicants="Doanh nghiệp, hộ kinh doanh", anywhere=False,
       fees=[fee("Phí thẩm định cấp giấy phép kinh doanh karaoke (đến 03 phòng)", 4000000, kind="fee", basis="Thông tư 01/2021/TT-BTC", note="Tại phường; các xã: 2.000.000 đồng.")]),
    P("1.001809", "Đăng ký tổ chức lễ hội", "VH", "commune", 5, [
        comp("Văn bản đăng ký tổ chức lễ hội", template="Mẫu số 01 Nghị định 110/2018/NĐ-CP"),
        comp("Kế hoạch tổ chức lễ hội"),
    ], legal=[law("Nghị định số 110/2018/NĐ-CP", "Quy định về quản lý và tổ chức lễ hội", "2018-10-15")],
       result="Văn bản chấp thuận tổ chức lễ hội.", applicants="Ban tổ chức lễ hội", anywhere=False),
    # --- Công thương ---
    P("2.000633", "Cấp Giấy phép bán lẻ rượu", "HKD", "commune", 10, [
        comp("Đơn đề nghị cấp Giấy phép bán lẻ rượu", template="Mẫu số 01 Nghị định 105/2017/NĐ-CP"),
        comp("Bản sao hợp đồng thuê địa điểm hoặc giấy tờ chứng minh quyền sử dụng địa điểm", originals=0, copies=1),
        comp("Bản sao văn bản giới thiệu hoặc hợp đồng mua bán của thương nhân sản xuất, phân phối rượu", originals=0, copies=1),
    ], legal=[law("Nghị định số 105/2017/NĐ-CP", "Về kinh doanh rượu", "2017-11-01")],
       result="Giấy phép bán lẻ rượu.", applicants="Thương nhân bán lẻ rượu", online="partial", anywhere=False,
       fees=[fee("Phí thẩm định cấp giấy phép bán lẻ rượu (tại phường)", 400000, kind="fee", basis="Thông tư 168/2016/TT-BTC", note="Tại xã: 200.000 đồng.")]),
    P("2.000190", "Cấp Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu", "HKD", "province", 15, [
        comp("Đơn đề nghị cấp Giấy chứng nhận", template="Mẫu số 05 Nghị định 83/2014/NĐ-CP"),
        comp("Bản kê trang thiết bị của cửa hàng bán lẻ xăng dầu"),
        comp("Văn bản nghiệm thu về phòng cháy chữa cháy", originals=0, copies=1),
    ], legal=[law("Nghị định số 83/2014/NĐ-CP", "Về kinh doanh xăng dầu (sửa đổi bởi Nghị định 80/2023/NĐ-CP)", "2014-11-01")],
       result="Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu.", agency="SCT", implementing="Sở Công Thương", applicants="Thương nhân",
       online="partial", anywhere=False, fees=[fee("Phí thẩm định điều kiện kinh doanh xăng dầu", 1200000, kind="fee", basis="Thông tư 168/2016/TT-BTC")]),
    # --- Tư pháp: nuôi con nuôi, hòa giải ---
    P("1.003005", "Đăng ký việc nuôi con nuôi trong nước", "HT", "commune", 30, [
        comp("Đơn xin nhận con nuôi", template="Mẫu theo Thông tư 10/2020/TT-BTP"),
        comp("Phiếu lý lịch tư pháp của người nhận con nuôi"),
        comp("Văn bản xác nhận tình trạng hôn nhân của người nhận con nuôi"),
        comp("Giấy khám sức khỏe của người nhận con nuôi"),
    ], legal=[law("Luật số 52/2010/QH12", "Luật Nuôi con nuôi", "2011-01-01"), law("Nghị định số 19/2011/NĐ-CP", "Quy định chi tiết thi hành một số điều của Luật Nuôi con nuôi", "2011-05-10")],
       result="Giấy chứng nhận nuôi con nuôi.", applicants="Người nhận con nuôi", online="partial", anywhere=False, unit="calendar_day",
       fees=[fee("Lệ phí đăng ký nuôi con nuôi trong nước", 400000, basis="Nghị định 114/2016/NĐ-CP", note="Miễn cho người nhận con nuôi là cha dượng, mẹ kế, cô, dì, chú, bác, ông, bà.")]),
    # --- Quy trình liên thông ---
    P("2.002621", "Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", "LT", "province", 3, [
        comp("Danh sách đề nghị cấp thẻ bảo hiểm y tế (mẫu D03-TS) do UBND cấp xã lập", data=CSDLHT),
    ], legal=[law("Luật số 25/2008/QH12", "Luật Bảo hiểm y tế (sửa đổi, bổ sung bởi Luật số 51/2024/QH15)", "2009-07-01")],
       result="Thẻ bảo hiểm y tế (bản điện tử trên VssID, VNeID).", agency="BHXH", implementing="Bảo hiểm xã hội thành phố Hải Phòng", applicants="Trẻ em dưới 6 tuổi"),
    P("LT.001.H26", "Liên thông các thủ tục hành chính: đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", "LT", "commune", 4, [
        comp("Tờ khai đăng ký khai sinh", template="Mẫu tờ khai đăng ký khai sinh"),
        comp("Giấy chứng sinh"),
        comp("Tờ khai thay đổi thông tin cư trú (CT01)", template="Mẫu CT01"),
        comp("Giấy tờ chứng minh chỗ ở hợp pháp của cha, mẹ", data=CSDLDC, note="Không phải nộp nếu cha, mẹ đã đăng ký thường trú tại chỗ ở đó."),
        comp("Tờ khai tham gia bảo hiểm y tế (TK1-TS)", data=CSDLDC),
    ], legal=HOTICH + [CUTRU[0], law("Nghị định số 63/2024/NĐ-CP", "Quy định việc thực hiện liên thông điện tử 02 nhóm thủ tục hành chính: đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi; đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai táng phí", "2024-07-01")],
       result="Giấy khai sinh; thông báo kết quả đăng ký thường trú; thẻ bảo hiểm y tế của trẻ.", applicants="Cha, mẹ hoặc người thân thích của trẻ em dưới 6 tuổi",
       inter_agency=True, bundled=("1.001193", "1.004194", "2.002621"), keywords="liên thông khai sinh, khai sinh thường trú bảo hiểm y tế",
       time_note="Khai sinh 01 ngày; thường trú 01 ngày làm việc; cấp thẻ BHYT 01 ngày làm việc (Nghị định 63/2024/NĐ-CP).",
       fees=[fee("Lệ phí đăng ký thường trú (nộp trực tuyến)", 10000, basis="Thông tư 75/2022/TT-BTC", note="Khai sinh đúng hạn và cấp thẻ BHYT cho trẻ dưới 6 tuổi được miễn.")],
       process=[
           {"name": "Tiếp nhận hồ sơ liên thông, kiểm tra", "role": "counter_officer", "performer": "Bộ phận Một cửa UBND cấp xã", "agency": "", "duration": 0.5},
           {"name": "Đăng ký khai sinh, cấp số định danh cá nhân", "role": "specialist", "performer": "Công chức tư pháp - hộ tịch", "agency": "", "duration": 1},
           {"name": "Đăng ký thường trú cho trẻ", "role": "specialist", "performer": "Công an cấp xã", "agency": "000.00.21.H26", "duration": 1},
           {"name": "Cấp thẻ bảo hiểm y tế", "role": "specialist", "performer": "Bảo hiểm xã hội cơ sở", "agency": "000.00.22.H26", "duration": 1},
           {"name": "Trả kết quả liên thông", "role": "counter_officer", "performer": "Bộ phận Một cửa UBND cấp xã", "agency": "", "duration": 0.5},
       ]),
    P("LT.002.H26", "Liên thông các thủ tục hành chính: đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất, hỗ trợ chi phí mai táng", "LT", "commune", 10, [
        comp("Tờ khai đăng ký khai tử", template="Mẫu tờ khai đăng ký khai tử"),
        comp("Giấy báo tử hoặc giấy tờ thay thế giấy báo tử"),
        comp("Tờ khai đề nghị hưởng chế độ mai táng phí, tử tuất", template="Mẫu số 09-HSB"),
    ], legal=HOTICH + [law("Nghị định số 63/2024/NĐ-CP", "Quy định việc thực hiện liên thông điện tử 02 nhóm thủ tục hành chính", "2024-07-01")],
       result="Trích lục khai tử; xóa đăng ký thường trú; quyết định hưởng mai táng phí, trợ cấp tử tuất.",
       applicants="Thân nhân người chết", inter_agency=True, bundled=("1.000656", "1.004206", "1.001731"),
       process=[
           {"name": "Tiếp nhận hồ sơ liên thông, kiểm tra", "role": "counter_officer", "performer": "Bộ phận Một cửa UBND cấp xã", "agency": "", "duration": 0.5},
           {"name": "Đăng ký khai tử", "role": "specialist", "performer": "Công chức tư pháp - hộ tịch", "agency": "", "duration": 1},
           {"name": "Xóa đăng ký thường trú", "role": "specialist", "performer": "Công an cấp xã", "agency": "000.00.21.H26", "duration": 1},
           {"name": "Giải quyết chế độ mai táng phí, tử tuất", "role": "specialist", "performer": "Bảo hiểm xã hội cơ sở", "agency": "000.00.22.H26", "duration": 6.5},
           {"name": "Ký duyệt, trả kết quả liên thông", "role": "leader", "performer": "Lãnh đạo UBND cấp xã", "agency": "", "duration": 1},
       ]),
    # --- Thủ tục cũ cấp huyện, thay thế sau khi bỏ cấp huyện (01/7/2025) ---
    P("1.001612", "Đăng ký thành lập hộ kinh doanh (cấp huyện)", "HKD", "commune", 3, [
        comp("Giấy đề nghị đăng ký hộ kinh doanh", template="Phụ lục III-1 Thông tư 01/2021/TT-BKHĐT"),
        comp("Bản sao giấy tờ pháp lý của cá nhân", originals=0, copies=1),
    ], legal=[law("Nghị định số 01/2021/NĐ-CP", "Về đăng ký doanh nghiệp", "2021-01-04")],
       result="Giấy chứng nhận đăng ký hộ kinh doanh.", implementing="Phòng Tài chính - Kế hoạch cấp huyện", online="partial", anywhere=False,
       fees=[fee("Lệ phí đăng ký hộ kinh doanh", 100000, valid_from="2020-01-01", valid_to="2025-06-30", basis="Nghị quyết 45/2019/NQ-HĐND")], form=FORM_HKD),
    P("1.001766", "Cấp giấy phép xây dựng nhà ở riêng lẻ (cấp huyện)", "XD", "commune", 15, [
        comp("Đơn đề nghị cấp giấy phép xây dựng", template="Mẫu số 01 Nghị định 15/2021/NĐ-CP"),
        comp("Giấy tờ chứng minh quyền sử dụng đất", originals=0, copies=1),
        comp("Hai bộ bản vẽ thiết kế xây dựng", originals=2),
    ], legal=[law("Nghị định số 15/2021/NĐ-CP", "Quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng", "2021-03-03")],
       result="Giấy phép xây dựng.", implementing="Ủy ban nhân dân cấp huyện", online="partial", anywhere=False,
       fees=[fee("Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", 75000, valid_from="2020-01-01", valid_to="2025-06-30", basis="Nghị quyết 45/2019/NQ-HĐND")], form=FORM_GPXD),
]

DECISIONS = [
    {
        "number": "1708/QĐ-UBND",
        "title": "Công bố Danh mục thủ tục hành chính được chuẩn hóa thuộc phạm vi, chức năng quản lý của các sở, ngành và Ủy ban nhân dân cấp xã thành phố Hải Phòng sau sắp xếp đơn vị hành chính",
        "signed_on": "2025-06-27", "effective_on": "2025-07-01", "publicised_on": "2025-06-30",
        "signer": "Chủ tịch Ủy ban nhân dân thành phố",
        "items": [{"procedure": p["code"], "action": "new", "replaces": ""}
                  for p in PROCEDURES
                  if p["code"] not in ("1.001612", "1.001766", "2.000720", "1.009974", "1.001978", "1.010831")],
    },
    {
        "number": "1711/QĐ-UBND",
        "title": "Công bố thủ tục hành chính được thay thế, bãi bỏ lĩnh vực hộ kinh doanh và hoạt động xây dựng do không còn cấp huyện",
        "signed_on": "2025-06-27", "effective_on": "2025-07-01", "publicised_on": "2025-06-30",
        "signer": "Chủ tịch Ủy ban nhân dân thành phố",
        "items": [
            {"procedure": "2.000720", "action": "replaced", "replaces": "1.001612"},
            {"procedure": "1.009974", "action": "replaced", "replaces": "1.001766"},
        ],
    },
    {
        "number": "1520/QĐ-UBND",
        "title": "Công bố thủ tục hành chính lĩnh vực hộ kinh doanh và xây dựng cấp huyện",
        "signed_on": "2024-05-20", "effective_on": "2024-06-01", "publicised_on": "2024-05-24",
        "signer": "Chủ tịch Ủy ban nhân dân thành phố",
        "items": [{"procedure": "1.001612", "action": "new", "replaces": ""},
                  {"procedure": "1.001766", "action": "new", "replaces": ""}],
    },
    {
        "number": "95/QĐ-UBND",
        "title": "Công bố thủ tục hành chính sửa đổi, bổ sung lĩnh vực việc làm thuộc phạm vi quản lý của Sở Nội vụ thành phố Hải Phòng",
        "signed_on": "2026-01-12", "effective_on": "2026-01-15", "publicised_on": "2026-01-16",
        "signer": "Phó Chủ tịch Ủy ban nhân dân thành phố",
        "items": [{"procedure": "1.001978", "action": "amended", "replaces": ""}],
    },
]


def document():
    return {"format": "motcua-catalog", "version": 1,
            "fields": [{"code": c, "name": n} for c, n in FIELDS],
            "decisions": DECISIONS, "procedures": PROCEDURES}
