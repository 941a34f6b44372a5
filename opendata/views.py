"""Open data pages: the portal (search with facets, a dataset with its preview and chart,
downloads, what each department has published, the DCAT-AP catalogue) and the staff's
(their datasets: metadata, uploads, approval; the supervisors' publication dashboard).
Thin views over opendata.actions, search, output and dcat."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from office.views import staff_required
from opendata import actions, charts, dcat, output, search, tables
from opendata.models import LICENCES, Access, Dataset, Frequency, Theme
from units.access import is_staff_member

PREVIEW_ROWS = 20


def _filters(request):
    return {f: request.GET.get(f, "").strip()[:120] for f in search.FACETS
            if request.GET.get(f, "").strip()}


@require_GET
def search_page(request):
    q = request.GET.get("q", "").strip()[:200]
    chosen = _filters(request)
    found, counts = search.run(request.user, q, chosen)
    titles = {"organization": {search.org_name(d.publisher): d.publisher.name
                               for d, _v, _f in found},
              "groups": {c.lower(): label for c, label in Theme.choices},
              "license_id": {k: v[0] for k, v in LICENCES.items()}}
    facets = []
    for facet, label in (("organization", _("Agency")), ("groups", _("Theme")),
                         ("res_format", _("Format")), ("license_id", _("Licence"))):
        items = sorted(counts[facet].items(), key=lambda kv: (-kv[1], kv[0]))
        facets.append({"key": facet, "label": label, "items": [
            {"value": value, "label": titles.get(facet, {}).get(value, value), "count": n,
             "chosen": chosen.get(facet) == value} for value, n in items]})
    return render(request, "opendata/search.html", {
        "q": q, "found": found, "facets": facets, "chosen": chosen,
        "staff": is_staff_member(request.user)})


def _readable(request, name):
    dataset = actions.get_dataset_for_user(request.user, name)
    if dataset.status != Dataset.Status.PUBLISHED and not actions.may_manage(request.user,
                                                                              dataset):
        raise Http404
    return dataset


@require_GET
def dataset_page(request, name):
    dataset = _readable(request, name)
    actions.record_access(request.user, dataset, Access.What.PAGE)
    versions = list(dataset.versions.order_by("-number"))
    current = versions[0] if versions else None
    preview = output.page_of(current, limit=PREVIEW_ROWS) if current and current.rows_kept \
        else None
    api = request.build_absolute_uri(reverse("api:opendata-rows", args=[dataset.name]))
    return render(request, "opendata/dataset.html", {
        "dataset": dataset, "versions": versions, "current": current, "preview": preview,
        "chart": charts.bars(current) if current and current.rows_kept else None,
        "distributions": output.distributions(current) if current else [],
        "api": api, "manage": actions.may_manage(request.user, dataset),
    })


@require_GET
def download(request, name, uid, key):
    dataset = _readable(request, name)
    version = dataset.versions.filter(uid=uid).first() if _uuid(uid) else None
    if version is None or key not in {d[0] for d in output.distributions(version)}:
        raise Http404
    actions.record_access(request.user, dataset, Access.What.DOWNLOAD)
    filename = f"{dataset.name}-v{version.number}"
    if key == "xlsx":
        return FileResponse(version.file.open("rb"), as_attachment=True,
                            filename=f"{filename}.xlsx")
    if not version.rows_kept:
        return render(request, "opendata/gone.html", {"dataset": dataset, "version": version},
                      status=410)
    if key == "csv":
        response = StreamingHttpResponse(output.csv_lines(version),
                                         content_type="text/csv; charset=utf-8")
    elif key == "geojson":
        response = JsonResponse(output.geojson(version), content_type="application/geo+json",
                                json_dumps_params={"ensure_ascii": False})
    else:
        response = JsonResponse(output.json_rows(version), safe=False,
                                json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{filename}.{key}"'
    if dataset.is_public:  # open data may be read by any web page's script
        response["Access-Control-Allow-Origin"] = "*"
    return response


def _uuid(value):
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@require_GET
def publishers(request):
    """What each agency has published against what it holds, live."""
    rows = actions.publication_by_agency()
    return render(request, "opendata/publishers.html", {
        "rows": rows, "published": sum(r["published"] for r in rows),
        "open": sum(r["open"] for r in rows),
        "with_data": sum(1 for r in rows if r["published"]), "agencies": len(rows)})


@require_GET
def organization(request, org):
    return redirect(reverse("opendata:search") + f"?organization={org}")


def _public_catalog():
    from django.contrib.auth.models import AnonymousUser

    # What the public may read (the one gate), never the shared warehouse.
    qs = actions.visible(AnonymousUser()).select_related("spatial")
    return [(d, d.current()) for d in qs.order_by("name")]


@require_GET
def catalog_turtle(request):
    graph = dcat.catalog_graph(_public_catalog())
    return HttpResponse(graph.serialize(format="turtle"), content_type="text/turtle; "
                        "charset=utf-8")


@require_GET
def catalog_jsonld(request):
    graph = dcat.catalog_graph(_public_catalog())
    return HttpResponse(graph.serialize(format="json-ld", indent=2),
                        content_type="application/ld+json; charset=utf-8")


# ----------------------------------------------------------------------------- staff

def _form_context(dataset=None, data=None, errors=None):
    errors = dict(errors or {})
    general = errors.pop("__all__", [])
    return {"general": general, "themes": Theme.choices, "frequencies": Frequency.choices,
            "licences": [(k, v[0]) for k, v in LICENCES.items()],
            "accesses": Dataset.Access.choices, "data": data or {}, "errors": errors or {},
            "dataset": dataset}


def _initial(dataset):
    from motcua.dates import show_day

    return {"title": dataset.title, "description": dataset.description,
            "theme": dataset.theme, "frequency": dataset.frequency, "access": dataset.access,
            "licence": dataset.licence, "keywords": ", ".join(dataset.keywords),
            "contact_name": dataset.contact_name, "contact_email": dataset.contact_email,
            "temporal_start": show_day(dataset.temporal_start) if dataset.temporal_start else "",
            "temporal_end": show_day(dataset.temporal_end) if dataset.temporal_end else "",
            "spatial": str(dataset.spatial.code),
            "table_schema": json.dumps(dataset.table_schema, ensure_ascii=False, indent=1)
            if dataset.table_schema else ""}


def _errors(exc):
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


@staff_required
@require_http_methods(["GET", "POST"])
def office_list(request):
    agencies = list(actions.managed_agencies(request.user))
    errors, data = {}, {}
    if request.method == "POST":
        data = request.POST
        try:
            dataset = actions.do_create_dataset(actions.check_dataset(request.user, data),
                                                request.user)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Dataset created: upload its data next."))
            return redirect("opendata:office_dataset", name=dataset.name)
    datasets = Dataset.objects.filter(publisher__in=agencies).select_related("publisher") \
        .order_by("status", "title")
    waiting = [d for d in datasets if d.status == Dataset.Status.SUBMITTED
               and actions.actions_for(request.user, d)]
    context = _form_context(data=data, errors=errors)
    context.update({"datasets": datasets, "waiting": waiting, "agencies": agencies,
                    "office": actions.is_office(request.user)})
    return render(request, "opendata/office_list.html", context, status=400 if errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def office_dataset(request, name):
    dataset = Dataset.objects.filter(name=name).select_related("publisher", "spatial").first()
    if dataset is None or not actions.may_manage(request.user, dataset):
        raise Http404
    errors, table_errors, data, status = {}, [], _initial(dataset), 200
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            if step == "save":
                data = request.POST
                actions.do_update_dataset(dataset, actions.check_dataset(
                    request.user, request.POST, dataset), request.user)
                messages.success(request, _("Saved."))
            elif step == "upload":
                checked = actions.check_upload(request.user, dataset,
                                               request.FILES.get("file"))
                version = actions.do_upload(dataset, checked, request.user,
                                            request.POST.get("note", "").strip())
                messages.success(request, _("Version %(n)d stored: %(rows)d rows.")
                                 % {"n": version.number, "rows": version.rows_count})
            elif step in actions.ACTION_LABELS:
                actions.do_transition(dataset, step, request.user,
                                      request.POST.get("note", ""))
                messages.success(request, _("Done."))
            else:
                raise ValidationError(_("Unknown step."))
        except tables.TableError as exc:
            table_errors, status = exc.errors, 400
        except ValidationError as exc:
            errors, status = _errors(exc), 400
        except PermissionDenied:
            errors, status = {"__all__": [_("You may not do this.")]}, 403
        else:
            return redirect("opendata:office_dataset", name=dataset.name)
        dataset.refresh_from_db()
    context = _form_context(dataset, data, errors)
    context.update({
        "table_errors": table_errors, "versions": dataset.versions.order_by("-number")[:20],
        "steps": actions.actions_for(request.user, dataset),
        "events": dataset.events.select_related("actor").order_by("-at", "-id")[:30],
        "reads": dataset.accesses.select_related("user", "agency")[:50]
        if dataset.access == Dataset.Access.SHARED else [],
    })
    return render(request, "opendata/office_dataset.html", context, status=status)


@staff_required
@require_GET
def dashboard(request):
    if not actions.is_office(request.user):
        raise PermissionDenied
    rows = actions.publication_by_agency()
    waiting = Dataset.objects.filter(status=Dataset.Status.SUBMITTED).select_related(
        "publisher")
    return render(request, "opendata/dashboard.html", {
        "rows": rows, "waiting": waiting, "published": sum(r["published"] for r in rows),
        "open": sum(r["open"] for r in rows), "held": sum(r["held"] for r in rows),
        "shared": sum(r["shared"] for r in rows),
        "recent": Access.objects.select_related("dataset", "user", "agency")[:20]})
