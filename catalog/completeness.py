"""Which published parts a procedure lacks (Decision 766 indicator 1.3).

Decree 63/2010/NĐ-CP art. 8 (amended by Decree 48/2013 and Decree 92/2017) lists the parts a
published procedure must carry. Requirements and conditions, and form templates, are published
only "if any", so they are not required. Fees count as present when fee lines exist or the
procedure is declared free. The publication decision itself is required: an unpublished
procedure is not published fully. The electronic internal process is required by Decree
61/2018 art. 26 (now Decree 118/2025) for processing on the one-stop system *(to verify whether
766 counts it in 1.3)*; the list is a setting, MOTCUA_REQUIRED_PROCEDURE_PARTS, so a province can
follow its own reading.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

PART_LABELS = {
    "name": _("procedure name"),
    "field": _("field"),
    "steps": _("steps"),
    "methods": _("method"),
    "components": _("dossier components and counts"),
    "processing_time": _("processing time"),
    "applicants": _("applicants"),
    "implementing_agency": _("implementing agency"),
    "result": _("result"),
    "fees": _("fees and charges"),
    "legal_basis": _("legal basis"),
    "publication": _("publication decision"),
    "internal_process": _("electronic internal process"),
}

DEFAULT_REQUIRED_PARTS = list(PART_LABELS)


def required_parts():
    return getattr(settings, "MOTCUA_REQUIRED_PROCEDURE_PARTS", None) or DEFAULT_REQUIRED_PARTS


def present_parts(procedure):
    """The set of parts present. Uses prefetched relations when there are any."""
    has_process = any(True for _ in procedure.process_steps.all())
    return {
        part
        for part, present in {
            "name": bool(procedure.name.strip()),
            "field": procedure.field_id is not None,
            "steps": bool(procedure.step_list()),
            "methods": bool(procedure.methods()),
            "components": any(True for _ in procedure.components.all()),
            "processing_time": procedure.processing_time is not None
            or bool(procedure.processing_time_note.strip()),
            "applicants": bool(procedure.applicants.strip()),
            "implementing_agency": bool(procedure.implementing_agency.strip())
            or procedure.agency_id is not None,
            "result": bool(procedure.result.strip()),
            "fees": procedure.no_fee or any(True for _ in procedure.fees.all()),
            "legal_basis": any(True for _ in procedure.legal_bases.all()),
            "publication": any(
                item.action != "abolished" for item in procedure.publication_items.all()
            ),
            "internal_process": has_process,
        }.items()
        if present
    }


def missing_parts(procedure):
    present = present_parts(procedure)
    return [part for part in required_parts() if part not in present]
