"""Catalog changes: import (check_* then do_*), derived columns, versions, export."""

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from catalog.completeness import missing_parts
from catalog.interchange import (
    FORMAT,
    check_catalog_document,
    serialize_decision,
    serialize_procedure,
)
from catalog.models import (
    Component,
    Fee,
    Field,
    FormField,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    PublicationDecision,
    PublicationItem,
)
from motcua import memo
from motcua.text import search_key
from units.models import Agency

PROCEDURE_RELATED = ("field", "agency")
PROCEDURE_PREFETCH = (
    "components", "form_fields", "fees", "legal_bases", "bundled",
    Prefetch("process_steps", queryset=ProcessStep.objects.select_related("agency")),
    Prefetch("publication_items", queryset=PublicationItem.objects.select_related("decision")),
)


def procedures_with_parts(queryset=None):
    queryset = Procedure.objects.all() if queryset is None else queryset
    return queryset.select_related(*PROCEDURE_RELATED).prefetch_related(*PROCEDURE_PREFETCH)


def refresh_derived(procedure):
    """Recompute the stored search text and completeness of one procedure."""
    procedure = procedures_with_parts(Procedure.objects.filter(pk=procedure.pk)).get()
    agency_name = procedure.agency.name if procedure.agency_id else ""
    procedure.search_name = f" {search_key(procedure.name)} "
    procedure.search_text = " " + " ".join(
        part for part in map(search_key, (
            procedure.name, procedure.code, procedure.field.name,
            procedure.implementing_agency, agency_name, procedure.keywords,
        )) if part
    ) + " "
    # Each curated keyword phrase stands alone between bars, so a phrase match is exact.
    phrases = [search_key(k) for k in procedure.keywords.split(",")]
    procedure.search_keywords = f"| {' | '.join(p for p in phrases if p)} |" if any(phrases) else ""
    procedure.missing_parts = missing_parts(procedure)
    procedure.fully_published = not procedure.missing_parts
    Procedure.objects.filter(pk=procedure.pk).update(
        search_name=procedure.search_name, search_text=procedure.search_text,
        search_keywords=procedure.search_keywords,
        missing_parts=procedure.missing_parts, fully_published=procedure.fully_published,
    )
    # Bulk writes send no signals: forget what intake keeps of the catalog, now and at commit.
    memo.changed()  # this process now, the others once committed
    transaction.on_commit(memo.clear_all)
    return procedure


def record_version(procedure, *, source, by=None, decision=None):
    """Keep a snapshot if the content changed since the last version; return the version."""
    procedure = procedures_with_parts(Procedure.objects.filter(pk=procedure.pk)).get()
    snapshot = serialize_procedure(procedure)
    last = procedure.versions.order_by("-number").first()
    if last and last.snapshot == snapshot:
        if decision and last.decision_id is None:
            last.decision = decision
            last.save(update_fields=["decision"])
        return last
    number = last.number + 1 if last else 1
    version = ProcedureVersion.objects.create(
        procedure=procedure, number=number, snapshot=snapshot, decision=decision, source=source,
        created_by=by if by and by.is_authenticated else None,
    )
    Procedure.objects.filter(pk=procedure.pk).update(version=number)
    return version


def check_import(document):
    """Validate a catalog document against the database; raises CatalogError."""
    return check_catalog_document(
        document,
        known_fields=Field.objects.values_list("code", flat=True),
        known_procedures=Procedure.objects.values_list("code", flat=True),
        known_agencies=Agency.objects.values_list("code", flat=True),
    )


