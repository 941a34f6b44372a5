"""Sign-in through an OpenID Connect provider: VNeID in production.

The authorization-code flow with PKCE (RFC 7636), `state` against cross-site forgery and
`nonce` against replay, as OpenID Connect Core 1.0 requires of a confidential client. The ID
token is checked against the provider's published keys (JWKS), its issuer, audience, expiry and
nonce. What the provider calls each attribute differs; `claims` maps our names to its claims
(the VNeID names are to verify with the integration documents of the Ministry of Public
Security; the defaults are the standard OIDC ones).
"""

import base64
import hashlib
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request

import jwt
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from integrations.identity.base import Identity, IdentityError, IdentityProvider

# Organisation accounts add the tax code and the organisation's name; the claim names are
# to verify against the provider's documentation, so `claims` can rename any of them.
DEFAULT_CLAIMS = {"full_name": "name", "id_number": "identification_number",
                  "birth_date": "birthdate", "phone": "phone_number", "email": "email",
                  "tax_code": "tax_code", "organization_name": "organization_name"}


class OpenIDConnect(IdentityProvider):
    def __init__(self, *, name="vneid", title="VNeID", issuer, client_id, client_secret="",
                 scopes="openid profile", claims=None, vneid=True, timeout=10):
        self.name, self.title, self.vneid = name, title, vneid
        self.issuer = issuer.rstrip("/")
        self.client_id, self.client_secret = client_id, client_secret
        self.scopes, self.timeout = scopes, timeout
        self.claims = {**DEFAULT_CLAIMS, **(claims or {})}
        self._config = None
        self._keys = None

    # -------------------------------------------------------------------- provider calls

    def _get(self, url):
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:
                return json.load(response)
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise IdentityError(_("The identity provider did not answer. Try again later.")) from exc

    def config(self):
        if self._config is None:
            config = self._get(f"{self.issuer}/.well-known/openid-configuration")
            if config.get("issuer", "").rstrip("/") != self.issuer:
                raise IdentityError(_("The identity provider is misconfigured."))
            self._config = config
        return self._config

    def _token(self, code, verifier, callback_url):
        body = urllib.parse.urlencode({
            "grant_type": "authorization_code", "code": code, "redirect_uri": callback_url,
            "client_id": self.client_id, "client_secret": self.client_secret,
            "code_verifier": verifier,
        }).encode()
        request = urllib.request.Request(self.config()["token_endpoint"], data=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            raise IdentityError(_("The identity provider refused the sign-in.")) from exc
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise IdentityError(_("The identity provider did not answer. Try again later.")) from exc

    def _signing_key(self, token):
        if self._keys is None:
            self._keys = jwt.PyJWKClient(self.config()["jwks_uri"], cache_keys=True,
                                         timeout=self.timeout)
        try:
            return self._keys.get_signing_key_from_jwt(token).key
        except jwt.PyJWKClientError as exc:
            raise IdentityError(_("The sign-in answer could not be verified.")) from exc

    # -------------------------------------------------------------------- the flow

    def _session_key(self):
        return f"oidc:{self.name}"

    def begin(self, request, callback_url):
        state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        request.session[self._session_key()] = {"state": state, "nonce": nonce,
                                                "verifier": verifier}
        query = urllib.parse.urlencode({
            "response_type": "code", "client_id": self.client_id, "redirect_uri": callback_url,
            "scope": self.scopes, "state": state, "nonce": nonce,
            "code_challenge": challenge, "code_challenge_method": "S256",
        })
        return redirect(f"{self.config()['authorization_endpoint']}?{query}")

    def complete(self, request, callback_url):
        pending = request.session.pop(self._session_key(), None)
        if request.GET.get("error"):
            raise IdentityError(_("The sign-in was cancelled or refused."))
        if not pending or not secrets.compare_digest(request.GET.get("state", ""),
                                                     pending["state"]):
            raise IdentityError(_("This sign-in answer does not belong to this browser."))
        code = request.GET.get("code", "")
        if not code:
            raise IdentityError(_("The sign-in was cancelled or refused."))
        tokens = self._token(code, pending["verifier"], callback_url)
        id_token = tokens.get("id_token")
        if not isinstance(id_token, str):
            raise IdentityError(_("The sign-in answer could not be verified."))
        try:
            claims = jwt.decode(id_token, self._signing_key(id_token),
                                algorithms=["RS256", "ES256", "PS256"], audience=self.client_id,
                                issuer=self.config()["issuer"],
                                options={"require": ["exp", "iat", "sub"]}, leeway=60)
        except jwt.InvalidTokenError as exc:
            raise IdentityError(_("The sign-in answer could not be verified.")) from exc
        if not secrets.compare_digest(str(claims.get("nonce", "")), pending["nonce"]):
            raise IdentityError(_("The sign-in answer could not be verified."))

        def claim(ours):
            value = claims.get(self.claims.get(ours, ""), "")
            return value.strip() if isinstance(value, str) else ""

        return Identity(provider=self.name, subject=str(claims["sub"]),
                        full_name=claim("full_name") or str(claims["sub"]),
                        id_number=claim("id_number").replace(" ", ""),
                        birth_date=claim("birth_date"), phone=claim("phone"),
                        email=claim("email"), vneid=self.vneid,
                        tax_code=claim("tax_code").replace(" ", ""),
                        organization_name=claim("organization_name"))
