"""Reading an uploaded file into a table, and checking it against the dataset's declared
Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/) with the
`frictionless` package: the field types, constraints and primary key are the standard's, not
rules of our own, and every bad row is named.

CSV (UTF-8), XLSX (the first sheet), JSON (an array of objects, or {"data": [...]}) and GeoJSON
(a FeatureCollection: each feature's properties are a row, its geometry kept beside it).
"""

import csv
import datetime as dt
import decimal
import io
import json

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.text import UNSTORABLE, load_json
from opendata.models import Version

MAX_ERRORS = 200  # a file with more bad rows than this names the first ones and says so
GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                  "MultiPolygon", "GeometryCollection"}
SCHEMA_KEYS = {"fields", "primaryKey", "missingValues"}
FIELD_TYPES = {"string", "number", "integer", "boolean", "date", "datetime", "time", "year",
               "yearmonth", "geopoint", "object", "array", "any", "duration"}


class TableError(Exception):
    """The file or the schema is refused: `errors` is [{row, field, message}] (row None for
    the file as a whole, 1 for the header)."""

    def __init__(self, errors):
        super().__init__("; ".join(e["message"] for e in errors[:3]))
        self.errors = errors


def _whole(message):
    return TableError([{"row": None, "field": "", "message": message}])


def format_of(filename):
    name = (filename or "").lower()
    for ending, fmt in ((".csv", Version.Format.CSV), (".xlsx", Version.Format.XLSX),
                        (".geojson", Version.Format.GEOJSON), (".json", Version.Format.JSON)):
        if name.endswith(ending):
            return fmt
    raise _whole(_("Only CSV, XLSX, JSON and GeoJSON files are taken."))


def check_schema(descriptor):
    """A Table Schema as declared (a dict, or its JSON text): only its fields, primary key and
    missing values are kept (no references to other resources, which would be fetched)."""
    from frictionless import FrictionlessException, Schema

    if isinstance(descriptor, str):
        if not descriptor.strip():
            return {}
        try:
            descriptor = load_json(descriptor)
        except ValueError:
            raise _whole(_("The table schema is not valid JSON.")) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("fields"), list) \
            or not descriptor["fields"]:
        raise _whole(_("The table schema must be an object with a non-empty list of fields."))
    kept = {k: v for k, v in descriptor.items() if k in SCHEMA_KEYS}
    names = []
    for field in kept["fields"]:
        if not isinstance(field, dict) or not isinstance(field.get("name"), str) \
                or not field["name"].strip():
            raise _whole(_("Every field of the table schema needs a name."))
        if field.get("type", "string") not in FIELD_TYPES:
            raise _whole(_("Field “%(name)s” has an unknown type “%(type)s”.")
                         % {"name": field["name"], "type": field.get("type")})
        names.append(field["name"])
    if len(set(names)) != len(names):
        raise _whole(_("Two fields of the table schema have the same name."))
    try:
        Schema.from_descriptor(kept)
    except FrictionlessException as exc:
        raise _whole(_("The table schema is not valid: %(error)s")
                     % {"error": exc.error.note or exc.error.message}) from None
    return kept


