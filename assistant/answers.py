"""Answers from the catalog's own words.

`ask(question)` finds the procedure (or published answer) the question is about
(assistant.knowledge), recognises what is asked (assistant.intents) and answers with the
matching part of the procedure quoted as the catalog publishes it, with its sources and the
links to the procedure page and to online filing. Below MOTCUA_ASSISTANT_THRESHOLD it says it
did not find the answer and offers a PAKN or the hotline: it never makes up a fee, a time
limit or a paper. Dossier status goes through the tracking rule (code and the phone's last
four digits, the same lock). An optional phrasing plugin may reword the answer from the
retrieved passages only (assistant.phrasing).
"""

import re

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.throttling import SimpleRateThrottle

from assistant import intents, knowledge
from motcua.client import client_address
from motcua.templatetags.motcua import vnd

# The phone's last four digits: a run of four, or the end of a longer one (a whole number).
LAST4 = re.compile(r"\d[\d .]{2,}\d")


def _scaled(value, low, high):
    return max(0.0, min(1.0, (value - low) / (high - low)))


def confidence(hit, words, question):
    """How sure the match is, 0–1: the cosine between the question and the document (scaled
    over the range e5 gives related texts), and the share of the question's own content words
    the document holds. Both must be there for an answer; the threshold is a setting."""
    doc, _fused, _lexical, cosine = hit
    covered = knowledge.coverage(question, doc)
    return round(0.5 * _scaled(cosine, 0.80, 0.90) + 0.5 * covered, 3)



def _source(procedure, part, quote):
    return {"title": procedure.name, "code": procedure.code, "part": part,
            "url": settings.MOTCUA_PUBLIC_URL + reverse("catalog:detail", args=[procedure.code]),
            "quote": quote}


def _links(procedure):
    links = [{"label": _("Procedure page"), "url": reverse("catalog:detail",
                                                            args=[procedure.code])}]
    if procedure.accepts_online:
        links.append({"label": _("File online"), "url": reverse("portal:apply",
                                                                 args=[procedure.code])})
    return links


def _part(procedure, intent):
    """(label of the part, [quoted lines]) of the procedure that answers `intent`; no line
    when the catalog does not say (then nothing is invented)."""
    from assistant.intents import LABELS

    p = procedure
    if intent == "papers":
        lines = []
        for c in p.components.all():
            count = _("%(o)d original(s), %(c)d copy(ies)") % {"o": c.originals, "c": c.copies}
            line = f"{c.name} ({count})"
            if c.replaced_by_data:
                line += " — " + _("not asked: taken from %(source)s") % {
                    "source": c.data_source or _("national data")}
            elif not c.required:
                line += " — " + _("if applicable")
            lines.append(line)
        return LABELS["papers"], lines
    if intent == "time":
        if p.processing_time is None:
            return LABELS["time"], [p.processing_time_note] if p.processing_time_note else []
        amount = f"{p.processing_time.normalize():f}".replace(".", ",")
        line = f"{amount} {p.get_time_unit_display()}"
        return LABELS["time"], [line + (f" ({p.processing_time_note})"
                                        if p.processing_time_note else "")]
    if intent == "fee":
        fees = p.fees_on()
        if fees:
            return LABELS["fee"], [f"{f.description}: {vnd(f.amount)}" for f in fees]
        return LABELS["fee"], [_("No fee or charge.")] if p.no_fee else []
    if intent == "where":
        lines = [p.implementing_agency or (p.agency.name if p.agency_id else "")]
        methods = {"counter": _("at the one-stop counter"), "post": _("by public post"),
                   "online": _("online")}
        lines.append(_("Filed: %(methods)s") % {
            "methods": ", ".join(str(methods[m]) for m in p.methods())})
        if p.method_note:
            lines.append(p.method_note)
        return LABELS["where"], [x for x in lines if x]
    if intent == "online":
        if not p.accepts_online:
            return LABELS["online"], [_("This procedure is not filed online.")]
        return LABELS["online"], [f"{p.get_online_level_display()}" if p.online_level
                                  else _("Filed online.")]
    if intent == "legal":
        return LABELS["legal"], [f"{b.number} {b.title}".strip() for b in p.legal_bases.all()]
    if intent == "applicants":
        return LABELS["applicants"], [x for x in (p.applicants, p.requirements) if x]
    if intent == "result":
        return LABELS["result"], [p.result] if p.result else []
    return LABELS["steps"], p.step_list() or ([p.method_note] if p.method_note else [])


