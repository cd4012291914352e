"""The cohort and programme reports, their exports, and hiding a comment from them.

plotly (the charts) and pandas (the exports) are imported inside the views that use them, so
loading the URLs for a participant's request never loads either.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from evaluations import services
from evaluations.models import Answer
from projects.models import Project
from reports import cohort as cohort_reports
from reports import programme as programme_reports
from reports.forms import CommitmentsExportForm, ProgrammeFilterForm
from workshops import roles
from workshops.access import get_cohort_for_user, visible_cohorts
from workshops.models import Programme, Workshop

FILTERS = (
    "programme",
    "workshop",
    "date_from",
    "date_to",
    "organisation",
)  # carried along when the breakdown changes


@roles.staff_required
@require_safe
def cohort_report(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug)
    report = cohort_reports.cohort_report(cohort, characteristic=request.GET.get("characteristic"))
    from reports import charts  # plotly is loaded for report pages only

    rows = [
        (question, s.title, i.counts) for question, answers in report.agreement_groups for s, i in answers
    ]
    context = {
        "cohort": cohort,
        "report": report,
        "sessions": cohort.sessions.scheduled(),
        "agreement_chart": charts.agreement_chart(rows) if rows else None,
        "agreement_chart_narrow": charts.agreement_chart(rows, narrow=True) if rows else None,
        "can_manage": cohort.can_manage,
        "today": timezone.localdate(),
    }
    return render(request, "reports/cohort_report.html", context)


def _refuse_unknown(file_format: str) -> None:
    from reports.files import FORMATS

    if file_format not in FORMATS:
        raise Http404("No such file type")


def _report_file(frame, *, file_format: str, what: str, name: str):
    """A frame as a CSV or XLSX download."""
    from reports.files import file_response, to_file

    body = to_file(frame, file_format=file_format, sheet_name=what.capitalize())
    return file_response(body, file_format=file_format, filename=f"{name}-{what}")


@roles.staff_required
@require_safe
def cohort_figures_export(request, slug: str, file_format: str):
    """The report's figures as CSV or XLSX, for the cohort's facilitators and programme leads."""
    cohort = get_cohort_for_user(request.user, slug)
    from reports import exports  # pandas is loaded only when someone exports

    _refuse_unknown(file_format)
    frame = exports.figures_sheet(cohort_reports.cohort_report(cohort))
    return _report_file(frame, file_format=file_format, what="figures", name=cohort.slug)


@roles.lead_required
@require_safe
def cohort_responses_export(request, slug: str, file_format: str):
    """The cohort's raw responses, one row each, as CSV or XLSX: for programme leads."""
    cohort = get_cohort_for_user(request.user, slug)
    from reports import exports  # pandas is loaded only when someone exports

    _refuse_unknown(file_format)
    frame = exports.responses_frame(cohort)
    return _report_file(frame, file_format=file_format, what="responses", name=cohort.slug)


@roles.staff_required
@require_safe
def report_comments(request, slug: str):
    """Every comment of the cohort, with a button to hide it from the report or restore it."""
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    comments = (
        Answer.objects.of_cohorts(cohort)
        .comments()
        .select_related("item__survey", "hidden_from_report_by")
        .order_by("item__survey__phase_order", "item__position", "response__created_at", "pk")
    )
    return render(request, "reports/report_comments.html", {"cohort": cohort, "comments": comments})


@roles.staff_required
@require_POST
def report_comment_hide(request, slug: str, pk: int, hide: bool):
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    answer = get_object_or_404(Answer.objects.of_cohorts(cohort).comments(), pk=pk)
    if hide:
        services.comment_hide(answer=answer, user=request.user)
        messages.success(request, "The comment is hidden from the report, its exports and the command.")
    else:
        services.comment_restore(answer=answer)
        messages.success(request, "The comment is back in the report.")
    return redirect("reports:report_comments", cohort.slug)


def _programme(request):
    """The filter form, the workshops to choose from and the programme report they ask for (or None)."""
    cohorts = visible_cohorts(request.user).in_programme_figures()
    workshops = Workshop.objects.filter(cohorts__in=cohorts).distinct().order_by("title")
    organisations = list(
        cohorts.exclude(organisation="")
        .order_by("organisation")
        .values_list("organisation", flat=True)
        .distinct()
    )
    programmes = Programme.objects.for_user(request.user)
    form = ProgrammeFilterForm(
        request.GET or None, programmes=programmes, workshops=workshops, organisations=organisations
    )
    listed = list(workshops)
    workshop = form.value("workshop") or (listed[0] if listed else None)
    report = None
    if workshop is not None:
        report = programme_reports.programme_report(
            workshop, form.narrow(cohorts), characteristic=form.value("characteristic") or ""
        )
    return form, listed, workshop, report


@roles.lead_required
@require_safe
def programme_report_export(request, file_format: str):
    """The programme report's figures, under the same filters as the page, as CSV or XLSX."""
    _refuse_unknown(file_format)
    _, _, workshop, report = _programme(request)
    if report is None:
        raise Http404("No programme to export")
    from reports import exports  # pandas is loaded only when someone exports

    name = f"{workshop.slug}-programme"
    return _report_file(exports.programme_frame(report), file_format=file_format, what="figures", name=name)


@roles.lead_required
@require_safe
def programme_report(request):
    form, listed, workshop, report = _programme(request)
    from reports import charts  # plotly is loaded for report pages only

    run_charts = []
    for result in report.run_charts if report else ():
        dates = [row.cohort.first_date for row, _ in result.rows]
        figure = charts.run_chart(result.chart, dates) if result.rows else None
        run_charts.append((result, figure))
    filters = [(name, request.GET[name]) for name in FILTERS if request.GET.get(name)]
    context = {
        "form": form,
        "report": report,
        "workshop": workshop,
        "query": request.GET.urlencode(),
        "run_charts": run_charts,
        "filter_fields": filters,
        "choose_workshop": len(listed) > 1,
        "programmes": list(form.fields["programme"].queryset),
        "programme": form.value("programme"),
    }
    return render(request, "reports/programme_report.html", context)


@roles.staff_required
@require_safe
def commitments_export(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug)
    form = CommitmentsExportForm(request.GET if "format" in request.GET else None)
    if form.is_bound and form.is_valid():
        from reports import commitments_export  # pandas is loaded only when someone exports
        from reports.files import file_response

        file_format, include_emails = form.cleaned_data["format"], form.cleaned_data["include_emails"]
        body = commitments_export.cohort_export(
            cohort, file_format=file_format, include_emails=include_emails
        )
        return file_response(body, file_format=file_format, filename=f"{cohort.slug}-commitments")
    return render(request, "reports/commitments_export.html", {"cohort": cohort, "form": form})


@roles.staff_required
@require_safe
def projects_export(request, file_format: str):
    """The portfolio of QI projects the user may see, as the portfolio page filters it."""
    from reports.files import FORMATS, file_response

    if file_format not in FORMATS:
        raise Http404
    from reports import projects_export  # pandas is loaded only when someone exports

    projects = Project.objects.for_user(request.user).matching(request.GET).for_portfolio()
    body = projects_export.portfolio_export(projects, file_format=file_format)
    return file_response(body, file_format=file_format, filename="qi-projects")
