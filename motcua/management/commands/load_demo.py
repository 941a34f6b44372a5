"""Load the Hải Phòng demo: units, organisations, staff accounts and the procedure catalog.

Idempotent: running it again leaves existing accounts (and their passwords) alone and brings
the catalog back to the demo content.
"""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.actions import check_import, do_import_catalog
from catalog.demo.procedures import document
from reform import demo as reform_demo
from units import identifiers
from units.models import Agency, ServiceCenter, StaffRole

PROVINCE = 31
DEMO_PASSWORD = "motcua@2026"
HONG_BANG, LE_CHAN = 11311, 11383

# username, full name, role, agency code, service center code or None, job title
STAFF = [
    ("giamsat", "Nguyễn Thị Thu Hà", StaffRole.Role.SUPERVISOR,
     identifiers.province_committee_code(PROVINCE), None, "Chuyên viên Văn phòng UBND thành phố"),
    ("motcua.tp", "Trần Văn Hùng", StaffRole.Role.COUNTER_OFFICER,
     identifiers.province_committee_code(PROVINCE), identifiers.province_center_code(PROVINCE),
     "Công chức Trung tâm Phục vụ hành chính công thành phố"),
    ("chuyenvien.stp", "Phạm Minh Tuấn", StaffRole.Role.SPECIALIST,
     identifiers.department_code(PROVINCE, 3), None, "Chuyên viên Phòng Hành chính tư pháp"),
    ("lanhdao.stp", "Lê Thị Mai", StaffRole.Role.LEADER,
     identifiers.department_code(PROVINCE, 3), None, "Phó Giám đốc Sở Tư pháp"),
    ("motcua.hongbang", "Vũ Đức Thắng", StaffRole.Role.COUNTER_OFFICER,
     identifiers.commune_committee_code(PROVINCE, HONG_BANG),
     identifiers.commune_center_code(PROVINCE, HONG_BANG), "Công chức Bộ phận Một cửa"),
    ("chuyenvien.hongbang", "Hoàng Thị Lan", StaffRole.Role.SPECIALIST,
     identifiers.commune_committee_code(PROVINCE, HONG_BANG), None, "Công chức Tư pháp - Hộ tịch"),
    ("lanhdao.hongbang", "Đỗ Quang Huy", StaffRole.Role.LEADER,
     identifiers.commune_committee_code(PROVINCE, HONG_BANG), None, "Phó Chủ tịch UBND phường"),
    ("lanhdao.lechan", "Bùi Thị Hằng", StaffRole.Role.LEADER,
     identifiers.commune_committee_code(PROVINCE, LE_CHAN), None, "Phó Chủ tịch UBND phường"),
    ("motcua.lechan", "Phan Văn Sơn", StaffRole.Role.COUNTER_OFFICER,
     identifiers.commune_committee_code(PROVINCE, LE_CHAN),
     identifiers.commune_center_code(PROVINCE, LE_CHAN), "Công chức Bộ phận Một cửa"),
]
# A specialist and a leader for every other agency the demo catalog routes dossiers to, so
# that no dossier lands where nobody works: (department number, short name, specialist,
# specialist's title, leader, leader's title). Sector agencies are numbered from 21.
AGENCY_STAFF = [
    (2, "snv", "Ngô Thị Thanh Huyền", "Chuyên viên Phòng Lao động - Việc làm",
     "Trần Quốc Khánh", "Phó Giám đốc Sở Nội vụ"),
    (4, "stc", "Đặng Thu Trang", "Chuyên viên Phòng Đăng ký kinh doanh",
     "Phạm Văn Thành", "Phó Giám đốc Sở Tài chính"),
    (5, "sct", "Lê Hoàng Nam", "Chuyên viên Phòng Quản lý thương mại",
     "Vũ Thị Minh Nguyệt", "Phó Giám đốc Sở Công Thương"),
    (6, "snnmt", "Bùi Văn Hiếu", "Chuyên viên Phòng Quản lý đất đai",
     "Nguyễn Thị Bích Ngọc", "Phó Giám đốc Sở Nông nghiệp và Môi trường"),
    (7, "sxd", "Hoàng Minh Đức", "Chuyên viên Phòng Quản lý hoạt động xây dựng",
     "Đỗ Thị Hồng Nhung", "Phó Giám đốc Sở Xây dựng"),
    (10, "sgddt", "Trịnh Thị Hải Yến", "Chuyên viên Phòng Khảo thí và Quản lý chất lượng",
     "Lương Văn Phúc", "Phó Giám đốc Sở Giáo dục và Đào tạo"),
    (11, "syt", "Cao Thị Kim Oanh", "Chuyên viên Phòng Nghiệp vụ Dược",
     "Đinh Quang Vinh", "Phó Giám đốc Sở Y tế"),
    (21, "ca", "Nguyễn Đức Mạnh", "Cán bộ Phòng Hồ sơ nghiệp vụ",
     "Trần Văn Cường", "Phó Trưởng phòng Hồ sơ nghiệp vụ"),
    (22, "bhxh", "Phan Thị Thu Thủy", "Viên chức Phòng Chế độ bảo hiểm xã hội",
     "Lê Văn Toàn", "Phó Giám đốc Bảo hiểm xã hội thành phố"),
]
STAFF += [entry for number, short, specialist, s_title, leader, l_title in AGENCY_STAFF
          for entry in (
              (f"chuyenvien.{short}", specialist, StaffRole.Role.SPECIALIST,
               identifiers.department_code(PROVINCE, number), None, s_title),
              (f"lanhdao.{short}", leader, StaffRole.Role.LEADER,
               identifiers.department_code(PROVINCE, number), None, l_title))]


