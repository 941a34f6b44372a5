"""The assistant's evaluation on the committed question set (assistant/eval/questions.jsonl):
300+ Vietnamese questions with and without diacritics, with typos, informal, from citizens
and businesses, each naming its expected procedure and part, or the expected refusal.

    .venv/bin/python bench/assistant_eval.py            # SQLite, the demo catalog
    .venv/bin/python bench/assistant_eval.py --limit 40  # a quick run (CI)

It builds a throw-away database (Django's test database machinery), loads Hải Phòng's units
and the demo catalog, and asks every question on the CPU, as the API does. Prints: the
procedure found first and in the top 3, the part answered correctly, refusals that should
have been refusals and answers that should have been refusals, dossier-status questions
recognised, and p50/p95 time per question. Exits non-zero on an error, or if any refusal
question was answered (an invented answer).
"""

import argparse
import json
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
os.environ.setdefault("MOTCUA_ENV", "test")

import django  # noqa: E402

django.setup()

from _setup import p95  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.utils import translation  # noqa: E402

QUESTIONS = Path(__file__).resolve().parent.parent / "assistant" / "eval" / "questions.jsonl"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions of "
                        "each group (0: all)")
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args()
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    if args.limit:
        seen = {}
        rows = [r for r in rows if seen.setdefault(r["group"], []).append(1) or
                len(seen[r["group"]]) <= args.limit]
    setup_test_environment()
    names = setup_databases(verbosity=0, interactive=False)
    try:
        from catalog.actions import check_import, do_import_catalog
        from catalog.demo.procedures import document

        call_command("import_units", province=[31], stdout=StringIO())
        do_import_catalog(check_import(document()), source="bench")
        run(rows, args.show)
    finally:
        teardown_databases(names, verbosity=0)


def run(rows, show):
    from assistant import answers, knowledge

    translation.activate("vi")
    started = time.perf_counter()
    index = knowledge.current()
    built = time.perf_counter() - started
    answers.ask("khởi động", record=False)  # the model's first call warms its caches
    counts = {k: 0 for k in ("procedural", "top1", "top3", "part", "refusal_q", "refused",
                             "invented", "false_refusal", "status_q", "status")}
    times, misses = [], []
    for row in rows:
        t = time.perf_counter()
        out = answers.ask(row["q"], record=False)
        times.append(time.perf_counter() - t)
        if row["group"] == "refusal":
            counts["refusal_q"] += 1
            if out["intent"] == "unknown":
                counts["refused"] += 1
            else:
                counts["invented"] += 1
                misses.append(("answered a refusal", row["q"], out["procedure"]))
            continue
        if row["group"] == "status":
            counts["status_q"] += 1
            counts["status"] += out["intent"] == "status"
            if out["intent"] != "status":
                misses.append(("status missed", row["q"], out["intent"]))
            continue
        counts["procedural"] += 1
        hits, _words = index.search(row["q"], k=10)
        found = [d.procedure for d, *_ in hits if d.kind == "procedure"]
        counts["top1"] += bool(found) and found[0] == row["procedure"]
        counts["top3"] += row["procedure"] in found[:3]
        if out["intent"] == "unknown":
            counts["false_refusal"] += 1
            misses.append(("refused", row["q"], row["procedure"]))
        elif out["procedure"] == row["procedure"] and out["intent"] == row["part"]:
            counts["part"] += 1
        else:
            misses.append(("wrong", row["q"], f"{out['procedure']}/{out['intent']} "
                           f"expected {row['procedure']}/{row['part']}"))
    times.sort()
    n = counts["procedural"]
    print(f"questions: {len(rows)} ({n} about a procedure, {counts['refusal_q']} to refuse, "
          f"{counts['status_q']} about a dossier); catalog: {len(index.docs)} documents, "
          f"index built in {built:.1f} s")
    if show:
        for miss in misses:
            print("  ", *miss)
    pct = lambda a, b: f"{100 * a / b:.1f} %" if b else "n/a"  # noqa: E731
    print(f"procedure found first: {pct(counts['top1'], n)} (target >= 85 %); "
          f"in the top 3: {pct(counts['top3'], n)} (target >= 95 %)")
    print(f"part answered correctly: {pct(counts['part'], n)}; answerable questions refused: "
          f"{counts['false_refusal']}")
    print(f"refusals: {counts['refused']} of {counts['refusal_q']} refused; invented answers: "
          f"{counts['invented']} (target 0); dossier-status questions recognised: "
          f"{counts['status']} of {counts['status_q']}")
    print(f"time per question: p50 {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {p95(times) * 1000:.1f} ms (target <= 300 ms), on {os.cpu_count()} cores")
    if counts["invented"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
