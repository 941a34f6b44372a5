"""Datasets: who sees and manages them, their metadata, versions, publication and the
refresh of the datasets MotCua builds itself. `check_*` validates, `do_*` changes.

Publication follows a table of transitions (PUBLICATION): the publishing department's staff
draft a dataset and submit it; the department's leader approves (published) or sends it back;
the leader may withdraw a published dataset. Once a dataset is approved, its later versions
go out as they are uploaded: the leader approved publishing that data, and a table that must
wait for each monthly figure is not open data.
"""

import hashlib
import json
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dates import parse_day
from motcua.lifecycle import Transitions
from motcua.text import fold
from opendata import sources, tables
from opendata.models import LICENCES, Access, Dataset, Event, Frequency, Row, Theme, Version
from units.access import is_staff_member, roles_of
from units.models import AdministrativeUnit, Agency, StaffRole

S = Dataset.Status
STAFF, LEADER = "staff", "leader"
# {status: {action: (next status, who)}}: "staff" is anyone holding a role in the publishing
# agency, "leader" its leaders: the agency that owns the data decides what it opens (Decree
# 47/2020/NĐ-CP on sharing and opening state agencies' data; the article to verify).
PUBLICATION = Transitions({
    S.DRAFT: {"submit": (S.SUBMITTED, {STAFF, LEADER})},
    S.SUBMITTED: {"approve": (S.PUBLISHED, {LEADER}), "send_back": (S.DRAFT, {LEADER})},
    S.PUBLISHED: {"withdraw": (S.WITHDRAWN, {LEADER})},
    S.WITHDRAWN: {"submit": (S.SUBMITTED, {STAFF, LEADER})},
})
ACTION_LABELS = {"submit": gettext_lazy("Submit for approval"),
                 "approve": gettext_lazy("Approve publication"),
                 "send_back": gettext_lazy("Send back"), "withdraw": gettext_lazy("Withdraw")}
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,98}[a-z0-9]$")


# ----------------------------------------------------------------------------- who may

def _positions(user, agency):
    """What `user` is for `agency`'s data: {"staff", "leader"} or less."""
    if user.is_superuser:
        return {STAFF, LEADER}
    out = set()
    for role in roles_of(user):
        if role.agency_id == agency.pk:
            out.add(STAFF)
            if role.role == StaffRole.Role.LEADER:
                out.add(LEADER)
    return out


def managed_agencies(user):
    """The agencies whose datasets `user` manages: those they hold a role in."""
    if user.is_superuser:
        return Agency.objects.filter(is_active=True)
    return Agency.objects.filter(pk__in={r.agency_id for r in roles_of(user)})


def is_office(user):
    """Province-wide readers of the publication dashboard: supervisors and administrators of
    the provincial People's Committee."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(
        r.role in (StaffRole.Role.SUPERVISOR, StaffRole.Role.ADMINISTRATOR)
        and r.agency.kind == Agency.Kind.PROVINCE_COMMITTEE for r in roles_of(user))


def visible(user):
    """The datasets `user` may find: the public sees published open data; state agencies'
    staff also the shared warehouse; a department's staff its own drafts too."""
    qs = Dataset.objects.select_related("publisher")
    public = Q(status=S.PUBLISHED, access=Dataset.Access.OPEN)
    if not user.is_authenticated or not is_staff_member(user):
        return qs.filter(public)
    own = Q(publisher__in=managed_agencies(user))
    return qs.filter(Q(status=S.PUBLISHED) | own)


def get_dataset_for_user(user, name):
    dataset = visible(user).filter(name=name).first()
    if dataset is None:
        from django.http import Http404

        raise Http404
    return dataset


def may_manage(user, dataset):
    return bool(_positions(user, dataset.publisher))


def actions_for(user, dataset):
    mine = _positions(user, dataset.publisher)
    return [(a, ACTION_LABELS[a]) for a in PUBLICATION.table.get(dataset.status, {})
            if PUBLICATION.roles_for(dataset.status, a) & mine]


def record_access(user, dataset, what):
    """A read of a shared dataset, kept: who, from which agency, what, when."""
    if dataset.access != Dataset.Access.SHARED:
        return
    roles = roles_of(user)
    Access.objects.create(dataset=dataset, user=user, what=what,
                          agency_id=roles[0].agency_id if roles else None)