def _cells_from_xlsx(content):
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds on a file that is not a workbook
        raise _whole(_("The file is not a readable Excel workbook (.xlsx).")) from None
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = ["" if v is None else v for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        rows.append([v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v
                     for v in cells])
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _cells_from_csv(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _whole(_("The CSV file must be in UTF-8.")) from None
    if UNSTORABLE.search(text):
        raise _whole(_("The CSV file holds a NUL character: it is not a text table."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _load_json(content):
    try:
        return load_json(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise _whole(_("The file is not valid JSON in UTF-8.")) from None


def _records_from_json(content):
    data = _load_json(content)
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = data["data"]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise _whole(_("A JSON table is an array of objects, one per row."))
    return data


def _features_from_geojson(content):
    data = _load_json(content)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
            or not isinstance(data.get("features"), list):
        raise _whole(_("A GeoJSON file must hold one FeatureCollection."))
    records, geometries, errors = [], [], []
    for n, feature in enumerate(data["features"], start=1):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(feature, dict) or feature.get("type") != "Feature" \
                or not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES \
                or not isinstance(geometry.get("coordinates", geometry.get("geometries")), list):
            errors.append({"row": n, "field": "geometry",
                           "message": _("Feature %(n)d has no valid geometry.") % {"n": n}})
            records.append({})
            geometries.append(None)
            continue
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            properties = {}
        records.append(properties)
        geometries.append(geometry)
    return records, geometries, errors


def _records_to_cells(records, names):
    """Objects to rows under the schema's names (missing keys are empty cells; a key the schema
    does not have is reported as an extra column)."""
    extra = sorted({k for r in records for k in r} - set(names))
    header = list(names) + extra
    return [header] + [[_cell(r.get(k)) for k in header] for r in records]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _message(error):
    kind, row = error.type, getattr(error, "row_number", None)
    field = getattr(error, "field_name", "") or getattr(error, "label", "") or ""
    cell = getattr(error, "cell", "")
    values = {"row": row, "field": field, "cell": cell}
    if kind == "type-error":
        text = _("Row %(row)s, column “%(field)s”: “%(cell)s” is not of the declared type.")
    elif kind == "constraint-error":
        text = _("Row %(row)s, column “%(field)s”: “%(cell)s” breaks a constraint (%(note)s).")
        values["note"] = error.note
    elif kind == "primary-key":
        text = _("Row %(row)s repeats the key of an earlier row or leaves it empty.")
    elif kind == "unique-error":
        text = _("Row %(row)s, column “%(field)s”: “%(cell)s” must be unique.")
    elif kind == "extra-cell":
        text = _("Row %(row)s has more cells than the schema has columns.")
    elif kind == "missing-cell":
        text = _("Row %(row)s, column “%(field)s”: the cell is missing.")
    elif kind == "blank-row":
        text = _("Row %(row)s is empty.")
    elif kind in ("incorrect-label", "extra-label", "missing-label", "blank-label",
                  "duplicate-label"):
        text = _("The header does not match the schema at column “%(field)s”.")
        row = 1
    else:
        text = _("Row %(row)s: %(note)s")
        values["note"] = error.note or error.message
    return {"row": row, "field": field, "message": text % values}


def _json_value(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) \
            else float(value)
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is not None and not isinstance(value, (str, int, float, bool)):
        return str(value)
    return value


def infer_schema(filename, content):
    """A schema suggested from the file's header and values (frictionless' inference), for a
    dataset that declares none yet."""
    from frictionless import Resource

    cells, _geometries = _cells(filename, content, None)
    if len(cells) < 2:
        raise _whole(_("The file has no rows."))
    resource = Resource(data=cells)
    resource.infer()
    return check_schema(resource.schema.to_descriptor())


def _cells(filename, content, names):
    fmt = format_of(filename)
    if fmt == Version.Format.CSV:
        return _cells_from_csv(content), None
    if fmt == Version.Format.XLSX:
        return _cells_from_xlsx(content), None
    if fmt == Version.Format.JSON:
        records = _records_from_json(content)
        names = names or list(dict.fromkeys(k for r in records for k in r))
        return _records_to_cells(records, names), None
    records, geometries, errors = _features_from_geojson(content)
    if errors:
        raise TableError(errors[:MAX_ERRORS])
    names = names or list(dict.fromkeys(k for r in records for k in r))
    return _records_to_cells(records, names), geometries


def read(filename, content, schema):
    """The file as a checked table: (fields, rows, geometries or None). Raises TableError
    naming each bad row; nothing is partly read."""
    from frictionless import FrictionlessException, Resource, Schema

    if len(content) > settings.MOTCUA_OPENDATA_MAX_UPLOAD:
        raise _whole(_("The file is larger than %(mb)d MB.")
                     % {"mb": settings.MOTCUA_OPENDATA_MAX_UPLOAD // 1_000_000})
    if not content:
        raise _whole(_("The file is empty."))
    schema = check_schema(schema)
    names = [f["name"] for f in schema["fields"]]
    cells, geometries = _cells(filename, content, names)
    if len(cells) - 1 > settings.MOTCUA_OPENDATA_MAX_ROWS:
        raise _whole(_("The file has more than %(n)d rows.")
                     % {"n": settings.MOTCUA_OPENDATA_MAX_ROWS})
    if len(cells) < 2:
        raise _whole(_("The file has no rows."))
    resource = Resource(data=cells, schema=Schema.from_descriptor(schema))
    try:
        report = resource.validate(limit_errors=MAX_ERRORS + 1)
    except FrictionlessException as exc:
        raise _whole(exc.error.note or exc.error.message) from None
    errors = [_message(e) for task in report.tasks for e in task.errors]
    if errors:
        if len(errors) > MAX_ERRORS:
            errors = errors[:MAX_ERRORS] + [{"row": None, "field": "", "message": _(
                "More errors follow: correct these and upload again.")}]
        raise TableError(errors)
    rows = []
    with Resource(data=cells, schema=Schema.from_descriptor(schema)) as typed:
        for row in typed.row_stream:
            rows.append({name: _json_value(row[name]) for name in names})
    fields = [{"name": f["name"], "type": f.get("type", "string"),
               "title": f.get("title", "")} for f in schema["fields"]]
    return fields, rows, geometries
