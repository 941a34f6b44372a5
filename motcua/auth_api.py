"""POST /api/v1/auth/token: a username and password for the account's API token."""

from django.utils.translation import gettext as _
from django_otp import match_token
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from motcua.api import ErrorSerializer
from motcua.client import client_address
from motcua.views import locked_out
from office import second_factor
from units.access import USERNAME_MAX

# No password is longer: a longer one is refused before it is hashed (Django itself refused
# passwords over 4,096 characters for the same reason, CVE-2013-1443).
PASSWORD_MAX = 4096


class TokenRequest(AuthTokenSerializer):
    username = serializers.CharField(max_length=USERNAME_MAX, write_only=True)
    password = serializers.CharField(max_length=PASSWORD_MAX, style={"input_type": "password"},
                                     trim_whitespace=False, write_only=True)
    otp = serializers.CharField(required=False, max_length=second_factor.CODE_TEXT_MAX,
                                help_text="the current code of the account's second factor, "
                                          "when it has one")


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

    serializer_class = TokenRequest

    @extend_schema(request=TokenRequest, responses={200: TokenSerializer,
                                                           400: ErrorSerializer,
                                                           429: ErrorSerializer})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except ValidationError:
            # django-axes marks the request it was given (this API request, not the Django
            # request its middleware watches): a locked account is 429, not "wrong password".
            if getattr(request, "axes_locked_out", False):
                return locked_out(request)
            raise
        user = serializer.validated_data["user"]
        # An account with a second factor (or whose role must have one) gives its code too.
        if second_factor.has_device(user) or second_factor.required_for(user):
            code = second_factor.typed_code(serializer.validated_data.get("otp"))
            if not code or match_token(user, code) is None:
                raise ValidationError({"otp": [_("Give the current code of your second "
                                                 "factor (field otp).")]})
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
