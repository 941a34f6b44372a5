from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Procedure
from dossiers.models import ApplicantType, Channel


class IntakeForm(forms.Form):
    procedure = forms.ModelChoiceField(
        label=_("Procedure"), to_field_name="code",
        queryset=Procedure.objects.active_on().filter(publication_items__isnull=False)
        .distinct().order_by("name"))
    channel = forms.TypedChoiceField(label=_("Channel"), coerce=int, choices=[
        (Channel.COUNTER, _("at the counter")), (Channel.POST, _("by public post"))])
    unit = forms.IntegerField(label=_("Commune code (commune-level procedures)"), required=False)
    applicant_type = forms.TypedChoiceField(label=_("Applicant type"), coerce=int,
                                            choices=ApplicantType.choices)
    applicant_name = forms.CharField(label=_("Full name"), max_length=200)
    applicant_id_number = forms.CharField(label=_("Identity number (CCCD) or tax code"),
                                          max_length=20, required=False)
    applicant_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    applicant_email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    applicant_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    components = forms.CharField(label=_("Documents received (one per line)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    receive = forms.BooleanField(label=_("The dossier is complete: receive it and issue the receipt"),
                                 required=False, initial=True)

    def api_data(self):
        data = dict(self.cleaned_data)
        data["procedure"] = data["procedure"].code
        data["components"] = [line.strip() for line in (data["components"] or "").splitlines()
                              if line.strip()]
        return data
