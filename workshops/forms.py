from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from workshops import roles
from workshops.models import Cohort, Session, Workshop, normalise_join_code


def helper_without_form_tag(*, method: str = "post") -> FormHelper:
    """A crispy helper for a form whose <form> tag is in the template.

    A GET form says so, so crispy leaves out the CSRF token, which would otherwise travel in
    the URL into browser history and server logs.
    """
    helper = FormHelper()
    helper.form_tag = False
    helper.form_method = method
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


class CohortForm(forms.ModelForm):
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
            "slug",
            "organisation",
            "status",
            "expected_participants",
            "facilitators",
        ]
        help_texts = {"slug": "Used in links and commands. Leave blank to make one from the name."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["slug"].required = False
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

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if slug and Cohort.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            raise ValidationError("Another cohort already uses this short name. Choose another")
        return slug


class SessionForm(forms.ModelForm):
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
            "date": {"required": "Enter the date of the session"},
            "starts_at": {"required": "Enter the start time"},
            "ends_at": {"required": "Enter the end time"},
            "part": {"required": "Enter the part number"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, form in enumerate(self.forms, start=1):
            form.initial.setdefault("part", number)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        parts = sorted(form.cleaned_data["part"] for form in kept)
        if parts != list(range(1, len(parts) + 1)):
            raise ValidationError("Number the sessions' parts 1, 2, 3… with no gaps or repeats")
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
