"""Issuing an electronic result when the unit decides, and verifying one.

A leader's approve (or reject) on a procedure whose catalog entry issues an electronic result
generates the PDF, signs it with the unit's certificate, and records it: on the dossier (a
document of source "result"), and in the applicant's data store when they have an account.
"""

import hashlib
import logging
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from dossiers.codes import next_code
from dossiers.documents import storage_name
from dossiers.models import DossierDocument
from results import documents, signing
from results.models import Result

log = logging.getLogger(__name__)


def on_dossier_changed(sender, dossier, action, by, role, data=None, **kwargs):
    if action in ("approve", "reject") and dossier.procedure.result_electronic:
        if not signing.configured():
            log.warning("no signing certificate: dossier %s gets no electronic result",
                        dossier.code)
            return
        issue(dossier, refused=action == "reject", reason=(data or {}).get("reason", ""), by=by)


@transaction.atomic
def issue(dossier, *, refused=False, reason="", by=None):
    now = timezone.now()
    number = next_code(f"KQ.{dossier.agency.code}", timezone.localdate(now))
    code = secrets.token_urlsafe(15)
    pdf = documents.render(dossier, number=number, code=code, refused=refused, reason=reason,
                           by=by)
    signed = signing.sign(pdf, reason=f"Kết quả giải quyết hồ sơ {dossier.code}",
                          location=dossier.agency.name)
    name = default_storage.save(storage_name("pdf"), ContentFile(signed))
    title = documents.result_title(dossier, refused).capitalize()
    fields = {"file": name, "original_name": f"ket-qua-{dossier.code}.pdf",
              "content_type": "application/pdf", "size": len(signed),
              "sha256": hashlib.sha256(signed).hexdigest()}
    result = Result.objects.create(
        dossier=dossier, kind=Result.Kind.REFUSED if refused else Result.Kind.APPROVED,
        title=title, number=number, verification_code=code, issued_at=now,
        download_token=secrets.token_urlsafe(24),
        signer=signing.signer_name(), **fields)
    # Filed in the applicant's data store when they have an account (766 indicator 4.4): the
    # result document says so with from_store, which the national record carries.
    DossierDocument.objects.create(dossier=dossier, component_name=f"Kết quả: {title}",
                                   source=DossierDocument.Source.RESULT, added_by=by,
                                   digitisation_code=number,
                                   from_store=dossier.applicant_id is not None, **fields)
    if dossier.applicant_id:
        from portal.models import StoredDocument

        StoredDocument.objects.create(
            user_id=dossier.applicant_id, title=title, kind=StoredDocument.Kind.RESULT,
            digitisation_code=number, issued_by=dossier.agency.name, source_dossier=dossier,
            **fields)
    return result


def verify(result, uploaded=None):
    """What the verification page says about a result, or about a file claimed to be it:
    {"authentic", "unaltered", "valid", "signer", "signed_at"}. Nothing personal."""
    if uploaded is None:
        with default_storage.open(result.file.name, "rb") as handle:
            data = handle.read()
    else:
        data = uploaded
    checked = signing.check(data)
    same = hashlib.sha256(data).hexdigest() == result.sha256
    return {"authentic": checked.authentic and same, "unaltered": checked.intact and same,
            "valid": checked.authentic and same and result.revoked_at is None,
            "signer": checked.signer, "signed_at": checked.signed_at}
