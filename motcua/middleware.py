import json
import re

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _


class VietnameseFirstMiddleware:
    """Pages are in Vietnamese unless the person picked another language.

    Django's LocaleMiddleware follows the browser's Accept-Language, but many phones and
    office computers in Vietnam are set to English while their users expect the public service
    in Vietnamese. So, for pages, only an explicit choice (the language switcher's cookie)
    changes the language; API clients may still ask with Accept-Language. Must come before
    django.middleware.locale.LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class FriendlyErrorsMiddleware:
    """A person who reaches a missing page, a page they may not see, or a failure sees MotCua's
    own page in Vietnamese (templates/403.html, 404.html, 500.html), in development too; with
    DEBUG off Django already does so through the handlers in motcua/urls.py. The traceback of
    a failure still goes to the log, so a developer loses nothing. The admin keeps Django's
    debugging pages; the API answers JSON either way."""

    def __init__(self, get_response):
        self.get_response = get_response

    SKIPPED = ("/admin/", "/static/", "/media/", "/api/")

    def _applies(self, request):
        from django.conf import settings

        return settings.DEBUG and settings.MOTCUA_FRIENDLY_ERRORS and \
            not request.path.startswith(self.SKIPPED)

    def __call__(self, request):
        if self._applies(request):
            # An address no page has never reaches a view: answer it here, not with Django's
            # debugging page.
            from django.urls import Resolver404, resolve

            try:
                resolve(request.path_info)
            except Resolver404:
                from motcua import views

                return views.page_not_found(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        if not self._applies(request):
            return None
        from motcua import views

        if isinstance(exception, Http404):
            return views.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return views.permission_denied(request, exception)
        import logging

        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=exception)
        return views.server_error(request)


class KioskModeMiddleware:
    """While a browser is in kiosk mode (the counter's rating tablet, feedback.views.kiosk),
    every page but the kiosk's own leads back to it: the person rating cannot wander into the
    office pages. An officer leaves it with their password (feedback.views.kiosk_exit)."""

    # The survey pages are public and keyed by a one-time link: the kiosk opens them too.
    ALLOWED = ("/static/", "/i18n/", "/favicon.ico", "/api/v1/kiosk/", "/khao-sat/",
               "/can-bo/khao-sat/quay/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        from feedback.views import KIOSK_SESSION

        if session is not None and session.get(KIOSK_SESSION):
            from django.shortcuts import redirect
            from django.urls import reverse

            kiosk = reverse("office_feedback:kiosk")
            if request.path not in (kiosk, reverse("office_feedback:kiosk_exit")) \
                    and not request.path.startswith(self.ALLOWED):
                return redirect(kiosk)
        return self.get_response(request)


# A NUL character cannot be stored in PostgreSQL text or jsonb, nor compared with it: a lookup
# with one fails inside the database driver. A lone UTF-16 surrogate (JSON's "\udXXX" escape
# without its pair) cannot even be encoded as UTF-8. Neither is text anyone means to send.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# In a JSON body either can only come as an escape; a body without such an escape is not parsed
# twice (a false positive, "\\u0000" say, is settled by parsing).
_JSON_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")


def _unstorable_in_json(value, path, found):
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            found.append(path or "body")
    elif isinstance(value, dict):
        for key, item in value.items():
            if _UNSTORABLE.search(key):
                found.append(path or "body")
            else:
                _unstorable_in_json(item, f"{path}.{key}" if path else key, found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _unstorable_in_json(item, f"{path}.{index}" if path else str(index), found)


class StorableTextMiddleware:
    """Text that comes from outside cannot hold a NUL or a lone surrogate, wherever it comes:
    the address, the query string, a form (URL-encoded or multipart), a JSON body, a cookie.

    One rule at the edge rather than in every check: each field's validation, each lookup by a
    code and each JSON field would otherwise need it (a lookup by a code with a NUL was a 500).
    An address holding one names nothing (404); a parameter or field holding one is refused
    with 400 naming it, as JSON under /api/ (the API's error shape) and as a page elsewhere; a
    cookie holding one is dropped, as a browser that never had it. Placed before the session
    (which reads its cookie) and after VietnameseFirstMiddleware, so its refusal speaks the
    language LocaleMiddleware would choose."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, value in list(request.COOKIES.items()):
            if _UNSTORABLE.search(name) or _UNSTORABLE.search(value):
                del request.COOKIES[name]
        if _UNSTORABLE.search(request.path_info):
            from motcua import views

            with translation.override(translation.get_language_from_request(request)):
                return views.page_not_found(request)
        found = self._fields(request)
        if found:
            with translation.override(translation.get_language_from_request(request)):
                return self._refuse(request, found)
        return self.get_response(request)

    @staticmethod
    def _fields(request):
        found = [name for name, values in request.GET.lists()
                 if _UNSTORABLE.search(name) or any(_UNSTORABLE.search(v) for v in values)]
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return found
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            # The same parse the view (or the CSRF check) would make; a body Django cannot
            # parse is its 400 (RequestDataTooBig, MultiPartParserError) as before.
            found += [name for name, values in request.POST.lists()
                      if _UNSTORABLE.search(name)
                      or any(isinstance(v, str) and _UNSTORABLE.search(v) for v in values)]
        elif content_type == "application/json" or content_type.endswith("+json"):
            body = request.body
            if _JSON_ESCAPE.search(body):
                try:
                    data = json.loads(body)
                except ValueError:
                    return found  # not JSON: the parser's own 400 says so
                _unstorable_in_json(data, "", found)
        return [_UNSTORABLE.sub("\ufffd", name) or "?" for name in found]

    @staticmethod
    def _refuse(request, found):
        message = _("Contains a character that cannot be stored: NUL or half of a UTF-16 "
                    "surrogate pair.")
        if request.path.startswith("/api/"):
            return JsonResponse({"error": "invalid", "detail": _("The request is not valid."),
                                 "fields": {name: [message] for name in found}}, status=400,
                                json_dumps_params={"ensure_ascii": False})
        return render(request, "400.html", {"fields": found, "message": message}, status=400)
