"""The person's electronic data store: what lands in it (papers digitised at the counter) and
how it is reused (a component of a new application filled from it, recorded as a reuse).

The digitisation code is the dossier code and the document's number in it, `<code>.NN`
(to verify: Circular 01/2023/TT-VPCP leaves the code's form to the provincial system).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dossiers import transitions as t
from dossiers.actions import user_roles
from dossiers.documents import check_upload, store
from dossiers.models import DossierDocument
from portal.models import StoredDocument
from sync import outbox as sync_outbox
from units.models import StaffRole


def check_digitise(user, dossier, data, upload):
    """A counter officer of the dossier's center scans a paper component of an open dossier."""
    if StaffRole.Role.COUNTER_OFFICER not in user_roles(user, dossier):
        raise PermissionDenied(_("Only the counter officers of the receiving center digitise."))
    errors = {}
    if dossier.status not in t.OPEN:
        errors["action"] = _("The dossier is closed: nothing more is digitised.")
    name = (data.get("component_name") or "").strip()[:600]
    if not name:
        errors["component_name"] = _("Say which document the scan is.")
    checked = None
    if upload is None:
        errors["file"] = _("Choose the scanned file.")
    else:
        try:
            checked = check_upload(upload)
        except ValidationError as exc:
            errors["file"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    return {"component_name": name, "upload": upload, "checked": checked}


@transaction.atomic
def do_digitise(dossier, cleaned, by):
    """The scan joins the dossier, signed by the officer, with a digitisation code; a dossier
    filed from an account also puts it in that person's data store."""
    number = dossier.documents.exclude(digitisation_code="").count() + 1
    code = f"{dossier.code}.{number:02d}"
    fields = store(cleaned["upload"], cleaned["checked"])
    document = DossierDocument.objects.create(
        dossier=dossier, component_name=cleaned["component_name"],
        source=DossierDocument.Source.COUNTER_SCAN, digitisation_code=code, signed_by=by,
        added_by=by, supplement_round=dossier.supplement_rounds, **fields)
    if dossier.applicant_id:
        StoredDocument.objects.create(
            user_id=dossier.applicant_id, title=cleaned["component_name"],
            kind=StoredDocument.Kind.DIGITISED, digitisation_code=code,
            issued_by=dossier.service_center.name, source_dossier=dossier, **fields)
    sync_outbox.queue_change(dossier)  # the national record says it is digitised
    return document


def stored_for(user, pk):
    """One of the person's stored documents, or None (another person's is not theirs)."""
    return StoredDocument.objects.filter(user=user, pk=pk).first()
