"""Surveys and their items, the responses participants give, and the workshop's default surveys.

How answers are stored (reports rely on it): agreement 1 = Strongly disagree … 5 = Strongly
agree; rating 1–5; yes/no 1 = Yes, 0 = No; free text in `Answer.text`. An item left unanswered
has no `Answer` row.
"""

import math
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone

from evaluations import characteristics as fixed_lists
from evaluations import phases
from workshops.models import Cohort, Participant, Workshop

FREE_TEXT_MAX_LENGTH = 2000

AGREEMENT_SCALE = [
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
]
RATING_SCALE = [(n, str(n)) for n in range(1, 6)]
YES_NO_SCALE = [(1, "Yes"), (0, "No")]

SECONDS_PER_ITEM = 15  # for "about N minutes"; a free-text item takes longer, a radio less


def new_submission_token() -> str:
    return secrets.token_urlsafe(24)


phase_validator = RegexValidator(
    phases.PATTERN,
    "A phase is “before”, “after-part-1”, “after-part-2”… or “after”.",
)


class ItemKind(models.TextChoices):
    AGREEMENT = "agreement", "Agreement (Strongly disagree to Strongly agree)"
    RATING = "rating", "Rating from 1 to 5"
    YES_NO = "yes_no", "Yes or no"
    FREE_TEXT = "free_text", "Free text"


class ItemFields(models.Model):
    """What an item says and how it is answered; shared by a survey's items and the templates'."""

    Kind = ItemKind

    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=ItemKind.choices, default=ItemKind.AGREEMENT)
    text = models.CharField("question", max_length=300)
    help_text = models.CharField(
        "hint", max_length=300, blank=True, help_text="Optional. Shown under the question."
    )
    required = models.BooleanField(
        "answer required", default=False, help_text="Leave unticked unless the survey is useless without it."
    )
    report_label = models.CharField(
        max_length=100,
        help_text="A few words for reports, for example “would recommend” or “understand what QI is”.",
    )
    low_label = models.CharField(
        "label for 1", max_length=60, blank=True, help_text="Ratings only, for example “poor”."
    )
    high_label = models.CharField(
        "label for 5", max_length=60, blank=True, help_text="Ratings only, for example “great”."
    )
    # Copied from the template (aim-1, aim-2, aim-3, recommend, overall, useful, comments) so that
    # reports can match the same question across a cohort's surveys and across cohorts.
    code = models.SlugField(max_length=40)

    class Meta:
        abstract = True

    def scale(self) -> list[tuple[int, str]]:
        """The answers a participant chooses from, as (stored number, label); empty for free text."""
        if self.kind == ItemKind.AGREEMENT:
            return AGREEMENT_SCALE
        if self.kind == ItemKind.YES_NO:
            return YES_NO_SCALE
        if self.kind == ItemKind.RATING:
            low, high = self.low_label, self.high_label
            return [
                (n, f"{n} = {low}" if n == 1 and low else f"{n} = {high}" if n == 5 and high else str(n))
                for n, _ in RATING_SCALE
            ]
        return []

    def label_for(self, number: int | None) -> str:
        return dict(self.scale()).get(number, "")

    def clean(self):
        if self.kind != ItemKind.RATING:
            self.low_label = self.high_label = ""


# Orderings name the foreign key's column (survey_id, not survey) so that Django does not join the
# parent table to sort by the parent's own ordering.


