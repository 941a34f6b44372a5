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
