"""`Idempotency-Key` on the API's writes (POST /api/v1/dossiers and the dossier actions).

The same key with the same request returns the first answer (header Idempotent-Replayed); the
same key with another request is a 409. The key and the answer are written in the write's own
transaction, so either both exist or neither does.
"""

import functools
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from motcua.models import IdempotencyKey

HEADER = "Idempotency-Key"


def _fingerprint(request):
    body = json.dumps(request.data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _replay(stored, digest):
    if stored.request_hash != digest:
        return Response({"error": "idempotency_conflict", "detail": _(
            "This Idempotency-Key was used for another request.")},
            status=status.HTTP_409_CONFLICT)
    return Response(stored.body, status=stored.status, headers={"Idempotent-Replayed": "true"})


def idempotent(method):
    """Wrap an APIView's post(): replay, refuse, or perform and keep the answer."""

    @functools.wraps(method)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or not request.user.is_authenticated:
            return method(view, request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > 200 or not key.isprintable():
            return Response({"error": "invalid", "detail": _(
                "An Idempotency-Key is 1 to 200 printable characters."),
                "fields": {HEADER: [_("Not a valid key.")]}},
                status=status.HTTP_400_BAD_REQUEST)
        digest = _fingerprint(request)
        stored = IdempotencyKey.objects.filter(user=request.user, key=key).first()
        if stored is not None:
            return _replay(stored, digest)
        try:
            with transaction.atomic():
                response = method(view, request, *args, **kwargs)
                if 200 <= response.status_code < 300:  # only what changed something is kept
                    IdempotencyKey.objects.create(user=request.user, key=key,
                                                  request_hash=digest,
                                                  status=response.status_code,
                                                  body=response.data)
        except IntegrityError:
            # The same key, sent twice at once: the other one's write won, this one rolled back.
            stored = IdempotencyKey.objects.filter(user=request.user, key=key).first()
            if stored is None:
                raise
            return _replay(stored, digest)
        return response

    return wrapper
