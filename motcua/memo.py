"""A short-lived, per-process memo of reference data that every intake reads.

Counter intake reads the same few rows on every request: the procedure with its publication
items and internal process, the commune's People's Committee, the calendar exceptions of the
year. They change a few times a month. Reading them once per process and keeping them for
MOTCUA_REFERENCE_TTL seconds (60 by default) halves the queries of an intake
(bench/intake_throughput.py). A save or delete of a memoised model clears every memo of the
process at once (see `invalidate_on`); other processes see the change within the TTL.

Values are shared between requests and threads: treat them as read-only. Misses (None) are not
kept, so unknown keys cannot fill the memory.
"""

import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save

_memos = []


class Memo:
    def __init__(self, name):
        self.name = name
        self._data = {}
        self._lock = threading.Lock()
        _memos.append(self)

    def get(self, key, load):
        now = time.monotonic()
        hit = self._data.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = load()
        if value is not None:
            with self._lock:
                self._data[key] = (now + settings.MOTCUA_REFERENCE_TTL, value)
        return value

    def clear(self):
        with self._lock:
            self._data.clear()


def clear_all(**_):
    for memo in _memos:
        memo.clear()


def invalidate_on(*models):
    """Clear every memo when one of these models is saved or deleted in this process."""
    for model in models:
        post_save.connect(clear_all, sender=model, dispatch_uid=f"memo-save-{model._meta.label}")
        post_delete.connect(clear_all, sender=model,
                            dispatch_uid=f"memo-delete-{model._meta.label}")
