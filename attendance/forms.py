from django import forms
from django.core.exceptions import ValidationError

from attendance.models import Attendee
from evaluations.forms import MAX_IMPORT_BYTES
from workshops.forms import PlainForm


class AttendeeForm(PlainForm, forms.ModelForm):
    """A person expected at the cohort, added by hand."""

    class Meta:
        model = Attendee
        fields = ["name", "email"]
        labels = {"email": "Email address (optional)"}
        help_texts = {"email": "Their certificate of attendance is emailed here."}
        widgets = {"email": forms.EmailInput(attrs={"spellcheck": "false"})}
        error_messages = {
            "name": {"required": "Enter the person’s full name"},
            "email": {"invalid": "Enter an email address like name@nhs.net, or leave it blank"},
        }

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Enter the person’s full name")
        if Attendee.objects.named(name).filter(cohort=self.cohort).exists():
            raise ValidationError(
                f"“{name}” is already on the register. To add another person of that name, add an initial"
            )
        return name


class AttendeeImportForm(PlainForm, forms.Form):
    file = forms.FileField(
        label="CSV or Excel file of names",
        help_text="A column “Name” and, if you have them, a column “Email”. Up to 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": "Choose a file to import"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError("The file must be a CSV or an Excel workbook (.xlsx)")
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError("The file must be smaller than 5 MB")
        return upload


class RegisterForm(forms.Form):
    """The facilitator's ticks for one session: who came."""

    present = forms.TypedMultipleChoiceField(
        label="Who came", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(person.pk, person.name) for person in people]
        self.fields["present"].error_messages["invalid_choice"] = (
            "Someone ticked is no longer on the register. Reload the page and tick again"
        )


class SignInForm(PlainForm, forms.Form):
    """A participant signs the register on their phone."""

    name = forms.CharField(
        label="Your full name",
        max_length=Attendee._meta.get_field("name").max_length,
        help_text="As you would like it on your certificate of attendance.",
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email address for your certificate (optional)",
        required=False,
        help_text="We email your certificate of attendance here after the workshop, and for nothing else.",
        error_messages={"invalid": "Enter an email address like name@nhs.net, or leave it blank"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label="Register code",
        max_length=12,
        help_text="The four letters and numbers shown on the screen for this session.",
        error_messages={"required": "Enter the register code from the screen"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, sign_in, **kwargs):
        super().__init__(*args, **kwargs)
        self.sign_in = sign_in

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Enter your full name")
        return name

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not self.sign_in.matches(code):
            raise ValidationError("That is not this session’s register code. Check the code on the screen")
        return code