class AskThrottle(SimpleRateThrottle):
    """THROTTLE_ASSISTANT questions per client, one count whichever way they come: the API
    (POST /api/v1/assistant/ask) and the portal's chat panel (/tro-ly/), so a script refused by
    one cannot go on asking through the other. A signed-in person counts as their account,
    anyone else as their address (motcua.client)."""

    scope = "assistant"

    def get_cache_key(self, request, view=None):
        user = getattr(request, "user", None)
        ident = user.pk if user is not None and user.is_authenticated \
            else client_address(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SenderThrottle(AskThrottle):
    """The same limit for a follower writing through the Zalo OA: every event comes from
    Zalo's servers, so the follower is counted by their Zalo id, not by the address."""

    def __init__(self, sender):
        self.sender = sender
        super().__init__()

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": f"zalo:{self.sender}"}


def throttled():
    """What the chat panel answers to a question over the limit."""
    return {"answer": _("You have asked many questions in a short time: wait a minute and "
                        "ask again."),
            "sources": [], "confidence": 0.0, "intent": "throttled", "procedure": None,
            "links": []}


def _refusal(intent, conf, question):
    return {"answer": _("I did not find this in the published procedures. You can send a "
                        "question to the office (PAKN) or call the hotline %(hotline)s.")
            % {"hotline": settings.MOTCUA_ASSISTANT_HOTLINE},
            "sources": [], "confidence": conf, "intent": "unknown", "asked": intent,
            "links": [{"label": _("Send a question (PAKN)"),
                       "url": reverse("feedback:petition_new")}],
            "procedure": None}


def _status(question, request):
    from dossiers.tracking import TrackingLocked, TrackingThrottle, track

    code = intents.DOSSIER_CODE.search(question or "")
    rest = question.replace(code.group(0), " ") if code else question
    digits = [re.sub(r"\D", "", run)[-4:] for run in LAST4.findall(rest or "")]
    digits = [d for d in digits if len(d) == 4]
    base = {"sources": [], "confidence": 1.0, "intent": "status", "procedure": None,
            "links": [{"label": _("Track a dossier"), "url": reverse("tracking")}]}
    if not code or not digits:
        return {**base, "answer": _("Give the dossier code on your receipt and the last 4 "
                                    "digits of the phone number you filed with.")}
    if request is not None and not TrackingThrottle().allow_request(request, None):
        return {**base, "answer": _("Too many tries: wait a while and try again.")}
    try:
        found = track(code.group(0), digits[-1])
    except TrackingLocked:
        from dossiers.tracking import LOCKED

        return {**base, "answer": str(LOCKED)}
    if found is None:
        from dossiers.tracking import NOT_FOUND

        return {**base, "answer": str(NOT_FOUND)}
    from motcua.dates import show_moment

    answer = _("Dossier %(code)s (%(procedure)s): %(status)s.") % {
        "code": found["code"], "procedure": found["procedure"], "status": found["status_label"]}
    if found["due_at"] and not found["finished_at"]:
        answer += " " + _("Due on %(due)s.") % {"due": show_moment(found["due_at"])}
    return {**base, "answer": answer, "sources": [{
        "title": found["code"], "code": found["code"], "part": str(intents.LABELS["status"]),
        "url": settings.MOTCUA_PUBLIC_URL + reverse("tracking") + f"?code={found['code']}",
        "quote": found["status_label"]}]}


def ask(question, *, request=None, channel="api", record=True):
    """{answer, sources[], confidence, intent, procedure, links}."""
    from catalog.actions import procedures_with_parts
    from catalog.models import Procedure

    question = " ".join(str(question or "").split())[:500]
    if not question:
        return _refusal("unknown", 0.0, question)
    intent = intents.detect(question)
    if intent == "status":
        out = _status(question, request)
        _log(question, out, channel, record)
        return out
    hits, words = knowledge.current().search(question)
    if not hits:
        out = _refusal(intent, 0.0, question)
        _log(question, out, channel, record)
        return out
    best = hits[0]
    conf = confidence(best, words, question)
    if conf < settings.MOTCUA_ASSISTANT_THRESHOLD:
        out = _refusal(intent, conf, question)
        _log(question, out, channel, record)
        return out
    doc = best[0]
    if doc.kind in ("petition", "faq"):
        out = {"answer": doc.answer, "confidence": conf, "intent": "answer",
               "procedure": doc.procedure or None, "links": [],
               "sources": [{"title": doc.title, "code": doc.key, "part": str(
                   intents.LABELS["answer"]), "url": settings.MOTCUA_PUBLIC_URL + doc.url,
                   "quote": doc.answer}]}
        _log(question, out, channel, record)
        return out
    procedure = procedures_with_parts(Procedure.objects.filter(code=doc.procedure)).get()
    intent = intents.detect(question, f"{procedure.name} {procedure.keywords}")
    label, lines = _part(procedure, intent)
    if not lines:
        out = {"answer": _("The published procedure “%(name)s” does not state its %(part)s. "
                           "Ask the office (PAKN) or call the hotline %(hotline)s.")
               % {"name": procedure.name, "part": label,
                  "hotline": settings.MOTCUA_ASSISTANT_HOTLINE},
               "sources": [_source(procedure, str(label), "")], "confidence": conf,
               "intent": intent, "procedure": procedure.code, "links": _links(procedure)}
        _log(question, out, channel, record)
        return out
    heading = _("%(part)s of “%(name)s” (code %(code)s), as published:") % {
        "part": str(label).capitalize(), "name": procedure.name, "code": procedure.code}
    answer = heading + "\n" + "\n".join(f"- {line}" for line in lines)
    out = {"answer": answer, "sources": [_source(procedure, str(label), "\n".join(lines))],
           "confidence": conf, "intent": intent, "procedure": procedure.code,
           "links": _links(procedure)}
    from assistant.phrasing import registry

    out = registry.rephrase(question, out)
    _log(question, out, channel, record)
    return out


# ----------------------------------------------------------------------------- the log

_PERSONAL = [
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[email]"),
    (intents.DOSSIER_CODE, "[code]"),
    (re.compile(r"\d[\d .-]{3,}\d"), "[number]"),
]


def strip_personal(text):
    """The question without e-mail addresses, dossier codes, phone or identity numbers (any
    run of four digits or more)."""
    for pattern, mark in _PERSONAL:
        text = pattern.sub(mark, text)
    return text[:500]


def _log(question, out, channel, record):
    if not record:
        return
    from assistant.models import Asked

    text = strip_personal(question)
    Asked.objects.create(
        text=text, key=" ".join(sorted(set(knowledge.content_words(text))))[:200],
        intent=out.get("asked", out["intent"]), procedure_code=out.get("procedure") or "",
        confidence=out["confidence"], answered=out["intent"] != "unknown", channel=channel)


def purge(now=None):
    """Delete the questions kept longer than MOTCUA_ASSISTANT_KEEP_DAYS (the scheduler's
    `purge_questions` job); how many."""
    import datetime as dt

    from django.utils import timezone

    from assistant.models import Asked

    before = (now or timezone.now()) - dt.timedelta(days=settings.MOTCUA_ASSISTANT_KEEP_DAYS)
    deleted, _kinds = Asked.objects.filter(at__lt=before).delete()
    return deleted
