"""Repliers: the OA's customer-service message API, and an offline stand-in."""

import json
import logging
import urllib.request

from django.conf import settings

from assistant.zalo.base import Replier

log = logging.getLogger("motcua.assistant")
SENT = []  # the demo stand-in's messages, for development and tests


class OfficialAccount(Replier):
    """POST https://openapi.zalo.me/v3.0/oa/message/cs with the OA's access token."""

    def send(self, user_id, text):
        body = {"recipient": {"user_id": user_id}, "message": {"text": text[:2000]}}
        request = urllib.request.Request(
            settings.MOTCUA_ZALO_OA_API, data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json",
                     "access_token": settings.MOTCUA_ZALO_OA_TOKEN})
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = json.loads(response.read().decode("utf-8"))
        if answer.get("error") not in (0, None):
            raise RuntimeError(f"Zalo OA refused the message: {answer}")
        return answer


class Demo(Replier):
    """Offline: the reply is written to the log (and kept in SENT)."""

    def send(self, user_id, text):
        SENT.append((user_id, text))
        log.info("Zalo OA reply to %s: %s", user_id, text)
        return {"error": 0}
