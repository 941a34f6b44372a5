"""Signing results (PAdES, with pyHanko) and checking a signed PDF.

The unit's key and certificate come from settings: PEM files (MOTCUA_SIGNING_KEY,
MOTCUA_SIGNING_CERT, MOTCUA_SIGNING_CHAIN, MOTCUA_SIGNING_PASSPHRASE), or a PKCS#11 token
(MOTCUA_SIGNING_PKCS11: lib, token_label, key_label, cert_label, pin; needs python-pkcs11),
as a unit's USB token or HSM holds it. `make_signing_certificate` creates a development CA and
signer under var/signing/. Validation trusts MOTCUA_SIGNING_TRUST_ROOTS (the national root CA
in production, the development CA otherwise).
"""

import asyncio
import functools
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext


def configured():
    if settings.MOTCUA_SIGNING_PKCS11:
        return True
    return all(Path(p).is_file() for p in (settings.MOTCUA_SIGNING_KEY,
                                           settings.MOTCUA_SIGNING_CERT))


@functools.lru_cache(maxsize=1)
def _signer():
    if settings.MOTCUA_SIGNING_PKCS11:
        from pyhanko.sign import pkcs11  # needs python-pkcs11

        token = settings.MOTCUA_SIGNING_PKCS11
        session = pkcs11.open_pkcs11_session(token["lib"], token_label=token.get("token_label"),
                                             user_pin=token.get("pin"))
        return pkcs11.PKCS11Signer(session, key_label=token.get("key_label"),
                                   cert_label=token.get("cert_label"))
    if not configured():
        raise ImproperlyConfigured("No signing certificate: run `manage.py "
                                   "make_signing_certificate` or set MOTCUA_SIGNING_KEY/CERT.")
    passphrase = settings.MOTCUA_SIGNING_PASSPHRASE
    return signers.SimpleSigner.load(
        settings.MOTCUA_SIGNING_KEY, settings.MOTCUA_SIGNING_CERT,
        ca_chain_files=tuple(settings.MOTCUA_SIGNING_CHAIN),
        key_passphrase=passphrase.encode() if passphrase else None)


def reset():
    """Forget the loaded signer (after the settings change)."""
    _signer.cache_clear()


def signer_name():
    return _signer().signing_cert.subject.human_friendly


def sign(pdf, *, reason, location):
    """The PDF (bytes) with a PAdES signature over all of it."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(field_name="ChuKySo", subfilter=fields.SigSeedSubFilter.PADES,
                                        reason=reason, location=location)
    signer = _signer()
    return _outside_event_loop(
        lambda: signers.sign_pdf(writer, meta, signer=signer).getvalue())


def _outside_event_loop(work):
    """pyHanko's synchronous signing runs its own event loop, which cannot start inside a
    running one (an async server, Playwright in the tests): then it runs on a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


@dataclass(frozen=True)
class Check:
    signed: bool  # carries a signature at all
    intact: bool  # the signed bytes are unchanged
    trusted: bool  # signed by a certificate chaining to a trusted root, valid at signing
    whole: bool  # the signature covers the whole file (nothing added after)
    signer: str = ""
    signed_at: object = None

    @property
    def authentic(self):
        return self.signed and self.intact and self.trusted and self.whole


def check(pdf):
    """Validate the (first) signature of a PDF against the trusted roots."""
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception:  # not a PDF pyHanko can read: not an authentic result
        return Check(False, False, False, False)
    if not signatures:
        return Check(False, False, False, False)
    context = ValidationContext(trust_roots=[load_cert_from_pemder(p)
                                             for p in settings.MOTCUA_SIGNING_TRUST_ROOTS],
                                allow_fetching=False)
    try:
        status = _outside_event_loop(lambda: validate_pdf_signature(signatures[0], context))
    except Exception:  # a broken signature structure is an altered document
        return Check(True, False, False, False)
    return Check(True, bool(status.intact and status.valid), bool(status.trusted),
                 status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                 status.signing_cert.subject.human_friendly, status.signer_reported_dt)
