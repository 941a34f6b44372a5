"""POST /api/v1/auth/token: a username and password for the account's API token."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import ScopedRateThrottle

from motcua.api import ErrorSerializer
from motcua.client import client_address
from motcua.views import locked_out


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class LoginThrottle(ScopedRateThrottle):
    def get_ident(self, request):
        return client_address(request)


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the account's API token (header
    `Authorization: Token <token>`)."""

    renderer_classes = [JSONRenderer]
    throttle_classes = [LoginThrottle]
    throttle_scope = "login"

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenSerializer,
                                                           400: ErrorSerializer,
                                                           429: ErrorSerializer})
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # django-axes marks the request it was given (this API request, not the Django
            # request its middleware watches): a locked account is 429, not "wrong password".
            if getattr(request, "axes_locked_out", False):
                return locked_out(request)
            raise
