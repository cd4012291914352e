"""QI projects: what a project-idea commitment becomes, with its measures by group and the gap."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment
from workshops import roles
from workshops.access import visible_cohorts
from workshops.models import Cohort

# The groups a project may compare, by a characteristic of the people it serves. The lists are
# the ones NHS data usually comes in; a project with other groups lists its own ("custom").
STANDARD_GROUPS = {
    "imd_quintile": (
        "IMD deprivation quintile",
        ("1 (most deprived)", "2", "3", "4", "5 (least deprived)"),
    ),
    "ethnic_group": (
        "Ethnic group",
        (
            "Asian or Asian British",
            "Black, Black British, Caribbean or African",
            "Mixed or multiple ethnic groups",
            "White",
            "Other ethnic group",
        ),
    ),
    "age_band": ("Age band", ("0 to 17", "18 to 39", "40 to 64", "65 to 79", "80 or over")),
    "sex": ("Sex", ("Female", "Male")),
}
MAX_GROUPS = 12


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


class Stage(models.Model):
    """A stage of the sequence of improvement; seeded by a data migration, edited by leads."""

    slug = models.SlugField(unique=True)
    order = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name


class EquityQuestionQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(retired=False)


class EquityQuestion(models.Model):
    """A question a team answers at a stage ("Whose voice is missing from the team?"): data, not code."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField("question", max_length=300)
    # Retired, not deleted, so the answers a team gave to it are kept with their question.
    retired = models.BooleanField(default=False)

    objects = EquityQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["stage__order", "order", "pk"]

    def __str__(self):
        return self.text


class ProjectQuerySet(models.QuerySet):
    def for_user(self, user):
        """The projects a staff user may see and work on: those of the cohorts they see, and their own."""
        if roles.sees_every_programme(user):
            return self.all()
        if not roles.is_staff_member(user):
            return self.none()
        member = Project.members.through.objects.filter(project=OuterRef("pk"), user=user.pk)
        return self.filter(Q(cohort__in=visible_cohorts(user)) | Q(created_by=user.pk) | Exists(member))

    def matching(self, query):
        """Narrowed by the portfolio's filters in an address's query (cohort, organisation, stage)."""
        return self.filtered(
            **{name: str(query.get(name, ""))[:200] for name in ("cohort", "organisation", "stage")}
        )

    def filtered(self, *, cohort: str = "", organisation: str = "", stage: str = ""):
        """Narrowed by a cohort's slug, an organisation and a stage's slug; an empty one does not narrow."""
        found = self
        if cohort:
            found = found.filter(cohort__slug=cohort)
        if organisation:
            found = found.filter(organisation=organisation)
        if stage:
            found = found.filter(stage__slug=stage)
        return found

    def started_from(self, cohorts):
        """The projects of these cohorts (a queryset of cohorts, or one cohort)."""
        if isinstance(cohorts, Cohort):
            return self.filter(cohort=cohorts)
        return self.filter(cohort__in=cohorts)

    def tally(self) -> dict[str, int]:
        """How many projects, the project ideas they came from, and their measures by gap class: one query.

        `narrowing_projects` counts projects with at least one measure whose gap is narrowing.
        """
        trends = {"narrowing": "narrowing", "no_clear_change": "no clear change", "widening": "widening"}
        trends["unknown"] = ""
        counts = {
            f"measures_{key}": models.Count("measures", filter=Q(measures__gap_trend=value), distinct=True)
            for key, value in trends.items()
        }
        return self.order_by().aggregate(
            projects=models.Count("pk", distinct=True),
            ideas=models.Count(
                "commitments", filter=Q(commitments__kind=Commitment.Kind.PROJECT_IDEA), distinct=True
            ),
            narrowing_projects=models.Count("pk", filter=Q(measures__gap_trend="narrowing"), distinct=True),
            best_got_worse=models.Count("measures", filter=Q(measures__best_got_worse=True), distinct=True),
            **counts,
        )

    def organisations(self) -> list[str]:
        """The organisations named by these projects, for the portfolio's filter."""
        found = self.exclude(organisation="").order_by("organisation").values_list("organisation", flat=True)
        return list(found.distinct())

    def for_portfolio(self):
        """Each project with what the portfolio lists, in a fixed number of queries."""
        return (
            self.select_related("stage", "cohort")
            .annotate(last_period=models.Max("measures__points__period"))
            .order_by("title", "pk")  # Meta.ordering does not apply to a query that groups
            .prefetch_related(
                models.Prefetch("measures", queryset=Measure.objects.order_by("order", "pk")),
                models.Prefetch("commitments", queryset=Commitment.objects.order_by("pk")),
            )
        )