# ----------------------------------------------------------------------------- metadata

def search_text(dataset):
    return fold(" ".join([dataset.title, dataset.description, " ".join(dataset.keywords),
                          dataset.publisher.name]))


def check_dataset(user, data, dataset=None):
    """The metadata form (DCAT-AP's mandatory and recommended properties), checked."""
    errors, out = {}, {}

    def text(key, most, required=True):
        value = (data.get(key) or "").strip()
        if required and not value:
            errors[key] = _("This field is required.")
        elif len(value) > most:
            errors[key] = _("At most %(n)d characters.") % {"n": most}
        return value

    out["title"] = text("title", 300)
    out["description"] = text("description", 5000)
    if dataset is None:
        name = (data.get("name") or "").strip() or "-".join(fold(out["title"]).split())[:80]
        if not NAME_RE.match(name):
            errors["name"] = _("Use 3 to 100 lower-case letters without marks, digits and '-'.")
        elif Dataset.objects.filter(name=name).exists():
            errors["name"] = _("Another dataset already has this name.")
        out["name"] = name
        publisher = Agency.objects.filter(code=(data.get("publisher") or "").strip()).first()
        if publisher is None:
            mine = list(managed_agencies(user)[:2])
            publisher = mine[0] if len(mine) == 1 else None
        if publisher is None or not _positions(user, publisher):
            errors["publisher"] = _("Choose an agency you work in.")
        out["publisher"] = publisher
    if data.get("theme") not in Theme.values:
        errors["theme"] = _("Choose a theme.")
    out["theme"] = data.get("theme")
    if data.get("frequency") not in Frequency.values:
        errors["frequency"] = _("Choose how often it is updated.")
    out["frequency"] = data.get("frequency")
    if data.get("access") not in Dataset.Access.values:
        errors["access"] = _("Choose open or shared.")
    out["access"] = data.get("access")
    licence = (data.get("licence") or "").strip()
    if out["access"] == Dataset.Access.OPEN and licence not in LICENCES:
        errors["licence"] = _("Open data needs an open licence.")
    out["licence"] = licence if licence in LICENCES else ""
    raw = data.get("keywords") or ""
    words = raw if isinstance(raw, list) else re.split(r"[,;\n]", raw)
    out["keywords"] = [w.strip()[:60] for w in words if isinstance(w, str) and w.strip()][:20]
    out["contact_name"] = text("contact_name", 200)
    out["contact_email"] = text("contact_email", 254)
    if out["contact_email"] and "contact_email" not in errors:
        from django.core.validators import validate_email

        try:
            validate_email(out["contact_email"])
        except ValidationError:
            errors["contact_email"] = _("Enter a valid e-mail address.")
    for key in ("temporal_start", "temporal_end"):
        raw = str(data.get(key) or "").strip()
        out[key] = parse_day(raw) if raw else None
        if raw and out[key] is None:
            errors[key] = _("Enter a date as dd/mm/yyyy.")
    if out["temporal_start"] and out["temporal_end"] and \
            out["temporal_end"] < out["temporal_start"]:
        errors["temporal_end"] = _("The end is before the start.")
    spatial = (data.get("spatial") or "").strip()
    out["spatial"] = None
    if spatial:
        out["spatial"] = AdministrativeUnit.objects.filter(code=spatial).first() \
            if spatial.isdigit() else None
        if out["spatial"] is None:
            errors["spatial"] = _("Unknown area.")
    if "table_schema" in data and (data.get("table_schema") or "").strip():
        try:
            out["table_schema"] = tables.check_schema(data["table_schema"])
        except tables.TableError as exc:
            errors["table_schema"] = exc.errors[0]["message"]
    if errors:
        raise ValidationError(errors)
    return out


def _event(dataset, action, by, note=""):
    Event.objects.create(dataset=dataset, action=action, actor=by, note=note)


def do_create_dataset(cleaned, by):
    with transaction.atomic():
        publisher = cleaned["publisher"]
        dataset = Dataset(created_by=by, status=S.DRAFT, **{
            k: v for k, v in cleaned.items() if k != "spatial"})
        dataset.spatial = cleaned["spatial"] or publisher.unit.province
        dataset.search_text = search_text(dataset)
        dataset.save()
        _event(dataset, "create", by)
    return dataset


