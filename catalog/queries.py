"""Reads of the catalog shared by the API and the pages."""

from django.utils import timezone

from catalog import search
from catalog.models import Level, Procedure
from units.models import Agency


def filter_procedures(params):
    """Apply validated filters (q, field, level, agency, online_level, status, fully_published).

    An unknown field or agency code filters to nothing, like any other unmatched value.
    """
    qs = Procedure.objects.all()
    if params.get("field"):
        qs = qs.filter(field__code=params["field"])
    if params.get("level"):
        qs = qs.filter(level=params["level"])
    if params.get("agency"):
        agency = Agency.objects.filter(code=params["agency"]).only("id", "kind").first()
        if agency is None:
            qs = qs.none()
        elif agency.kind == Agency.Kind.COMMUNE_COMMITTEE:
            # Commune-level procedures are decided by every commune's People's Committee.
            qs = qs.filter(level=Level.COMMUNE, agency__isnull=True) | qs.filter(agency=agency)
        else:
            qs = qs.filter(agency=agency)
    if params.get("online_level"):
        qs = qs.filter(online_level=params["online_level"])
    status = params.get("status") or "all"
    today = timezone.localdate()
    if status == "active":
        qs = qs.active_on(today)
    elif status == "abolished":
        qs = qs.abolished_on_or_before(today)
    if params.get("fully_published") is not None:
        qs = qs.filter(fully_published=params["fully_published"])
    return search.search(qs, params.get("q") or "")
