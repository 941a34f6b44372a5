"""Slow work of the assistant, after the request: the reply to a Zalo user."""

from django.conf import settings
from django.utils.module_loading import import_string
from django_tasks import task


@task()
def reply_on_zalo(user_id, text):
    return import_string(settings.MOTCUA_ZALO_REPLIER)().send(user_id, text)
