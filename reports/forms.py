"""The report pages' forms: which cohorts the programme report covers, and what an export holds."""

from django import forms
from django.db.models import OuterRef, Subquery

from evaluations import characteristics as fixed_lists
from workshops.form_words import PlainWordsMixin
from workshops.forms import DateInput, helper_without_form_tag
from workshops.models import Session


class ProgrammeFilterForm(PlainWordsMixin, forms.Form):
    """Which cohorts the programme report covers, and which characteristic its equity view breaks down by."""

    programme = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="All your programmes",
        error_messages={"invalid_choice": "Choose one of your programmes"},
    )
    workshop = forms.ModelChoiceField(queryset=None, to_field_name="slug", empty_label=None, required=False)
    date_from = forms.DateField(
        label="First session from",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date, for example 1 1 2024"},
    )
    date_to = forms.DateField(
        label="First session to",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date, for example 31 12 2024"},
    )
    organisation = forms.ChoiceField(label="Organisation or team", required=False)
    characteristic = forms.ChoiceField(
        label="Break the results down by", required=False, choices=[("", "—"), *fixed_lists.CHOICES]
    )

    def __init__(self, *args, programmes, workshops, organisations: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["workshop"].queryset = workshops
        self.fields["organisation"].choices = [("", "All organisations"), *((o, o) for o in organisations)]
        for name in ("programme", "workshop", "organisation", "characteristic"):
            self.fields[name].widget.attrs["class"] = "form-select"
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "The end of the date range must be on or after its start")
        return cleaned

    def value(self, name: str):
        """The field's valid value, or nothing when the form is unbound or has errors."""
        return self.cleaned_data.get(name) if self.is_bound and self.is_valid() else None

    def narrow(self, cohorts):
        """The cohorts of the chosen programme, first session within the dates, and organisation."""
        if self.value("programme"):
            cohorts = cohorts.filter(programme=self.value("programme"))
        first = Session.objects.filter(cohort=OuterRef("pk")).order_by("date").values("date")[:1]
        if self.value("date_from"):
            cohorts = cohorts.alias(first_session=Subquery(first)).filter(
                first_session__gte=self.value("date_from")
            )
        if self.value("date_to"):
            cohorts = cohorts.alias(first_session=Subquery(first)).filter(
                first_session__lte=self.value("date_to")
            )
        if self.value("organisation"):
            cohorts = cohorts.filter(organisation=self.value("organisation"))
        return cohorts


class CommitmentsExportForm(PlainWordsMixin, forms.Form):
    format = forms.ChoiceField(
        label="File type",
        choices=[("xlsx", "Excel workbook (.xlsx)"), ("csv", "CSV (.csv)")],
        widget=forms.RadioSelect,
        initial="xlsx",
        error_messages={"required": "Choose a file type"},
    )
    include_emails = forms.BooleanField(
        label="Include participants’ email addresses",
        required=False,
        help_text="Only if you need them to follow up by hand. Keep the file safe and delete it when done.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_without_form_tag(method="get")
