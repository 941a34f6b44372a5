"""Issuing an electronic result when the unit decides, and verifying one.

A leader's approve (or reject) on a procedure whose catalog entry issues an electronic result
reserves the result inside the decision's transaction (its number, verification code and
download link; status "being signed") and queues `sign_result` with the change. The job, after
commit and outside any transaction, generates the PDF and signs it with the unit's certificate
(a token or an HSM may take seconds); then, in a short transaction, it records the file on the
dossier (a document of source "result"), in the applicant's data store when they have an
account, and for the national portal. A failure is recorded on the result and shown on the
dossier; the leader signs it again from there (`retry`).
"""

import hashlib
import logging
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from dossiers.codes import next_code
from dossiers.documents import storage_name
from dossiers.models import RESULT_DOCUMENT_PREFIX, DossierDocument
from motcua.tasks import enqueue_with_change
from results import documents, signing
from results.models import Result

log = logging.getLogger(__name__)


def on_dossier_changed(dossier, *, action, by, role, data=None, **kwargs):
    if action in ("approve", "reject") and dossier.procedure.result_electronic:
        if not signing.configured():
            log.warning("no signing certificate: dossier %s gets no electronic result",
                        dossier.code)
            return
        issue(dossier, refused=action == "reject", reason=(data or {}).get("reason", ""), by=by)


def issue(dossier, *, refused=False, reason="", by=None):
    """Inside the decision's transaction: the result reserved, its signing queued."""
    now = timezone.now()
    number = next_code(f"KQ.{dossier.agency.code}", timezone.localdate(now))
    result = Result.objects.create(
        dossier=dossier, kind=Result.Kind.REFUSED if refused else Result.Kind.APPROVED,
        title=documents.result_title(dossier, refused).capitalize(), number=number,
        verification_code=secrets.token_urlsafe(15), issued_at=now,
        download_token=secrets.token_urlsafe(24), status=Result.Status.SIGNING,
        reason=reason or "", decided_by=by if getattr(by, "pk", None) else None,
        file="", content_type="application/pdf")
    enqueue_with_change(sign_result, result.pk)
    return result


@task()
def sign_result(result_id):
    """The job: sign the reserved result; returns its status."""
    return sign(result_id)


def sign(result_id):
    """Generate and sign the result outside any transaction, then record it in a short one."""
    result = Result.objects.select_related("dossier__agency", "dossier__procedure",
                                           "decided_by").filter(pk=result_id).first()
    if result is None or result.status == Result.Status.SIGNED:
        return result.status if result else "gone"
    dossier = result.dossier
    refused = result.kind == Result.Kind.REFUSED
    try:
        pdf = documents.render(dossier, number=result.number, code=result.verification_code,
                               refused=refused, reason=result.reason, by=result.decided_by)
        signed = signing.sign(pdf, reason=f"Kết quả giải quyết hồ sơ {dossier.code}",
                              location=dossier.agency.name)
        name = default_storage.save(storage_name("pdf"), ContentFile(signed))
    except Exception as exc:  # recorded on the result and shown on the dossier
        log.exception("signing the result %s of dossier %s failed", result.number, dossier.code)
        Result.objects.filter(pk=result.pk).exclude(status=Result.Status.SIGNED).update(
            status=Result.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:1000],
            attempts=F("attempts") + 1)
        return Result.Status.FAILED
    fields = {"file": name, "original_name": f"ket-qua-{dossier.code}.pdf",
              "content_type": "application/pdf", "size": len(signed),
              "sha256": hashlib.sha256(signed).hexdigest()}
    with transaction.atomic():
        locked = Result.objects.select_for_update().get(pk=result.pk)
        if locked.status == Result.Status.SIGNED:  # another run of the job was first
            transaction.on_commit(lambda: default_storage.delete(name))
            return locked.status
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.status, locked.error, locked.signer = Result.Status.SIGNED, "", signing.signer_name()
        locked.attempts += 1
        locked.save()
        _file(locked, dossier, fields)
    return Result.Status.SIGNED


def _file(result, dossier, fields):
    """The signed result on the dossier, in the applicant's data store, and for the portal."""
    from dossiers import followups

    # Filed in the applicant's data store when they have an account (766 indicator 4.4): the
    # result document says so with from_store, which the national record carries.
    DossierDocument.objects.create(dossier=dossier, component_name=f"{RESULT_DOCUMENT_PREFIX}{result.title}",
                                   source=DossierDocument.Source.RESULT,
                                   added_by=result.decided_by, digitisation_code=result.number,
                                   from_store=dossier.applicant_id is not None, **fields)
    if dossier.applicant_id:
        from portal.models import StoredDocument

        StoredDocument.objects.create(
            user_id=dossier.applicant_id, title=result.title, kind=StoredDocument.Kind.RESULT,
            digitisation_code=result.number, issued_by=dossier.agency.name,
            source_dossier=dossier, **fields)
    followups.run(dossier, action="result_signed", by=None, role="system")


def check_retry(result):
    if result.status != Result.Status.FAILED:
        raise ValidationError(_("Only a result whose signing failed is signed again."))


def do_retry(result):
    """Sign a failed result again (after the token or certificate was fixed)."""
    with transaction.atomic():
        locked = Result.objects.select_for_update().get(pk=result.pk)
        check_retry(locked)
        locked.status = Result.Status.SIGNING
        locked.save(update_fields=["status"])
        enqueue_with_change(sign_result, locked.pk)
    return locked


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
