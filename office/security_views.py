"""The staff member's second factor: set it up, and give the code after the password."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token

from office import second_factor as sf
from units.access import is_staff_member


def _code(request):
    return sf.typed_code(request.POST.get("code", ""))


@login_required
@require_http_methods(["GET", "POST"])
def security(request):
    """/can-bo/bao-mat/: scan the QR code with an authenticator app, confirm with its code."""
    if not is_staff_member(request.user):
        return redirect("home")
    if sf.has_device(request.user) and not request.user.is_verified():
        return redirect(f"{request.path.replace('bao-mat', 'xac-thuc-hai-buoc')}")
    device = sf.pending_device(request.user)
    if request.method == "POST":
        if device.verify_token(_code(request)):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("The second factor is set up: from now on, signing "
                                        "in asks for its code."))
            return redirect(sf.safe_next(request, "office:inbox"))
        messages.error(request, _("This code is not right. Check the phone's time and type "
                                  "the code the app shows now."))
    return render(request, "office/security.html", {
        "device": device, "qr": sf.qr_data_uri(device), "secret": sf.secret_text(device),
        "has_device": sf.has_device(request.user),
        "required": sf.required_for(request.user),
        "next": request.GET.get("next", "")})


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request):
    """/can-bo/xac-thuc-hai-buoc/: the code after the password."""
    if request.user.is_verified() or not sf.has_device(request.user):
        return redirect(sf.safe_next(request, "office:inbox"))
    if request.method == "POST":
        device = match_token(request.user, _code(request))
        if device is not None:
            otp_login(request, device)
            return redirect(sf.safe_next(request, "office:inbox"))
        messages.error(request, _("This code is not right. Check the phone's time and type "
                                  "the code the app shows now."))
    return render(request, "office/second_factor.html", {"next": request.GET.get("next", "")})
