from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from evaluations import characteristics as fixed_lists
from evaluations import phases
from evaluations.models import FREE_TEXT_MAX_LENGTH, Item, Response, Survey, new_submission_token
from workshops import participants
from workshops.form_words import PlainWordsMixin

CONSENT_ERROR = "Tick the box to share your answers about you, or set them back to “Not answered”"
MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


# The participant's form -----------------------------------------------------------------------


class SurveyForm(forms.Form):
    """One field per item (`item_<pk>`), then the optional "About you" questions.

    The hidden submission token makes the form one-time (docs/adr/0005); the hidden participant
    key names the phone on its very first submit, before its cookie exists.
    """

    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    participant_key = forms.CharField(
        widget=forms.HiddenInput, max_length=participants.FORM_KEY_MAX_LENGTH, required=False
    )

    def __init__(self, data=None, *, survey: Survey, items: list[Item], participant_key: str, previous=None):
        if data is not None and not data.get("submission_token"):
            data = data.copy()
            data["submission_token"] = new_submission_token()  # for the next try
            self.token_was_missing = True
        super().__init__(
            data, initial={"submission_token": new_submission_token(), "participant_key": participant_key}
        )
        self.survey = survey
        self.items = items
        self.minutes = survey.minutes_to_fill(len(items))
        self.characteristics = survey.characteristic_list()
        for number, item in enumerate(items, start=1):
            self.fields[self.field_name(item)] = _field_for(item, number)
        if self.characteristics:
            self.fields["about_you_consent"] = forms.BooleanField(
                label="I agree to share my answers about me",
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            for characteristic in self.characteristics:
                self.fields[f"about_{characteristic.slug}"] = forms.ChoiceField(
                    label=characteristic.question,
                    choices=[("", "Not answered"), *characteristic.options],
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select"}),
                    error_messages={"invalid_choice": f"{characteristic.label}: choose one of the options"},
                )
        self.has_previous_answers = previous is not None
        if previous is not None and data is None:
            self.initial.update(_initial_from(self, previous))

    @staticmethod
    def field_name(item: Item) -> str:
        return f"item_{item.pk}"

    def item_fields(self):
        return [self[self.field_name(item)] for item in self.items]

    def about_you_fields(self):
        return [self[f"about_{c.slug}"] for c in self.characteristics]

    def clean(self):
        cleaned = super().clean()
        if getattr(self, "token_was_missing", False):
            self.add_error(None, "Your answers were not sent. Check them and send them again")
        answered = any(cleaned.get(f"about_{c.slug}") for c in self.characteristics)
        if answered and not cleaned.get("about_you_consent"):
            self.add_error("about_you_consent", CONSENT_ERROR)
        return cleaned

    def answers(self) -> dict[Item, int | str | None]:
        return {item: self.cleaned_data.get(self.field_name(item)) for item in self.items}

    def about_you(self) -> dict[str, str]:
        if not self.cleaned_data.get("about_you_consent"):
            return {}
        return {c.slug: self.cleaned_data.get(f"about_{c.slug}", "") for c in self.characteristics}


def _field_for(item: Item, number: int) -> forms.Field:
    if item.kind == Item.Kind.FREE_TEXT:
        field = forms.CharField(
            required=item.required,
            strip=True,
            # No maxlength attribute: a browser would cut pasted text short without a word.
            widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            validators=[_free_text_length(number)],
            error_messages={"required": f"Question {number}: write an answer"},
        )
    else:
        field = forms.TypedChoiceField(
            choices=[(str(value), label) for value, label in item.scale()],
            coerce=int,
            empty_value=None,
            required=item.required,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            error_messages={
                "required": f"Question {number}: choose an answer",
                "invalid_choice": f"Question {number}: choose one of the answers shown",
            },
        )
    field.label = item.text
    field.help_text = item.help_text
    if item.kind == Item.Kind.FREE_TEXT:
        field.help_text = f"{item.help_text} Up to {FREE_TEXT_MAX_LENGTH:,} characters.".strip()
    field.item = item
    field.number = number
    return field


def _free_text_length(number: int):
    def validate(value: str):
        if len(value) > FREE_TEXT_MAX_LENGTH:
            raise ValidationError(
                f"Question {number}: your answer must be {FREE_TEXT_MAX_LENGTH:,} characters or fewer "
                f"(it has {len(value):,})"
            )

    return validate


def _initial_from(form: SurveyForm, response: Response) -> dict:
    initial = {}
    for answer in response.answers.all():
        value = answer.text if answer.number is None else str(answer.number)
        initial[f"item_{answer.item_id}"] = value
    about_you = {a.characteristic: a.value for a in response.about_you.all()}
    for characteristic in form.characteristics:
        initial[f"about_{characteristic.slug}"] = about_you.get(characteristic.slug, "")
    if about_you:
        initial["about_you_consent"] = True
    return initial


# The facilitator's forms ----------------------------------------------------------------------


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SurveySettingsForm(PlainWordsMixin, forms.ModelForm):
    characteristics = forms.MultipleChoiceField(
        label="About you questions",
        choices=fixed_lists.CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Optional, for the equity view. Participants answer only if they tick to agree, every "
            "question has “Prefer not to say”, and reports never show small groups."
        ),
    )

    class Meta:
        model = Survey
        fields = ["title", "opens_at", "closes_at", "characteristics"]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}
        error_messages = {
            "title": {"required": "Enter the survey’s title"},
            "opens_at": {"invalid": "The opening time must be a real date and time, like 27 3 2027 09:30"},
            "closes_at": {"invalid": "The closing time must be a real date and time, like 27 3 2027 12:30"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.questions_are_frozen():
            self.fields["characteristics"].disabled = True
            self.fields["characteristics"].help_text = "People have answered, so these can no longer change."
        self.helper = _helper()

    def clean_characteristics(self):
        # Kept in the fixed list's order, whatever order the boxes were ticked in.
        return [c.slug for c in fixed_lists.in_fixed_order(self.cleaned_data["characteristics"])]

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", "The closing time must be after the opening time")
        return cleaned


class ItemForm(PlainWordsMixin, forms.ModelForm):
    class Meta:
        model = Item
        fields = ["kind", "text", "help_text", "required", "report_label", "low_label", "high_label"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 2})}
        labels = {"kind": "How it is answered"}
        error_messages = {
            "kind": {"required": "Choose how the question is answered"},
            "text": {"required": "Enter the question"},
            "report_label": {"required": "Enter a short label for reports"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AddSurveyForm(PlainWordsMixin, forms.Form):
    phase = forms.ChoiceField(
        label="Survey to add",
        error_messages={
            "required": "Choose the survey to add",
            "invalid_choice": "Choose one of the surveys this cohort does not have yet",
        },
    )

    def __init__(self, *args, missing: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(phase, phases.title(phase)) for phase in missing]
        self.helper = _helper()


class ImportForm(PlainWordsMixin, forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text=(
            "One row per respondent under a header row. Columns are matched to the questions by their "
            "text. Microsoft Forms’ ID, Start time, Completion time, Email and Name columns are ignored."
        ),
        error_messages={"required": "Choose a file to import"},
    )
    replace = forms.BooleanField(
        label="Replace an earlier import of this file",
        required=False,
        help_text="Its responses are removed and the file is imported again.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError("The file must be a CSV or an Excel workbook (.xlsx)")
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError("The file must be smaller than 5 MB")
        return upload