def do_update_dataset(dataset, cleaned, by):
    if not may_manage(by, dataset):
        raise PermissionDenied
    if dataset.source:
        raise ValidationError(_("This dataset is built by MotCua; its metadata is fixed."))
    with transaction.atomic():
        dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if "table_schema" in cleaned and dataset.versions.exists() \
                and cleaned["table_schema"] != dataset.table_schema:
            raise ValidationError({"table_schema": _(
                "The schema cannot change once data is uploaded: make a new dataset.")})
        for key, value in cleaned.items():
            if key == "spatial":
                value = value or dataset.spatial
            setattr(dataset, key, value)
        dataset.search_text = search_text(dataset)
        dataset.save()
        _event(dataset, "edit", by)
    return dataset


def do_transition(dataset, action, by, note=""):
    """Submit, approve, send back or withdraw, by the table above."""
    with transaction.atomic():
        dataset = Dataset.objects.select_for_update().select_related("publisher") \
            .get(pk=dataset.pk)
        target = PUBLICATION.target(dataset.status, action)
        if target is None:
            raise ValidationError(_("This cannot be done now: the dataset is %(status)s.")
                                  % {"status": dataset.get_status_display()})
        if not PUBLICATION.roles_for(dataset.status, action) & _positions(by, dataset.publisher):
            raise PermissionDenied
        if action == "submit" and not dataset.versions.exists():
            raise ValidationError(_("Upload the data before submitting it."))
        if action in ("send_back", "withdraw") and not note.strip():
            raise ValidationError(_("Say why."))
        dataset.status = target
        if action == "approve":
            dataset.approved_by = by
            dataset.issued_at = dataset.issued_at or timezone.now()
        dataset.save()
        _event(dataset, action, by, note.strip()[:2000])
    return dataset


# ----------------------------------------------------------------------------- versions

