from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from workshops import calendars, participants, roles, services
from workshops.access import (
    get_cohort_for_user,
    get_programme_for_user,
    get_session_for_user,
    join_url,
    visible_cohorts,
)
from workshops.activities import cohort_sections, open_activities
from workshops.forms import (
    CohortForm,
    DuplicateCohortForm,
    JoinForm,
    ProgrammeMemberForm,
    RescheduleForm,
    SessionFormSet,
    helper_without_form_tag,
)
from workshops.models import Cohort, Programme, Session
from workshops.qr import join_qr_svg


@require_safe
def home(request):
    if roles.is_staff_member(request.user):
        return redirect("workshops:dashboard")
    return join(request)


@require_safe
def join(request):
    form = JoinForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect(form.cohort.get_join_url())
    return render(request, "workshops/join.html", {"form": form})


@require_safe
def landing(request, code: str):
    cohort = get_object_or_404(Cohort.objects.by_join_code(code).select_related("workshop"))
    participant = participants.participant_from_request(request, cohort)
    activities = [] if cohort.is_cancelled else open_activities(cohort, participant)
    return render(request, "workshops/landing.html", {"cohort": cohort, "activities": activities})


@require_safe
def privacy(request):
    context = {
        "controller": settings.PRIVACY_CONTROLLER,
        "lawful_basis": settings.PRIVACY_LAWFUL_BASIS,
        "contact": settings.PRIVACY_CONTACT,
    }
    return render(request, "workshops/privacy.html", context)


@require_safe
def personal_link(request, code: str, key: str):
    """A retired personal link: it no longer changes whose phone this is (docs/adr/0025)."""
    cohort = get_object_or_404(Cohort.objects.by_join_code(code))
    return render(request, "workshops/personal_link_retired.html", {"cohort": cohort}, status=410)


@roles.staff_required
@require_safe
def dashboard(request):
    today = timezone.localdate()
    sessions = (
        Session.objects.for_user(request.user)
        .filter(cohort__facilitators=request.user, cohort__archived_at__isnull=True)
        .scheduled()
        .upcoming(today)
        .select_related("cohort")
    )
    show_archived = request.GET.get("archived") == "1"
    cohorts = visible_cohorts(request.user).select_related("workshop").with_first_date().with_schedule()
    if not show_archived:
        cohorts = cohorts.not_archived()
    context = {
        "today": today,
        "sessions": sessions[:20],
        "cohorts": cohorts.order_by("-first_date", "name"),
        "show_archived": show_archived,
    }
    return render(request, "workshops/dashboard.html", context)


@roles.staff_required
@require_safe
def cohort_detail(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug)
    can_manage = cohort.can_manage
    sessions = list(cohort.sessions.all())
    cohort.know_schedule_from(sessions)
    return render(
        request,
        "workshops/cohort_detail.html",
        {
            "cohort": cohort,
            "sessions": sessions,
            "facilitators": cohort.facilitators.order_by("first_name", "username"),
            "can_manage": can_manage,
            "join_url": join_url(request, cohort),
            "sections": cohort_sections(request, cohort),
        },
    )


def _cohort_form_page(request, cohort: Cohort | None):
    """Create or edit a cohort with its sessions on one page; "Add another session" works without JS."""
    instance = cohort or Cohort()
    data = request.POST.copy() if request.method == "POST" else None
    adding_session = data is not None and "add_session" in data
    if adding_session:
        rows = SessionFormSet(data, instance=instance, prefix="sessions").total_form_count()
        data["sessions-TOTAL_FORMS"] = str(rows + 1)
        data[f"sessions-{rows}-part"] = str(rows + 1)
    form = CohortForm(data, instance=instance, user=request.user)
    formset = SessionFormSet(data, instance=instance, prefix="sessions")
    warnings = []
    if data is not None and not adding_session and form.is_valid() and formset.is_valid():
        warnings = form.warnings() + formset.warnings(timezone.localdate())
        if not warnings or "save_anyway" in data:
            sessions, changed, removed = formset.sessions()
            saved = services.cohort_save(
                cohort=form.instance,
                facilitators=form.cleaned_data.get("facilitators", []),
                sessions=sessions,
                changed=changed,
                removed=removed,
                user=request.user,
                ask_about_you=form.cleaned_data.get("ask_about_you", True),
            )
            messages.success(request, f"Saved “{saved.name}”.")
            return redirect(saved)
    show_errors = not adding_session
    form.helper.form_show_errors = show_errors
    session_helper = helper_without_form_tag()
    session_helper.form_show_errors = show_errors
    context = {
        "form": form,
        "formset": formset,
        "session_helper": session_helper,
        "cohort": cohort,
        "show_errors": show_errors,
        "warnings": warnings,
    }
    return render(request, "workshops/cohort_form.html", context)


@roles.facilitator_required
@require_http_methods(["GET", "HEAD", "POST"])
def cohort_create(request):
    return _cohort_form_page(request, None)


@roles.staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def cohort_edit(request, slug: str):
    return _cohort_form_page(request, get_cohort_for_user(request.user, slug, manage=True))


@roles.staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def cohort_duplicate(request, slug: str):
    source = get_cohort_for_user(request.user, slug, manage=True)
    form = DuplicateCohortForm(request.POST or None, source=source)
    warnings = form.warnings(timezone.localdate()) if request.method == "POST" and form.is_valid() else []
    if request.method == "POST" and form.is_valid() and (not warnings or "save_anyway" in request.POST):
        name, dates = form.cleaned_data["name"], form.dates()
        cohort = services.cohort_duplicate(source=source, name=name, dates=dates, user=request.user)
        messages.success(
            request, f"Created “{cohort.name}”, a copy of “{source.name}” with its own join code."
        )
        return redirect(cohort)
    context = {"form": form, "source": source, "warnings": warnings}
    return render(request, "workshops/cohort_duplicate.html", context)


