"""Any OpenAI-compatible chat endpoint (a model the province hosts, e.g. vLLM or llama.cpp's
server): MOTCUA_ASSISTANT_LLM_URL (…/v1), MOTCUA_ASSISTANT_LLM_MODEL, MOTCUA_ASSISTANT_LLM_KEY.
Only the retrieved passages are sent; the model is told to answer from them alone and to
cite them."""

import json
import urllib.request

from django.conf import settings

from assistant.phrasing.base import Phraser

SYSTEM = ("Answer in Vietnamese, only from the numbered passages given, citing each fact as "
          "[n]. Copy fees, time limits and document names exactly. If the passages do not "
          "answer, say so.")


class OpenAICompatible(Phraser):
    def phrase(self, question, passages):
        body = {"model": settings.MOTCUA_ASSISTANT_LLM_MODEL, "temperature": 0,
                "messages": [{"role": "system", "content": SYSTEM}, {
                    "role": "user", "content": "\n".join(
                        f"[{i}] {p}" for i, p in enumerate(passages, start=1))
                    + f"\n\nQuestion: {question}"}]}
        request = urllib.request.Request(
            settings.MOTCUA_ASSISTANT_LLM_URL.rstrip("/") + "/chat/completions",
            data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json",
                     "Authorization": f"Bearer {settings.MOTCUA_ASSISTANT_LLM_KEY}"})
        with urllib.request.urlopen(request, timeout=settings.MOTCUA_ASSISTANT_LLM_TIMEOUT) \
                as response:
            data = json.loads(response.read().decode("utf-8"))
        return data["choices"][0]["message"]["content"]
