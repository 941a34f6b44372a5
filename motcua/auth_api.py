"""POST /api/v1/auth/token: a username and password for the account's API token."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import ScopedRateThrottle

from motcua.api import ErrorSerializer


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the account's API token (header
    `Authorization: Token <token>`)."""

    renderer_classes = [JSONRenderer]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenSerializer,
                                                           400: ErrorSerializer})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
