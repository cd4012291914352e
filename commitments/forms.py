from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from commitments.models import TEXT_MAX_LENGTH, TEXT_MIN_LENGTH, Commitment
from workshops import participants
from workshops.form_words import PlainWordsMixin
from workshops.forms import DateInput, PlainForm, helper_without_form_tag

TEXT_ERRORS = {
    "required": "Write your commitment",
    "min_length": f"Write at least {TEXT_MIN_LENGTH} characters",
    "max_length": f"Keep it to {TEXT_MAX_LENGTH} characters or fewer",
}
KIND_CHOICES = [
    (Commitment.Kind.ACTION, "An action I will take"),
    (Commitment.Kind.PROJECT_IDEA, "A project idea I will develop with QI"),
]


class CommitmentEditForm(PlainWordsMixin, forms.ModelForm):
    """A participant's post-it, as they write or change it on their phone."""

    kind = forms.ChoiceField(
        label="Is this an action or a project idea?", choices=KIND_CHOICES, widget=forms.RadioSelect
    )

    class Meta:
        model = Commitment
        fields = ["text", "kind", "display_name", "email"]
        labels = {
            "text": "One action I will take to identify an equity issue in my work",
            "display_name": "Your name on the wall (optional)",
            "email": "Email address for a follow-up reminder (optional)",
        }
        help_texts = {
            "text": f"Between {TEXT_MIN_LENGTH} and {TEXT_MAX_LENGTH} characters.",
            "display_name": "Your first name or initials. Leave it blank to post anonymously.",
            # Reminders go on the card's due date (six weeks after the last session by default),
            # and again whenever someone following it up moves that date (see needing_a_reminder).
            "email": (
                "We use it only to follow up your commitment: we email you a private link to say how "
                "it is going on its follow-up date (about six weeks after the workshop’s last session, "
                "unless that date is moved); it is never shown on the wall."
            ),
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "display_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        }
        error_messages = {
            "text": TEXT_ERRORS,
            "email": {"invalid": "Enter an email address like name@example.nhs.uk, or leave it blank"},
            "display_name": {"max_length": "Keep your name to 40 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose whether this is an action or a project idea"
        self.fields["kind"].error_messages["invalid_choice"] = self.fields["kind"].error_messages["required"]
        self.helper = helper_without_form_tag()


def commitment_as_typed(data) -> dict[str, str]:
    """What a participant sent from the commitment form, for the page that says it has closed.

    Only what came with this request, never anything stored, so it cannot show anyone else's card.
    """
    typed = {name: data.get(name, "").strip() for name in CommitmentEditForm.Meta.fields}
    typed["kind"] = dict(Commitment.Kind.choices).get(typed["kind"], "")
    return typed if any(typed.values()) else {}


class CommitmentForm(CommitmentEditForm):
    """Writing a new post-it: two hidden fields make a double tap store one card from one phone."""

    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    participant_key = forms.CharField(widget=forms.HiddenInput, max_length=participants.FORM_KEY_MAX_LENGTH)

    class Meta(CommitmentEditForm.Meta):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("kind", Commitment.Kind.ACTION)


class CommitmentFixForm(PlainForm, forms.ModelForm):
    """A facilitator corrects a typo; the meaning stays the participant's."""

    class Meta:
        model = Commitment
        fields = ["text", "display_name"]
        labels = {"text": "Commitment", "display_name": "Name on the wall"}
        help_texts = {"display_name": "Leave blank for “Anonymous”."}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"text": TEXT_ERRORS}


class ApprovalForm(PlainForm, forms.Form):
    needs_approval = forms.TypedChoiceField(
        label="New cards appear on the wall",
        choices=[("false", "At once"), ("true", "Only after I approve them")],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose when new cards appear on the wall"},
    )


class FollowUpForm(PlainWordsMixin, forms.Form):
    """One follow-up step by a lead: what they heard, the status now, and when to look again."""

    date = forms.DateField(
        label="Date of this follow-up",
        widget=DateInput(),
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )
    status = forms.ChoiceField(
        choices=Commitment.Status.choices,
        label="Status now",
        error_messages={
            "required": "Choose the commitment’s status now",
            "invalid_choice": "Choose one of the statuses for the commitment",
        },
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you heard, and anything that helps the next person who follows this up.",
    )
    due_date = forms.DateField(
        label="Next follow-up date",
        required=False,
        widget=DateInput(),
        help_text=(
            "When to look at it again: we suggest four weeks from today. "
            "Leave it empty if it is done or not pursued."
        ),
        error_messages={"invalid": "The next follow-up date must be a real date, like 23 12 2026"},
    )
    qi_project_started = forms.BooleanField(label="A QI project has started", required=False)
    qi_project_reference = forms.CharField(
        label="QI project link or reference",
        required=False,
        max_length=300,
        help_text="For example a link to the project's page, or its reference on the QI project log.",
    )

    def __init__(self, *args, commitment: Commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        if not commitment.is_project_idea:
            del self.fields["qi_project_started"]
            del self.fields["qi_project_reference"]
        self.helper = helper_without_form_tag()

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError("The date of a follow-up cannot be in the future")
        return date

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned["status"] not in Commitment.OPEN_STATUSES:
            cleaned["due_date"] = None  # done or given up: nothing left to follow up
        elif cleaned["due_date"] is None:
            self.add_error(
                "due_date", "Enter the next follow-up date, or choose Done or Not pursued as the status"
            )
            return cleaned
        elif cleaned["due_date"] <= timezone.localdate():
            self.add_error("due_date", "The next follow-up date must be after today")
            return cleaned
        c = self.commitment
        changed = (
            cleaned["note"]
            or cleaned["status"] != c.status
            or cleaned["due_date"] != c.due_date
            or cleaned.get("qi_project_started", c.qi_project_started) != c.qi_project_started
            or cleaned.get("qi_project_reference", c.qi_project_reference) != c.qi_project_reference
        )
        if not changed:
            raise ValidationError("Write a note or change something before saving")
        return cleaned


class FollowUpFilterForm(PlainWordsMixin, forms.Form):
    cohort = forms.ModelChoiceField(
        queryset=None, required=False, to_field_name="slug", empty_label="All cohorts"
    )
    status = forms.ChoiceField(choices=[("", "Any status"), *Commitment.Status.choices], required=False)
    kind = forms.ChoiceField(
        choices=[("", "Actions and project ideas"), *Commitment.Kind.choices], required=False
    )
    overdue = forms.BooleanField(label="Only overdue", required=False)
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Words from the commitment, the name on the wall or the follow-up notes.",
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["q"].widget.attrs.update({"class": "form-control", "type": "search"})
        for name in ("cohort", "status", "kind"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["overdue"].widget.attrs["class"] = "form-check-input"

    def scope(self, commitments):
        """The chosen cohort's commitments of the chosen kind that match the search: what the counts count."""
        if not self.is_valid():
            return commitments
        if self.cleaned_data["cohort"]:
            commitments = commitments.filter(cohort=self.cleaned_data["cohort"])
        if self.cleaned_data["kind"]:
            commitments = commitments.filter(kind=self.cleaned_data["kind"])
        if self.cleaned_data["q"]:
            commitments = commitments.search(self.cleaned_data["q"])
        return commitments

    def narrow(self, commitments, today):
        """Those of the scope with the chosen status, or overdue: what the table lists."""
        if not self.is_valid():
            return commitments
        if self.cleaned_data["status"]:
            commitments = commitments.filter(status=self.cleaned_data["status"])
        if self.cleaned_data["overdue"]:
            commitments = commitments.overdue(today)
        return commitments


class ParticipantUpdateForm(PlainForm, forms.Form):
    """What a participant says through their private link, weeks after the workshop."""

    status = forms.ChoiceField(
        label="How is it going?",
        choices=[
            (Commitment.Status.COMMITTED, "Not started yet, but I still mean to"),
            (Commitment.Status.IN_PROGRESS, "In progress"),
            (Commitment.Status.DONE, "Done"),
            (Commitment.Status.NOT_PURSUED, "I have decided not to pursue it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it is going"},
    )
    note = forms.CharField(
        label="Anything you would like to add (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example what you found, or what got in the way. Up to 1,000 characters.",
        error_messages={"max_length": "Keep your note to 1,000 characters or fewer"},
    )
