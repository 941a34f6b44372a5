"""VNeID sign-in through OpenID Connect, against a small provider this test runs on loopback:
discovery, the authorization-code flow with PKCE, the ID token checked against the provider's
keys, and the refusals (forged state, a token signed by someone else, another audience)."""

import base64
import hashlib
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from integrations.identity import registry
from portal.models import Person

pytestmark = pytest.mark.django_db

CLIENT_ID = "motcua-haiphong"


class Provider:
    """The provider's state: its key, the codes it issued, what it will put in tokens."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes = {}
        self.sign_with_other_key = False
        self.audience = CLIENT_ID
        self.extra_claims = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"

    def authorize(self, query):
        """What the provider does when the person consents: a code bound to the request."""
        code = f"code-{len(self.codes)}"
        self.codes[code] = query
        return code

    def _token(self, form):
        request = self.codes.pop(form.get("code"), None)
        if request is None or form.get("client_id") != CLIENT_ID:
            return 400, {"error": "invalid_grant"}
        challenge = base64.urlsafe_b64encode(hashlib.sha256(
            form.get("code_verifier", "").encode()).digest()).rstrip(b"=").decode()
        if challenge != request["code_challenge"] or form.get("redirect_uri") != request["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": self.audience, "sub": "vneid-0001", "iat": now,
                  "exp": now + 300, "nonce": request["nonce"], "name": "Nguyễn Thị Mai Anh",
                  "identification_number": "031192001122", "phone_number": "0904123456",
                  **self.extra_claims}
        key = self.other_key if self.sign_with_other_key else self.key
        token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})
        return 200, {"access_token": "at", "token_type": "Bearer", "id_token": token}

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path == "/.well-known/openid-configuration":
                    self._send(200, {
                        "issuer": provider.issuer,
                        "authorization_endpoint": f"{provider.issuer}/authorize",
                        "token_endpoint": f"{provider.issuer}/token",
                        "jwks_uri": f"{provider.issuer}/jwks"})
                elif self.path == "/jwks":
                    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key()))
                    self._send(200, {"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]})
                else:
                    self._send(404, {})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                self._send(*provider._token(form))

        return Handler


@pytest.fixture
def provider(settings):
    provider = Provider()
    thread = threading.Thread(target=provider.server.serve_forever, daemon=True)
    thread.start()
    settings.MOTCUA_IDENTITY_PROVIDERS = [
        "integrations.identity.contrib.demo.DemoIdentity",
        ("integrations.identity.contrib.oidc.OpenIDConnect", {
            "name": "vneid", "title": "VNeID", "issuer": provider.issuer,
            "client_id": CLIENT_ID, "client_secret": "bi-mat"}),
    ]
    registry.providers.cache_clear()
    yield provider
    provider.server.shutdown()
    registry.providers.cache_clear()


def start(client):
    response = client.get("/dang-nhap/vneid/?next=/ho-so-cua-toi/")
    assert response.status_code == 302
    url = urllib.parse.urlparse(response["Location"])
    query = dict(urllib.parse.parse_qsl(url.query))
    assert query["response_type"] == "code" and query["code_challenge_method"] == "S256"
    assert query["client_id"] == CLIENT_ID and query["redirect_uri"].endswith("/dang-nhap/vneid/xac-thuc/")
    return query


def test_a_person_signs_in_with_vneid(client, provider):
    assert "Đăng nhập bằng VNeID" in client.get("/dang-nhap/").content.decode()
    query = start(client)
    code = provider.authorize(query)
    response = client.get("/dang-nhap/vneid/xac-thuc/", {"code": code, "state": query["state"]})
    assert response.status_code == 302 and response["Location"] == "/ho-so-cua-toi/"
    person = Person.objects.get(id_number="031192001122")
    assert person.full_name == "Nguyễn Thị Mai Anh" and person.vneid is True
    assert client.session["vneid"] is True


def test_a_forged_state_is_refused(client, provider):
    query = start(client)
    code = provider.authorize(query)
    response = client.get("/dang-nhap/vneid/xac-thuc/", {"code": code, "state": "gia-mao"},
                          follow=True)
    assert "không thuộc về trình duyệt này" in response.content.decode()
    assert not Person.objects.exists()
    # The state is used once: replaying the right answer later fails too.
    response = client.get("/dang-nhap/vneid/xac-thuc/", {"code": code, "state": query["state"]},
                          follow=True)
    assert not Person.objects.exists()


def test_a_token_signed_by_another_key_or_for_another_client_is_refused(client, provider):
    provider.sign_with_other_key = True
    query = start(client)
    response = client.get("/dang-nhap/vneid/xac-thuc/",
                          {"code": provider.authorize(query), "state": query["state"]}, follow=True)
    assert "Không xác thực được kết quả đăng nhập." in response.content.decode()
    provider.sign_with_other_key, provider.audience = False, "ung-dung-khac"
    query = start(client)
    client.get("/dang-nhap/vneid/xac-thuc/", {"code": provider.authorize(query),
                                              "state": query["state"]})
    assert not Person.objects.exists()


def test_a_refusal_at_the_provider_is_explained(client, provider):
    query = start(client)
    response = client.get("/dang-nhap/vneid/xac-thuc/",
                          {"error": "access_denied", "state": query["state"]}, follow=True)
    assert "Đăng nhập đã bị hủy hoặc bị từ chối." in response.content.decode()


def test_an_unreachable_provider_is_explained(client, provider):
    provider.server.shutdown()
    provider.server.server_close()
    registry.providers.cache_clear()
    response = client.get("/dang-nhap/vneid/", follow=True)
    assert "Hệ thống định danh không phản hồi" in response.content.decode()


def test_an_organisation_account_signs_the_business_in(client, provider):
    provider.extra_claims = {"sub": "vneid-org-77", "tax_code": "0201987654",
                             "organization_name": "Công ty TNHH Thương mại và Dịch vụ Cảng Xanh"}
    query = start(client)
    code = provider.authorize(query)
    client.get("/dang-nhap/vneid/xac-thuc/", {"code": code, "state": query["state"]})
    person = Person.objects.get(tax_code="0201987654")
    assert person.is_business and person.full_name == "Nguyễn Thị Mai Anh"
    assert person.display_name == ("Công ty TNHH Thương mại và Dịch vụ Cảng Xanh "
                                   "(Nguyễn Thị Mai Anh)")