class SurveyTemplate(models.Model):
    """One of a workshop's default surveys; a new cohort gets a copy of each (see services)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="survey_templates")
    phase = models.CharField(max_length=20, choices=phases.TEMPLATE_PHASES)
    characteristics = models.JSONField(
        "about you questions",
        default=list,
        blank=True,
        help_text="Slugs from evaluations.characteristics that a new cohort's copy asks in “About you”.",
    )

    class Meta:
        ordering = ["workshop_id", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "phase"], name="one_template_per_phase"),
        ]

    def __str__(self):
        return f"{self.workshop}: {self.get_phase_display()}"


class ItemTemplate(ItemFields):
    survey_template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="items")

    class Meta:
        ordering = ["survey_template_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey_template", "position"], name="one_template_item_per_position"
            ),
            models.UniqueConstraint(fields=["survey_template", "code"], name="one_template_item_per_code"),
        ]

    def __str__(self):
        return self.text


class OfCohorts:
    """`of_cohorts(...)`: the rows of some cohorts, given as one cohort or a QuerySet of them.

    `cohort_path` is the lookup from the model to its cohort; the reports reach every app's rows
    through this one method rather than spelling the path out.
    """

    cohort_path = ""

    def of_cohorts(self, cohorts):
        if isinstance(cohorts, Cohort):
            return self.filter(**{self.cohort_path: cohorts})
        return self.filter(**{f"{self.cohort_path}__in": cohorts})


class SurveyQuerySet(OfCohorts, models.QuerySet):
    cohort_path = "cohort"

    def open_now(self, now=None):
        """Surveys taking answers now: opened by hand or by their opening time, and not closed."""
        now = now or timezone.now()
        started = Q(status=Survey.Status.OPEN) | Q(status=Survey.Status.DRAFT, opens_at__lte=now)
        not_ended = Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        return self.filter(started & not_ended)

    def with_counts(self):
        # Django leaves Meta.ordering out of GROUP BY queries: order them here.
        return self.annotate(
            response_count=Count("responses", distinct=True), item_count=Count("items", distinct=True)
        ).order_by("cohort_id", "phase_order")


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="surveys")
    phase = models.SlugField(max_length=20, validators=[phase_validator])
    phase_order = models.PositiveSmallIntegerField(editable=False, default=0)
    title = models.CharField(max_length=200)
    # Set by the facilitator's Open and Close buttons. The times below can also open a draft and
    # close an open survey; `state()` says what is in force now.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField(
        "opens at", null=True, blank=True, help_text="Optional. A draft survey opens by itself at this time."
    )
    closes_at = models.DateTimeField(
        "closes at", null=True, blank=True, help_text="Optional. The survey closes by itself at this time."
    )
    characteristics = models.JSONField(
        "about you questions",
        default=list,
        blank=True,
        help_text="Slugs from evaluations.characteristics, asked in “About you”.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["cohort_id", "phase_order"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "phase"], name="one_survey_per_phase_per_cohort"),
        ]

    def __str__(self):
        return f"{self.cohort}: {self.title}"

    def save(self, *args, **kwargs):
        self.phase_order = phases.order(self.phase)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("evaluations:survey_detail", args=[self.cohort.slug, self.phase])

    def get_participant_url(self):
        return reverse("evaluations:survey_fill", args=[self.cohort.join_code, self.phase])

    def get_thanks_url(self):
        return reverse("evaluations:survey_thanks", args=[self.cohort.join_code, self.phase])

    def clean(self):
        unknown = set(self.characteristics or []) - set(fixed_lists.BY_SLUG)
        if unknown:
            raise ValidationError(
                {"characteristics": f"Unknown characteristics: {', '.join(sorted(unknown))}"}
            )
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The closing time must be after the opening time"})

    def state(self, now=None) -> "Survey.Status":
        """Draft, open or closed right now, from the buttons and the times together."""
        now = now or timezone.now()
        if self.status == self.Status.CLOSED or (self.closes_at and self.closes_at <= now):
            if self.status == self.Status.DRAFT and not (self.opens_at and self.opens_at <= now):
                return self.Status.DRAFT  # a draft whose window passed without opening never opened
            return self.Status.CLOSED
        if self.status == self.Status.OPEN or (self.opens_at and self.opens_at <= now):
            return self.Status.OPEN
        return self.Status.DRAFT

    def is_open(self, now=None) -> bool:
        return self.state(now) == self.Status.OPEN

    def questions_are_frozen(self) -> bool:
        """After the first response the wording stays as it is, so results stay comparable."""
        if not hasattr(self, "_frozen"):
            count = getattr(self, "response_count", None)
            self._frozen = bool(count) if count is not None else self.responses.exists()
        return self._frozen

    def characteristic_list(self) -> list[fixed_lists.Characteristic]:
        return fixed_lists.in_fixed_order(self.characteristics)

    def minutes_to_fill(self, item_count: int) -> int:
        return max(1, math.ceil(item_count * SECONDS_PER_ITEM / 60))

    def response_count_now(self) -> int:
        count = getattr(self, "response_count", None)  # annotated by with_counts()
        return self.responses.count() if count is None else count

    def response_rate(self) -> int | None:
        """Responses as a whole percentage of the expected participants, rounded half up."""
        expected = self.cohort.expected_participants
        if not expected:
            return None
        return math.floor(self.response_count_now() * 100 / expected + 0.5)


class ItemQuerySet(OfCohorts, models.QuerySet):
    cohort_path = "survey__cohort"


class Item(ItemFields):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["survey_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="one_item_per_position"),
            models.UniqueConstraint(fields=["survey", "code"], name="one_item_per_code"),
        ]

    def __str__(self):
        return self.text


class ResponseImport(models.Model):
    """One file of paper or Microsoft Forms responses, imported into a survey in one go."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(default=0)
    ignored_columns = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey_id", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "sha256"], name="one_import_per_file_per_survey"),
        ]

    def __str__(self):
        return f"{self.file_name} into {self.survey}"


class ResponseQuerySet(OfCohorts, models.QuerySet):
    cohort_path = "survey__cohort"


