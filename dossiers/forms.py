from django import forms
from django.utils.translation import gettext_lazy as _


class ApplicantFields(forms.Form):
    """The applicant's details, as the counter intake and the online form both ask them
    (validated by dossiers.validation.check_applicant)."""

    applicant_name = forms.CharField(label=_("Full name"), max_length=200)
    applicant_id_number = forms.CharField(label=_("Identity number (CCCD) or tax code"),
                                          max_length=20, required=False)
    applicant_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    applicant_email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    applicant_address = forms.CharField(label=_("Address"), max_length=300, required=False)
