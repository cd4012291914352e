import datetime
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q

from evaluations.forms import MAX_IMPORT_BYTES
from projects.models import (
    MAX_GROUPS,
    ChangeIdea,
    EquityQuestion,
    Measure,
    PDSACycle,
    Project,
    Stage,
    parse_groups,
)
from workshops import roles
from workshops.form_words import PlainWordsMixin, use_plain_words
from workshops.forms import DateInput, PlainForm, helper_without_form_tag
from workshops.models import Programme


class MonthInput(forms.DateInput):
    """A month picker; a browser without one shows a text box that takes "2026-11"."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "2026-11", **(attrs or {})}, format="%Y-%m")


class MonthField(forms.DateField):
    widget = MonthInput
    input_formats = ["%Y-%m", "%m/%Y", "%Y-%m-%d"]

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid", "Enter a month as year and month, like 2026-11")
        super().__init__(**kwargs)

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


def staff_users(user):
    """The staff who may work on a project: those of the user's programmes (all, above programmes)."""
    staff = get_user_model().objects.filter(is_active=True)
    staff = staff.filter(
        Q(groups__name__in=[roles.FACILITATORS, roles.PROGRAMME_LEADS]) | Q(is_superuser=True)
    )
    if not roles.sees_every_programme(user):
        staff = staff.filter(pk__in=Programme.objects.joined_by(user).member_ids())
    return staff.distinct().order_by("first_name", "last_name", "username")


