"""The real plugins against local stand-ins of their services (127.0.0.1 only): the
OpenAI-compatible phrasing endpoint and the Zalo OA message API, each called with the shape
its service takes."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = pytest.mark.django_db


class Recorder(BaseHTTPRequestHandler):
    answer = {}
    seen = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append((self.path, self.headers, body))  # case-insensitive
        data = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def service():
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", Recorder
    server.shutdown()


def test_the_openai_compatible_plugin_sends_only_the_passages_and_is_checked(
        client, settings, service):
    url, recorder = service
    settings.MOTCUA_ASSISTANT_PHRASING = \
        "assistant.phrasing.contrib.openai_compat.plugin.OpenAICompatible"
    settings.MOTCUA_ASSISTANT_LLM_URL = url + "/v1"
    settings.MOTCUA_ASSISTANT_LLM_MODEL = "qwen2.5-7b-instruct"
    settings.MOTCUA_ASSISTANT_LLM_KEY = "khoa-thu"
    recorder.answer = {"choices": [{"message": {
        "content": "Phí cấp phiếu lý lịch tư pháp là 200.000 đ [1]."}}]}
    out = client.post("/api/v1/assistant/ask", {"question": "Xin lý lịch tư pháp hết bao "
                                                "nhiêu tiền?"}, content_type="application/json")
    assert out.json()["answer"] == "Phí cấp phiếu lý lịch tư pháp là 200.000 đ [1]."
    path, headers, body = recorder.seen[0]
    assert path == "/v1/chat/completions" and headers["Authorization"] == "Bearer khoa-thu"
    assert body["model"] == "qwen2.5-7b-instruct"
    prompt = body["messages"][1]["content"]
    assert prompt.startswith("[1] Cấp Phiếu lý lịch tư pháp") and "200.000 đ" in prompt
    # A reply that cites nothing, or states a figure the passages do not have, is not used.
    recorder.answer = {"choices": [{"message": {"content": "Khoảng 300.000 đ."}}]}
    out = client.post("/api/v1/assistant/ask", {"question": "Xin lý lịch tư pháp hết bao "
                                                "nhiêu tiền?"}, content_type="application/json")
    assert "300.000" not in out.json()["answer"] and "200.000 đ" in out.json()["answer"]
    # The endpoint down: MotCua's own answer stands.
    settings.MOTCUA_ASSISTANT_LLM_URL = "http://127.0.0.1:9/v1"
    out = client.post("/api/v1/assistant/ask", {"question": "Xin lý lịch tư pháp hết bao "
                                                "nhiêu tiền?"}, content_type="application/json")
    assert out.status_code == 200 and "200.000 đ" in out.json()["answer"]


def test_the_zalo_replier_posts_to_the_oa_message_api(settings, service):
    from assistant.zalo.contrib import OfficialAccount

    url, recorder = service
    settings.MOTCUA_ZALO_OA_API = url + "/v3.0/oa/message/cs"
    settings.MOTCUA_ZALO_OA_TOKEN = "ma-truy-cap"
    recorder.answer = {"error": 0, "message": "Success"}
    OfficialAccount().send("84912345678", "Thời hạn giải quyết: 1 ngày làm việc")
    path, headers, body = recorder.seen[0]
    assert path == "/v3.0/oa/message/cs" and headers["access_token"] == "ma-truy-cap"
    assert body == {"recipient": {"user_id": "84912345678"},
                    "message": {"text": "Thời hạn giải quyết: 1 ngày làm việc"}}
    recorder.answer = {"error": -216, "message": "Access token is invalid"}
    with pytest.raises(RuntimeError):
        OfficialAccount().send("84912345678", "x")
