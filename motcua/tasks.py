"""Background jobs: Django's tasks API (`django-tasks`) on the database backend.

The database backend writes the job as a row through the default connection, so a job
enqueued inside the transaction of the change that needs it commits or rolls back with that
change: no job for a change that never happened, no change whose job was lost (a transactional
outbox without extra machinery). `enqueue_with_change` makes that explicit and refuses to run
outside a transaction, where the guarantee would silently not hold.

Run the worker with `python manage.py db_worker` (README, "Background jobs").
"""

from django.db import connection


def enqueue_with_change(task, *args, **kwargs):
    """Queue `task` inside the current transaction; it becomes visible to workers on commit."""
    if not connection.in_atomic_block:
        raise RuntimeError("enqueue_with_change() must be called inside transaction.atomic()")
    return task.enqueue(*args, **kwargs)
