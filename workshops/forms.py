import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator

from workshops import roles
from workshops.form_words import PlainWordsMixin, use_plain_words
from workshops.models import Cohort, Programme, Session, Workshop, normalise_join_code


def helper_without_form_tag(*, method: str = "post") -> FormHelper:
    """A crispy helper for a form whose <form> tag is in the template.

    A GET form says so, so crispy leaves out the CSRF token, which would otherwise travel in
    the URL into browser history and server logs.
    """
    helper = FormHelper()
    helper.form_tag = False
    helper.form_method = method
    return helper


class PlainForm(PlainWordsMixin):
    """Plain words on every refusal, and a crispy helper for a form whose tag is in the template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_without_form_tag()


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
        self.helper = helper_without_form_tag(method="get")

    def clean_code(self):
        code = normalise_join_code(self.cleaned_data["code"])
        cohort = Cohort.objects.by_join_code(code).first()
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
            "programme",
            "workshop",
            "name",
            "organisation",
            "expected_participants",
            "facilitators",
            "is_test",
            "is_cancelled",
        ]
        error_messages = {
            "programme": {
                "required": "Choose the programme this cohort belongs to",
                "invalid_choice": "Choose one of your programmes",
            },
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

    ask_about_you = forms.BooleanField(
        label="Ask participants about themselves in the before and after surveys",
        required=False,
        initial=True,
        help_text=(
            "“Before the workshop” and “After the workshop” then end with “About you”: their staff group, "
            "organisation, ethnic group, age band and disability. It is optional for each person, behind a "
            "tick to agree, and every question has “Prefer not to say”. It is how the report checks that "
            "the workshop works as well for every group of staff; a group with fewer than 5 answers is "
            "never shown. You can turn it off here, or later on the cohort's page."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            del self.fields["ask_about_you"]  # after creation, the cohort's page changes it
        self.fields["workshop"].queryset = Workshop.objects.all()
        self.fields["workshop"].empty_label = None
        programmes = Programme.objects.joined_by(user)
        if self.instance.pk and self.instance.programme_id:
            # Moving a cohort to another programme would hand its answers to other leads.
            del self.fields["programme"]
        else:
            self.fields["programme"].queryset = programmes
            self.fields["programme"].empty_label = None
            self.fields["programme"].help_text = "Its programme’s leads see its reports and follow it up."
            choices = list(programmes[:2])
            if len(choices) == 1:  # nothing to choose: most people belong to one programme
                del self.fields["programme"]
                self.instance.programme = choices[0]
            elif not choices:
                self.fields[
                    "programme"
                ].help_text = "You are not in a programme yet: ask a programme lead to add you to theirs."
        # Only the facilitators of this user's programmes: nobody else's staff are listed.
        self.fields["facilitators"].queryset = (
            get_user_model()
            .objects.filter(groups__name=roles.FACILITATORS, is_active=True)
            .filter(pk__in=programmes.member_ids())
            .exclude(pk=user.pk)
            .order_by("first_name", "last_name", "username")
        )
        if not self.fields["facilitators"].queryset.exists():
            del self.fields["facilitators"]  # nobody else to choose
        elif self.instance.pk:
            self.initial["facilitators"] = self.instance.facilitators.exclude(pk=user.pk)
        self.helper = helper_without_form_tag()

    def warnings(self) -> list[str]:
        """What may be a mistake but is not refused; the page asks to save anyway."""
        if "name" not in self.changed_data:
            return []  # a name shared long ago is not news at every edit
        return name_warnings(self.cleaned_data["name"], self.instance)


def name_warnings(name: str, cohort: Cohort) -> list[str]:
    """Another cohort of the same programme with this name; other programmes' names are not told."""
    others = Cohort.objects.filter(programme=cohort.programme_id).exclude(pk=cohort.pk)
    others = others.filter(name__iexact=name.strip())
    if not others.exists():
        return []
    return [
        f"Another cohort is already called “{name}”. Check it is not the same one, "
        "or give this one a name that tells them apart"
    ]


def _when(session) -> str:
    return f"{session.date:%-d %B %Y}"