class Command(BaseCommand):
    help = "Load the Hải Phòng demo data (units, staff, catalog). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--no-dossiers", action="store_true",
                            help="units, staff and catalog only: no dossiers, PAKN or index")

    def handle(self, *args, **options):
        call_command("import_units", province=[PROVINCE], stdout=self.stdout)
        with transaction.atomic():
            self._addresses()
            created = self._staff()
            counts = do_import_catalog(check_import(document()), source="demo")
            reform_demo.ensure(timezone.localdate().year)  # the reform index's frameworks
        self.stdout.write(
            _("Demo: %(procedures)d procedures, %(fields)d fields, %(decisions)d publication "
              "decisions; %(created)d new accounts (password %(password)s).")
            % {**counts, "created": created, "password": DEMO_PASSWORD}
        )
        if not options["no_dossiers"]:
            from motcua.demo_city import populate

            made = populate(out=self.stdout.write)
            if made:
                self.stdout.write(_("The city at work: %(today)d dossiers in today's inboxes, "
                                    "%(petitions)d petitions; the 766 index of 6 months "
                                    "computed.") % made)
            from reform.demo_cycle import populate as reform_year
            from surveys.demo import populate as survey_round

            if survey := survey_round():
                self.stdout.write(_("SIPAS: %(name)s, %(n)d answers.") % {
                    "name": survey.name, "n": survey.responses.count()})
            if assessments := reform_year():
                self.stdout.write(_("Reform index: %(list)s.") % {"list": ", ".join(
                    f"{k}: {v}" for k, v in assessments.items())})
            from opendata.demo import populate as open_data

            made = open_data()
            self.stdout.write(_("Open data: %(built)d datasets built from MotCua's data, "
                                "%(uploaded)d uploaded by departments.") % made)
            from assistant.demo import populate as faqs

            faqs()

    def _addresses(self):
        ServiceCenter.objects.filter(code=identifiers.province_center_code(PROVINCE)).update(
            address="18 Hoàng Diệu, phường Hồng Bàng, thành phố Hải Phòng", phone="0225 3842 668")
        Agency.objects.filter(code=identifiers.province_committee_code(PROVINCE)).update(
            address="18 Hoàng Diệu, phường Hồng Bàng, thành phố Hải Phòng")
        Agency.objects.filter(code=identifiers.department_code(PROVINCE, 3)).update(
            address="22 Trần Quang Khải, phường Hồng Bàng, thành phố Hải Phòng")
        ServiceCenter.objects.filter(
            code=identifiers.commune_center_code(PROVINCE, HONG_BANG)
        ).update(address="Số 1 Hoàng Văn Thụ, phường Hồng Bàng, thành phố Hải Phòng")

    def _staff(self):
        User = get_user_model()
        created = 0
        if not User.objects.filter(username="quantri").exists():
            User.objects.create_superuser("quantri", "quantri@haiphong.gov.vn", DEMO_PASSWORD,
                                          last_name="Quản trị hệ thống")
            created += 1
        for username, full_name, role, agency_code, center_code, title in STAFF:
            last, first = full_name.rsplit(" ", 1)
            user, new = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "is_staff": True,
                          "email": f"{username}@haiphong.gov.vn"},
            )
            if new:
                user.set_password(DEMO_PASSWORD)
                user.save()
                created += 1
            StaffRole.objects.get_or_create(
                user=user, role=role, agency=Agency.objects.get(code=agency_code),
                defaults={"title": title, "service_center": ServiceCenter.objects.filter(
                    code=center_code).first() if center_code else None},
            )
        return created