@roles.staff_required
@require_POST
def cohort_archive(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    archived = request.POST.get("archive") == "1"
    services.cohort_archive(cohort=cohort, archived=archived)
    if archived:
        messages.success(
            request, f"“{cohort.name}” is archived: kept, but off the dashboard and the programme’s figures."
        )
    else:
        messages.success(request, f"“{cohort.name}” is back from the archive.")
    return redirect(cohort)


@roles.staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def cohort_delete(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    records = cohort.records()
    if request.method == "POST" and not records:
        services.cohort_delete(cohort=cohort)
        messages.success(request, f"“{cohort.name}” is deleted.")
        return redirect("workshops:dashboard")
    return render(request, "workshops/cohort_delete.html", {"cohort": cohort, "records": records})


@roles.staff_required
@require_safe
def cohort_projector(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug)
    url = join_url(request, cohort)
    context = {
        "cohort": cohort,
        "join_url": url,
        "short_link": url.split("://", 1)[-1],
        "qr_svg": join_qr_svg(url),
    }
    return render(request, "workshops/cohort_projector.html", context)


@roles.staff_required
@require_safe
def cohort_calendar(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug)
    body = calendars.cohort_calendar(cohort, join_url=join_url(request, cohort))
    return _ics_response(body, f"{cohort.slug}.ics")


@roles.staff_required
@require_safe
def session_calendar(request, slug: str, part: int):
    session = get_session_for_user(request.user, slug, part)
    body = calendars.calendar_for(
        [session], join_url=join_url(request, session.cohort), name=session.cohort.name
    )
    return _ics_response(body, f"{session.cohort.slug}-part-{session.part}.ics")


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@roles.staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_reschedule(request, slug: str, part: int):
    session = get_session_for_user(request.user, slug, part, manage=True)
    form = RescheduleForm(request.POST or None, instance=session)
    warnings = form.warnings(timezone.localdate()) if request.method == "POST" and form.is_valid() else []
    if request.method == "POST" and form.is_valid() and (not warnings or "save_anyway" in request.POST):
        services.session_reschedule(session=session, **form.cleaned_data)
        messages.success(
            request,
            f"{session.display_title} is now on {session.date:%-d %B %Y} at {session.starts_at:%H:%M}.",
        )
        return redirect(session.cohort)
    context = {"form": form, "session": session, "warnings": warnings}
    return render(request, "workshops/session_reschedule.html", context)


@roles.staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_cancel(request, slug: str, part: int):
    session = get_session_for_user(request.user, slug, part, manage=True)
    if request.method == "POST":
        services.session_cancel(session=session)
        messages.success(request, f"{session.display_title} is cancelled. Its calendar event now says so.")
        return redirect(session.cohort)
    return render(request, "workshops/session_cancel.html", {"session": session})


@roles.staff_required
@require_POST
def session_reinstate(request, slug: str, part: int):
    session = get_session_for_user(request.user, slug, part, manage=True)
    clash = session.first_clash()
    if clash:
        messages.error(
            request,
            f"{session.display_title} cannot go back on the schedule: it overlaps {clash.display_title}. "
            "Reschedule one of them first.",
        )
    else:
        services.session_reinstate(session=session)
        messages.success(request, f"{session.display_title} is back on the schedule.")
    return redirect(session.cohort)


# Programmes: who belongs to which (docs/adr/0045) ---------------------------------------------


@roles.lead_required
@require_safe
def programme_list(request):
    programmes = Programme.objects.for_user(request.user).prefetch_related("members")
    return render(request, "workshops/programme_list.html", {"programmes": programmes})


@roles.lead_required
@require_http_methods(["GET", "HEAD", "POST"])
def programme_people(request, pk: int):
    """A programme's people, and someone with a staff account added by their email address."""
    programme = get_programme_for_user(request.user, pk)
    form = ProgrammeMemberForm(request.POST or None, programme=programme)
    if form.is_valid():
        programme.members.add(form.person)
        name = form.person.get_full_name() or form.person.get_username()
        messages.success(request, f"{name} is now in {programme.name}.")
        return redirect("workshops:programme_people", programme.pk)
    people = list(
        programme.members.filter(is_active=True)
        .prefetch_related("groups")
        .order_by("first_name", "last_name", "username")
    )
    for person in people:
        groups = {group.name for group in person.groups.all()}
        person.roles = [role for role in (roles.PROGRAMME_LEADS, roles.FACILITATORS) if role in groups]
    return render(
        request, "workshops/programme_people.html", {"programme": programme, "people": people, "form": form}
    )


@roles.lead_required
@require_POST
def programme_member_remove(request, pk: int, user_pk: int):
    programme = get_programme_for_user(request.user, pk)
    person = get_object_or_404(programme.members, pk=user_pk)
    name = person.get_full_name() or person.get_username()
    try:
        services.programme_member_remove(programme=programme, person=person)
    except services.LastLeadStays:
        messages.error(request, f"{name} is the programme’s only lead: add another lead first.")
    else:
        messages.success(request, f"{name} is no longer in {programme.name}.")
    return redirect("workshops:programme_people", programme.pk)
