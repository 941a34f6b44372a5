"""A dataset page's simple chart, drawn on the server as SVG (no script, no CDN): the first
numeric column summed by the first text column, the ten largest as horizontal bars."""

from opendata.models import Row

TOP = 10
MOST_ROWS = 20_000  # a larger table is charted on its first rows, and the caption says so
NUMERIC = {"integer", "number"}


def pick(fields):
    """(category field, value field) the chart uses, or None. A column that names a code or
    an id is not a category to read."""
    value = next((f for f in fields if f.get("type") in NUMERIC), None)
    texts = [f for f in fields if f.get("type", "string") in ("string", "yearmonth", "year")]
    label = next((f for f in texts if not f["name"].startswith(("ma_", "id"))), None) \
        or (texts[0] if texts else None)
    return (label, value) if label and value else None


def bars(version, width=560, row_height=26):
    chosen = pick(version.fields)
    if chosen is None:
        return None
    label, value = chosen
    sums, seen = {}, 0
    for data in Row.objects.filter(version=version).order_by("number") \
            .values_list("data", flat=True)[:MOST_ROWS]:
        seen += 1
        amount = data.get(value["name"])
        if isinstance(amount, (int, float)) and not isinstance(amount, bool):
            key = str(data.get(label["name"]) or "—")
            sums[key] = sums.get(key, 0) + amount
    top = sorted(sums.items(), key=lambda kv: -kv[1])[:TOP]
    if not top or top[0][1] <= 0:
        return None
    biggest = top[0][1]
    label_w = 220
    lines = [{"y": i * row_height, "label": name[:40], "value": round(amount, 2),
              "w": max(1, round(max(amount, 0) * (width - label_w - 70) / biggest))}
             for i, (name, amount) in enumerate(top)]
    return {"width": width, "height": len(lines) * row_height + 4, "lines": lines,
            "label_w": label_w, "label": label.get("title") or label["name"],
            "value": value.get("title") or value["name"],
            "partial": seen >= MOST_ROWS and version.rows_count > MOST_ROWS}
