"""Reference data every intake reads, kept per process and checked against a version in the
shared cache.

Counter intake reads the same few rows on every request: the procedure with its publication
items and internal process, the commune's People's Committee, the calendar exceptions of the
year. They change a few times a month. Each process keeps them (a memo per kind) and reuses
them while the **reference version** in the shared cache (Redis, or the database cache) has not
moved: a save or delete of a memoised model clears this process's memos and, once its
transaction commits, increments the version, so every other process drops its copies at its
next request (one cache read per request, by ReferenceVersionMiddleware) or, outside
requests (jobs, the scheduler), within MOTCUA_REFERENCE_RECHECK seconds.
MOTCUA_REFERENCE_TTL (60 s) still bounds an entry's life if the cache were flushed.

Values are shared between requests and threads: treat them as read-only. Misses (None) are not
kept, so unknown keys cannot fill the memory.
"""

import contextvars
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

_memos = []
VERSION_KEY = "motcua:reference-version"
_request_version = contextvars.ContextVar("motcua_reference_version", default=None)
_outside = {"version": None, "read_at": 0.0}  # outside requests: re-read now and then
_outside_lock = threading.Lock()


def _read_version():
    try:
        return cache.get(VERSION_KEY, 0)
    except Exception:  # the shared cache is down: the TTL alone bounds staleness
        return None


def seen_version():
    """The reference version this request (or, outside requests, this moment) works with."""
    request = _request_version.get()
    if request is not None:  # inside a request: read once, at its first use of a memo
        if "version" not in request:
            request["version"] = _read_version()
        return request["version"]
    now = time.monotonic()
    with _outside_lock:
        if _outside["version"] is None or now - _outside["read_at"] \
                >= settings.MOTCUA_REFERENCE_RECHECK:
            _outside["version"], _outside["read_at"] = _read_version(), now
        return _outside["version"]


def _bump():
    try:
        cache.add(VERSION_KEY, 0, None)
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted between add and incr
        cache.set(VERSION_KEY, 1, None)
    except Exception:  # the cache is down: other processes see the change within the TTL
        pass
    with _outside_lock:
        _outside["version"] = None


class ReferenceVersionMiddleware:
    """The reference version is read once per request (at its first memo), so a change saved
    by any process is seen from this request on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set({})  # read lazily: static files and health checks pay nothing
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)


class Memo:
    def __init__(self, name):
        self.name = name
        self._data = {}
        self._lock = threading.Lock()
        _memos.append(self)

    def get(self, key, load):
        now = time.monotonic()
        version = seen_version()
        hit = self._data.get(key)
        if hit is not None and hit[0] > now and hit[1] == version:
            return hit[2]
        value = load()
        if value is not None:
            with self._lock:
                self._data[key] = (now + settings.MOTCUA_REFERENCE_TTL, version, value)
        return value

    def clear(self):
        with self._lock:
            self._data.clear()


def clear_all(**_):
    for memo in _memos:
        memo.clear()


def changed(**_):
    """A memoised model was saved or deleted: this process forgets now, the others once the
    change is committed (the version moves)."""
    clear_all()
    transaction.on_commit(_bump)


def invalidate_on(*models):
    """Forget the memos, in every process, when one of these models is saved or deleted."""
    for model in models:
        post_save.connect(changed, sender=model, dispatch_uid=f"memo-save-{model._meta.label}")
        post_delete.connect(changed, sender=model,
                            dispatch_uid=f"memo-delete-{model._meta.label}")
