from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commitments.models import Commitment
from evaluations.imports import ImportRefused
from projects import imports, pages, services
from projects.access import get_measure_for_user, get_project_for_user, visible_projects
from projects.forms import (
    ChangeIdeaForm,
    EquityQuestionForm,
    MeasureForm,
    MeasureImportForm,
    MonthDataForm,
    PDSACycleForm,
    PortfolioFilterForm,
    ProjectForm,
    StageAnswersForm,
    default_month,
)
from projects.models import ChangeIdea, EquityQuestion, Measure, PDSACycle, Stage
from workshops import roles
from workshops.access import visible_cohorts

EDIT = ["GET", "HEAD", "POST"]


@roles.staff_required
@require_safe
def project_list(request):
    """The portfolio: every project the user may see, with its stage, last data and gap badges."""
    visible = visible_projects(request.user)
    form = PortfolioFilterForm(
        request.GET or None,
        # Only the cohorts that have projects: a programme has hundreds of cohorts.
        cohorts=visible_cohorts(request.user).filter(pk__in=visible.values("cohort")).order_by("name"),
        organisations=visible.organisations(),
    )
    projects = form.narrow(visible).for_portfolio()
    return render(request, "projects/project_list.html", {"form": form, "projects": projects})


@roles.staff_required
@require_POST
def project_from_commitment(request, pk: int):
    """One click on a project idea's follow-up page: its project, made now or found."""
    commitment = get_object_or_404(
        Commitment.objects.for_user(request.user)
        .filter(kind=Commitment.Kind.PROJECT_IDEA)
        .select_related("cohort"),
        pk=pk,
    )
    project, created = services.project_start_from_commitment(commitment=commitment, user=request.user)
    if created:
        messages.success(request, "The QI project is started. Add its aim, its groups and a measure.")
        return redirect("projects:project_edit", project.pk)
    return redirect(project)


@roles.staff_required
@require_http_methods(EDIT)
def project_create(request):
    form = ProjectForm(
        request.POST or None, cohorts=visible_cohorts(request.user).order_by("name"), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        project = services.project_create(user=request.user, members=data.pop("members"), **data)
        messages.success(request, "The QI project is started. Add a measure to follow the gap.")
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form})


