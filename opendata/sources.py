"""The datasets MotCua publishes from its own data, refreshed by the scheduler
(`open_data` job, MOTCUA_SCHEDULE_OPEN_DATA) and by `manage.py refresh_open_data`.

Each source declares its dataset's metadata (published in Vietnamese: the city's catalogue is
Vietnamese whatever the reader's language) and its Table Schema, and builds its rows. No
personal data leaves: no names, identity numbers, phones or addresses of people, only counts
and the texts the city already published; a count of fewer than MOTCUA_OPENDATA_MIN_CELL
people is suppressed (left empty, with `an_so_lieu` true), the usual statistical disclosure
rule, so that nobody can be singled out from a small cell. Where a total of the hidden cells
is published elsewhere, the hidden cells are never alone nor small together: neighbours are
hidden with them (`_protect_totals`).

A refresh stores a new version only when the rows changed (their SHA-256), so the version list
says when the data moved.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation

from motcua.templatetags.motcua import vnd
from opendata.models import Dataset, Frequency, Theme


@dataclass
class Source:
    key: str
    name: str
    title: str
    description: str
    theme: str
    frequency: str
    keywords: list
    fields: list  # Table Schema fields: name, type, title
    build: object  # () -> [row dicts]
    primary_key: list = field(default_factory=list)

    def describe(self):
        """The description, with the suppression threshold in force where it says {n}."""
        return self.description.replace("{n}", str(min_cell()))

    def schema(self):
        out = {"fields": [{**f, "title": f["title"].replace("{n}", str(min_cell()))}
                          for f in self.fields]}
        if self.primary_key:
            out["primaryKey"] = list(self.primary_key)
        return out


def _f(name, kind, title):
    return {"name": name, "type": kind, "title": title}


def min_cell():
    return settings.MOTCUA_OPENDATA_MIN_CELL


def _small(row, counts):
    """Whether a count of `counts` in `row` counts fewer people than the threshold (zero is
    not a person and is shown)."""
    return any(0 < (row[c] or 0) < min_cell() for c in counts)


def _blank_hidden(rows, counts):
    """Empty every count of the rows marked hidden (`an_so_lieu`)."""
    for row in rows:
        if row["an_so_lieu"]:
            for c in counts:
                row[c] = None


# ----------------------------------------------------------------------------- catalog

def _catalog():
    from catalog.models import Procedure

    rows = []
    qs = Procedure.objects.active_on().select_related("field", "agency") \
        .prefetch_related("fees", "components", "legal_bases").order_by("code")
    for p in qs:
        fees = p.fees_on()
        rows.append({
            "ma_thu_tuc": p.code, "ten_thu_tuc": p.name,
            "linh_vuc": p.field.name if p.field_id else "",
            "cap_thuc_hien": p.get_level_display(),
            "co_quan_thuc_hien": p.implementing_agency or (p.agency.name if p.agency_id else ""),
            "thoi_han_giai_quyet": float(p.processing_time) if p.processing_time is not None
            else None,
            "don_vi_thoi_han": p.get_time_unit_display() if p.time_unit else "",
            "muc_do_truc_tuyen": p.get_online_level_display() if p.online_level else "",
            "nop_truc_tuyen": p.accepts_online, "nop_truc_tiep": p.accepts_counter,
            "nop_buu_chinh": p.accepts_post,
            "le_phi_vnd": sum(f.amount for f in fees),
            "mo_ta_phi": "; ".join(f"{f.description}: {vnd(f.amount)}" for f in fees),
            "so_thanh_phan_ho_so": len(p.components.all()),
            "can_cu_phap_ly": "; ".join(f"{b.number} {b.title}".strip()
                                        for b in p.legal_bases.all()),
            "cap_nhat": timezone.localtime(p.updated_at).date().isoformat(),
        })
    return rows


CATALOG = Source(
    key="catalog", name="thu-tuc-hanh-chinh",
    title="Danh mục thủ tục hành chính",
    description="Các thủ tục hành chính đang có hiệu lực trên địa bàn: lĩnh vực, cấp và cơ quan "
    "thực hiện, thời hạn giải quyết, cách thức nộp, phí và lệ phí, số thành phần hồ sơ, căn cứ "
    "pháp lý (Nghị định 63/2010/NĐ-CP). Cập nhật từ Cơ sở dữ liệu thủ tục hành chính của hệ "
    "thống một cửa điện tử.",
    theme=Theme.GOVE, frequency=Frequency.DAILY,
    keywords=["thủ tục hành chính", "dịch vụ công", "phí lệ phí"],
    fields=[
        _f("ma_thu_tuc", "string", "Mã thủ tục"), _f("ten_thu_tuc", "string", "Tên thủ tục"),
        _f("linh_vuc", "string", "Lĩnh vực"), _f("cap_thuc_hien", "string", "Cấp thực hiện"),
        _f("co_quan_thuc_hien", "string", "Cơ quan thực hiện"),
        _f("thoi_han_giai_quyet", "number", "Thời hạn giải quyết"),
        _f("don_vi_thoi_han", "string", "Đơn vị thời hạn"),
        _f("muc_do_truc_tuyen", "string", "Mức độ dịch vụ công trực tuyến"),
        _f("nop_truc_tuyen", "boolean", "Nộp trực tuyến"),
        _f("nop_truc_tiep", "boolean", "Nộp trực tiếp"),
        _f("nop_buu_chinh", "boolean", "Nộp qua bưu chính"),
        _f("le_phi_vnd", "integer", "Tổng phí, lệ phí (đồng)"),
        _f("mo_ta_phi", "string", "Phí, lệ phí"),
        _f("so_thanh_phan_ho_so", "integer", "Số thành phần hồ sơ"),
        _f("can_cu_phap_ly", "string", "Căn cứ pháp lý"),
        _f("cap_nhat", "date", "Cập nhật"),
    ],
    build=_catalog, primary_key=["ma_thu_tuc"],
)


# ----------------------------------------------------------------------------- dossiers

DOSSIER_COUNTS = ["tiep_nhan", "da_giai_quyet", "dang_giai_quyet", "qua_han"]


def _dossier_stats():
    from dossiers.models import Channel, Dossier, Status

    finished = Q(status__in=[Status.RESOLVED, Status.RETURNED])
    ended = Q(status__in=[Status.REFUSED, Status.WITHDRAWN, Status.STOPPED])
    qs = Dossier.objects.filter(received_at__isnull=False) \
        .annotate(month=TruncMonth("received_at")) \
        .values("month", "agency__code", "agency__name", "procedure__code", "procedure__name",
                "channel") \
        .annotate(tiep_nhan=Count("id"), da_giai_quyet=Count("id", filter=finished),
                  dang_giai_quyet=Count("id", filter=~finished & ~ended),
                  qua_han=Count("id", filter=Q(overdue_since__isnull=False)))
    channels = dict(Channel.choices)
    rows = []
    for r in qs:
        month = r["month"]
        if isinstance(month, dt.datetime):
            month = timezone.localtime(month) if timezone.is_aware(month) else month
        row = {"thang": f"{month:%Y-%m}", "ma_don_vi": r["agency__code"],
               "ten_don_vi": r["agency__name"], "ma_thu_tuc": r["procedure__code"],
               "ten_thu_tuc": r["procedure__name"], "kenh": str(channels.get(r["channel"], "")),
               **{c: r[c] for c in DOSSIER_COUNTS}}
        row["an_so_lieu"] = _small(row, DOSSIER_COUNTS)
        rows.append(row)
    _protect_totals(rows, ("thang", "ma_don_vi"), DOSSIER_COUNTS, "tiep_nhan")
    _blank_hidden(rows, DOSSIER_COUNTS)
    rows.sort(key=lambda r: (r["thang"], r["ma_don_vi"], r["ma_thu_tuc"], r["kenh"]))
    return rows


def _protect_totals(rows, group, counts, size):
    """Secondary (complementary) suppression, on the rows' true counts (before they are
    blanked). A unit's monthly total is published elsewhere (the 766 dataset's `so_ho_so`), so
    whatever is hidden among a unit's rows of a month can be summed by subtraction: a lone
    hidden row would be recovered, and two or more hidden rows holding fewer than the
    threshold together (1 and 2: three people) would be a small cell again. So the smallest
    shown row is hidden with them, then the next, until the hidden rows are at least two and
    hold at least the threshold of `size` together. A unit whose rows of the month are all
    hidden has nothing left to hide; its total is the unit's, not a person's."""
    groups = {}
    for row in rows:
        groups.setdefault(tuple(row[g] for g in group), []).append(row)
    for members in groups.values():
        hidden = [r for r in members if r["an_so_lieu"]]
        if not hidden:
            continue
        shown = sorted((r for r in members if not r["an_so_lieu"]),
                       key=lambda r: tuple(r[c] or 0 for c in counts))
        while shown and (len(hidden) == 1 or sum(r[size] or 0 for r in hidden) < min_cell()):
            partner = shown.pop(0)
            partner["an_so_lieu"] = True
            hidden.append(partner)


DOSSIERS = Source(
    key="dossiers", name="thong-ke-ho-so-theo-thang",
    title="Thống kê hồ sơ thủ tục hành chính theo tháng",
    description="Số hồ sơ tiếp nhận mỗi tháng theo đơn vị, thủ tục và kênh nộp (trực tiếp, "
    "trực tuyến, bưu chính), số đã giải quyết, đang giải quyết và đã quá hạn. Ô có dưới {n} hồ "
    "sơ được ẩn để bảo vệ dữ liệu cá nhân; khi trong một tháng các ô bị ẩn của một đơn vị chỉ "
    "có một ô, hoặc cộng lại dưới {n} hồ sơ, các ô nhỏ nhất còn lại của đơn vị cũng được ẩn, để "
    "không suy ra được từ tổng số của đơn vị.",
    theme=Theme.GOVE, frequency=Frequency.DAILY,
    keywords=["hồ sơ", "thống kê", "một cửa"],
    fields=[
        _f("thang", "yearmonth", "Tháng tiếp nhận"), _f("ma_don_vi", "string", "Mã đơn vị"),
        _f("ten_don_vi", "string", "Đơn vị"), _f("ma_thu_tuc", "string", "Mã thủ tục"),
        _f("ten_thu_tuc", "string", "Thủ tục"), _f("kenh", "string", "Kênh nộp"),
        _f("tiep_nhan", "integer", "Tiếp nhận"), _f("da_giai_quyet", "integer", "Đã giải quyết"),
        _f("dang_giai_quyet", "integer", "Đang giải quyết"),
        _f("qua_han", "integer", "Đã quá hạn"),
        _f("an_so_lieu", "boolean", "Ẩn số liệu (dưới {n} hồ sơ)"),
    ],
    build=_dossier_stats, primary_key=["thang", "ma_don_vi", "ma_thu_tuc", "kenh"],
)


# ----------------------------------------------------------------------------- 766

GROUP_COLUMNS = {"CKMB": "cong_khai_minh_bach", "TDGQ": "tien_do_giai_quyet",
                 "CLGQ": "dich_vu_truc_tuyen", "TTTT": "thanh_toan_truc_tuyen",
                 "MDSH": "so_hoa", "MDHL": "muc_do_hai_long"}


def _index_766():
    from indicators.models import IndexSnapshot

    rows = []
    qs = IndexSnapshot.objects.filter(period__regex=r"^\d{4}-\d{2}$") \
        .select_related("agency").order_by("period", "rank", "agency__code")
    for s in qs:
        rows.append({
            "thang": s.period, "ma_don_vi": s.agency.code, "ten_don_vi": s.agency.name,
            "loai_don_vi": s.agency.get_kind_display(), "tong_diem": float(s.total),
            "xep_loai": s.band_label, "thu_hang": s.rank, "so_ho_so": s.dossiers,
            **{col: s.groups.get(group) for group, col in GROUP_COLUMNS.items()},
        })
    return rows


INDEX_766 = Source(
    key="index_766", name="chi-so-766",
    title="Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ (Quyết định 766)",
    description="Điểm Bộ chỉ số theo Quyết định 766/QĐ-TTg của thành phố, từng sở, ngành và "
    "từng xã, phường mỗi tháng: tổng điểm, xếp loại, thứ hạng, số hồ sơ và điểm từng nhóm chỉ "
    "số, tính từ dữ liệu của hệ thống một cửa điện tử theo công thức của Cổng Dịch vụ công "
    "quốc gia.",
    theme=Theme.GOVE, frequency=Frequency.MONTHLY,
    keywords=["chỉ số 766", "chất lượng phục vụ", "xếp hạng"],
    fields=[
        _f("thang", "yearmonth", "Tháng"), _f("ma_don_vi", "string", "Mã đơn vị"),
        _f("ten_don_vi", "string", "Đơn vị"), _f("loai_don_vi", "string", "Loại đơn vị"),
        _f("tong_diem", "number", "Tổng điểm"), _f("xep_loai", "string", "Xếp loại"),
        _f("thu_hang", "integer", "Thứ hạng"), _f("so_ho_so", "integer", "Số hồ sơ"),
        _f("cong_khai_minh_bach", "number", "Công khai, minh bạch"),
        _f("tien_do_giai_quyet", "number", "Tiến độ giải quyết"),
        _f("dich_vu_truc_tuyen", "number", "Dịch vụ công trực tuyến"),
        _f("thanh_toan_truc_tuyen", "number", "Thanh toán trực tuyến"),
        _f("so_hoa", "number", "Số hóa hồ sơ"), _f("muc_do_hai_long", "number", "Mức độ hài lòng"),
    ],
    build=_index_766, primary_key=["thang", "ma_don_vi"],
)


# ----------------------------------------------------------------------------- SIPAS

def _sipas():
    from surveys import scoring
    from surveys.models import Survey

    rows = []
    qs = Survey.objects.filter(status__in=[Survey.Status.OPEN, Survey.Status.CLOSED]) \
        .select_related("questionnaire").order_by("end", "id")
    for survey in qs:
        for agency, scores in scoring.by_unit(survey):
            small = 0 < scores["respondents"] < min_cell()
            shown = not small and scores["respondents"] > 0
            factors = {f["number"]: f["score"] for f in scores["factors"]}
            rows.append({
                "dot_khao_sat": survey.name, "tu_ngay": survey.start.isoformat(),
                "den_ngay": survey.end.isoformat(), "ma_don_vi": agency.code,
                "ten_don_vi": agency.name,
                "so_nguoi_tra_loi": scores["respondents"] if not small else None,
                "sipas": float(scores["sipas"]) if shown and scores["sipas"] is not None
                else None,
                "sai_so": float(scores["margin"]) if shown and scores["margin"] is not None
                else None,
                **{f"yeu_to_{n}": float(factors[n]) if shown and factors.get(n) is not None
                   else None for n in range(1, 6)},
                "an_so_lieu": small,
            })
    return rows


SIPAS = Source(
    key="sipas", name="chi-so-hai-long-sipas",
    title="Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
    description="Kết quả các đợt khảo sát sự hài lòng của người dân, tổ chức theo Quyết định "
    "1001/QĐ-BNV: chỉ số SIPAS của từng đơn vị, điểm năm yếu tố và sai số. Đơn vị có dưới {n} "
    "người trả lời được ẩn số liệu.",
    theme=Theme.GOVE, frequency=Frequency.QUARTERLY,
    keywords=["SIPAS", "hài lòng", "khảo sát"],
    fields=[
        _f("dot_khao_sat", "string", "Đợt khảo sát"), _f("tu_ngay", "date", "Hồ sơ từ ngày"),
        _f("den_ngay", "date", "Đến ngày"), _f("ma_don_vi", "string", "Mã đơn vị"),
        _f("ten_don_vi", "string", "Đơn vị"),
        _f("so_nguoi_tra_loi", "integer", "Số người trả lời"),
        _f("sipas", "number", "SIPAS (tỷ lệ hài lòng)"), _f("sai_so", "number", "Sai số"),
        _f("yeu_to_1", "number", "Tiếp cận dịch vụ"), _f("yeu_to_2", "number", "Thủ tục hành chính"),
        _f("yeu_to_3", "number", "Công chức giải quyết"), _f("yeu_to_4", "number", "Kết quả"),
        _f("yeu_to_5", "number", "Tiếp nhận, xử lý góp ý"),
        _f("an_so_lieu", "boolean", "Ẩn số liệu (dưới {n} người)"),
    ],
    build=_sipas, primary_key=["dot_khao_sat", "ma_don_vi"],
)


# ----------------------------------------------------------------------------- PAKN

def _petitions():
    from feedback.models import Petition

    rows = []
    qs = Petition.objects.filter(status=Petition.Status.PUBLISHED) \
        .select_related("agency", "procedure").order_by("published_at", "code")
    for p in qs:
        rows.append({
            "ma_phan_anh": p.code, "ma_don_vi": p.agency.code, "don_vi": p.agency.name,
            "loai": p.get_kind_display(), "chu_de": p.get_topic_display() if p.topic else "",
            "thu_tuc": p.procedure.name if p.procedure_id else "",
            "ngay_tiep_nhan": timezone.localtime(p.received_at).date().isoformat(),
            "ngay_cong_bo": timezone.localtime(p.published_at).date().isoformat()
            if p.published_at else None,
            "dung_han": p.on_time,
            # The question as the office published it (never the person's own text, which may
            # name them) and the answer.
            "noi_dung": p.public_summary or p.title, "tra_loi": p.answer,
        })
    return rows


PETITIONS = Source(
    key="petitions", name="phan-anh-kien-nghi-da-tra-loi",
    title="Phản ánh, kiến nghị đã được trả lời và công khai",
    description="Các phản ánh, kiến nghị về thủ tục hành chính đã được cơ quan có thẩm quyền "
    "trả lời và công khai: nội dung đã công bố, đơn vị trả lời, chủ đề, ngày tiếp nhận, ngày "
    "công khai và câu trả lời. Không có thông tin về người gửi.",
    theme=Theme.GOVE, frequency=Frequency.DAILY,
    keywords=["phản ánh kiến nghị", "PAKN", "trả lời"],
    fields=[
        _f("ma_phan_anh", "string", "Mã phản ánh"), _f("ma_don_vi", "string", "Mã đơn vị"),
        _f("don_vi", "string", "Đơn vị trả lời"), _f("loai", "string", "Loại"),
        _f("chu_de", "string", "Chủ đề"), _f("thu_tuc", "string", "Thủ tục liên quan"),
        _f("ngay_tiep_nhan", "date", "Ngày tiếp nhận"), _f("ngay_cong_bo", "date", "Ngày công khai"),
        _f("dung_han", "boolean", "Trả lời đúng hạn"), _f("noi_dung", "string", "Nội dung"),
        _f("tra_loi", "string", "Trả lời"),
    ],
    build=_petitions, primary_key=["ma_phan_anh"],
)


# ----------------------------------------------------------------------------- tasks

TASK_COUNTS = ["in_time", "at_risk", "overdue", "done_on_time", "done_late"]
TASK_COLUMNS = {"in_time": "dang_thuc_hien_trong_han", "at_risk": "sap_den_han",
                "overdue": "qua_han", "done_on_time": "hoan_thanh_dung_han",
                "done_late": "hoan_thanh_tre_han"}


def _tasks():
    from directives.models import UnitTaskScore

    rows = []
    for s in UnitTaskScore.objects.select_related("agency").order_by("period", "agency__code"):
        counts = s.counts or {}
        if not s.tasks and not any(counts.get(k) for k in TASK_COUNTS):
            continue
        rows.append({"thang": s.period, "ma_don_vi": s.agency.code, "ten_don_vi": s.agency.name,
                     "so_nhiem_vu": s.tasks,
                     **{TASK_COLUMNS[k]: counts.get(k, 0) for k in TASK_COUNTS},
                     "diem": float(s.score) if s.score is not None else None})
    return rows


TASKS = Source(
    key="tasks", name="nhiem-vu-ubnd-giao",
    title="Thống kê thực hiện nhiệm vụ Ủy ban nhân dân thành phố giao",
    description="Mỗi tháng, số nhiệm vụ Ủy ban nhân dân thành phố giao mỗi đơn vị đến hạn: "
    "đang thực hiện trong hạn, sắp đến hạn, quá hạn, hoàn thành đúng hạn, hoàn thành trễ hạn "
    "và điểm thực hiện nhiệm vụ của đơn vị.",
    theme=Theme.GOVE, frequency=Frequency.MONTHLY,
    keywords=["nhiệm vụ", "chỉ đạo điều hành", "cải cách hành chính"],
    fields=[
        _f("thang", "yearmonth", "Tháng"), _f("ma_don_vi", "string", "Mã đơn vị"),
        _f("ten_don_vi", "string", "Đơn vị"), _f("so_nhiem_vu", "integer", "Số nhiệm vụ tính điểm"),
        _f("dang_thuc_hien_trong_han", "integer", "Đang thực hiện trong hạn"),
        _f("sap_den_han", "integer", "Sắp đến hạn"), _f("qua_han", "integer", "Quá hạn"),
        _f("hoan_thanh_dung_han", "integer", "Hoàn thành đúng hạn"),
        _f("hoan_thanh_tre_han", "integer", "Hoàn thành trễ hạn"),
        _f("diem", "number", "Điểm thực hiện nhiệm vụ"),
    ],
    build=_tasks, primary_key=["thang", "ma_don_vi"],
)


SOURCES = {s.key: s for s in (CATALOG, DOSSIERS, INDEX_766, SIPAS, PETITIONS, TASKS)}


def build(source):
    """The source's rows, labels in Vietnamese whatever the process's language."""
    with translation.override("vi"):
        return source.build()


def temporal(rows):
    """The period the rows cover, from their month or date columns: (first day, last day)."""
    days = []
    for row in rows:
        for key in ("thang", "tu_ngay", "den_ngay", "ngay_tiep_nhan"):
            value = row.get(key)
            if isinstance(value, str) and len(value) >= 7:
                first = dt.date.fromisoformat(value + "-01" if len(value) == 7 else value)
                days.append(first)
                if len(value) == 7:
                    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                    days.append(nxt - dt.timedelta(days=1))
    return (min(days), max(days)) if days else (None, None)


def ensure(source, publisher, spatial):
    """The source's dataset, made once (open, published: MotCua's own statistics need no
    upload, and hold no personal data)."""
    dataset, made = Dataset.objects.get_or_create(source=source.key, defaults={
        "name": source.name, "title": source.title, "description": source.describe(),
        "publisher": publisher, "theme": source.theme, "keywords": source.keywords,
        "licence": "CC-BY-4.0", "access": Dataset.Access.OPEN,
        "status": Dataset.Status.PUBLISHED, "spatial": spatial, "frequency": source.frequency,
        "contact_name": publisher.name, "contact_email": publisher.email
        or settings.MOTCUA_OPENDATA_CONTACT_EMAIL, "table_schema": source.schema(),
        "issued_at": timezone.now(),
    })
    if not made and dataset.table_schema != source.schema():
        dataset.table_schema = source.schema()  # a column added in a later release
        dataset.save(update_fields=["table_schema", "modified_at"])
    return dataset
