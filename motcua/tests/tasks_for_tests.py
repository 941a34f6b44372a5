"""A task used by test_tasks: it records that it ran by creating a field of procedures."""

from django_tasks import task


@task()
def record_field(code, name):
    from catalog.models import Field

    Field.objects.create(code=code, name=name)
    return code
