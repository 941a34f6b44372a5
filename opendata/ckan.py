"""The read part of the CKAN Action API (https://docs.ckan.org/en/latest/api/), so that CKAN
harvesters and the `ckanapi` client read MotCua as a CKAN portal: package_list,
package_show, package_search (with facets), organization_list, organization_show,
resource_show, group_list, group_show, datastore_search, and status_show.

GET with query parameters or POST with a JSON body, at /api/action/<name> and
/api/3/action/<name>; every answer is {"help", "success", "result"} or {"success": false,
"error": {"__type", "message"}} with CKAN's status codes. The public sees open published
datasets; a state agency's staff member who sends their API token (header Authorization,
as ckanapi does) also sees the shared warehouse, and each read of it is recorded.
"""


from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from rest_framework.authtoken.models import Token

from motcua.text import dotted, load_json, unstorable_paths
from opendata import actions, output, search
from opendata.models import Access, Dataset, Theme
from units.models import Agency

ROWS_DEFAULT, ROWS_MAX = 10, 1000


class Error(Exception):
    def __init__(self, kind, message, status):
        super().__init__(message)
        self.kind, self.message, self.status = kind, message, status


def _not_found(what):
    return Error("Not Found Error", f"Not found: {what}", 404)


def _invalid(field, message):
    return Error("Validation Error", f"{field}: {message}", 409)


def _user(request):
    if request.user.is_authenticated:
        return request.user
    key = request.headers.get("Authorization", "").strip()
    key = key.split(" ", 1)[1] if key.lower().startswith("token ") else key
    if key:
        token = Token.objects.select_related("user").filter(key=key[:40]).first()
        if token is not None and token.user.is_active:
            return token.user
        raise Error("Authorization Error", "Access denied: the API key is not valid", 403)
    return request.user


def _iso(moment):
    return timezone.localtime(moment).replace(tzinfo=None).isoformat() if moment else None


def _org(agency, count=None):
    out = {"id": search.org_name(agency), "name": search.org_name(agency),
           "title": agency.name, "display_name": agency.name, "type": "organization",
           "is_organization": True, "state": "active", "approval_status": "approved",
           "description": agency.get_kind_display(), "image_url": "",
           "created": None, "identifier": agency.code}
    if count is not None:
        out["package_count"] = count
    return out


def _group(code, count=None):
    out = {"id": code.lower(), "name": code.lower(), "title": search.theme_label(code),
           "display_name": search.theme_label(code), "type": "group",
           "is_organization": False, "state": "active", "approval_status": "approved",
           "description": "", "image_url": "", "uri": f"{search.THEME_URI}{code.upper()}"}
    if count is not None:
        out["package_count"] = count
    return out


def _resource(dataset, version, key, fmt, media):
    from opendata.dcat import download_uri

    return {"id": f"{version.uid}-{key}", "package_id": str(dataset.uid),
            "name": f"{dataset.title} ({fmt})", "description":
            f"Phiên bản {version.number}: {version.rows_count} dòng", "format": fmt,
            "mimetype": media, "url": str(download_uri(dataset, version, key)),
            "url_type": None, "state": "active", "created": _iso(version.created_at),
            "last_modified": _iso(version.created_at), "position": None,
            "size": version.size if key == version.format.lower() else None,
            "datastore_active": True, "hash": f"sha256:{version.checksum}"}


def _package(dataset, version):
    resources = [_resource(dataset, version, *d) for d in output.distributions(version)] \
        if version else []
    for position, resource in enumerate(resources):
        resource["position"] = position
    extras = {"frequency": dataset.frequency, "theme": search.THEME_URI + dataset.theme,
              "spatial": dataset.spatial.name, "spatial_code": str(dataset.spatial.code),
              "temporal_start": dataset.temporal_start.isoformat()
              if dataset.temporal_start else "",
              "temporal_end": dataset.temporal_end.isoformat() if dataset.temporal_end else "",
              "access_rights": dataset.access, "issued": _iso(dataset.issued_at) or ""}
    return {
        "id": str(dataset.uid), "name": dataset.name, "title": dataset.title,
        "notes": dataset.description, "type": "dataset", "state": "active",
        "private": dataset.access == Dataset.Access.SHARED,
        "license_id": dataset.licence or "notspecified",
        "license_title": dataset.licence_title or "", "license_url": dataset.licence_uri,
        "isopen": dataset.access == Dataset.Access.OPEN and bool(dataset.licence),
        "author": dataset.publisher.name, "author_email": dataset.contact_email,
        "maintainer": dataset.contact_name, "maintainer_email": dataset.contact_email,
        "metadata_created": _iso(dataset.created_at),
        "metadata_modified": _iso(dataset.modified_at),
        "version": str(version.number) if version else None,
        "url": settings.MOTCUA_PUBLIC_URL + f"/du-lieu-mo/{dataset.name}/",
        "owner_org": search.org_name(dataset.publisher),
        "organization": _org(dataset.publisher),
        "groups": [_group(dataset.theme)],
        "tags": [{"name": w, "display_name": w, "state": "active"} for w in dataset.keywords],
        "num_tags": len(dataset.keywords), "resources": resources,
        "num_resources": len(resources),
        "extras": [{"key": k, "value": v} for k, v in extras.items()],
    }


