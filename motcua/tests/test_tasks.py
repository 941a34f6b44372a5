from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from catalog.models import Field
from motcua.tasks import enqueue_with_change
from motcua.tests.tasks_for_tests import record_field

pytestmark = pytest.mark.django_db


def test_a_job_queued_with_a_change_is_stored_and_run_by_the_worker():
    with transaction.atomic():
        enqueue_with_change(record_field, "TEST1", "Lĩnh vực thử nghiệm")
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    # The worker drops connections that are inside a transaction, as the test's own is; the
    # test keeps it so the job (written in that transaction) stays visible.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, no_startup_delay=True, reload=False,
                     stdout=StringIO(), stderr=StringIO())

    assert Field.objects.filter(code="TEST1").exists()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_job_queued_with_a_change_that_rolls_back_never_exists():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        enqueue_with_change(record_field, "TEST2", "Không bao giờ chạy")
        1 / 0  # noqa: B018 (the failure that rolls the change back)
    assert not DBTaskResult.objects.exists()


def test_queueing_outside_a_transaction_is_refused(settings):
    # pytest-django wraps each test in a transaction; leave it to reach autocommit mode.
    from django.db import connection

    in_block = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError):
            enqueue_with_change(record_field, "TEST3", "Ngoài giao dịch")
    finally:
        connection.in_atomic_block = in_block
