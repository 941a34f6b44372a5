from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from catalog.actions import procedures_with_parts
from catalog.completeness import PART_LABELS
from catalog.forms import SearchForm
from catalog.queries import filter_procedures

PAGE_SIZE = 20


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    page = None
    if not request.GET or form.is_valid():
        params = form.filters() if request.GET else {"status": "active"}
        results = filter_procedures(params).select_related("field", "agency")
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "catalog/_results.html" if request.headers.get("HX-Request") else "catalog/search.html"
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, template, {"form": form, "page": page}, status=status)


@require_GET
def detail(request, code):
    procedure = procedures_with_parts().filter(code=code).first()
    if procedure is None:
        raise Http404
    return render(request, "catalog/detail.html", {
        "procedure": procedure,
        "missing": [PART_LABELS.get(p, p) for p in procedure.missing_parts],
        "fees_now": procedure.fees_on(),
        "versions": procedure.versions.select_related("decision").order_by("-number")[:20],
        "national_filing": national_filing_url(procedure),
    })


def national_filing_url(procedure):
    """Where a person files this procedure online on the National Public Service Portal, the
    default channel for online filing since the provinces' portals were folded into it
    (DOMAIN.md §6); empty when MOTCUA_DVCQG_FILING_URL is not set (MotCua's own portal only).
    The address pattern is the setting's, to verify against the portal's published links."""
    from django.conf import settings

    template = settings.MOTCUA_DVCQG_FILING_URL
    return template.replace("{code}", procedure.code) if template else ""
