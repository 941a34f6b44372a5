from django.conf import settings


def site(request):
    return {"MOTCUA_ENV": settings.MOTCUA_ENV}