def _checksum(rows, geometries):
    blob = json.dumps([rows, geometries], ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def check_upload(user, dataset, upload):
    """The uploaded file read and checked against the dataset's schema: (fields, rows,
    geometries, format, content). A dataset without a schema takes the one inferred from its
    first file (shown to the uploader, declared from then on)."""
    if not may_manage(user, dataset):
        raise PermissionDenied
    if dataset.source:
        raise ValidationError(_("This dataset is built by MotCua from its own data."))
    if upload is None:
        raise tables.TableError([{"row": None, "field": "", "message": _("Choose a file.")}])
    name = upload.name or ""
    fmt = tables.format_of(name)
    if upload.size > settings.MOTCUA_OPENDATA_MAX_UPLOAD:
        raise tables.TableError([{"row": None, "field": "", "message": _(
            "The file is larger than %(mb)d MB.") % {
            "mb": settings.MOTCUA_OPENDATA_MAX_UPLOAD // 1_000_000}}])
    content = upload.read()
    schema = dataset.table_schema or tables.infer_schema(name, content)
    fields, rows, geometries = tables.read(name, content, schema)
    return {"fields": fields, "rows": rows, "geometries": geometries, "format": fmt,
            "content": content, "filename": name[-200:], "schema": schema}


def do_upload(dataset, checked, by, note=""):
    with transaction.atomic():
        dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if not dataset.table_schema:
            dataset.table_schema = checked["schema"]
            dataset.save(update_fields=["table_schema", "modified_at"])
        version = _store(dataset, checked["fields"], checked["rows"], checked["geometries"],
                         fmt=checked["format"], by=by, note=note,
                         file=ContentFile(checked["content"], name=checked["filename"]),
                         filename=checked["filename"])
        _event(dataset, "upload", by, _("version %(n)d, %(rows)d rows")
               % {"n": version.number, "rows": version.rows_count})
    return version


def _store(dataset, fields, rows, geometries, *, fmt, by=None, note="", file=None,
           filename="", checksum=None):
    last = dataset.versions.order_by("-number").first()
    version = Version(dataset=dataset, number=(last.number + 1) if last else 1, format=fmt,
                      filename=filename, rows_count=len(rows), fields=fields,
                      checksum=checksum or _checksum(rows, geometries), note=note[:500],
                      created_by=by)
    if file is not None:
        version.size = file.size
        version.file.save(file.name, file, save=False)
    version.save()
    batch = settings.MOTCUA_OPENDATA_BATCH
    for start in range(0, len(rows), batch):
        Row.objects.bulk_create([
            Row(version=version, number=start + i + 1, data=row,
                geometry=geometries[start + i] if geometries else None)
            for i, row in enumerate(rows[start:start + batch])])
    Dataset.objects.filter(pk=dataset.pk).update(modified_at=timezone.now())
    return version


# ----------------------------------------------------------------------------- refresh

def source_publisher():
    """MotCua's own datasets are published by the provincial People's Committee (its office
    runs the one-stop system), unless MOTCUA_OPENDATA_PUBLISHER names another agency code."""
    code = settings.MOTCUA_OPENDATA_PUBLISHER
    qs = Agency.objects.filter(code=code) if code else \
        Agency.objects.filter(kind=Agency.Kind.PROVINCE_COMMITTEE).order_by("pk")
    return qs.select_related("unit").first()


def refresh(keys=None):
    """Rebuild MotCua's own datasets; a new version where the rows changed. {key: version
    number or None when unchanged}."""
    publisher = source_publisher()
    if publisher is None:
        return {}
    spatial = publisher.unit.province
    out = {}
    for key, source in sources.SOURCES.items():
        if keys and key not in keys:
            continue
        dataset = sources.ensure(source, publisher, spatial)
        rows = sources.build(source)
        checksum = _checksum(rows, None)
        current = dataset.current()
        if current is not None and current.checksum == checksum:
            out[key] = None
            continue
        first, last = sources.temporal(rows)
        with transaction.atomic():
            version = _store(dataset, source.schema()["fields"], rows, None,
                             fmt=Version.Format.CSV, checksum=checksum,
                             note=_("refreshed from MotCua's data"))
            Dataset.objects.filter(pk=dataset.pk).update(
                temporal_start=first, temporal_end=last,
                search_text=search_text(dataset))
            _prune(dataset)
        out[key] = version.number
    return out


def _prune(dataset):
    """Built versions keep their rows for the latest few only: the versions list stays (when,
    how many rows, the checksum), the rows of old refreshes go."""
    keep = settings.MOTCUA_OPENDATA_KEEP_VERSIONS
    old = list(dataset.versions.filter(rows_kept=True).order_by("-number")
               .values_list("pk", flat=True)[keep:])
    if old:
        Row.objects.filter(version_id__in=old).delete()
        Version.objects.filter(pk__in=old).update(rows_kept=False)


# ----------------------------------------------------------------------------- dashboard

def publication_counts(agency_ids=None, year=None):
    """{agency id: {held, open, published, shared, waiting}}: the datasets each publisher
    holds, those meant to be open, those of them published, the shared ones, those awaiting
    approval; as at the end of `year` when given (the reform index's measure)."""
    from django.db.models import Count

    qs = Dataset.objects.all()
    published = Q(access=Dataset.Access.OPEN, status=S.PUBLISHED)
    if year is not None:
        qs = qs.filter(created_at__year__lte=year)
        published &= Q(issued_at__year__lte=year)
    if agency_ids is not None:
        qs = qs.filter(publisher_id__in=agency_ids)
    rows = qs.values("publisher").annotate(
        held=Count("id"), open=Count("id", filter=Q(access=Dataset.Access.OPEN)),
        published=Count("id", filter=published),
        shared=Count("id", filter=Q(access=Dataset.Access.SHARED)),
        waiting=Count("id", filter=Q(status=S.SUBMITTED)))
    return {r.pop("publisher"): r for r in rows}


EMPTY = {"held": 0, "open": 0, "published": 0, "shared": 0, "waiting": 0}


def publication_by_agency(agencies=None):
    """Per publishing agency: datasets held, meant to be open, published open, shared, and
    the share of its open datasets published (the "50 of 98" figure, live)."""
    from opendata.search import org_name

    counts = publication_counts()
    agencies = agencies if agencies is not None else Agency.objects.filter(
        Q(pk__in=counts.keys()) | Q(kind__in=[Agency.Kind.DEPARTMENT,
                                             Agency.Kind.PROVINCE_COMMITTEE]), is_active=True)
    rows = []
    for agency in agencies:
        c = counts.get(agency.pk, EMPTY)
        rows.append({"agency": agency, "org": org_name(agency), **c,
                     "share": (c["published"] / c["open"]) if c["open"] else None})
    rows.sort(key=lambda r: (-r["held"], r["agency"].name))
    return rows