class Response(models.Model):
    """One participant's answers to one survey: pseudonymous, never a name."""

    class Source(models.TextChoices):
        WEB = "web", "Web form"
        IMPORT = "import", "Imported file"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Null for imported rows: a paper form has no phone to pair it with.
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    # The one-time token of the form that last wrote this response: a double tap or a retry of
    # that same form finds it and changes nothing (docs/adr/0005).
    submission_token = models.CharField(max_length=64, unique=True, default=new_submission_token)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    response_import = models.ForeignKey(
        ResponseImport, on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["survey_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "participant"], name="one_response_per_participant"),
        ]

    def __str__(self):
        return f"Response {self.pk} to {self.survey}"


# The rows GroupTotalQuerySet.counted_by_group gives, in this order.
GROUP_COUNT_FIELDS = ("column", "code", "characteristic", "group", "positive", "answered")


class AnswerQuerySet(OfCohorts, models.QuerySet):
    cohort_path = "item__survey__cohort"

    def comments(self):
        """Free-text answers: the comments a report quotes."""
        return self.filter(item__kind=ItemKind.FREE_TEXT).exclude(text="")

    def shown_in_reports(self):
        """Leaves out the comments a facilitator hid from the report (one that names someone, say)."""
        return self.filter(hidden_from_report_at__isnull=True)


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # PROTECT: an item with answers cannot go, as its survey's wording is frozen.
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    # A facilitator of the cohort may hide a comment from the report, its exports and the
    # cohort_report command (and restore it); the answer itself is kept as it was given.
    hidden_from_report_at = models.DateTimeField(null=True, blank=True)
    hidden_from_report_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["response_id", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=0, number__lte=5),
                name="answer_number_0_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.item.code}: {self.number if self.number is not None else self.text[:40]}"

    @property
    def is_hidden_from_report(self) -> bool:
        return self.hidden_from_report_at is not None


class AboutYouAnswerQuerySet(OfCohorts, models.QuerySet):
    cohort_path = "response__survey__cohort"


class AboutYouAnswer(models.Model):
    """A characteristic the participant chose to tell us (after ticking to consent)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="about_you")
    characteristic = models.CharField(max_length=20, choices=fixed_lists.CHOICES)
    value = models.CharField(max_length=40)

    objects = AboutYouAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["response_id", "characteristic"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "characteristic"], name="one_value_per_characteristic"
            ),
        ]

    def __str__(self):
        return f"{self.characteristic}: {self.value}"

    def clean(self):
        characteristic = fixed_lists.BY_SLUG.get(self.characteristic)
        if characteristic and self.value not in dict(characteristic.options):
            raise ValidationError({"value": f"“{self.value}” is not an option of {characteristic.label}"})


EVERYONE = ""  # GroupTotal's characteristic and value on an item's row of every respondent
RATINGS = range(6)  # the stored answer values: 0-1 (yes/no) and 1-5 (agreement, rating)


class GroupTotalQuerySet(OfCohorts, models.QuerySet):
    cohort_path = "item__survey__cohort"

    def everyone(self):
        """Each item's row of all who answered it, whatever they told us about themselves."""
        return self.filter(characteristic=EVERYONE)

    def groups(self):
        return self.exclude(characteristic=EVERYONE)

    def counted_by_group(self, column: str):
        """The groups' totals added up by `column` (a survey or a phase), item code and group, as
        rows of GROUP_COUNT_FIELDS."""
        return (
            self.groups()
            .values("characteristic", column=F(column), code=F("item__code"), group=F("value"))
            .annotate(positive=Sum("positive"), answered=Sum("answered"))
            .values(*GROUP_COUNT_FIELDS)
            .order_by()
        )


class GroupTotal(models.Model):
    """How many answered an item, how many positively, and how many gave each value: one row for
    everyone who answered it, and one per group (characteristic and value) its respondents told us.

    Kept up to date in the same transaction as every write that changes answers (evaluations.totals,
    docs/adr/0040), so reports across many cohorts read these rows instead of the answers. Kept too
    when a cohort's "about you" answers are purged (docs/adr/0021): it holds counts only, with no
    link to a response, participant or key; small groups are hidden when the figures are shown.
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="group_totals")
    characteristic = models.CharField(max_length=20, choices=fixed_lists.CHOICES, blank=True)
    value = models.CharField(max_length=40, blank=True)  # as in AboutYouAnswer.value
    answered = models.PositiveIntegerField()
    positive = models.PositiveIntegerField()
    # How many gave 0, 1 … 5. Null when not known: a group's total kept by a purge before these
    # counts were kept (stays null as answers are added or removed).
    gave_0 = models.PositiveIntegerField(null=True, blank=True)
    gave_1 = models.PositiveIntegerField(null=True, blank=True)
    gave_2 = models.PositiveIntegerField(null=True, blank=True)
    gave_3 = models.PositiveIntegerField(null=True, blank=True)
    gave_4 = models.PositiveIntegerField(null=True, blank=True)
    gave_5 = models.PositiveIntegerField(null=True, blank=True)

    objects = GroupTotalQuerySet.as_manager()

    class Meta:
        ordering = ["item_id", "characteristic", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "characteristic", "value"], name="one_total_per_item_and_group"
            ),
            models.CheckConstraint(condition=Q(positive__lte=F("answered")), name="positive_within_answered"),
        ]

    def __str__(self):
        group = f"{self.characteristic}: {self.value}" if self.characteristic else "everyone"
        return f"{self.item.code}, {group}: {self.positive} of {self.answered}"
