import json
import re

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.text import UNSTORABLE, dotted, unstorable_paths

_JSON_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")


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


class StorableTextMiddleware:
    """Text that comes from outside cannot hold a NUL or a lone surrogate (motcua.text
    .UNSTORABLE), wherever it comes: the address, the query string, a form (URL-encoded or
    multipart), a JSON body, a cookie.

    One rule at the edge rather than in every check: each field's validation, each lookup by a
    code and each JSON field would otherwise need it (a lookup by a code with a NUL was a 500).
    An address holding one names nothing (404); a parameter or field holding one is refused
    with 400 naming it, as JSON under /api/ (the API's error shape) and as a page elsewhere; a
    cookie holding one is dropped, as a browser that never had it, before the session reads
    it. A view that answers such text itself in its own protocol (the national portal's push,
    whose refusals go back to the portal and to the supervisors; the Zalo webhook, which
    answers what a follower wrote) says so with `handles_unstorable_text = True`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, value in list(request.COOKIES.items()):
            if UNSTORABLE.search(name) or UNSTORABLE.search(value):
                del request.COOKIES[name]
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
        if getattr(view_func, "handles_unstorable_text", False) \
                or getattr(view_class, "handles_unstorable_text", False):
            return None
        if UNSTORABLE.search(request.path_info):
            from motcua import views

            return views.page_not_found(request)
        found = self._query(request) + self._body(request)
        return self._refuse(request, [dotted(path) for path in found]) if found else None

    @staticmethod
    def _query(request):
        return [(name,) for name, values in request.GET.lists()
                if UNSTORABLE.search(name) or any(UNSTORABLE.search(v) for v in values)]

    @staticmethod
    def _body(request):
        """Paths of what the body holds that cannot be stored (see motcua.text)."""
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return []
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            # The same parse the view (or the CSRF check) would make; a body Django cannot
            # parse is its 400 (RequestDataTooBig, MultiPartParserError) as before.
            return [(name,) for name, values in request.POST.lists()
                    if UNSTORABLE.search(name)
                    or any(isinstance(v, str) and UNSTORABLE.search(v) for v in values)]
        if content_type == "application/json" or content_type.endswith("+json"):
            body = request.body
            # Only an escape can bring either into JSON: a body without one is not parsed
            # twice (a false positive, "\\u0000" say, is settled by parsing).
            if _JSON_ESCAPE.search(body):
                try:
                    return unstorable_paths(json.loads(body))
                except ValueError:
                    pass  # not JSON: the parser's own 400 says so
        return []

    @staticmethod
    def _refuse(request, found):
        found = [UNSTORABLE.sub("\ufffd", name) for name in found]
        message = _("Contains a character that cannot be stored: NUL or half of a UTF-16 "
                    "surrogate pair.")
        if request.path.startswith("/api/"):
            return JsonResponse({"error": "invalid", "detail": _("The request is not valid."),
                                 "fields": {name: [message] for name in found}}, status=400,
                                json_dumps_params={"ensure_ascii": False})
        return render(request, "400.html", {"fields": found, "message": message}, status=400)
