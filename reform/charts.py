"""The reform dashboards' charts, drawn on the server as SVG (no script, printable): a
unit's index across years against the city's mean, and its fields against the city's."""

from decimal import Decimal

UNIT, CITY = "#1d4ed8", "#9ca3af"


def _mean(values):
    values = [Decimal(v) for v in values]
    return sum(values) / len(values) if values else Decimal(0)


def trend(history, code, height=140, slot=70):
    """Bars per published year, oldest first: the unit's index beside the city's mean."""
    years = []
    for publication in sorted(history, key=lambda p: p.assessment.framework.year):
        rows = publication.results
        mine = next((r for r in rows if r["agency"] == code), None)
        years.append((publication.assessment.framework.year,
                      Decimal(mine["total"]) if mine else None,
                      _mean(r["total"] for r in rows).quantize(Decimal("0.01"))))
    bars, labels, top = [], [], height - 20
    for i, (year, mine, city) in enumerate(years):
        x = 10 + i * slot
        for j, (value, colour) in enumerate(((mine, UNIT), (city, CITY))):
            if value is None:
                continue
            h = round(float(value) * top / 100)
            bars.append({"x": x + j * 24, "y": height - 16 - h, "w": 22, "h": h,
                         "colour": colour, "title": f"{year}: {value}%"})
        labels.append((x, year))
    return {"width": max(20 + len(years) * slot, 120), "height": height, "bars": bars,
            "labels": labels}


def fields(rows, chosen, width=420, row_height=30):
    """Per field of the index, the unit's share of its maximum beside the city's mean share."""
    lines = []
    for i, (number, name, points, top) in enumerate(chosen["areas"]):
        top = Decimal(top)
        share = Decimal(points) / top * 100 if top else Decimal(0)
        city = _mean(Decimal(r["areas"][i][2]) / top * 100 if top else 0 for r in rows
                     if len(r["areas"]) > i)
        y = i * row_height
        lines.append({"y": y, "label": f"{number}. {name}", "unit": round(float(share), 1),
                      "city": round(float(city), 1),
                      "unit_w": round(float(share) * (width - 10) / 100),
                      "city_w": round(float(city) * (width - 10) / 100)})
    return {"width": width, "height": len(lines) * row_height + 4, "lines": lines,
            "unit_colour": UNIT, "city_colour": CITY}
