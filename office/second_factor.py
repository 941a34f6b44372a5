"""A second factor for staff sign-in: a time-based one-time code (TOTP, RFC 6238) from an
authenticator app, through django-otp.

Every staff account may set one up at /can-bo/bao-mat/. Once it has one, signing in with the
password is not enough: the staff pages and the admin ask for the code first. The roles in
MOTCUA_OTP_REQUIRED_FOR (superusers and supervisors in production) must set one up before they
reach anything.
"""

import base64

import segno
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from units.access import roles_of

ISSUER = "MotCua"
# A code as people type it, "123 456" or "123-456" included: its digits are the code (an
# authenticator shows 6, or 8). Longer text is refused by the API (its maxLength).
CODE_TEXT_MAX = 16


def typed_code(text):
    """The digits of a typed code, at most 8: what is matched against the device."""
    return "".join(ch for ch in str(text or "") if ch.isdigit())[:8]


def has_device(user):
    return any(True for _ in devices_for_user(user, confirmed=True))


def required_for(user):
    """The account must have a second factor (settings.MOTCUA_OTP_REQUIRED_FOR)."""
    wanted = set(settings.MOTCUA_OTP_REQUIRED_FOR)
    if "superuser" in wanted and user.is_superuser:
        return True
    return bool(wanted & {r.role for r in roles_of(user)})


def pending_device(user):
    """The authenticator being set up: unconfirmed until its first code is right."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=gettext("Authenticator app"),
                                               confirmed=False)


def qr_data_uri(device):
    """The otpauth:// link as an SVG QR code, for an authenticator app to scan."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def secret_text(device):
    """The key in base32, for typing by hand, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return default


# Paths a staff member reaches before the second factor: signing in and out, the second
# factor's own pages, static files.
OPEN_PATHS = ("/can-bo/dang-nhap/", "/can-bo/dang-xuat/", "/can-bo/bao-mat/",
              "/can-bo/xac-thuc-hai-buoc/", "/admin/login/", "/admin/logout/", "/static/")
GUARDED = ("/can-bo/", "/admin/")


class SecondFactorMiddleware:
    """Staff pages and the admin ask for the second factor of an account that has one, and
    send an account that must have one to set it up. (The API uses tokens: see auth_api.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path
        if user is not None and user.is_authenticated and path.startswith(GUARDED) \
                and not path.startswith(OPEN_PATHS) and not user.is_verified():
            target = "office:second_factor" if has_device(user) else (
                "office:security" if required_for(user) else None)
            if target:
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
