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
