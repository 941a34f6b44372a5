"""Finding datasets: one reading for the portal's search page and CKAN's package_search.
Words match without diacritics (motcua.text.fold); facets count what the other filters left."""

from opendata import actions
from opendata.models import THEME_BASE, Dataset, Theme
from opendata.output import distributions

THEME_URI = THEME_BASE
FACETS = ("organization", "groups", "res_format", "license_id", "tags")


def org_name(agency):
    """An agency's name in CKAN addresses: lower case, digits and '-', stable (its code)."""
    return "dv-" + agency.code.lower().replace(".", "-")


def facts(dataset, version=None):
    """The values a dataset has for each facet."""
    formats = [fmt for _key, fmt, _media in distributions(version)] if version else []
    return {"organization": [org_name(dataset.publisher)], "groups": [dataset.theme.lower()],
            "res_format": formats, "license_id": [dataset.licence] if dataset.licence else [],
            "tags": list(dataset.keywords)}


def run(user, q="", filters=None, sort="title"):
    """[(dataset, current version, facts)] of the published datasets `user` may read that
    match `q` and `filters` {facet: value}, and the facet counts {facet: {value: n}} over the
    matches. Drafts are found on the staff's own pages, never here."""
    from django.db.models import OuterRef, Subquery

    from motcua.text import fold
    from opendata.models import Version

    latest = Version.objects.filter(dataset=OuterRef("pk")).order_by("-number").values("pk")[:1]
    qs = actions.visible(user).filter(status=Dataset.Status.PUBLISHED) \
        .annotate(current_id=Subquery(latest))
    for word in fold(q).split():
        qs = qs.filter(search_text__contains=word)
    datasets = list(qs)
    currents = Version.objects.in_bulk([d.current_id for d in datasets if d.current_id])
    found = []
    for dataset in datasets:
        current = currents.get(dataset.current_id)
        values = facts(dataset, current)
        if all(value in values.get(facet, []) for facet, value in (filters or {}).items()
               if value):
            found.append((dataset, current, values))
    counts = {facet: {} for facet in FACETS}
    for _dataset, _current, values in found:
        for facet in FACETS:
            for value in values[facet]:
                counts[facet][value] = counts[facet].get(value, 0) + 1
    keys = {"title": lambda r: fold(r[0].title),
            "modified": lambda r: r[0].modified_at,
            "name": lambda r: r[0].name}
    field, _sep, direction = sort.partition(" ")
    found.sort(key=keys.get(field, keys["title"]), reverse=direction == "desc")
    return found, counts


def theme_label(code):
    return dict(Theme.choices).get(code.upper(), code)
