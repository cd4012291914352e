"""The cohort and programme reports, their exports, and hiding a comment from them.

plotly (the charts) and pandas (the exports) are imported inside the views that use them, so
loading the URLs for a participant's request never loads either.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from evaluations import reports, services
from evaluations.forms import ProgrammeFilterForm
from evaluations.models import Answer
from evaluations.views import can_manage
from workshops import roles
from workshops.models import Cohort, Workshop
from workshops.views import get_cohort_for_user

FILTERS = ("workshop", "date_from", "date_to", "organisation")  # carried along when the breakdown changes


@roles.staff_required
@require_GET
def cohort_report(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug)
    report = reports.cohort_report(cohort, characteristic=request.GET.get("characteristic"))
    from evaluations import charts  # plotly is loaded for report pages only

    rows = [
        (question, s.title, i.counts) for question, answers in report.agreement_groups for s, i in answers
    ]
    context = {
        "cohort": cohort,
        "report": report,
        "sessions": cohort.sessions.scheduled(),
        "agreement_chart": charts.agreement_chart(rows) if rows else None,
        "can_manage": can_manage(request.user, cohort),
        "today": timezone.localdate(),
    }
    return render(request, "evaluations/cohort_report.html", context)


@roles.lead_required
@require_GET
def cohort_report_export(request, slug: str, what: str, file_format: str):
    """The report's figures, or its raw responses, as CSV or XLSX."""
    from evaluations import exports  # pandas is loaded only when someone exports
    from workshops.exports import FORMATS, file_response, to_file

    if file_format not in FORMATS:
        raise Http404("No such file type")
    cohort = get_cohort_for_user(request.user, slug)
    if what == "figures":
        frame = exports.figures_frame(reports.cohort_report(cohort))
    else:
        frame = exports.responses_frame(cohort)
    body = to_file(frame, file_format=file_format, sheet_name=what.capitalize())
    return file_response(body, file_format=file_format, filename=f"{cohort.slug}-{what}")


@roles.staff_required
@require_GET
def report_comments(request, slug: str):
    """Every comment of the cohort, with a button to hide it from the report or restore it."""
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    comments = (
        Answer.objects.filter(item__survey__cohort=cohort)
        .comments()
        .select_related("item__survey", "hidden_from_report_by")
        .order_by("item__survey__phase_order", "item__position", "response__created_at", "pk")
    )
    return render(request, "evaluations/report_comments.html", {"cohort": cohort, "comments": comments})


@roles.staff_required
@require_POST
def report_comment_hide(request, slug: str, pk: int, hide: bool):
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    answer = get_object_or_404(Answer.objects.filter(item__survey__cohort=cohort).comments(), pk=pk)
    if hide:
        services.comment_hide(answer=answer, user=request.user)
        messages.success(request, "The comment is hidden from the report, its exports and the command.")
    else:
        services.comment_restore(answer=answer)
        messages.success(request, "The comment is back in the report.")
    return redirect("evaluations:report_comments", cohort.slug)


@roles.lead_required
@require_GET
def programme_report(request):
    cohorts = Cohort.objects.for_user(request.user).in_programme_figures()
    workshops = Workshop.objects.filter(cohorts__in=cohorts).distinct().order_by("title")
    organisations = list(
        cohorts.exclude(organisation="")
        .order_by("organisation")
        .values_list("organisation", flat=True)
        .distinct()
    )
    form = ProgrammeFilterForm(request.GET or None, workshops=workshops, organisations=organisations)
    listed = list(workshops)
    workshop = form.value("workshop") or (listed[0] if listed else None)
    report = None
    if workshop is not None:
        report = reports.programme_report(
            workshop, form.narrow(cohorts), characteristic=form.value("characteristic") or ""
        )
    from evaluations import charts  # plotly is loaded for report pages only

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
        "run_charts": run_charts,
        "filter_fields": filters,
        "choose_workshop": len(listed) > 1,
    }
    return render(request, "evaluations/programme_report.html", context)
