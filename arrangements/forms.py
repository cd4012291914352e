import secrets

from django import forms
from django.core.exceptions import ValidationError

from arrangements import files
from arrangements.models import AgendaItem, DesignMeeting, Material, WorkshopRequest
from workshops.forms import DateInput, FacilitatorChoiceField, PlainForm, TimeInput
from workshops.models import Programme, Workshop


def new_submission_token() -> str:
    return secrets.token_urlsafe(24)


class WorkshopRequestForm(PlainForm, forms.ModelForm):
    """A team asking for the workshop: the public form, with a token so a double tap sends it once."""

    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    group_size = forms.IntegerField(
        label="How many people in your team would take part",
        min_value=1,
        max_value=500,
        help_text="A rough number is fine. The workshop suits groups of about 10 to 25.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-width-5"}),
        error_messages={
            "required": "Enter how many people would take part",
            "invalid": "Enter how many people would take part as a number, like 15",
            "min_value": "Enter how many people would take part: 1 or more",
            "max_value": "Enter how many people would take part: 500 or fewer",
        },
    )

    class Meta:
        model = WorkshopRequest
        fields = [
            "programme",
            "team",
            "organisation",
            "contact_name",
            "contact_email",
            "group_size",
            "preferred_months",
            "venue",
            "work",
            "inequities",
            "accessibility",
        ]
        labels = {
            "programme": "Which programme covers where your team works",
            "team": "Your team’s name",
            "organisation": "Your organisation",
            "contact_name": "Your full name",
            "contact_email": "Your NHS email address",
            "preferred_months": "Which months would suit your team (optional)",
            "venue": "Where could the workshop be held (optional)",
            "work": "What does your team work on",
            "inequities": "What inequities do you see in your team’s work (optional)",
            "accessibility": "Does anyone taking part have accessibility needs (optional)",
        }
        help_texts = {
            "team": "For example “Medicines Optimisation team”.",
            "organisation": "For example “NHS Bedfordshire, Luton and Milton Keynes ICB”.",
            "contact_email": "We reply to this address. Use your work address if you do not have an NHS one.",
            "preferred_months": "For example “March or April 2027”.",
            "venue": "A meeting room at your site, or online.",
            "work": "A sentence or two: the people you serve and what you do for them.",
            "inequities": "Groups of people who get worse care or outcomes, as far as you know.",
            "accessibility": "For example a hearing loop, step-free access or large-print handouts.",
        }
        widgets = {
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "work": forms.Textarea(attrs={"rows": 3}),
            "inequities": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "programme": {
                "required": "Choose the programme that covers where your team works",
                "invalid_choice": "Choose one of the programmes listed",
            },
            "team": {"required": "Enter your team’s name"},
            "organisation": {"required": "Enter your organisation"},
            "contact_name": {"required": "Enter your full name"},
            "contact_email": {
                "required": "Enter your NHS email address",
                "invalid": "Enter an email address like name@nhs.net",
            },
            "work": {"required": "Say what your team works on"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = list(Programme.objects.all()[:2])
        self.only_programme = programmes[0] if len(programmes) == 1 else None
        if self.only_programme:  # nothing to choose: the site runs one programme
            del self.fields["programme"]
        else:
            self.fields["programme"].empty_label = "Choose a programme"
            self.fields["programme"].help_text = "Each programme runs the workshop for the teams of its area."

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = value.strip()
        if self.only_programme:
            data["programme"] = self.only_programme
        return data


class RequestDecisionForm(PlainForm, forms.ModelForm):
    """A lead's status and notes for a request."""

    class Meta:
        model = WorkshopRequest
        fields = ["status", "notes"]
        widgets = {"status": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 4})}
        labels = {"status": "Where is this request?", "notes": "Notes"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status_before = self.instance.status

    def save(self, commit=True):
        request = self.instance
        request.status = self.status_before  # the form set the new one already: decide from the old
        request.set_status(self.cleaned_data["status"])
        return super().save(commit=commit)


class RequestToCohortForm(PlainForm, forms.Form):
    """Turning a request into a cohort: its name, organisation and numbers come from the request."""

    name = forms.CharField(
        label="Cohort name",
        max_length=200,
        error_messages={"required": "Enter the cohort’s name"},
        help_text="For example “Luton Pharmacy Team, Mar–Apr 2027”. You can change it later.",
    )
    workshop = forms.ModelChoiceField(queryset=Workshop.objects.none(), empty_label=None, required=False)
    facilitators = FacilitatorChoiceField(
        queryset=None,
        required=True,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who will facilitate it"},
        help_text="They set its sessions' dates and run it.",
    )

    def __init__(self, *args, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.all()
        self.fields["workshop"].initial = Workshop.objects.first()
        if Workshop.objects.count() <= 1:
            self.fields["workshop"].widget = forms.HiddenInput()
        self.fields["facilitators"].queryset = facilitators

    def clean_workshop(self):
        return self.cleaned_data.get("workshop") or Workshop.objects.first()


class DesignMeetingForm(PlainForm, forms.ModelForm):
    class Meta:
        model = DesignMeeting
        fields = ["date", "attendees", "decisions"]
        widgets = {"date": DateInput(), "decisions": forms.Textarea(attrs={"rows": 4})}
        labels = {"date": "Date of the meeting"}
        error_messages = {
            "attendees": {"required": "Say who came from the team"},
            "decisions": {"required": "Say what was decided for the content"},
        }


class AgendaItemForm(PlainForm, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["starts_at", "ends_at", "title", "details"]
        widgets = {"starts_at": TimeInput(), "ends_at": TimeInput()}
        labels = {"ends_at": "End time (optional)", "details": "Details (optional)"}
        error_messages = {"title": {"required": "Say what happens at this time"}}


class MaterialForm(PlainForm, forms.ModelForm):
    """A file (checked by its content, not only its name) or a link, with a title for it."""

    file = forms.FileField(
        label="File (optional if you give a link)",
        required=False,
        help_text=f"{files.ALLOWED_IN_WORDS[0].upper()}{files.ALLOWED_IN_WORDS[1:]}, up to "
        f"{files.MAX_MATERIAL_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(files.BY_EXTENSION)}),
    )

    link = forms.URLField(
        label="Or a link (optional if you choose a file)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="A web address, for example a video or a reading.",
        error_messages={"invalid": "Enter a web address like https://www.england.nhs.uk/"},
    )

    class Meta:
        model = Material
        fields = ["title", "file", "link"]
        error_messages = {"title": {"required": "Enter a title for the material"}}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if upload.size > files.MAX_MATERIAL_BYTES:
            raise ValidationError(
                f"The file must be smaller than {files.MAX_MATERIAL_BYTES // (1024 * 1024)} MB"
            )
        content = upload.read()
        upload.seek(0)
        try:
            self.kind = files.check(upload.name, content)
        except files.FileRefused as refused:
            raise ValidationError(str(refused)) from None
        return upload

    def clean(self):
        data = super().clean()
        has_file, has_link = bool(data.get("file")), bool(data.get("link"))
        if "file" in self.errors or "link" in self.errors:
            return data
        if has_file and has_link:
            raise ValidationError("Choose a file or give a link, not both")
        if not has_file and not has_link:
            self.add_error("file", "Choose a file or give a link")
        return data
