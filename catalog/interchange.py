"""The catalog interchange document: validation of incoming data, and serialisation.

One shape serves JSON and Excel (catalog/excel.py turns sheets into it), import and export, and
the snapshots kept as procedure versions. Validation collects every error with its location
(`procedures[3]` in JSON, `Thủ tục!5` in Excel), field and reason, and nothing is written unless
the whole document is valid.
"""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog.formfields import KEY_RE
from catalog.models import (
    Fee,
    FormField,
    Level,
    OnlineLevel,
    PublicationItem,
    ResultTemplate,
    TimeUnit,
)
from motcua.numbers import read_number
from units.models import StaffRole

FORMAT = "motcua-catalog"
CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_]{0,39}$")
METHODS = ("counter", "post", "online")

PROCEDURE_KEYS = {
    "code", "name", "field", "level", "implementing_agency", "agency", "steps", "methods",
    "method_note", "requirements", "processing_time", "time_unit", "processing_time_note",
    "applicants", "for_citizens", "result", "result_electronic", "result_template", "no_fee", "online_level", "receivable_anywhere",
    "inter_agency", "bundled", "keywords", "components", "fees", "legal_basis", "process",
    "form_fields",
}
COMPONENT_KEYS = {"name", "originals", "copies", "required", "template_name", "replaced_by_data",
                  "data_source", "note"}
FORM_FIELD_KEYS = {"key", "label", "kind", "required", "choices", "help_text", "prefill"}
FEE_KEYS = {"kind", "description", "amount", "valid_from", "valid_to", "legal_basis", "note"}
LEGAL_KEYS = {"number", "title", "issued_on", "effective_on"}
STEP_KEYS = {"name", "role", "performer", "agency", "duration"}
DECISION_KEYS = {"number", "title", "signed_on", "effective_on", "publicised_on", "signer", "items"}
ITEM_KEYS = {"procedure", "action", "replaces"}
FIELD_KEYS = {"code", "name"}


