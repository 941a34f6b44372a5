"""Files people and officers attach to dossiers: what is accepted and where it is kept.

Only PDF, JPEG and PNG are accepted, recognised by their first bytes, never by the name or the
browser's claim, then read by a library made for each (pypdf, Pillow): a PDF with a script, an
automatic action or an embedded file, an encrypted one, one that inflates past a limit, and an
image past a pixel limit are refused with the reason. Each file is at most
MOTCUA_UPLOAD_MAX_BYTES. Files go through Django's
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
    upload.seek(0)
    (check_pdf if kind[1] == "pdf" else check_image)(upload)
    check_antivirus(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {"content_type": kind[0], "extension": kind[1], "size": upload.size,
            "sha256": digest.hexdigest(), "name": (upload.name or "")[-200:]}


# Names in a PDF that make it do something when opened, or carry other files: a document a
# person files has none of them.
ACTIVE_PDF_KEYS = {"/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch", "/EmbeddedFile",
                   "/EmbeddedFiles", "/RichMedia", "/XFA", "/SubmitForm", "/ImportData"}
MAX_PDF_OBJECTS = 200_000  # a walk longer than this is refused, not followed


def _refuse(upload, message):
    raise ValidationError(message % {"name": upload.name})


def check_pdf(upload):
    """The PDF must parse (pypdf), have pages, not be encrypted, hold no script, action or
    embedded file, and its compressed streams must not inflate past
    MOTCUA_UPLOAD_MAX_DECOMPRESSED bytes in all."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            _refuse(upload, _("The file %(name)s is an encrypted PDF: send it without a "
                              "password."))
        if len(reader.pages) == 0:
            raise PyPdfError("no page")
        budget = settings.MOTCUA_UPLOAD_MAX_DECOMPRESSED
        seen, stack, walked = set(), [reader.trailer], 0
        while stack:
            node = stack.pop()
            if isinstance(node, IndirectObject):
                if node.idnum in seen:
                    continue
                seen.add(node.idnum)
                node = node.get_object()
            walked += 1
            if walked > MAX_PDF_OBJECTS:
                raise PyPdfError("too many objects")
            if isinstance(node, DictionaryObject):
                if ACTIVE_PDF_KEYS & set(node.keys()) or node.get("/S") in (
                        "/JavaScript", "/Launch"):
                    _refuse(upload, _("The file %(name)s holds a script, an automatic action "
                                      "or an embedded file: print it to PDF again and send "
                                      "that."))
                if isinstance(node, StreamObject):
                    budget -= _inflated_size(node, budget)
                    if budget < 0:
                        _refuse(upload, _("The file %(name)s expands to too much data when "
                                          "opened."))
                stack.extend(v for k, v in node.items() if k != "/Parent")
            elif isinstance(node, ArrayObject):
                stack.extend(node)
    except ValidationError:
        raise
    except Exception:  # pypdf's and zlib's errors, and anything a malformed file provokes
        _refuse(upload, _("The file %(name)s is not a readable PDF document."))
    finally:
        upload.seek(0)


def _inflated_size(stream, budget):
    """How many bytes a Flate stream inflates to, stopping past `budget` (never inflating a
    bomb in memory)."""
    import zlib

    from pypdf.generic import EncodedStreamObject

    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
    raw = stream._data if isinstance(stream._data, bytes) else b""
    if "/FlateDecode" not in names or not isinstance(stream, EncodedStreamObject):
        return len(raw)  # held as it is (pypdf already decoded object streams)
    inflater, total, data = zlib.decompressobj(), 0, raw
    try:
        while data and total <= budget:
            chunk = inflater.decompress(data, 1 << 20)
            total += len(chunk)
            data = inflater.unconsumed_tail
            if not chunk:
                break
    except zlib.error:  # a damaged stream inflates to nothing more
        return max(total, len(raw))
    return total


def check_antivirus(upload):
    """The configured antivirus's word on the file (integrations/antivirus); none configured,
    nothing asked."""
    from integrations.antivirus.base import ScannerUnavailable
    from integrations.antivirus.registry import scanner

    antivirus = scanner()
    if antivirus is None:
        return
    try:
        found = antivirus.scan(upload)
    except ScannerUnavailable:
        _refuse(upload, _("The file %(name)s could not be checked for viruses just now: try "
                          "again in a few minutes."))
    if found:
        raise ValidationError(_("The file %(name)s carries malicious code (%(found)s): it is "
                                "not accepted.") % {"name": upload.name, "found": found})


def check_image(upload):
    """A JPEG or PNG must decode (Pillow) within MOTCUA_UPLOAD_MAX_PIXELS pixels, read from
    its header before anything is decoded."""
    from PIL import Image

    too_large = _("The image %(name)s is too large in pixels: scan it at a lower resolution.")
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > settings.MOTCUA_UPLOAD_MAX_PIXELS:
                _refuse(upload, too_large)
            image.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError:  # Pillow's own limit, met on opening
        _refuse(upload, too_large)
    except Exception:  # Pillow's errors, decompression bombs included
        _refuse(upload, _("The file %(name)s is not a readable image."))
    finally:
        upload.seek(0)


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
    # Downloaded, never rendered in MotCua's origin; and sandboxed if a browser shows it.
    response["Content-Disposition"] = f'attachment; filename="{filename or "tai-lieu"}"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def storage_name(extension):
    """A fresh, unguessable path for a stored document."""
    today = timezone.localdate()
    return f"dossiers/{today:%Y}/{today:%m}/{uuid.uuid4().hex}.{extension}"
