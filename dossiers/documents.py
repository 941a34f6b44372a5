"""Files people and officers attach to dossiers: what is accepted and where it is kept.

Only PDF, JPEG and PNG are accepted, recognised by their first bytes, never by the name or the
browser's claim; each file is at most MOTCUA_UPLOAD_MAX_BYTES. Files go through Django's
default storage (local disk by default) under `dossiers/<year>/<month>/`, a path no public URL
serves: they are downloaded only through views that check who may see the dossier.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def sniff(head):
    """(content type, extension) of a file from its first bytes, or None."""
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def check_upload(upload):
    """Validate an uploaded file; return {content_type, extension, size, sha256, name}."""
    limit = settings.MOTCUA_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": upload.name})
    if upload.size > limit:
        raise ValidationError(_("The file %(name)s is larger than %(limit)s MB.") % {
            "name": upload.name, "limit": f"{limit / 1024 / 1024:g}"})
    upload.seek(0)
    kind = sniff(upload.read(16))
    if kind is None:
        raise ValidationError(_(
            "The file %(name)s is not a PDF, JPEG or PNG document.") % {"name": upload.name})
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {"content_type": kind[0], "extension": kind[1], "size": upload.size,
            "sha256": digest.hexdigest(), "name": (upload.name or "")[-200:]}


def store(upload, checked):
    """Save a checked upload (check_upload's result); the StoredFile fields to record it."""
    from django.core.files.storage import default_storage

    name = default_storage.save(storage_name(checked["extension"]), upload)
    return {"file": name, "original_name": checked["name"],
            "content_type": checked["content_type"], "size": checked["size"],
            "sha256": checked["sha256"]}


def private_file_response(stored, filename=None):
    """A StoredFile's file for the one who may see it: never cached, never sniffed."""
    from django.core.files.storage import default_storage
    from django.http import FileResponse, Http404

    if not stored.file.name:  # a document the previous system listed, without its file
        raise Http404
    try:
        handle = default_storage.open(stored.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=stored.content_type)
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def storage_name(extension):
    """A fresh, unguessable path for a stored document."""
    today = timezone.localdate()
    return f"dossiers/{today:%Y}/{today:%m}/{uuid.uuid4().hex}.{extension}"
