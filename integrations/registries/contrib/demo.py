"""Demo national databases for development and tests: synthetic residents of Hải Phòng (the
population database) and businesses (the business registration database).

The people are invented; their identity numbers follow the CCCD layout (province of birth 031,
gender and century digit, two digits of the birth year, six digits) but belong to nobody. The
businesses are invented too; their codes have the 10 digits of an enterprise code starting with
02, the prefix of Hải Phòng's tax office, and match no real business.
"""

from integrations.registries.base import BusinessRecord, PersonRecord, Registry

PEOPLE = [
    PersonRecord("031190004567", "Phạm Thị Hồng", "1990-04-12", "Nữ",
                 "12 Điện Biên Phủ, phường Hồng Bàng, thành phố Hải Phòng",
                 "12 Điện Biên Phủ, phường Hồng Bàng, thành phố Hải Phòng", "0912345678",
                 "pham.thi.hong@example.vn"),
    PersonRecord("031085004321", "Trần Văn Bình", "1985-09-02", "Nam",
                 "25 Lạch Tray, phường Gia Viên, thành phố Hải Phòng",
                 "25 Lạch Tray, phường Gia Viên, thành phố Hải Phòng", "0983456789", ""),
    PersonRecord("031192001122", "Nguyễn Thị Mai Anh", "1992-11-20", "Nữ",
                 "8 Tô Hiệu, phường Lê Chân, thành phố Hải Phòng",
                 "41 Văn Cao, phường Gia Viên, thành phố Hải Phòng", "0904123456",
                 "maianh.nguyen@example.vn"),
    PersonRecord("031078006789", "Vũ Đức Thắng", "1978-02-15", "Nam",
                 "156 Trần Nguyên Hãn, phường Lê Chân, thành phố Hải Phòng",
                 "156 Trần Nguyên Hãn, phường Lê Chân, thành phố Hải Phòng", "0936789012", ""),
    PersonRecord("031301000345", "Đỗ Minh Khôi", "2001-07-30", "Nam",
                 "Thôn 3, xã An Hưng, thành phố Hải Phòng",
                 "Thôn 3, xã An Hưng, thành phố Hải Phòng", "0978123123", "khoi.do@example.vn"),
    PersonRecord("031187009876", "Lê Thị Thu Hà", "1987-05-08", "Nữ",
                 "22 Cầu Đất, phường Ngô Quyền, thành phố Hải Phòng",
                 "22 Cầu Đất, phường Ngô Quyền, thành phố Hải Phòng", "0915678901", ""),
]


class DemoPopulation(Registry):
    name = "demo_population"
    title = "Cơ sở dữ liệu quốc gia về dân cư"

    def __init__(self, people=None):
        self.people = {p.id_number: p for p in (people or PEOPLE)}

    def lookup(self, id_number):
        return self.people.get((id_number or "").replace(" ", ""))


BUSINESSES = [
    BusinessRecord("0201987654", "Công ty TNHH Thương mại và Dịch vụ Cảng Xanh",
                   "45 Lê Thánh Tông, phường Ngô Quyền, thành phố Hải Phòng",
                   "Vũ Đức Thắng", "031078006789", "02253842111", "lienhe@cangxanh.example.vn"),
    BusinessRecord("0201456789", "Công ty Cổ phần Thực phẩm Hoa Phượng Đỏ",
                   "Lô B3, Khu công nghiệp Nomura, xã An Hưng, thành phố Hải Phòng",
                   "Lê Thị Thu Hà", "031187009876", "02253745222", "info@hoaphuongdo.example.vn"),
    BusinessRecord("0201234500", "Hộ kinh doanh Bánh đa cua Bà Cụ",
                   "179 Cầu Đất, phường Ngô Quyền, thành phố Hải Phòng",
                   "Trần Văn Bình", "031085004321", "0983456789", ""),
]


class DemoBusinessRegistry(Registry):
    name = "demo_business"
    title = "Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp"
    kind = "business"

    def __init__(self, businesses=None):
        self.businesses = {b.tax_code: b for b in (businesses or BUSINESSES)}

    def lookup(self, tax_code):
        return self.businesses.get((tax_code or "").replace(" ", ""))
