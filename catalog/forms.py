from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Field, Level, OnlineLevel, Procedure
from motcua.text import sort_key
from units.models import Agency


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    field = forms.ChoiceField(label=_("Field"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False,
                              choices=[("", _("All levels"))] + Level.choices)
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    online_level = forms.ChoiceField(label=_("Online service"), required=False,
                                     choices=[("", _("All"))] + OnlineLevel.choices)
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("active", _("In force")), ("abolished", _("Abolished")), ("all", _("All"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All fields"))] + sorted(
            Field.objects.values_list("code", "name"), key=lambda c: sort_key(c[1]))
        agency_ids = Procedure.objects.exclude(agency=None).values("agency_id")
        self.fields["agency"].choices = [("", _("All agencies"))] + sorted(
            Agency.objects.filter(id__in=agency_ids).values_list("code", "name"),
            key=lambda c: sort_key(c[1]))

    def filters(self):
        data = dict(self.cleaned_data)
        data["status"] = data.get("status") or "active"
        return data
