from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator

from workshops import roles
from workshops.form_words import PlainWordsMixin
from workshops.models import Cohort, Session, Workshop, normalise_join_code


def helper_without_form_tag() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Workshop code",
        help_text="The six letters and numbers on the screen, for example KXM 4TQ.",
        max_length=20,
        error_messages={"required": "Enter the workshop code from the screen"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_without_form_tag()

    def clean_code(self):
        code = normalise_join_code(self.cleaned_data["code"])
        cohort = Cohort.objects.filter(join_code=code).first()
        if cohort is None:
            raise ValidationError(
                "We could not find a workshop with that code. Check the code on the screen and try again"
            )
        self.cohort = cohort
        return code


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class FacilitatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class CohortForm(PlainWordsMixin, forms.ModelForm):
    facilitators = FacilitatorChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="You are always a facilitator of the cohorts you create.",
    )

    class Meta:
        model = Cohort
        fields = [
            "workshop",
            "name",
            "organisation",
            "status",
            "expected_participants",
            "facilitators",
        ]
        error_messages = {
            "workshop": {"required": "Choose the workshop this cohort runs"},
            "name": {
                "required": "Enter the cohort’s name",
                "max_length": "The cohort’s name must be %(limit_value)d characters or fewer",
            },
            "organisation": {
                "max_length": "The organisation or team must be %(limit_value)d characters or fewer"
            },
            "expected_participants": {
                "invalid": "Expected participants must be a whole number, like 16",
                "min_value": "Expected participants must be 0 or more",
                "max_value": "Expected participants must be %(limit_value)s or fewer",
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["workshop"].queryset = Workshop.objects.all()
        self.fields["workshop"].empty_label = None
        self.fields["facilitators"].queryset = (
            get_user_model()
            .objects.filter(groups__name=roles.FACILITATORS, is_active=True)
            .exclude(pk=user.pk)
            .order_by("first_name", "last_name", "username")
        )
        if not self.fields["facilitators"].queryset.exists():
            del self.fields["facilitators"]  # nobody else to choose
        elif self.instance.pk:
            self.initial["facilitators"] = self.instance.facilitators.exclude(pk=user.pk)
        self.helper = helper_without_form_tag()


class SessionForm(PlainWordsMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["part", "title", "date", "starts_at", "ends_at", "venue", "notes"]
        widgets = {
            "date": DateInput(),
            "starts_at": TimeInput(),
            "ends_at": TimeInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"title": "Optional. Leave blank for “Part 1”, “Part 2”…"}
        error_messages = {
            "date": {
                "required": "Enter the date of the session",
                "invalid": "The session’s date must be a real date, like 12 1 2027",
            },
            "starts_at": {
                "required": "Enter the start time",
                "invalid": "Enter the start time as hours and minutes, like 09:30",
            },
            "ends_at": {
                "required": "Enter the end time",
                "invalid": "Enter the end time as hours and minutes, like 12:30",
            },
            "part": {
                "required": "Enter the part number",
                "invalid": "The part number must be a whole number, like 2",
                "min_value": "Part numbers start at 1",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "part" in self.fields:
            self.fields["part"].min_value = 1
            self.fields["part"].validators.append(MinValueValidator(1))
            self.fields["part"].widget.attrs["min"] = 1
        self.helper = helper_without_form_tag()


class RescheduleForm(SessionForm):
    class Meta(SessionForm.Meta):
        fields = ["title", "date", "starts_at", "ends_at", "venue", "notes"]

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.instance.is_cancelled:
            return cleaned
        moved = Session(
            pk=self.instance.pk,
            cohort=self.instance.cohort,
            date=cleaned["date"],
            starts_at=cleaned["starts_at"],
            ends_at=cleaned["ends_at"],
        )
        clash = moved.first_clash()
        if clash:
            raise ValidationError(
                f"This overlaps {clash.display_title} on {clash.date:%-d %B %Y} "
                f"({clash.starts_at:%H:%M}–{clash.ends_at:%H:%M}). Choose another time"
            )
        return cleaned


class BaseSessionFormSet(forms.BaseInlineFormSet):
    """A cohort's sessions as a whole: parts 1..n, none overlapping. Admin's inline uses it too."""

    default_error_messages = {
        "missing_management_form": "The sessions were not sent. Reload the page and enter them again",
        "too_many_forms": "Enter at most %(num)d sessions",
        "too_few_forms": "Enter at least %(num)d session",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, form in enumerate(self.forms, start=1):
            form.initial.setdefault("part", number)

    def kept_forms(self) -> list[forms.Form]:
        return [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]

    def validate_unique(self):
        """Each part its own number, said in our words (Django's would be "Please correct the duplicate…")."""
        parts = [form.cleaned_data.get("part") for form in self.kept_forms()]
        repeated = sorted({part for part in parts if part is not None and parts.count(part) > 1})
        if len(repeated) == 1:
            times = parts.count(repeated[0])
            raise ValidationError(
                f"Each part needs its own number: part {repeated[0]} is used "
                + ("twice" if times == 2 else f"{times} times")
            )
        if repeated:
            listed = ", ".join(str(part) for part in repeated[:-1]) + f" and {repeated[-1]}"
            raise ValidationError(
                f"Each part needs its own number: parts {listed} are each used more than once"
            )

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = self.kept_forms()
        parts = sorted(form.cleaned_data["part"] for form in kept)
        missing = sorted(set(range(1, len(parts) + 1)) - set(parts))
        if missing:
            raise ValidationError(f"Number the parts 1, 2, 3… with no gaps: there is no part {missing[0]}")
        scheduled = [form.instance for form in kept if not form.instance.is_cancelled]
        for i, first in enumerate(scheduled):
            for second in scheduled[i + 1 :]:
                if first.overlaps(second):
                    raise ValidationError(
                        f"{first.display_title} and {second.display_title} overlap. "
                        "Sessions of a cohort must not overlap"
                    )


SessionFormSet = forms.inlineformset_factory(
    Cohort,
    Session,
    form=SessionForm,
    formset=BaseSessionFormSet,
    extra=1,
    can_delete=True,
)


# Staff accounts ---------------------------------------------------------------------------------


class SignInForm(PlainWordsMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "The username or password is not right. Check them and try again: both care about capitals"
        ),
        "inactive": "This account is switched off. Ask a programme lead to switch it back on",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class NewPasswordMixin:
    """The two new-password fields of changing or resetting a password, in plain words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": "The two new passwords are not the same. Type the same one twice",
            "password_incorrect": "Your current password is not right. Enter it again",
        }
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        if "old_password" in self.fields:
            self.fields["old_password"].error_messages["required"] = "Enter your current password"


class PasswordChangeWordsForm(NewPasswordMixin, PlainWordsMixin, PasswordChangeForm):
    pass


class SetPasswordWordsForm(NewPasswordMixin, PlainWordsMixin, SetPasswordForm):
    pass