@transaction.atomic
def do_import_catalog(cleaned, *, source="import", by=None):
    """Write a validated document (from check_import). All or nothing."""
    fields = {f.code: f for f in Field.objects.all()}
    for f in cleaned["fields"]:
        obj, _ = Field.objects.update_or_create(code=f["code"], defaults={"name": f["name"]})
        fields[obj.code] = obj
    agencies = dict(Agency.objects.values_list("code", "id"))

    touched = []
    for p in cleaned["procedures"]:
        values = {
            key: p[key] for key in (
                "name", "level", "implementing_agency", "method_note", "requirements",
                "processing_time", "time_unit", "processing_time_note", "applicants",
                "for_citizens", "result",
                "result_electronic", "result_template", "no_fee", "online_level",
                "receivable_anywhere",
                "inter_agency", "keywords",
            )
        }
        values.update(
            field=fields[p["field"]],
            agency_id=agencies.get(p["agency"]) if p["agency"] else None,
            steps="\n".join(p["steps"]),
            accepts_counter="counter" in p["methods"],
            accepts_post="post" in p["methods"],
            accepts_online="online" in p["methods"],
        )
        procedure, _ = Procedure.objects.select_for_update().update_or_create(
            code=p["code"], defaults=values
        )
        # Uploaded form templates are not part of the document: keep each with its component.
        templates = {
            c.name: c.template_file for c in procedure.components.all() if c.template_file
        }
        procedure.components.all().delete()
        Component.objects.bulk_create(
            Component(procedure=procedure, position=i, template_file=templates.get(c["name"], ""),
                      **c)
            for i, c in enumerate(p["components"])
        )
        procedure.form_fields.all().delete()
        FormField.objects.bulk_create(
            FormField(procedure=procedure, position=i, **f)
            for i, f in enumerate(p["form_fields"])
        )
        procedure.fees.all().delete()
        Fee.objects.bulk_create(Fee(procedure=procedure, **f) for f in p["fees"])
        procedure.legal_bases.all().delete()
        LegalBasis.objects.bulk_create(
            LegalBasis(procedure=procedure, position=i, **b) for i, b in enumerate(p["legal_basis"])
        )
        procedure.process_steps.all().delete()
        ProcessStep.objects.bulk_create(
            ProcessStep(
                procedure=procedure, position=i, name=s["name"], role=s["role"],
                performer=s["performer"], duration=s["duration"],
                agency_id=agencies.get(s["agency"]) if s["agency"] else None,
            )
            for i, s in enumerate(p["process"])
        )
        touched.append((procedure, p["bundled"]))
    procedures = {pr.code: pr for pr in Procedure.objects.all().only("id", "code", "abolished_on")}
    for procedure, bundled in touched:
        procedure.bundled.set([procedures[code] for code in bundled])

    decisions = []
    for d in cleaned["decisions"]:
        decision, _ = PublicationDecision.objects.update_or_create(
            number=d["number"],
            defaults={k: d[k] for k in ("title", "signed_on", "effective_on", "publicised_on", "signer")},
        )
        for item in d["items"]:
            PublicationItem.objects.update_or_create(
                decision=decision, procedure=procedures[item["procedure"]],
                defaults={"action": item["action"],
                          "replaces": procedures[item["replaces"]] if item["replaces"] else None},
            )
        decisions.append(decision)

    done = set()
    for decision in decisions:
        done |= do_apply_decision(decision, source=source, by=by)
    for procedure, _ in touched:
        if procedure.pk not in done:
            refresh_derived(procedure)
            record_version(procedure, source=source, by=by)
    return {"fields": len(cleaned["fields"]), "procedures": len(cleaned["procedures"]),
            "decisions": len(cleaned["decisions"])}


def do_apply_decision(decision, *, source, by=None):
    """Give effect to a publication decision's items; return the ids of the procedures touched.

    Abolished procedures, and those a new one replaces, stop accepting dossiers from the
    decision's effective date; each touched procedure gets its derived columns and a version
    linked to the decision.
    """
    touched = {}
    for item in decision.items.select_related("procedure", "replaces"):
        touched[item.procedure_id] = item.procedure
        if item.replaces_id:
            touched[item.replaces_id] = item.replaces
    for procedure in touched.values():
        recompute_abolition(procedure)
        refresh_derived(procedure)
        record_version(procedure, source=source, by=by, decision=decision)
    return set(touched)


def recompute_abolition(procedure):
    """abolished_on = the earliest effective date of a decision abolishing or replacing it."""
    dates = PublicationDecision.objects.filter(
        Q(items__procedure=procedure, items__action=PublicationItem.Action.ABOLISHED)
        | Q(items__replaces=procedure)
    ).values_list("effective_on", flat=True)
    day = min(dates, default=None)
    if procedure.abolished_on != day:
        procedure.abolished_on = day
        Procedure.objects.filter(pk=procedure.pk).update(abolished_on=day)
        memo.changed()  # this process now, the others once committed
        transaction.on_commit(memo.clear_all)


def export_catalog(queryset=None):
    procedures = procedures_with_parts(queryset).order_by("code")
    codes = set()
    exported = []
    for p in procedures:
        codes.add(p.code)
        exported.append(serialize_procedure(p))
    field_ids = {p.field_id for p in procedures}
    decisions = (
        PublicationDecision.objects.filter(items__procedure__code__in=codes).distinct()
        .prefetch_related(Prefetch("items", queryset=PublicationItem.objects.select_related(
            "procedure", "replaces").filter(procedure__code__in=codes).order_by("id")))
        .order_by("signed_on", "number")
    )
    return {
        "format": FORMAT,
        "version": 1,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "fields": [{"code": f.code, "name": f.name}
                   for f in Field.objects.filter(id__in=field_ids).order_by("code")],
        "decisions": [serialize_decision(d) for d in decisions],
        "procedures": exported,
    }
