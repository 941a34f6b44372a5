from urllib.parse import parse_qs, urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Procedure
from dossiers import register
from dossiers.forms import ApplicantFields, DeclaredFields
from dossiers.models import ApplicantType, Channel, Status
from motcua.dates import DayField, show_day
from units.places import commune_named, communes


class IntakeForm(DeclaredFields, ApplicantFields):
    """The counter intake screen. The documents to tick come from the chosen procedure's
    components; documents outside the list go in `other_components`, one per line."""

    procedure = forms.CharField(label=_("Procedure code"), max_length=40)
    channel = forms.TypedChoiceField(label=_("Channel"), coerce=int, choices=[
        (Channel.COUNTER, _("at the counter")), (Channel.POST, _("by public post"))])
    unit = forms.CharField(
        label=_("Commune or ward (commune-level procedures)"), required=False, max_length=160,
        widget=forms.TextInput(attrs={"list": "communes", "autocomplete": "off"}),
        help_text=_("Type a few letters of its name and choose it. Empty: the commune of this "
                    "center."))
    applicant_type = forms.TypedChoiceField(label=_("Applicant type"), coerce=int,
                                            choices=ApplicantType.choices)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    components = forms.MultipleChoiceField(label=_("Documents received"), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    other_components = forms.CharField(
        label=_("Other documents received (one per line)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ["procedure", "channel", "unit", "applicant_type", "applicant_name",
                   "applicant_id_number", "applicant_phone", "applicant_email",
                   "applicant_address", "summary", "components", "other_components", "receive",
                   "fees", "collect"]
    receive = forms.BooleanField(label=_("The dossier is complete: receive it and issue the receipt"),
                                 required=False, initial=True)
    fees = forms.MultipleChoiceField(label=_("Fees charged at reception"), required=False,
                                     widget=forms.CheckboxSelectMultiple)
    collect = forms.BooleanField(
        label=_("Collected now at the counter (cash or card): issue the fee receipt"),
        required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = (self.data.get("procedure") if self.is_bound else self.initial.get("procedure"))
        self.chosen = None
        if code and isinstance(code, str) and len(code) <= 40:
            self.chosen = (Procedure.objects.filter(code=code.strip())
                              .prefetch_related("components", "form_fields", "fees",
                                                "publication_items")
                              .first())
        # The procedure's fees on this day: charged at reception when ticked, each one
        # exempt (miễn, giảm) with its reason typed beside it.
        self.catalog_fees = self.chosen.fees_on() if self.chosen else []
        self.fields["fees"].choices = [(str(f.pk), f.description) for f in self.catalog_fees]
        for fee in self.catalog_fees:
            self.fields[f"exempt_{fee.pk}"] = forms.CharField(
                label=_("Exemption: the reason, if exempt"), required=False, max_length=500)
        components = list(self.chosen.components.all()) if self.chosen else []
        self.catalog_components = components
        self.fields["components"].choices = [(c.name, c.name) for c in components]
        # The declaration's answers, typed from the paper form (tờ khai).
        self.add_declared(self.chosen.form_fields.all() if self.chosen else [])

    def clean_procedure(self):
        if self.chosen is None:
            raise ValidationError(_("No procedure has this code."))
        return self.chosen.code

    def clean_unit(self):
        typed = self.cleaned_data.get("unit", "").strip()
        if not typed:
            return None
        code = commune_named(typed)
        if code is None:
            raise ValidationError(_("No commune or ward of the province has this name: choose "
                                    "one from the list."))
        return code

    def communes(self):
        return [name for name, _code in communes()]

    def missing_required(self, ticked):
        """Required documents not ticked (papers replaced by national data are not asked)."""
        return [c.name for c in self.catalog_components
                if c.required and not c.replaced_by_data and c.name not in ticked]

    def clean(self):
        data = super().clean()
        if data.get("receive") and self.chosen is not None:
            missing = self.missing_required(set(data.get("components") or []))
            if missing:
                self.add_error("components", _(
                    "The dossier is not complete, these required documents are not ticked: "
                    "%(names)s. Tick them, or untick “receive” and request a supplement.")
                    % {"names": "; ".join(missing)})
        return data

    def field_for_error(self, key):
        return "fees" if key.startswith("fees") else super().field_for_error(key)

    def fee_rows(self):
        """[(fee, ticked, exemption bound field)] for the template."""
        ticked = set(self["fees"].value() or [])
        return [(fee, str(fee.pk) in ticked, self[f"exempt_{fee.pk}"])
                for fee in self.catalog_fees]

    def api_data(self):
        data = dict(self.cleaned_data)
        data["fees"] = [{"fee": int(pk), **({"exempt": data[f"exempt_{pk}"].strip()}
                                            if data.get(f"exempt_{pk}", "").strip() else {})}
                        for pk in data.get("fees") or []]
        for fee in self.catalog_fees:
            data.pop(f"exempt_{fee.pk}", None)
        data.pop("collect", None)
        others = [line.strip()[:600] for line in (data.pop("other_components") or "").splitlines()
                  if line.strip()]
        data["components"] = list(data.get("components") or []) + others
        data["form_data"] = self.declared_answers()
        for d in self.declared:
            data.pop(self.declared_field(d), None)
        return data


class DossierSearchForm(forms.Form):
    """The office's search box (office.views.search_dossiers): what Dossier.objects.matching
    reads. A receipt's QR code, read by a scanner into the box, types the public tracking
    address (dossiers.slips.tracking_url): its dossier code is what is searched."""

    q = forms.CharField(
        label=_("Find a dossier"), max_length=200, required=False, strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "placeholder": _(
            "Dossier code, phone, identity number or the applicant's name")}))

    # Narrowing a search that finds many (a common name across the whole city).
    unit = forms.ChoiceField(label=_("Processing unit"), required=False)
    state = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("Any status")), ("open", _("Not finished")), ("overdue", _("Overdue")),
        *Status.choices])

    def __init__(self, data=None, *, units=()):
        super().__init__(data)
        self.fields["unit"].choices = [("", _("All my units")),
                                       *[(unit.code, unit.name) for unit in units]]

    def narrow(self, found, now):
        """`found` (a dossier queryset) within the unit and status chosen."""
        if self.cleaned_data.get("unit"):
            found = found.filter(agency__code=self.cleaned_data["unit"])
        state = self.cleaned_data.get("state")
        if state == "open":
            return found.open()
        if state == "overdue":
            return found.overdue(now)
        return found.filter(status=state) if state else found

    def clean_q(self):
        text = self.cleaned_data["q"]
        if text.lower().startswith(("http://", "https://")):
            codes = parse_qs(urlsplit(text).query).get("code")
            if not codes or not codes[0].strip():
                raise ValidationError(_("This address names no dossier code."))
            text = codes[0].strip()
        if len(text) > 100:
            raise ValidationError(_("Type at most 100 characters."))
        return text