def schedule_warnings(sessions: list[Session], *, today: datetime.date, changed: set[int]) -> list[str]:
    """Sessions (of one cohort) in the past or out of order; `changed` names the parts just set.

    A session already in the past is only mentioned when its date is being set now, so editing a
    finished cohort does not warn about what happened long ago.
    """
    warnings = []
    scheduled = sorted((s for s in sessions if not s.is_cancelled), key=lambda s: s.part)
    for session in scheduled:
        if session.part in changed and session.date < today:
            warnings.append(f"{session.display_title} is on {_when(session)}, which is in the past")
    for earlier, later in zip(scheduled, scheduled[1:], strict=False):
        if (later.date, later.starts_at) < (earlier.date, earlier.starts_at):
            warnings.append(
                f"Part {later.part} ({_when(later)}) comes before part {earlier.part} ({_when(earlier)}). "
                "Check the dates, or number the parts in the order they happen"
            )
    return warnings


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

    def warnings(self, today: datetime.date) -> list[str]:
        moved = self.instance  # the form's cleaning has already put the new date and times on it
        siblings = [s for s in self.instance.cohort.sessions.all() if s.pk != moved.pk]
        changed = {moved.part} if "date" in self.changed_data else set()
        return schedule_warnings([*siblings, moved], today=today, changed=changed)


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
        if not kept:
            raise ValidationError("Add at least one session: enter the date and times of part 1")
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

    def sessions(self) -> tuple[list[Session], list[Session], list[Session]]:
        """What to save, as data: the sessions the cohort keeps (with what was typed), those of
        them that existed and were changed, and those to remove."""
        kept = [form.instance for form in self.kept_forms() if form.instance.pk or form.has_changed()]
        changed = [form.instance for form in self.kept_forms() if form.instance.pk and form.has_changed()]
        removed = [form.instance for form in self.deleted_forms if form.instance.pk]
        return kept, changed, removed

    def warnings(self, today: datetime.date) -> list[str]:
        kept = self.kept_forms()
        changed = {form.instance.part for form in kept if not form.instance.pk or "date" in form.changed_data}
        return schedule_warnings([form.instance for form in kept], today=today, changed=changed)


SessionFormSet = forms.inlineformset_factory(
    Cohort,
    Session,
    form=SessionForm,
    formset=BaseSessionFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,  # a row never saved has nothing to delete: leave it blank instead
)


class DuplicateCohortForm(PlainWordsMixin, forms.Form):
    """A copy of a cohort: its new name, and a new date for each of its sessions."""

    name = forms.CharField(
        label="Name of the new cohort",
        max_length=200,
        help_text="For example “BLMK Medicines Optimisation, Nov–Dec 2027”.",
        error_messages={"required": "Enter the new cohort’s name"},
    )

    def __init__(self, *args, source: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.sessions = list(source.sessions.all())
        for session in self.sessions:
            self.fields[f"date_{session.part}"] = forms.DateField(
                label=f"New date of {session.display_title}",
                help_text=f"{session.starts_at:%H:%M}–{session.ends_at:%H:%M}"
                + (f" at {session.venue}" if session.venue else "")
                + f", as before (it was {session.date:%-d %B %Y}).",
                widget=DateInput(),
                error_messages={
                    "required": f"Enter the new date of {session.display_title}",
                    "invalid": f"The new date of {session.display_title} must be a real date, like 12 1 2027",
                },
            )
        use_plain_words(self)
        self.helper = helper_without_form_tag()

    def dates(self) -> dict[int, datetime.date]:
        return {session.part: self.cleaned_data[f"date_{session.part}"] for session in self.sessions}

    def warnings(self, today: datetime.date) -> list[str]:
        dates = self.dates()
        planned = [
            Session(part=s.part, title=s.title, date=dates[s.part], starts_at=s.starts_at, ends_at=s.ends_at)
            for s in self.sessions
        ]
        changed = set(dates)
        return name_warnings(
            self.cleaned_data["name"], Cohort(programme=self.source.programme)
        ) + schedule_warnings(planned, today=today, changed=changed)


# Staff accounts ---------------------------------------------------------------------------------


class SignInForm(PlainWordsMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "The username or password is not right. Check both and try again (capitals matter)",
        "inactive": "This account is switched off. Ask a programme lead to switch it back on",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        # Django sets the username's max_length after the field is made, so nothing checks it: a
        # longer one went on to django-axes, whose record of the failure PostgreSQL then refused.
        username.validators.append(MaxLengthValidator(username.max_length))
        username.error_messages["max_length"] = "A username has %(limit_value)d characters or fewer"


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


class SetPasswordWordsForm(NewPasswordMixin, PlainForm, SetPasswordForm):
    pass


class PasswordResetWordsForm(PlainWordsMixin, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "The one your account has, usually your work address."
        self.fields["email"].error_messages["required"] = "Enter the email address of your account"
        self.helper = helper_without_form_tag()


class ProgrammeMemberForm(PlainForm, forms.Form):
    """Someone with a staff account joins a programme, found by their email address."""

    email = forms.EmailField(
        label="Their email address",
        help_text="The address of their qiequity account, for example priya.shah@nhs.net.",
        error_messages={
            "required": "Enter the email address of the person to add",
            "invalid": "Enter an email address like name@nhs.net",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme

    def clean_email(self):
        email = self.cleaned_data["email"]
        staff = get_user_model().objects.filter(
            email__iexact=email,
            is_active=True,
            groups__name__in=[roles.FACILITATORS, roles.PROGRAMME_LEADS],
        )
        person = staff.distinct().first()
        if person is None:
            raise ValidationError(
                "Nobody with a facilitator’s or lead’s account has that email address. "
                "Ask whoever runs qiequity to make their account first"
            )
        if self.programme.members.filter(pk=person.pk).exists():
            raise ValidationError(
                f"{person.get_full_name() or person.get_username()} is already in this programme"
            )
        self.person = person
        return email