class ProjectForm(PlainWordsMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "cohort",
            "team",
            "organisation",
            "aim",
            "population",
            "grouping",
            "custom_grouping",
            "custom_groups",
            "sponsor",
            "members",
            "stage",
        ]
        widgets = {
            "aim": forms.Textarea(attrs={"rows": 3}),
            "custom_groups": forms.Textarea(attrs={"rows": 4}),
            "members": forms.CheckboxSelectMultiple,
        }
        labels = {"cohort": "Cohort it came from"}
        help_texts = {
            "members": "Staff accounts that work on the project: each can enter its data.",
            "custom_groups": "Only for another characteristic: for example “Housebound”, “Not housebound”.",
        }
        error_messages = {"title": {"required": "Enter the project’s title"}}

    def __init__(self, *args, cohorts, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["cohort"].required = False
        staff = staff_users(user)
        if self.instance.pk:  # its members stay on the list, wherever they come from
            staff = get_user_model().objects.filter(
                Q(pk__in=staff.values("pk")) | Q(pk__in=self.instance.members.values("pk"))
            )
        self.fields["members"].queryset = staff.order_by("first_name", "last_name", "username")
        self.fields["members"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        self.fields["stage"].queryset = Stage.objects.all()
        self.fields["stage"].empty_label = None
        self.helper = helper_without_form_tag()

    def clean(self):
        data = super().clean()
        if data.get("grouping") == Project.Grouping.CUSTOM:
            groups = parse_groups(data.get("custom_groups", ""))
            if not data.get("custom_grouping"):
                self.add_error("custom_grouping", "Name the characteristic the groups are of")
            if len(groups) < 2:
                self.add_error("custom_groups", "List at least two groups, one a line")
            elif len(groups) > MAX_GROUPS:
                self.add_error("custom_groups", f"List at most {MAX_GROUPS} groups")
            elif any(len(group) > 100 for group in groups):
                self.add_error("custom_groups", "Keep each group to 100 characters or fewer")
        return data


class MeasureForm(PlainForm, forms.ModelForm):
    baseline_start = MonthField(
        label="Baseline from (month)",
        required=False,
        help_text="Leave both baseline months empty to use the first three months with data.",
    )
    baseline_end = MonthField(label="Baseline to (month)", required=False)

    class Meta:
        model = Measure
        fields = [
            "name",
            "kind",
            "numerator_label",
            "denominator_label",
            "higher_is_better",
            "baseline_start",
            "baseline_end",
        ]
        error_messages = {"name": {"required": "Enter the measure’s name"}}

    def clean(self):
        data = super().clean()
        start, end = data.get("baseline_start"), data.get("baseline_end")
        if start and end and end < start:
            self.add_error("baseline_end", "The baseline must end in or after the month it starts")
        return data


class MonthDataForm(PlainWordsMixin, forms.Form):
    """One month's figures, a row per group: what a team types in after each month."""

    period = MonthField(
        label="Month",
        error_messages={"required": "Enter the month the figures are for"},
        widget=MonthInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, measure: Measure, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.groups = tuple(groups)
        self.rows = []
        for index, group in enumerate(self.groups):
            names = {}
            if measure.kind == Measure.Kind.MEAN:
                names["value"] = forms.DecimalField(
                    label=f"{group}: mean", required=False, max_digits=12, decimal_places=3
                )
            else:
                label = measure.numerator_label if measure.is_proportion else "count"
                names["numerator"] = forms.IntegerField(
                    label=f"{group}: {label}", required=False, min_value=0
                )
            names["denominator"] = forms.IntegerField(
                label=f"{group}: {measure.denominator_label}", required=False, min_value=0
            )
            row = []
            for part, field in names.items():
                field.short_label = field.label.split(": ", 1)[1]
                field.widget.attrs.update(
                    {"inputmode": "decimal" if part == "value" else "numeric", "class": "form-control"}
                )
                self.fields[f"g{index}_{part}"] = field
                row.append(f"g{index}_{part}")
            self.rows.append((group, row))
        for name, field in self.fields.items():
            if name != "period":
                field.error_messages["invalid"] = f"{field.label} must be a number"
                field.error_messages["min_value"] = f"{field.label} cannot be below zero"
        use_plain_words(self)  # again, for the fields made here
        self.helper = helper_without_form_tag()

    def group_rows(self):
        """(group, its bound fields) for the template."""
        return [(group, [self[name] for name in names]) for group, names in self.rows]

    def clean(self):
        data = super().clean()
        figures = {}
        for index, group in enumerate(self.groups):
            numerator = data.get(f"g{index}_numerator")
            denominator = data.get(f"g{index}_denominator")
            value = data.get(f"g{index}_value")
            if any(f"g{index}_{part}" in self.errors for part in ("numerator", "denominator", "value")):
                continue
            first = f"g{index}_value" if self.measure.kind == Measure.Kind.MEAN else f"g{index}_numerator"
            if numerator is None and denominator is None and value is None:
                figures[group] = (None, None, None)
                continue
            if denominator is None:
                self.add_error(f"g{index}_denominator", f"Enter {group}’s {self.measure.denominator_label}")
                continue
            if self.measure.kind == Measure.Kind.MEAN:
                if value is None:
                    self.add_error(first, f"Enter {group}’s mean")
                    continue
            elif numerator is None:
                self.add_error(first, f"Enter {group}’s {self.fields[first].label.split(': ', 1)[1]}")
                continue
            if self.measure.is_proportion and numerator > denominator:
                self.add_error(
                    first,
                    f"{group}: {numerator} cannot be more than {denominator}, the "
                    f"{self.measure.denominator_label}",
                )
                continue
            figures[group] = (numerator, denominator, Decimal(value) if value is not None else None)
        nothing = not any(figure != (None, None, None) for figure in figures.values())
        if not self.errors and nothing and not self.initial.get("has_data"):
            raise ValidationError("Enter the figures of at least one group")
        self.figures = figures
        return data


def default_month(latest: datetime.date | None, today: datetime.date) -> datetime.date:
    """The month to offer: the one after the latest with data, or last month."""
    if latest is not None:
        return (latest.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


class PortfolioFilterForm(PlainWordsMixin, forms.Form):
    """The portfolio's filters; an unknown value is ignored, not an error page."""

    cohort = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Every cohort", to_field_name="slug"
    )
    organisation = forms.ChoiceField(required=False)
    stage = forms.ModelChoiceField(
        queryset=Stage.objects.all(), required=False, empty_label="Every stage", to_field_name="slug"
    )

    def __init__(self, *args, cohorts, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["organisation"].choices = [("", "Every organisation"), *((o, o) for o in organisations)]
        self.helper = helper_without_form_tag(method="get")

    def narrow(self, projects):
        """The projects the filters chosen leave; filters that are not valid choices are ignored."""
        return projects.matching(self.data if self.is_bound else {})


class StageAnswersForm(PlainWordsMixin, forms.Form):
    """The team's short answers to one stage's equity questions."""

    def __init__(self, *args, questions, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=question.text,
                required=False,
                max_length=2000,
                initial=answers.get(question.pk, ""),
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        use_plain_words(self)
        self.helper = helper_without_form_tag()

    def answers(self) -> dict:
        """Question → the answer typed."""
        return {question: self.cleaned_data[f"q{question.pk}"].strip() for question in self.questions}


class EquityQuestionForm(PlainWordsMixin, forms.ModelForm):
    class Meta:
        model = EquityQuestion
        fields = ["stage", "text", "order", "retired"]
        labels = {
            "order": "Position in its stage",
            "retired": "No longer asked (answers already given are kept)",
        }
        error_messages = {"text": {"required": "Enter the question"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].empty_label = None
        self.helper = helper_without_form_tag()


class ChangeIdeaForm(PlainForm, forms.ModelForm):
    class Meta:
        model = ChangeIdea
        fields = ["title"]
        error_messages = {"title": {"required": "Enter the change idea"}}


class PDSACycleForm(PlainWordsMixin, forms.ModelForm):
    class Meta:
        model = PDSACycle
        fields = ["started_on", "plan", "do", "study", "act"]
        widgets = {
            "started_on": DateInput(),
            "plan": forms.Textarea(attrs={"rows": 3}),
            "do": forms.Textarea(attrs={"rows": 3}),
            "study": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"act": "Act: what next"}
        help_texts = {
            "plan": "What you will test, and what you predict will happen, for each group.",
            "started_on": "The cycle is marked on the measures' charts at this date.",
        }
        error_messages = {
            "plan": {"required": "Enter the plan and its prediction"},
            "started_on": {"required": "Enter the date the cycle started"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act"].choices = [("", "Not decided yet"), *PDSACycle.Act.choices]
        self.helper = helper_without_form_tag()


class MeasureImportForm(PlainForm, forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text="A header row, then one row per month and group. Months already entered are replaced.",
        error_messages={"required": "Choose a file to import"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError("The file must be a CSV or an Excel workbook (.xlsx)")
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError("The file must be smaller than 5 MB")
        return upload
