"""A version's data as people and programs take it: CSV, JSON, GeoJSON downloads, and the
filtered, paginated reading behind the API and CKAN's datastore_search."""

import csv
import io
import json

from django.utils.translation import gettext as _

from opendata.models import Row, Version

MAX_LIMIT = 1000  # rows per page at most
DEFAULT_LIMIT = 100


class QueryError(ValueError):
    """A filter or page the table cannot take: `field` names the parameter."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def csv_lines(version):
    """The version as CSV (UTF-8 with BOM, so Excel opens Vietnamese right), row by row."""
    names = [f["name"] for f in version.fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(names)
    yield "\ufeff" + buffer.getvalue()
    for data in Row.objects.filter(version=version).order_by("number") \
            .values_list("data", flat=True).iterator(chunk_size=2000):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_text(data.get(n)) for n in names])
        yield buffer.getvalue()


def json_rows(version):
    return list(Row.objects.filter(version=version).order_by("number")
                .values_list("data", flat=True))


def geojson(version):
    features = [{"type": "Feature", "geometry": geometry, "properties": data}
                for data, geometry in Row.objects.filter(version=version).order_by("number")
                .values_list("data", "geometry")]
    return {"type": "FeatureCollection", "features": features}


def _typed(field, raw):
    kind = field.get("type", "string")
    try:
        if kind == "integer":
            return int(raw)
        if kind == "number":
            return float(raw)
    except ValueError:
        raise QueryError(field["name"], _("“%(value)s” is not a number.") % {"value": raw}) \
            from None
    if kind == "boolean":
        if raw.lower() in ("true", "1", "co", "có"):
            return True
        if raw.lower() in ("false", "0", "khong", "không"):
            return False
        raise QueryError(field["name"], _("Give true or false."))
    return raw


def page_of(version, filters=None, limit=None, offset=None, sort=None):
    """{"fields", "records", "total", "limit", "offset"}: the rows equal to every filter
    {field: value} (values as text, read by the field's type), in row order or by `sort`
    ("field" or "field desc")."""
    by_name = {f["name"]: f for f in version.fields}
    qs = Row.objects.filter(version=version)
    for name, raw in (filters or {}).items():
        if name not in by_name:
            raise QueryError(name, _("The table has no column “%(name)s”.") % {"name": name})
        qs = qs.filter(**{f"data__{name}": _typed(by_name[name], str(raw))})
    try:
        limit = DEFAULT_LIMIT if limit in (None, "") else int(limit)
        offset = 0 if offset in (None, "") else int(offset)
    except (TypeError, ValueError):
        raise QueryError("limit", _("limit and offset are whole numbers.")) from None
    if not 0 <= limit <= MAX_LIMIT:
        raise QueryError("limit", _("limit is from 0 to %(n)d.") % {"n": MAX_LIMIT})
    if offset < 0:
        raise QueryError("offset", _("offset cannot be negative."))
    order = ["number"]
    if sort:
        name, _sep, direction = str(sort).strip().partition(" ")
        if name not in by_name or direction.strip().lower() not in ("", "asc", "desc"):
            raise QueryError("sort", _("Sort by a column name, then asc or desc."))
        order = [("-" if direction.strip().lower() == "desc" else "") + f"data__{name}",
                 "number"]
    total = qs.count()
    records = list(qs.order_by(*order)[offset:offset + limit].values_list("data", flat=True))
    return {"fields": [{"id": f["name"], "type": f.get("type", "string"),
                        "title": f.get("title", "")} for f in version.fields],
            "records": records, "total": total, "limit": limit, "offset": offset}


def distributions(version):
    """The forms the version is offered in: [(key, format, media type)]. Every table as CSV
    and JSON; a GeoJSON dataset as GeoJSON too; an uploaded workbook as itself."""
    out = [("csv", "CSV", "text/csv"), ("json", "JSON", "application/json")]
    if version.format == Version.Format.GEOJSON:
        out.append(("geojson", "GeoJSON", "application/geo+json"))
    if version.format == Version.Format.XLSX and version.file:
        out.append(("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet"))
    return out