class RegisterForm(forms.Form):
    """Which register to show (office.views.register): a service center the user may see and a
    period of days, this month so far unless chosen."""

    center = forms.ChoiceField(label=_("Service center"))
    first = DayField(label=_("From (dd/mm/yyyy)"))
    last = DayField(label=_("To (dd/mm/yyyy)"))

    def __init__(self, given, *, centers, mine=None):
        """`given`: the query string; what it leaves out is `mine` (the user's own center, else
        the first) and this month so far."""
        today = timezone.localdate()
        self.centers = {center.code: center for center in centers}
        data = {"center": mine or next(iter(self.centers), ""),
                "first": show_day(today.replace(day=1)), "last": show_day(today)}
        data.update({key: given[key] for key in data if key in given})
        super().__init__(data)
        self.fields["center"].choices = [(c.code, c.name) for c in centers]

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        for name, day in (("first", first), ("last", last)):
            if day is not None and not 2000 <= day.year <= 2100:
                self.add_error(name, _("Give a date between 2000 and 2100."))
                return data
        if first and last:
            if first > last:
                self.add_error("last", _("The end of the period comes before its start."))
            elif (last - first).days >= register.LONGEST:
                self.add_error("last", _("A register covers at most %(days)d days.")
                               % {"days": register.LONGEST})
        if data.get("center") in self.centers:
            data["center"] = self.centers[data["center"]]
        return data
