"""A person answers a supplement request online: the documents asked for, then processing
resumes (after reception) or the dossier is submitted again (before it), DOMAIN.md §3–4."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dossiers.actions import do_action
from dossiers.documents import check_upload, store
from dossiers.models import DossierDocument


def _last_request(dossier):
    return dossier.events.filter(action="request_supplement").order_by("-seq").first()


def missing_documents(dossier):
    """{"items": [what is missing], "reason": why} of the open supplement request."""
    event = _last_request(dossier)
    if event is None:
        return {"items": [], "reason": ""}
    return {"items": list(event.data.get("missing") or []), "reason": event.note}


def check_supplement_answer(dossier, files):
    """[(document name, upload, checked metadata)]: one valid file for each item asked."""
    items = missing_documents(dossier)["items"]
    checked, errors = [], []
    for index, name in enumerate(items):
        upload = files.get(f"missing_{index}")
        if upload is None:
            errors.append(_("Attach: %(names)s.") % {"names": name})
            continue
        try:
            checked.append((name, upload, check_upload(upload)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors or not items:
        raise ValidationError(errors or [_("No document is asked of you now.")])
    return checked


@transaction.atomic
def do_answer_supplement(user, dossier, checked, *, note=""):
    supplement_round = dossier.events.filter(action="request_supplement").count()
    for name, upload, meta in checked:
        DossierDocument.objects.create(dossier=dossier, component_name=name,
                                       supplement_round=supplement_round, added_by=user,
                                       **store(upload, meta))
    action = "resume" if dossier.received_at else "resubmit"
    return do_action(user, dossier.code, action,
                     {"note": note.strip() or _("Documents supplemented online.")})
