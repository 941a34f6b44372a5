from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.formfields import form_field

DECLARED = "field_"  # a declared field's name on a page form: field_<key>


class ApplicantFields(forms.Form):
    """The applicant's details, as the counter intake and the online form both ask them
    (validated by dossiers.validation.check_applicant)."""

    applicant_name = forms.CharField(label=_("Full name"), max_length=200)
    applicant_id_number = forms.CharField(label=_("Identity number (CCCD) or tax code"),
                                          max_length=20, required=False)
    applicant_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    applicant_email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    applicant_address = forms.CharField(label=_("Address"), max_length=300, required=False)


class DeclaredFields:
    """The procedure's declared fields (catalog.FormField) on a page form, as field_<key>.

    The answers go to the dossier as form_data and are checked there
    (catalog.formfields.check_form_data); its errors, named form_data.<key>, come back to
    their place on the form through `field_for_error`."""

    def add_declared(self, declared):
        self.declared = list(declared)
        for d in self.declared:
            self.fields[self.declared_field(d)] = form_field(d)

    @staticmethod
    def declared_field(declared):
        return f"{DECLARED}{declared.key}"

    def declared_rows(self):
        """(declared field, bound form field) for the template."""
        return [(d, self[self.declared_field(d)]) for d in self.declared]

    def declared_answers(self):
        return {d.key: self.cleaned_data.get(self.declared_field(d)) for d in self.declared
                if self.cleaned_data.get(self.declared_field(d)) not in (None, "")}

    def field_for_error(self, key):
        if key.startswith("form_data."):
            key = DECLARED + key[len("form_data."):]
        return key if key in self.fields else None