class Project(models.Model):
    class Grouping(models.TextChoices):
        IMD_QUINTILE = "imd_quintile", "IMD deprivation quintile"
        ETHNIC_GROUP = "ethnic_group", "Ethnic group"
        AGE_BAND = "age_band", "Age band"
        SEX = "sex", "Sex"
        CUSTOM = "custom", "Another characteristic (list its groups)"

    title = models.CharField(max_length=200)
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    commitments = models.ManyToManyField(Commitment, blank=True, related_name="projects")
    team = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    aim = models.TextField(
        "aim statement",
        blank=True,
        help_text="What will improve, by how much, by when: “Raise uptake of the switch in the most "
        "deprived quintile from 20% to 50% by March 2027”.",
    )
    population = models.CharField(
        "the people it serves",
        max_length=300,
        blank=True,
        help_text="For example: adults on a PPI in our PCN.",
    )
    grouping = models.CharField(
        "groups to compare", max_length=20, choices=Grouping.choices, default=Grouping.IMD_QUINTILE
    )
    custom_grouping = models.CharField("name of the characteristic", max_length=100, blank=True)
    custom_groups = models.TextField("its groups, one a line", blank=True)
    sponsor = models.CharField(max_length=200, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="qi_projects")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="projects")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["organisation"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.pk])

    @property
    def grouping_label(self) -> str:
        if self.grouping == self.Grouping.CUSTOM:
            return self.custom_grouping or "Group"
        return STANDARD_GROUPS[self.grouping][0]

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups compared, in their usual order."""
        if self.grouping == self.Grouping.CUSTOM:
            return parse_groups(self.custom_groups)
        return STANDARD_GROUPS[self.grouping][1]


def parse_groups(text: str) -> tuple[str, ...]:
    """One group a line, blank lines and repeats dropped."""
    return tuple(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


class StageAnswer(models.Model):
    """A team's short answer to one equity question."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(EquityQuestion, on_delete=models.PROTECT, related_name="answers")
    answer = models.TextField(max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "question"], name="one_answer_per_question"),
        ]

    def __str__(self):
        return self.answer[:60]


class Measure(models.Model):
    class Kind(models.TextChoices):
        PROPORTION = "proportion", "A proportion (numerator of denominator)"
        COUNT = "count", "A count"
        MEAN = "mean", "A mean"

    class Trend(models.TextChoices):
        # The same words as reports.statistics.GapTrend, plus the case where no change can be shown.
        NARROWING = "narrowing", "Narrowing"
        NO_CLEAR_CHANGE = "no clear change", "No clear change"
        WIDENING = "widening", "Widening"
        UNKNOWN = "", "Not enough data"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200, help_text="For example: uptake of the switch.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PROPORTION)
    numerator_label = models.CharField(
        "what is counted", max_length=200, help_text="For example: patients switched."
    )
    denominator_label = models.CharField(
        "out of", max_length=200, help_text="For example: patients eligible. For a count or a mean: people."
    )
    higher_is_better = models.BooleanField("a higher value is better", default=True)
    baseline_start = models.DateField("baseline from (month)", null=True, blank=True)
    baseline_end = models.DateField("baseline to (month)", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Derived from the data points by projects.gaps.measure_trend_refresh after every change to
    # them or to the baseline, so the portfolio and the reports can count badges without the data.
    gap_trend = models.CharField(max_length=15, choices=Trend.choices, blank=True, default="")
    best_got_worse = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["proportion", "count", "mean"]), name="measure_kind_is_known"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.project_id]) + f"#measure-{self.pk}"

    @property
    def is_proportion(self) -> bool:
        return self.kind == self.Kind.PROPORTION

    @property
    def badge(self) -> tuple[str, str]:
        """The stored gap class as the badge shows it: (CSS modifier, words)."""
        words = {
            "narrowing": "Gap narrowing",
            "widening": "Gap widening",
            "no clear change": "Gap: no clear change",
        }
        return (self.gap_trend or "unknown").replace(" ", "-"), words.get(
            self.gap_trend, "Gap: not enough data"
        )


class DataPoint(models.Model):
    """One group's figure for one month: numerator of denominator, a count, or a mean of n people."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="points")
    period = models.DateField(help_text="The first day of the month.")
    group = models.CharField(max_length=100)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(validators=[MinValueValidator(0)])
    value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ["period", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period", "group"], name="one_point_per_period_and_group"
            ),
            models.CheckConstraint(condition=Q(period__day=1), name="point_period_is_a_month"),
        ]

    def __str__(self):
        return f"{self.measure_id} {self.period:%Y-%m} {self.group}"


class ChangeIdea(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_ideas")
    title = models.CharField("change idea", max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title


class PDSACycle(models.Model):
    """One Plan-Do-Study-Act cycle testing a change idea; drawn on the measures' charts at its date."""

    class Act(models.TextChoices):
        ADOPT = "adopt", "Adopt"
        ADAPT = "adapt", "Adapt"
        ABANDON = "abandon", "Abandon"

    change_idea = models.ForeignKey(ChangeIdea, on_delete=models.CASCADE, related_name="cycles")
    started_on = models.DateField("date")
    plan = models.TextField("plan, with the prediction", max_length=2000)
    do = models.TextField("do: what was done", max_length=2000, blank=True)
    study = models.TextField("study: what happened", max_length=2000, blank=True)
    act = models.CharField(max_length=7, choices=Act.choices, blank=True)

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self):
        return f"{self.change_idea} {self.started_on}"
