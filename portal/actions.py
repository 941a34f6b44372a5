"""Portal writes: drafts, their documents, and filing a draft as an online dossier."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Level
from dossiers.actions import AUTHORISATION, check_submit_online, do_create
from dossiers.documents import check_upload, store
from dossiers.forms import DECLARED  # the draft keeps declared answers as on the form
from dossiers.models import ApplicantType, DossierDocument, refresh_document_flags
from integrations.registries.registry import (
    applicant_from_record,
    lookup_business,
    lookup_person,
)
from portal.models import Draft, DraftFile, StoredDocument
from sync import outbox as sync_outbox
from units.places import commune_in_address


def draft_for(user, procedure):
    """The person's draft for this procedure, created (and prefilled) on first visit.

    Prefill: what the person's account holds, completed by the population database when it
    knows their identity number (or, for a business's account, by the business registration
    database from its tax code); the databases asked are recorded (DOMAIN.md §6–7). A
    commune-level procedure gets the commune named in the address."""
    draft = Draft.objects.filter(user=user, procedure=procedure).first()
    if draft is not None:
        return draft
    person = getattr(user, "person", None)
    data, consulted = {}, []
    if person is not None:
        data, consulted = _prefill(person, procedure)
    if procedure.level == Level.COMMUNE and not procedure.agency_id:
        data["unit"] = commune_in_address(data.get("applicant_address"))
    draft, _ = Draft.objects.get_or_create(
        user=user, procedure=procedure,
        defaults={"data": {k: v for k, v in data.items() if v not in (None, "")},
                  "consulted": consulted})
    return draft


def _prefill(person, procedure):
    data = {"applicant_type": ApplicantType.CITIZEN, "applicant_name": person.full_name,
            "applicant_id_number": person.id_number, "applicant_phone": person.phone,
            "applicant_email": person.email, "applicant_address": person.address}
    consulted = []
    record = None
    if person.id_number:
        record, consulted = lookup_person(person.id_number)
    if record is not None:
        data = applicant_from_record(record, data)
        for declared in procedure.form_fields.all():
            value = getattr(record, declared.prefill, "") if declared.prefill else ""
            if value:
                data[f"{DECLARED}{declared.key}"] = value
    if person.is_business:
        # The business applies: its name, tax code and head office, its representative's
        # contacts where the registry has none.
        business, asked = lookup_business(person.tax_code)
        consulted += asked
        data.update(applicant_type=ApplicantType.BUSINESS,
                    applicant_name=person.organization_name, applicant_id_number=person.tax_code,
                    applicant_address="")
        if business is not None:
            data.update(applicant_name=business.name, applicant_address=business.address,
                        applicant_phone=business.phone or data["applicant_phone"],
                        applicant_email=business.email or data["applicant_email"])
    return data, consulted


def check_files(files, asked):
    """{component: validated upload} for the files sent; ValidationError per field if bad."""
    checked, errors = {}, {}
    for field, component in asked.items():
        upload = files.get(field)
        if upload is None:
            continue
        try:
            checked[component] = (upload, check_upload(upload))
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
    return checked


def check_store_choices(user, chosen):
    """{component: StoredDocument} for the documents the person takes from their store."""
    found = {d.pk: d for d in StoredDocument.objects.filter(user=user, pk__in=chosen.values())}
    if set(chosen.values()) - set(found):
        raise ValidationError({"documents": [_("This document is not in your data store.")]})
    return {component: found[pk] for component, pk in chosen.items()}


@transaction.atomic
def do_save_draft(draft, data, checked, reused=None):
    """Keep the form data and the documents sent or taken from the store (a new one for a
    document replaces the old)."""
    draft.data = {k: v for k, v in data.items() if v not in (None, "")}
    draft.save()
    for component, (upload, meta) in checked.items():
        DraftFile.objects.filter(draft=draft, component_name=component.name).delete()
        DraftFile.objects.create(draft=draft, component_name=component.name,
                                 **store(upload, meta))
    for component, stored in (reused or {}).items():
        DraftFile.objects.filter(draft=draft, component_name=component.name).delete()
        DraftFile.objects.create(draft=draft, component_name=component.name, from_store=stored,
                                 **stored.file_fields())


def check_submit_draft(user, draft, *, vneid):
    """Everything a filing needs: the dossier's own checks and a file for every document the
    catalog requires of the person."""
    errors = {}
    data = {k: v for k, v in draft.data.items() if not k.startswith(DECLARED)}
    data["form_data"] = {k[len(DECLARED):]: v for k, v in draft.data.items()
                         if k.startswith(DECLARED)}
    data["authorisation_attached"] = draft.files.filter(component_name=AUTHORISATION).exists()
    try:
        cleaned = check_submit_online(user, {"procedure": draft.procedure.code, **data})
    except ValidationError as exc:
        errors.update(exc.message_dict)
        cleaned = None
    have = set(draft.files.values_list("component_name", flat=True))
    missing = [c.name for c in draft.procedure.components.all()
               if c.required and not c.replaced_by_data and c.name not in have]
    if missing:
        errors["documents"] = [_("Attach: %(names)s.") % {"names": "; ".join(missing)}]
    if errors:
        raise ValidationError(errors)
    replaced = [c.data_source or _("national database")
                for c in draft.procedure.components.all() if c.replaced_by_data]
    cleaned.update(
        components=[c.name for c in draft.procedure.components.all()
                    if c.name in have or c.replaced_by_data],
        vneid_authenticated=bool(vneid),
        consulted=sorted(set(draft.consulted) | set(replaced)))
    return cleaned


@transaction.atomic
def do_submit_draft(draft, cleaned, by):
    """File the draft: the dossier (status 1), its documents; the draft is gone."""
    dossier = do_create(cleaned, by)
    DossierDocument.objects.bulk_create(
        DossierDocument(
            dossier=dossier, component_name=f.component_name, added_by=by,
            source=DossierDocument.Source.STORE if f.from_store_id else DossierDocument.Source.UPLOAD,
            reused=bool(f.from_store_id), from_store=bool(f.from_store_id),
            digitisation_code=f.from_store.digitisation_code if f.from_store_id else "",
            **f.file_fields())
        for f in draft.files.select_related("from_store"))
    refresh_document_flags([dossier.pk])
    draft.delete()
    sync_outbox.queue_change(dossier)  # the national record with its documents and reuse flags
    return dossier
