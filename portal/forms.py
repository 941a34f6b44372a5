"""The online application form, generated from the procedure's components."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.actions import AUTHORISATION
from dossiers.forms import ApplicantFields, DeclaredFields
from dossiers.models import ApplicantType
from units.places import communes


def commune_choices():
    return [("", _("— choose —"))] + [(str(code), name) for name, code in communes()]


@dataclass(frozen=True)
class Paper:
    """A paper the form asks besides the procedure's components."""

    pk: str
    name: str
    required: bool = False
    note: object = field(default="", compare=False)


# Not a component of the procedure: the paper someone filing for another person attaches.
AUTHORISATION_COMPONENT = Paper("uy-quyen", AUTHORISATION,
                                note=_("Only when you file for someone else."))


class ApplyForm(DeclaredFields, ApplicantFields):
    applicant_type = forms.TypedChoiceField(
        label=_("Applying as"), coerce=int, initial=ApplicantType.CITIZEN,
        choices=[(ApplicantType.CITIZEN, _("citizen")), (ApplicantType.BUSINESS, _("business"))])
    unit = forms.TypedChoiceField(label=_("Commune or ward that decides the dossier"),
                                  coerce=int, required=False, empty_value=None)
    summary = forms.CharField(label=_("What you ask for, in a few words"), max_length=500,
                              required=False, widget=forms.Textarea(attrs={"rows": 2}))
    on_behalf = forms.BooleanField(
        label=_("I file for someone else, with their authorisation (attach it below)"),
        required=False)

    field_order = ["on_behalf", "applicant_type", "applicant_name", "applicant_id_number",
                   "applicant_phone", "applicant_email", "applicant_address", "unit", "summary"]
    TEXT_FIELDS = ("on_behalf", "applicant_type", "applicant_name", "applicant_id_number",
                   "applicant_phone", "applicant_email", "applicant_address", "unit", "summary")

    def __init__(self, *args, procedure, stored=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        if procedure.level == "commune" and not procedure.agency_id:
            self.fields["unit"].choices = commune_choices()
        else:
            del self.fields["unit"]
        # The procedure's declaration form (tờ khai), answered here instead of on paper.
        self.add_declared(procedure.form_fields.all())
        # One file per document the person must provide; papers replaced by data are not asked.
        # Then the authorisation, for someone filing on another person's behalf.
        self.asked = [c for c in procedure.components.all() if not c.replaced_by_data] + [
            AUTHORISATION_COMPONENT]
        self.replaced = [c for c in procedure.components.all() if c.replaced_by_data]
        # The person's data store can fill any of them instead of an upload (a reuse).
        store_choices = [("", _("— upload a file instead —"))] + [
            (str(d.pk), f"{d.title} · {d.digitisation_code}" if d.digitisation_code
             else f"{d.title} · {d.created_at:%d/%m/%Y}")
            for d in stored]
        for component in self.asked:
            self.fields[self.file_field(component)] = forms.FileField(
                label=component.name, required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
            if stored:
                self.fields[self.store_field(component)] = forms.TypedChoiceField(
                    label=_("or take it from my data store"), choices=store_choices,
                    coerce=int, required=False, empty_value=None)

    def applicant_rows(self):
        return [self[name] for name in self.TEXT_FIELDS if name in self.fields]

    @staticmethod
    def file_field(component):
        return f"document_{component.pk}"

    @staticmethod
    def store_field(component):
        return f"store_{component.pk}"

    def file_rows(self):
        """(component, bound file field, bound store choice or None) for the template."""
        return [(c, self[self.file_field(c)],
                 self[self.store_field(c)] if self.store_field(c) in self.fields else None)
                for c in self.asked]

    def store_choices(self):
        """{component: stored document id} chosen for documents without an upload."""
        return {c: self.cleaned_data[self.store_field(c)] for c in self.asked
                if self.cleaned_data.get(self.store_field(c))
                and not self.cleaned_data.get(self.file_field(c))}

    def text_data(self):
        """What the draft keeps: the applicant's details and the declared answers (as typed;
        they are checked when the dossier is filed)."""
        keep = set(self.TEXT_FIELDS) | {self.declared_field(d) for d in self.declared}
        return {k: v for k, v in self.cleaned_data.items() if k in keep}
