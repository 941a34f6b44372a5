"""What is asked: which papers, how long, what it costs, where to file, how to file online,
which legal basis, who may ask, what one receives, the steps, or the status of my dossier.
Matched on the folded question (no diacritics, y→i), so "bao lâu", "bao lau" and "bao lâu
vậy" read alike. The first intent whose phrases appear wins, in this order."""

import re

from django.utils.translation import gettext_lazy as _

from motcua.text import search_key

# A dossier code (units.identifiers: agency code, date, number), e.g. 001.11311.00.H26-261207-0003.
DOSSIER_CODE = re.compile(r"\b\d{3}\.\d{2,5}\.\d{2}\.[a-z][a-z0-9]{1,3}-\d{6}-\d{3,6}\b", re.I)

# Phrases as people write them; folded like the question (search_key) when the module loads.
_PHRASES = [
    ("status", ["hồ sơ của tôi", "tình trạng hồ sơ", "hồ sơ tôi", "đến đâu rồi", "xử lý đến đâu",
                "tra cứu hồ sơ", "đã có kết quả chưa", "bao giờ có kết quả của tôi"]),
    ("fee", ["lệ phí", "phí", "bao nhiêu tiền", "mất tiền", "tốn tiền", "hết bao nhiêu",
             "chi phí", "miễn phí", "tiền", "nhiêu tiền", "mấy trăm", "nghìn", "ngàn"]),
    ("time", ["bao lâu", "mấy ngày", "thời gian", "thời hạn", "bao nhiêu ngày", "lâu không",
              "lâu ko", "mấy hôm", "khi nào có", "bao giờ có", "mất bao lâu", "trong bao lâu",
              "lâu", "nhanh", "khi nào xong", "bao giờ xong"]),
    ("papers", ["giấy tờ", "hồ sơ gồm", "thành phần", "cần những gì", "cần gì", "mang theo",
                "chuẩn bị", "cần nộp", "tờ khai", "giấy gì", "giấy nào", "gồm những",
                "cần có", "nộp gì", "nộp những"]),
    ("online", ["trực tuyến", "online", "onl", "qua mạng", "trên mạng", "dịch vụ công",
                "internet", "tại nhà", "vneid", "điện tử"]),
    ("where", ["ở đâu", "nơi nộp", "cơ quan nào", "nộp tại", "tại đâu", "làm ở đâu", "chỗ nào",
               "địa chỉ", "đến đâu", "nộp ở", "phường nào", "sở nào", "ubnd nào",
               "ai giải quyết", "ai cấp", "nơi nào", "đi đâu"]),
    ("legal", ["căn cứ", "luật", "nghị định", "thông tư", "văn bản", "quy định nào",
               "pháp lý", "quyết định số"]),
    ("applicants", ["ai được", "đối tượng", "điều kiện", "ai có thể", "người nước ngoài",
                    "ủy quyền", "nhờ người"]),
    ("result", ["nhận được gì", "kết quả là gì", "được cấp gì", "nhận gì"]),
    ("steps", ["các bước", "trình tự", "làm thế nào", "làm sao", "quy trình", "cách làm",
               "thủ tục", "hướng dẫn", "thế nào", "ra sao"]),
]
INTENTS = [(intent, [search_key(p) for p in phrases]) for intent, phrases in _PHRASES]
PHRASES_LONGEST_FIRST = sorted({p for _i, phrases in INTENTS for p in phrases},
                               key=lambda p: (-len(p), p))
LABELS = {
    "status": _("dossier status"), "fee": _("fees and charges"), "time": _("processing time"),
    "papers": _("dossier components and counts"), "online": _("online filing"),
    "where": _("where to file"), "legal": _("legal basis"), "applicants": _("applicants"),
    "result": _("result"), "steps": _("steps"), "overview": _("the procedure"),
    "answer": _("published answer"), "unknown": _("not found"),
}


def _match(folded):
    for intent, phrases in INTENTS:
        for phrase in phrases:
            if f" {phrase} " in f" {folded} ":
                return intent
    return None


def without(folded, name):
    """The question less the runs of two words or more it shares with the procedure's name:
    "hỗ trợ chi phí mai táng nộp ở đâu" asks where, whatever "chi phí" in the name says."""
    words, name = folded.split(), f" {name} "
    kept, i = [], 0
    while i < len(words):
        j = len(words)
        while j > i + 1 and f" {' '.join(words[i:j])} " not in name:
            j -= 1
        if j > i + 1:
            i = j
        else:
            kept.append(words[i])
            i += 1
    return " ".join(kept)


def detect(question, name=""):
    """The intent of `question`; `name` (the matched procedure's name and keywords) is taken
    out first, so that the words of a procedure's name do not read as what is asked."""
    if DOSSIER_CODE.search(question or ""):
        return "status"
    folded = search_key(question)
    if name:
        found = _match(without(folded, search_key(name)))
        if found:
            return found
    return _match(folded) or "overview"