@roles.staff_required
@require_http_methods(EDIT)
def project_edit(request, pk: int):
    project = get_project_for_user(request.user, pk)
    cohorts = visible_cohorts(request.user).order_by("name")
    form = ProjectForm(request.POST or None, instance=project, cohorts=cohorts, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.project_update(project=project, members=data.pop("members"), **data)
        messages.success(request, "The project is saved.")
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@roles.staff_required
@require_safe
def project_detail(request, pk: int):
    project = get_project_for_user(request.user, pk)
    return render(request, "projects/project_detail.html", pages.project_page(project))


@roles.staff_required
@require_http_methods(EDIT)
def measure_create(request, pk: int):
    project = get_project_for_user(request.user, pk)
    form = MeasureForm(
        request.POST or None, instance=Measure(project=project, order=project.measures.count())
    )
    if request.method == "POST" and form.is_valid():
        measure = services.measure_save(measure=form.save(commit=False))
        messages.success(request, "The measure is added. Enter its first month of data.")
        return redirect("projects:measure_data", project.pk, measure.pk)
    return render(request, "projects/measure_form.html", {"form": form, "project": project})


@roles.staff_required
@require_http_methods(EDIT)
def measure_edit(request, pk: int, measure: int):
    measure = get_measure_for_user(request.user, pk, measure)
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        services.measure_save(measure=form.save(commit=False))
        messages.success(request, "The measure is saved.")
        return redirect(measure)
    return render(request, "projects/measure_form.html", {"form": form, "project": measure.project})


@roles.staff_required
@require_http_methods(EDIT)
def measure_data(request, pk: int, measure: int):
    """A month's figures by group, on one form that fits a phone; earlier months below."""
    measure = get_measure_for_user(request.user, pk, measure)
    project, points = measure.project, list(measure.points.all())
    month = pages.chosen_month(request.GET.get("month"), points, timezone.localdate())
    form = MonthDataForm(
        request.POST or None,
        measure=measure,
        groups=project.groups,
        initial=pages.month_initial(project.groups, points, month),
    )
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period"]
        services.month_data_save(measure=measure, period=period, figures=form.figures)
        messages.success(request, f"The figures for {period:%B %Y} are saved.")
        return redirect(measure)
    figures = services.measure_figures(measure, points)
    context = {"form": form, "measure": measure, "project": project, "figures": figures}
    context["next_month"] = default_month(max((p.period for p in points), default=None), timezone.localdate())
    return render(request, "projects/measure_data.html", context)


@roles.staff_required
@require_http_methods(EDIT)
def stage_answers(request, pk: int, stage: str):
    """The team answers the equity questions of one stage of the sequence of improvement."""
    project = get_project_for_user(request.user, pk)
    stage = get_object_or_404(Stage, slug=stage)
    questions = stage.questions.in_use()
    answers = dict(project.answers.filter(question__stage=stage).values_list("question_id", "answer"))
    form = StageAnswersForm(request.POST or None, questions=questions, answers=answers)
    if request.method == "POST" and form.is_valid():
        services.stage_answers_save(project=project, answers=form.answers())
        messages.success(request, f"The answers for “{stage.name}” are saved.")
        return redirect(project.get_absolute_url() + f"#stage-{stage.slug}")
    return render(request, "projects/stage_answers.html", {"form": form, "project": project, "stage": stage})


@roles.lead_required
@require_safe
def question_list(request):
    """The equity questions of every stage, for programme leads to edit."""
    return render(
        request, "projects/question_list.html", {"stages": Stage.objects.prefetch_related("questions")}
    )


@roles.lead_required
@require_http_methods(EDIT)
def question_edit(request, pk: int | None = None):
    question = get_object_or_404(EquityQuestion, pk=pk) if pk else EquityQuestion()
    form = EquityQuestionForm(
        request.POST or None, instance=question, initial={"stage": request.GET.get("stage")}
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The question is saved.")
        return redirect("projects:question_list")
    return render(request, "projects/question_form.html", {"form": form, "question": question})


@roles.staff_required
@require_http_methods(EDIT)
def change_idea_create(request, pk: int):
    project = get_project_for_user(request.user, pk)
    form = ChangeIdeaForm(request.POST or None, instance=ChangeIdea(project=project))
    if request.method == "POST" and form.is_valid():
        idea = form.save()
        messages.success(request, "The change idea is added. Plan its first PDSA cycle.")
        return redirect("projects:cycle_create", project.pk, idea.pk)
    return render(request, "projects/change_idea_form.html", {"form": form, "project": project})


@roles.staff_required
@require_http_methods(EDIT)
def cycle_edit(request, pk: int, idea: int, cycle: int | None = None):
    """Plan a PDSA cycle, or record how it went: do, study, act."""
    project = get_project_for_user(request.user, pk)
    idea = get_object_or_404(project.change_ideas, pk=idea)
    instance = get_object_or_404(idea.cycles, pk=cycle) if cycle else PDSACycle(change_idea=idea)
    form = PDSACycleForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The PDSA cycle is saved.")
        return redirect(project.get_absolute_url() + "#change-ideas")
    context = {"form": form, "project": project, "idea": idea, "cycle": instance}
    return render(request, "projects/cycle_form.html", context)


@roles.staff_required
@require_http_methods(EDIT)
def measure_import(request, pk: int, measure: int):
    """Several months from a CSV or XLSX file: every cell checked first, then all stored or nothing."""
    measure = get_measure_for_user(request.user, pk, measure)
    posted = request.method == "POST"
    form = MeasureImportForm(request.POST if posted else None, request.FILES if posted else None)
    problems = []
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = services.measure_data_import(
                measure=measure, file_name=upload.name, content=upload.read()
            )
        except ImportRefused as refused:
            problems = refused.problems
            form.add_error("file", _refusal_summary(len(problems)))
        else:
            messages.success(
                request, f"Imported {count} figure{'s' if count != 1 else ''} from “{upload.name}”."
            )
            return redirect(measure)
    context = {"form": form, "measure": measure, "project": measure.project, "problems": problems}
    context["headers"] = imports.header_names(measure)
    return render(request, "projects/measure_import.html", context)


def _refusal_summary(count: int) -> str:
    if count == 1:
        return "The file has 1 problem, so nothing was imported. Fix it and upload the file again"
    return f"The file has {count} problems, so nothing was imported. Fix them and upload the file again"