def _dataset(user, ident):
    if not ident:
        raise _invalid("id", "Missing value")
    ident = str(ident)
    qs = actions.visible(user).filter(status=Dataset.Status.PUBLISHED)
    dataset = qs.filter(name=ident).first()
    if dataset is None:
        try:
            dataset = qs.filter(uid=ident).first()
        except Exception:  # not a UUID
            dataset = None
    if dataset is None:
        raise _not_found("Dataset")
    return dataset


def _seen(user, dataset, what=Access.What.API):
    actions.record_access(user, dataset, what)


# ----------------------------------------------------------------------------- actions

def package_list(user, data):
    names = list(actions.visible(user).filter(status=Dataset.Status.PUBLISHED)
                 .order_by("name").values_list("name", flat=True))
    return names[_int(data, "offset", 0):][:_int(data, "limit", len(names) or 1)]


def package_show(user, data):
    dataset = _dataset(user, data.get("id") or data.get("name"))
    _seen(user, dataset)
    return _package(dataset, dataset.current())


def _int(data, key, default, most=None):
    raw = data.get(key, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise _invalid(key, "Invalid integer") from None
    if value < 0 or (most is not None and value > most):
        raise _invalid(key, f"Must be between 0 and {most}" if most else "Must be positive")
    return value


def _fq(fq):
    """CKAN's filter query, the forms harvesters send: `field:value` terms (quoted or not)
    joined by spaces or AND, on the facet fields."""
    filters = {}
    for term in (fq or "").replace(" AND ", " ").split():
        if ":" not in term:
            raise Error("Search Query Error", f"Search Query Error: cannot parse fq {term}", 409)
        field, value = term.split(":", 1)
        field = field.lstrip("+")
        if field not in search.FACETS:
            raise Error("Search Query Error", f"Search Query Error: unknown field {field}", 409)
        filters[field] = value.strip('"')
    return filters


def package_search(user, data):
    rows = _int(data, "rows", ROWS_DEFAULT, ROWS_MAX)
    start = _int(data, "start", 0)
    fields = data.get("facet.field") or []
    if isinstance(fields, str):
        try:
            fields = load_json(fields)
        except ValueError:
            fields = [fields]
    if not isinstance(fields, list) or any(f not in search.FACETS for f in fields):
        raise _invalid("facet.field", f"Facets are among {', '.join(search.FACETS)}")
    limit = _int(data, "facet.limit", 50)
    sort = str(data.get("sort") or "score desc").split(",")[0].strip()
    sort = {"metadata_modified desc": "modified desc", "metadata_modified asc": "modified",
            "name asc": "name", "name desc": "name desc", "title_string asc": "title",
            "title_string desc": "title desc"}.get(sort, "title")
    q = str(data.get("q") or "")
    q = "" if q.strip() in ("*:*", "*") else q
    found, counts = search.run(user, q, _fq(data.get("fq")), sort)
    for dataset, _version, _facts in found[start:start + rows]:
        _seen(user, dataset)
    facets = {f: dict(sorted(counts[f].items(), key=lambda kv: -kv[1])[:limit]) for f in fields}
    titles = _titles()
    return {
        "count": len(found), "sort": sort,
        "results": [_package(d, v) for d, v, _f in found[start:start + rows]],
        "facets": facets,
        "search_facets": {f: {"title": f, "items": [
            {"name": k, "display_name": titles.get(f, {}).get(k, k), "count": n}
            for k, n in values.items()]} for f, values in facets.items()},
    }


def _titles():
    return {"organization": {search.org_name(a): a.name for a in Agency.objects.filter(
        datasets__isnull=False).distinct()},
        "groups": {c.lower(): str(label) for c, label in Theme.choices}}


def _orgs(user):
    counts = {}
    for dataset in actions.visible(user).filter(status=Dataset.Status.PUBLISHED):
        counts[dataset.publisher] = counts.get(dataset.publisher, 0) + 1
    return counts


def organization_list(user, data):
    counts = _orgs(user)
    agencies = sorted(counts, key=lambda a: search.org_name(a))
    if str(data.get("all_fields", "")).lower() in ("true", "1"):
        return [_org(a, counts[a]) for a in agencies]
    return [search.org_name(a) for a in agencies]


def organization_show(user, data):
    ident = str(data.get("id") or "")
    counts = _orgs(user)
    agency = next((a for a in counts if ident in (search.org_name(a), a.code)), None)
    if agency is None:
        agency = next((a for a in Agency.objects.filter(is_active=True)
                       if ident in (search.org_name(a), a.code)), None)
    if agency is None:
        raise _not_found("Organization")
    out = _org(agency, counts.get(agency, 0))
    if str(data.get("include_datasets", "")).lower() in ("true", "1"):
        datasets = actions.visible(user).filter(status=Dataset.Status.PUBLISHED,
                                                publisher=agency)
        out["packages"] = [_package(d, d.current()) for d in datasets]
    return out


def group_list(user, data):
    counts = {}
    for theme in actions.visible(user).filter(status=Dataset.Status.PUBLISHED) \
            .values_list("theme", flat=True):
        counts[theme] = counts.get(theme, 0) + 1
    themes = sorted(counts)
    if str(data.get("all_fields", "")).lower() in ("true", "1"):
        return [_group(t, counts[t]) for t in themes]
    return [t.lower() for t in themes]


def group_show(user, data):
    code = str(data.get("id") or "").upper()
    if code not in Theme.values:
        raise _not_found("Group")
    count = actions.visible(user).filter(status=Dataset.Status.PUBLISHED, theme=code).count()
    return _group(code, count)


def _resource_version(user, ident):
    ident = str(ident or "")
    uid, _sep, key = ident.rpartition("-")
    from opendata.models import Version

    try:
        version = Version.objects.select_related("dataset__publisher", "dataset__spatial") \
            .filter(uid=uid).first()
    except Exception:  # not a UUID
        version = None
    if version is None or not actions.visible(user).filter(
            pk=version.dataset_id, status=Dataset.Status.PUBLISHED).exists():
        raise _not_found("Resource")
    found = next((d for d in output.distributions(version) if d[0] == key), None)
    if found is None:
        raise _not_found("Resource")
    return version, found


def resource_show(user, data):
    version, found = _resource_version(user, data.get("id"))
    _seen(user, version.dataset)
    return _resource(version.dataset, version, *found)


def datastore_search(user, data):
    version, _found = _resource_version(user, data.get("resource_id") or data.get("id"))
    filters = data.get("filters") or {}
    if isinstance(filters, str):
        try:
            filters = load_json(filters)
        except ValueError:
            raise _invalid("filters", "Not a JSON object") from None
    if not isinstance(filters, dict):
        raise _invalid("filters", "Not a JSON object")
    try:
        page = output.page_of(version, filters, data.get("limit"), data.get("offset"),
                              data.get("sort"))
    except output.QueryError as exc:
        raise _invalid(exc.field, exc.message) from None
    _seen(user, version.dataset)
    return {"resource_id": data.get("resource_id") or data.get("id"), **page,
            "_links": {"start": f"/api/3/action/datastore_search?resource_id="
                       f"{version.uid}-csv"}}


def status_show(user, data):
    return {"site_title": "MotCua", "site_url": settings.MOTCUA_PUBLIC_URL,
            "ckan_version": "2.10.0", "api_version": 3, "extensions": ["datastore"],
            "locale_default": "vi"}


ACTIONS = {f.__name__: f for f in (package_list, package_show, package_search,
                                   organization_list, organization_show, group_list,
                                   group_show, resource_show, datastore_search, status_show)}


@csrf_exempt
def action(request, name):
    help_url = f"{settings.MOTCUA_PUBLIC_URL}/api/3/action/help_show?name={name}"
    try:
        if request.method not in ("GET", "POST"):
            raise Error("Validation Error", "Use GET or POST", 405)
        func = ACTIONS.get(name)
        if func is None:
            raise Error("Not Found Error", f"Action name not known: {name}", 400)
        data = request.GET.dict()
        if "facet.field" in request.GET and len(request.GET.getlist("facet.field")) > 1:
            data["facet.field"] = request.GET.getlist("facet.field")
        if request.method == "POST" and request.body:
            try:
                body = load_json(request.body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                if request.POST:
                    body = request.POST.dict()
                else:
                    raise Error("Validation Error", "The body is not JSON", 400) from None
            if not isinstance(body, dict):
                raise Error("Validation Error", "The body must be a JSON object", 400)
            data.update(body)
        bad = unstorable_paths(data)
        if bad:
            raise _invalid(dotted(bad[0]),
                           "holds a NUL or half of a UTF-16 surrogate pair")
        result = func(_user(request), data)
    except Error as exc:
        return JsonResponse({"help": help_url, "success": False,
                             "error": {"__type": exc.kind, "message": exc.message}},
                            status=exc.status)
    return JsonResponse({"help": help_url, "success": True, "result": result},
                        json_dumps_params={"ensure_ascii": False})


# CKAN's clients read CKAN's error shape: a NUL in a parameter is refused above, as CKAN
# refuses a bad parameter, rather than by the edge (motcua.middleware.StorableTextMiddleware).
action.handles_unstorable_text = True