class CatalogError(Exception):
    """The document is invalid; .errors lists {"location", "field", "reason"}."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(ngettext("%(n)d error in the procedure catalog data",
                                  "%(n)d errors in the procedure catalog data", len(errors))
                         % {"n": len(errors)})


class _Checker:
    def __init__(self):
        self.errors = []

    def error(self, location, field, reason):
        self.errors.append({"location": location, "field": field, "reason": reason})

    def record(self, value, location, allowed):
        if not isinstance(value, dict):
            self.error(location, "", _("must be an object"))
            return None
        for key in sorted(set(value) - allowed - {"_ref"}):
            self.error(location, key, _("field not supported"))
        return value

    def list_of(self, value, location, field):
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(location, field, _("must be a list"))
            return []
        return value

    def text(self, rec, key, location, *, required=False, max_length=None):
        value = rec.get(key)
        if value is None:
            value = ""
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(location, key, _("must be a string"))
            return ""
        value = value.strip()
        if required and not value:
            self.error(location, key, _("must not be empty"))
        if max_length and len(value) > max_length:
            self.error(location, key, _("longer than %(n)d characters") % {"n": max_length})
        return value

    def boolean(self, rec, key, location, default=False):
        value = rec.get(key, default)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            folded = value.strip().lower()
            if folded in {"true", "1", "x", "có", "co", "yes"}:
                return True
            if folded in {"false", "0", "không", "khong", "no"}:
                return False
        self.error(location, key, _("must be true or false (true/false, có/không)"))
        return default

    def choice(self, rec, key, location, choices, default=None):
        value = rec.get(key, default)
        if value in (None, "") and default is not None:
            return default
        if value not in choices:
            self.error(location, key, _("must be one of: %(choices)s")
                       % {"choices": ", ".join(choices)})
            return default
        return value

    def number(self, rec, key, location, *, required=False, minimum=None, integer=False,
               positive=False):
        value = rec.get(key)
        if value is None or value == "":
            if required:
                self.error(location, key, _("must not be empty"))
            return None
        number = read_number(value)
        if number is None:
            self.error(location, key, _("must be a number"))
            return None
        if integer and number != number.to_integral_value():
            self.error(location, key, _("must be a whole number"))
            return None
        if positive and number <= 0:
            self.error(location, key, _("must be greater than 0"))
            return None
        if minimum is not None and number < minimum:
            self.error(location, key, _("must not be less than %(n)s") % {"n": minimum})
            return None
        if number >= Decimal("100000") and not integer:
            self.error(location, key, _("too large"))
            return None
        if integer and number > Decimal("1000000000000"):
            self.error(location, key, _("too large"))
            return None
        return int(number) if integer else number.quantize(Decimal("0.01"))

    def date(self, rec, key, location, *, required=False):
        value = rec.get(key)
        if value is None or value == "":
            if required:
                self.error(location, key, _("must not be empty"))
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            text = value.strip()
            for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    return datetime.datetime.strptime(text, fmt).date()
                except ValueError:
                    pass
        self.error(location, key, _("must be a date as YYYY-MM-DD or DD/MM/YYYY"))
        return None

    def code(self, rec, key, location, *, required=True):
        value = self.text(rec, key, location, required=required, max_length=40)
        if value and not CODE_RE.match(value):
            self.error(location, key, _("letters, digits, dots and hyphens only (at most 40 characters)"))
        return value


def _loc(rec, default):
    return rec.get("_ref", default) if isinstance(rec, dict) else default


def check_catalog_document(document, *, known_fields=(), known_procedures=(), known_agencies=()):
    """Validate and normalise a catalog document; raise CatalogError listing every problem.

    known_* are the codes already in the database, so a document may refer to them.
    """
    c = _Checker()
    if not isinstance(document, dict):
        raise CatalogError([{"location": "", "field": "", "reason": _("the document must be a JSON object")}])
    fmt = document.get("format", FORMAT)
    if fmt != FORMAT:
        c.error("", "format", _("must be %(format)r") % {"format": FORMAT})
    for key in sorted(set(document) - {"format", "version", "fields", "decisions", "procedures", "exported_at"}):
        c.error("", key, _("field not supported"))

    fields = []
    for i, rec in enumerate(c.list_of(document.get("fields"), "", "fields")):
        loc = _loc(rec, f"fields[{i}]")
        if c.record(rec, loc, FIELD_KEYS) is None:
            continue
        fields.append({"code": c.code(rec, "code", loc), "name": c.text(rec, "name", loc, required=True, max_length=200)})
    field_codes = set(known_fields) | {f["code"] for f in fields}

    raw_procedures = c.list_of(document.get("procedures"), "", "procedures")
    doc_codes = {}
    for i, rec in enumerate(raw_procedures):
        if isinstance(rec, dict) and isinstance(rec.get("code"), str):
            doc_codes.setdefault(rec["code"].strip(), []).append(_loc(rec, f"procedures[{i}]"))
    for code, locs in doc_codes.items():
        for loc in locs[1:]:
            c.error(loc, "code", _("procedure code %(code)s appears more than once (first at "
                                   "%(first)s)") % {"code": code, "first": locs[0]})
    procedure_codes = set(known_procedures) | set(doc_codes)
    agency_codes = set(known_agencies)

    procedures = []
    for i, rec in enumerate(raw_procedures):
        loc = _loc(rec, f"procedures[{i}]")
        if c.record(rec, loc, PROCEDURE_KEYS) is None:
            continue
        p = {
            "code": c.code(rec, "code", loc),
            "name": c.text(rec, "name", loc, required=True, max_length=500),
            "field": c.text(rec, "field", loc, required=True, max_length=40),
            "level": c.choice(rec, "level", loc, Level.values),
            "implementing_agency": c.text(rec, "implementing_agency", loc, max_length=300),
            "agency": c.text(rec, "agency", loc, max_length=40),
            "method_note": c.text(rec, "method_note", loc),
            "requirements": c.text(rec, "requirements", loc),
            "processing_time": c.number(rec, "processing_time", loc, minimum=0),
            "time_unit": c.choice(rec, "time_unit", loc, TimeUnit.values, TimeUnit.WORKING_DAY),
            "processing_time_note": c.text(rec, "processing_time_note", loc, max_length=500),
            "applicants": c.text(rec, "applicants", loc),
            "for_citizens": c.boolean(rec, "for_citizens", loc, default=True),
            "result": c.text(rec, "result", loc),
            "result_electronic": c.boolean(rec, "result_electronic", loc),
            "result_template": c.choice(rec, "result_template", loc,
                                        [""] + ResultTemplate.values, default="") or "",
            "no_fee": c.boolean(rec, "no_fee", loc),
            "online_level": c.choice(rec, "online_level", loc, OnlineLevel.values, OnlineLevel.NONE),
            "receivable_anywhere": c.boolean(rec, "receivable_anywhere", loc),
            "inter_agency": c.boolean(rec, "inter_agency", loc),
            "keywords": c.text(rec, "keywords", loc, max_length=500),
        }
        if p["field"] and p["field"] not in field_codes:
            c.error(loc, "field", _("field %(field)s is not in the catalog") % {"field": p["field"]})
        if p["agency"] and p["agency"] not in agency_codes:
            c.error(loc, "agency", _("no agency with code %(code)s") % {"code": p["agency"]})

        steps = rec.get("steps") or []
        if isinstance(steps, str):
            steps = steps.splitlines()
        if not isinstance(steps, list) or not all(isinstance(s, str) for s in steps):
            c.error(loc, "steps", _("must be a list of steps (strings)"))
            steps = []
        p["steps"] = [s.strip() for s in steps if s.strip()]

        methods = rec.get("methods") or []
        if isinstance(methods, str):
            methods = [m.strip() for m in methods.split(",") if m.strip()]
        if not isinstance(methods, list) or any(m not in METHODS for m in methods):
            c.error(loc, "methods", _("only: %(choices)s") % {"choices": ", ".join(METHODS)})
            methods = []
        p["methods"] = [m for m in METHODS if m in methods]
        if p["online_level"] in (OnlineLevel.FULL, OnlineLevel.PARTIAL) and "online" not in p["methods"]:
            c.error(loc, "online_level", _("an online procedure must offer online filing (online)"))

        bundled = rec.get("bundled") or []
        if isinstance(bundled, str):
            bundled = [b.strip() for b in bundled.split(",") if b.strip()]
        if not isinstance(bundled, list):
            c.error(loc, "bundled", _("must be a list of procedure codes"))
            bundled = []
        for code in bundled:
            if code == p["code"]:
                c.error(loc, "bundled", _("a procedure cannot be bundled with itself"))
            elif code not in procedure_codes:
                c.error(loc, "bundled", _("no procedure %(code)s") % {"code": code})
        p["bundled"] = list(dict.fromkeys(bundled))
        if p["bundled"] and not p["inter_agency"]:
            c.error(loc, "inter_agency", _("a procedure with bundled procedures must be marked inter-agency"))

        p["components"] = []
        for j, comp in enumerate(c.list_of(rec.get("components"), loc, "components")):
            cl = _loc(comp, f"{loc}.components[{j}]")
            if c.record(comp, cl, COMPONENT_KEYS) is None:
                continue
            item = {
                "name": c.text(comp, "name", cl, required=True, max_length=600),
                "originals": c.number(comp, "originals", cl, minimum=0, integer=True),
                "copies": c.number(comp, "copies", cl, minimum=0, integer=True),
                "required": c.boolean(comp, "required", cl, default=True),
                "template_name": c.text(comp, "template_name", cl, max_length=300),
                "replaced_by_data": c.boolean(comp, "replaced_by_data", cl),
                "data_source": c.text(comp, "data_source", cl, max_length=300),
                "note": c.text(comp, "note", cl),
            }
            if item["originals"] is None:
                item["originals"] = 1 if "originals" not in comp else 0
            item["copies"] = item["copies"] or 0
            if item["replaced_by_data"] and not item["data_source"]:
                c.error(cl, "data_source", _("the database replacing the document must be named"))
            p["components"].append(item)

        p["form_fields"] = _form_fields(c, rec, loc)

        p["fees"] = []
        for j, fee in enumerate(c.list_of(rec.get("fees"), loc, "fees")):
            fl = _loc(fee, f"{loc}.fees[{j}]")
            if c.record(fee, fl, FEE_KEYS) is None:
                continue
            item = {
                "kind": c.choice(fee, "kind", fl, Fee.Kind.values),
                "description": c.text(fee, "description", fl, required=True, max_length=500),
                "amount": c.number(fee, "amount", fl, required=True, minimum=0, integer=True),
                "valid_from": c.date(fee, "valid_from", fl, required=True),
                "valid_to": c.date(fee, "valid_to", fl),
                "legal_basis": c.text(fee, "legal_basis", fl, max_length=300),
                "note": c.text(fee, "note", fl),
            }
            if item["valid_from"] and item["valid_to"] and item["valid_to"] < item["valid_from"]:
                c.error(fl, "valid_to", _("the end of validity is before its start"))
            p["fees"].append(item)
        if p["no_fee"] and p["fees"]:
            c.error(loc, "no_fee", _("the procedure is declared free of fees but has fee lines"))

        p["legal_basis"] = []
        for j, doc in enumerate(c.list_of(rec.get("legal_basis"), loc, "legal_basis")):
            ll = _loc(doc, f"{loc}.legal_basis[{j}]")
            if c.record(doc, ll, LEGAL_KEYS) is None:
                continue
            p["legal_basis"].append({
                "number": c.text(doc, "number", ll, required=True, max_length=120),
                "title": c.text(doc, "title", ll, required=True, max_length=600),
                "issued_on": c.date(doc, "issued_on", ll),
                "effective_on": c.date(doc, "effective_on", ll),
            })

        p["process"] = []
        for j, step in enumerate(c.list_of(rec.get("process"), loc, "process")):
            sl = _loc(step, f"{loc}.process[{j}]")
            if c.record(step, sl, STEP_KEYS) is None:
                continue
            item = {
                "name": c.text(step, "name", sl, required=True, max_length=300),
                "role": c.choice(step, "role", sl, StaffRole.Role.values),
                "performer": c.text(step, "performer", sl, required=True, max_length=300),
                "agency": c.text(step, "agency", sl, max_length=40),
                "duration": c.number(step, "duration", sl, required=True, positive=True),
            }
            if item["agency"] and item["agency"] not in agency_codes:
                c.error(sl, "agency", _("no agency with code %(code)s") % {"code": item["agency"]})
            p["process"].append(item)
        problem = check_process_total(p["processing_time"], [s["duration"] for s in p["process"]])
        if problem:
            c.error(loc, "process", problem)
        procedures.append(p)

    decisions = []
    seen_decisions = {}
    for i, rec in enumerate(c.list_of(document.get("decisions"), "", "decisions")):
        loc = _loc(rec, f"decisions[{i}]")
        if c.record(rec, loc, DECISION_KEYS) is None:
            continue
        d = {
            "number": c.text(rec, "number", loc, required=True, max_length=60),
            "title": c.text(rec, "title", loc, required=True, max_length=600),
            "signed_on": c.date(rec, "signed_on", loc, required=True),
            "effective_on": c.date(rec, "effective_on", loc, required=True),
            "publicised_on": c.date(rec, "publicised_on", loc),
            "signer": c.text(rec, "signer", loc, max_length=200),
            "items": [],
        }
        if d["number"] in seen_decisions:
            c.error(loc, "number", _("decision %(number)s appears more than once")
                    % {"number": d["number"]})
        seen_decisions[d["number"]] = loc
        if d["signed_on"] and d["effective_on"] and d["effective_on"] < d["signed_on"]:
            c.error(loc, "effective_on", _("the effective date is before the signing date"))
        item_codes = set()
        for j, item in enumerate(c.list_of(rec.get("items"), loc, "items")):
            il = _loc(item, f"{loc}.items[{j}]")
            if c.record(item, il, ITEM_KEYS) is None:
                continue
            entry = {
                "procedure": c.text(item, "procedure", il, required=True, max_length=40),
                "action": c.choice(item, "action", il, PublicationItem.Action.values),
                "replaces": c.text(item, "replaces", il, max_length=40),
            }
            if entry["procedure"] and entry["procedure"] not in procedure_codes:
                c.error(il, "procedure", _("no procedure %(code)s") % {"code": entry["procedure"]})
            if entry["procedure"] in item_codes:
                c.error(il, "procedure", _("procedure %(code)s is published twice in the same "
                                           "decision") % {"code": entry["procedure"]})
            item_codes.add(entry["procedure"])
            if entry["replaces"]:
                if entry["action"] != PublicationItem.Action.REPLACED:
                    c.error(il, "replaces", _("only with the publication form 'replaced'"))
                elif entry["replaces"] not in procedure_codes:
                    c.error(il, "replaces", _("no procedure %(code)s") % {"code": entry["replaces"]})
                elif entry["replaces"] == entry["procedure"]:
                    c.error(il, "replaces", _("a procedure cannot replace itself"))
            d["items"].append(entry)
        decisions.append(d)

    if c.errors:
        raise CatalogError(c.errors)
    return {"fields": fields, "procedures": procedures, "decisions": decisions}


def _form_fields(c, rec, loc):
    """The declared fields of a procedure's form: keys unique, choices only (and at least two)
    for a choice field. Choices come as a list, or one per line from a spreadsheet cell."""
    items, seen = [], set()
    for j, spec in enumerate(c.list_of(rec.get("form_fields"), loc, "form_fields")):
        fl = _loc(spec, f"{loc}.form_fields[{j}]")
        if c.record(spec, fl, FORM_FIELD_KEYS) is None:
            continue
        choices = spec.get("choices") or []
        if isinstance(choices, str):
            choices = choices.splitlines()
        if not isinstance(choices, list) or not all(isinstance(x, str) for x in choices):
            c.error(fl, "choices", _("must be a list of choices (strings)"))
            choices = []
        choices = [x.strip() for x in choices if x.strip()]
        item = {
            "key": c.text(spec, "key", fl, required=True, max_length=40),
            "label": c.text(spec, "label", fl, required=True, max_length=300),
            "kind": c.choice(spec, "kind", fl, FormField.Kind.values, FormField.Kind.TEXT),
            "required": c.boolean(spec, "required", fl, default=True),
            "choices": "\n".join(choices),
            "help_text": c.text(spec, "help_text", fl, max_length=500),
            "prefill": c.choice(spec, "prefill", fl, FormField.Prefill.values,
                                FormField.Prefill.NONE),
        }
        if item["key"] and not KEY_RE.match(item["key"]):
            c.error(fl, "key", _("starts with a lowercase letter; lowercase letters without "
                                 "accents, digits and underscores only (at most 40 characters)"))
        elif item["key"] in seen:
            c.error(fl, "key", _("field %(key)s declared twice") % {"key": item["key"]})
        seen.add(item["key"])
        if item["kind"] == FormField.Kind.CHOICE and len(choices) < 2:
            c.error(fl, "choices", _("a choice field needs at least two choices"))
        elif item["kind"] != FormField.Kind.CHOICE and choices:
            c.error(fl, "choices", _("only a choice field has choices"))
        items.append(item)
    return items


def check_process_total(total, durations):
    """The internal process's time shares must add up to the procedure's processing time."""
    durations = [d for d in durations if d is not None]
    if not durations:
        return None
    if total is None:
        return _("the internal process has durations but the procedure has no processing time")
    share = sum(durations, Decimal("0"))
    if share != Decimal(total):
        return _("the internal process's steps add up to %(share)s, not the processing time "
                 "(%(total)s)") % {"share": _num(share), "total": _num(Decimal(total))}
    return None


def _num(value):
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _date(value):
    return value.isoformat() if value else None


def serialize_procedure(p):
    """A procedure in the interchange shape; relations should be prefetched."""
    return {
        "code": p.code,
        "name": p.name,
        "field": p.field.code,
        "level": p.level,
        "implementing_agency": p.implementing_agency,
        "agency": p.agency.code if p.agency_id else "",
        "steps": p.step_list(),
        "methods": p.methods(),
        "method_note": p.method_note,
        "requirements": p.requirements,
        "processing_time": float(p.processing_time) if p.processing_time is not None else None,
        "time_unit": p.time_unit,
        "processing_time_note": p.processing_time_note,
        "applicants": p.applicants,
        "for_citizens": p.for_citizens,
        "result": p.result,
        "result_electronic": p.result_electronic,
        "result_template": p.result_template,
        "no_fee": p.no_fee,
        "online_level": p.online_level,
        "receivable_anywhere": p.receivable_anywhere,
        "inter_agency": p.inter_agency,
        "bundled": sorted(b.code for b in p.bundled.all()),
        "keywords": p.keywords,
        "components": [
            {"name": c.name, "originals": c.originals, "copies": c.copies, "required": c.required,
             "template_name": c.template_name, "replaced_by_data": c.replaced_by_data,
             "data_source": c.data_source, "note": c.note}
            for c in p.components.all()
        ],
        "form_fields": [
            {"key": f.key, "label": f.label, "kind": f.kind, "required": f.required,
             "choices": f.choice_list(), "help_text": f.help_text, "prefill": f.prefill}
            for f in p.form_fields.all()
        ],
        "fees": [
            {"kind": f.kind, "description": f.description, "amount": f.amount,
             "valid_from": _date(f.valid_from), "valid_to": _date(f.valid_to),
             "legal_basis": f.legal_basis, "note": f.note}
            for f in p.fees.all()
        ],
        "legal_basis": [
            {"number": b.number, "title": b.title, "issued_on": _date(b.issued_on),
             "effective_on": _date(b.effective_on)}
            for b in p.legal_bases.all()
        ],
        "process": [
            {"name": s.name, "role": s.role, "performer": s.performer,
             "agency": s.agency.code if s.agency_id else "", "duration": float(s.duration)}
            for s in p.process_steps.all()
        ],
    }


def serialize_decision(d):
    return {
        "number": d.number, "title": d.title, "signed_on": _date(d.signed_on),
        "effective_on": _date(d.effective_on), "publicised_on": _date(d.publicised_on),
        "signer": d.signer,
        "items": [
            {"procedure": i.procedure.code, "action": i.action,
             "replaces": i.replaces.code if i.replaces_id else ""}
            for i in d.items.all()
        ],
    }
