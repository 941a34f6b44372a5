"""The chat panel on the portal (HTMX: the answer replaces the panel's last message, no
script of our own) and, for supervisors, the questions the assistant could not answer."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from assistant import answers
from assistant.models import Asked
from office.views import staff_required
from opendata.actions import is_office

EXAMPLES = ["Làm giấy khai sinh cho con cần giấy tờ gì?", "Đăng ký kết hôn mất bao lâu?",
            "Le phi cap giay phep xay dung nha o la bao nhieu?",
            "Thành lập công ty TNHH một thành viên nộp ở đâu?"]


@require_http_methods(["GET", "POST"])
def chat(request):
    question = request.POST.get("question", "").strip()[:500] if request.method == "POST" \
        else ""
    out, status = None, 200
    if question and not answers.AskThrottle().allow_request(request, None):
        # The API's limit, counted together (static/js/motcua.js lets htmx show a 429).
        out, status = answers.throttled(), 429
    elif question:
        # Dossier status inside goes through the tracking rule and its throttle (answers.ask).
        out = answers.ask(question, request=request, channel="web")
    context = {"question": question, "out": out, "examples": EXAMPLES}
    if request.headers.get("HX-Request"):
        return render(request, "assistant/_exchange.html", context, status=status)
    return render(request, "assistant/chat.html", context, status=status)


@staff_required
@require_GET
def unanswered(request):
    if not is_office(request.user):
        raise PermissionDenied
    groups = (Asked.objects.filter(answered=False).values("key")
              .annotate(n=Count("id"), last=Max("at"), example=Max("text"))
              .order_by("-n", "-last")[:100])
    totals = Asked.objects.aggregate(n=Count("id"), unanswered=Count("id", filter=Q(
        answered=False)))
    by_intent = Asked.objects.filter(answered=False).values("intent").annotate(n=Count("id")) \
        .order_by("-n")
    return render(request, "assistant/unanswered.html", {
        "groups": groups, "totals": totals, "by_intent": by_intent})
