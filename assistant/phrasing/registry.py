"""The optional phrasing plugin (off by default: MOTCUA_ASSISTANT_PHRASING empty), and the
check every reworded answer must pass before it replaces MotCua's own."""

import logging
import re

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("motcua.assistant")
CITE = re.compile(r"\[(\d+)\]")
FIGURE = re.compile(r"\d[\d.,]*")


def plugin():
    path = settings.MOTCUA_ASSISTANT_PHRASING
    return import_string(path)() if path else None


def checked(text, passages):
    """The text if it cites at least one passage, cites none that was not given, and every
    figure in it (amounts, days, numbers of copies) appears in the passages; else None."""
    if not text or not text.strip():
        return None
    cited = {int(n) for n in CITE.findall(text)}
    if not cited or not cited <= set(range(1, len(passages) + 1)):
        return None
    given = " ".join(passages)
    figures = [f.strip(".,") for f in FIGURE.findall(CITE.sub(" ", text))]
    if any(f and f not in given for f in figures):
        return None
    return text.strip()


def rephrase(question, out):
    phraser = plugin()
    if phraser is None or not out["sources"]:
        return out
    passages = [f"{s['title']} — {s['part']}: {s['quote']}" for s in out["sources"]]
    try:
        text = phraser.phrase(question, passages)
    except Exception:  # the model is down or slow: the extractive answer stands
        log.warning("assistant phrasing failed", exc_info=True)
        return out
    good = checked(text, passages)
    if good is None:
        log.info("assistant phrasing refused: it cited or stated what the passages do not")
        return out
    return {**out, "answer": good, "phrased": True}
