from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from arrangements import files, pages, services
from arrangements.access import (
    get_material_for_user,
    get_request_for_user,
    released_session,
    visible_requests,
)
from arrangements.forms import (
    AgendaItemForm,
    DesignMeetingForm,
    MaterialForm,
    RequestDecisionForm,
    RequestToCohortForm,
    WorkshopRequestForm,
    new_submission_token,
)
from arrangements.models import AgendaItem, DesignMeeting
from workshops import roles
from workshops.access import get_cohort_for_user, get_session_for_user
from workshops.models import Cohort, Programme

EDIT = ["GET", "HEAD", "POST"]

# A team asks for the workshop (public) ---------------------------------------------------------


@require_http_methods(EDIT)
def request_new(request):
    if not Programme.objects.exists():
        return render(request, "arrangements/request_closed.html")
    form = WorkshopRequestForm(
        request.POST if request.method == "POST" else None,
        initial={"submission_token": new_submission_token()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.request_submit(submission_token=data.pop("submission_token"), **data)
        return redirect("arrangements:request_sent")
    return render(request, "arrangements/request_form.html", {"form": form})


@require_safe
def request_sent(request):
    return render(request, "arrangements/request_sent.html")


# Leads: the requests -------------------------------------------------------------------------


@roles.lead_required
@require_safe
def request_list(request):
    now = timezone.now()
    requests = list(visible_requests(request.user).in_list_order().select_related("cohort"))
    for each in requests:
        each.stale = each.is_stale(now)
    context = {
        "requests": requests,
        "stale": sum(each.stale for each in requests),
        "settings_days": settings.WORKSHOP_REQUEST_STALE_DAYS,
    }
    return render(request, "arrangements/request_list.html", context)


@roles.lead_required
@require_http_methods(EDIT)
def request_detail(request, pk: int):
    workshop_request = get_request_for_user(request.user, pk)
    form = RequestDecisionForm(request.POST or None, instance=workshop_request)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved: the request is “{workshop_request.get_status_display()}”.")
        return redirect("arrangements:request_list")
    context = {"workshop_request": workshop_request, "form": form, "stale": workshop_request.is_stale()}
    return render(request, "arrangements/request_detail.html", context)


@roles.lead_required
@require_http_methods(EDIT)
def request_to_cohort(request, pk: int):
    workshop_request = get_request_for_user(request.user, pk)
    if workshop_request.cohort_id:
        messages.info(request, "This request is already a cohort.")
        return redirect(workshop_request.cohort)
    form = RequestToCohortForm(
        request.POST or None,
        initial={"name": workshop_request.suggested_cohort_name()},
        facilitators=pages.facilitator_accounts(workshop_request.programme),
    )
    if request.method == "POST" and form.is_valid():
        cohort = services.request_to_cohort(request=workshop_request, user=request.user, **form.cleaned_data)
        messages.success(
            request, f"Created “{cohort.name}” from the request. Its facilitators can now add the sessions."
        )
        return redirect(cohort)
    context = {"workshop_request": workshop_request, "form": form}
    return render(request, "arrangements/request_to_cohort.html", context)


# A cohort's design group -----------------------------------------------------------------------


@roles.staff_required
@require_http_methods(EDIT)
def design_meeting_edit(request, slug: str, pk: int | None = None):
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    meeting = get_object_or_404(cohort.design_meetings, pk=pk) if pk else DesignMeeting(cohort=cohort)
    form = DesignMeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The design group meeting is saved.")
        return redirect(f"{cohort.get_absolute_url()}#design-group-heading")
    return render(request, "arrangements/design_meeting_form.html", {"form": form, "cohort": cohort})


# A session's agenda and materials (staff) ------------------------------------------------------


@roles.staff_required
@require_safe
def session_plan(request, slug: str, part: int):
    session = get_session_for_user(request.user, slug, part)
    return render(request, "arrangements/session_plan.html", pages.session_plan(session))


@roles.staff_required
@require_http_methods(EDIT)
def agenda_item_add(request, slug: str, part: int):
    session = get_session_for_user(request.user, slug, part, manage=True)
    form = AgendaItemForm(request.POST or None, instance=AgendaItem(session=session))
    if request.method == "POST" and form.is_valid():
        services.agenda_item_add(item=form.instance)
        messages.success(request, f"Added “{form.instance.title}” to the agenda.")
        return redirect("arrangements:session_plan", slug, part)
    return render(request, "arrangements/agenda_item_form.html", {"form": form, "session": session})


@roles.staff_required
@require_POST
def agenda_item_remove(request, slug: str, part: int, pk: int):
    session = get_session_for_user(request.user, slug, part, manage=True)
    item = get_object_or_404(session.agenda_items, pk=pk)
    item.delete()
    messages.success(request, f"Removed “{item.title}” from the agenda.")
    return redirect("arrangements:session_plan", slug, part)


@roles.staff_required
@require_http_methods(EDIT)
def material_add(request, slug: str, part: int):
    session = get_session_for_user(request.user, slug, part, manage=True)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.material_add(
            session=session,
            title=data["title"],
            upload=data.get("file") or None,
            kind=getattr(form, "kind", None),
            link=data.get("link", ""),
        )
        messages.success(request, f"Added “{data['title']}” to the materials.")
        return redirect("arrangements:session_plan", slug, part)
    return render(request, "arrangements/material_form.html", {"form": form, "session": session})


@roles.staff_required
@require_POST
def material_remove(request, slug: str, part: int, pk: int):
    material = get_material_for_user(request.user, slug, part, pk, manage=True)
    services.material_remove(material=material)
    messages.success(request, f"Removed “{material.title}” from the materials.")
    return redirect("arrangements:session_plan", slug, part)


@roles.staff_required
@require_safe
def material_download(request, slug: str, part: int, pk: int):
    return _download(get_material_for_user(request.user, slug, part, pk))


@roles.staff_required
@require_POST
def session_release(request, slug: str, part: int):
    session = get_session_for_user(request.user, slug, part, manage=True)
    released = request.POST.get("release") == "1"
    services.session_release(session=session, released=released)
    if released:
        messages.success(
            request, f"Participants now see the agenda and materials of {session.display_title}."
        )
    else:
        messages.success(
            request, f"Participants no longer see the agenda and materials of {session.display_title}."
        )
    return redirect("arrangements:session_plan", slug, part)


# Participants: released agendas and materials, by the join code --------------------------------


def _cohort_by_code(code: str) -> Cohort:
    return get_object_or_404(Cohort.objects.by_join_code(code).select_related("workshop"))


@require_safe
def participant_sessions(request, code: str):
    cohort = _cohort_by_code(code)
    return render(request, "arrangements/participant_sessions.html", pages.released_sessions(cohort))


@require_safe
def participant_material(request, code: str, part: int, pk: int):
    session = released_session(_cohort_by_code(code), part)
    material = get_object_or_404(session.materials, pk=pk)
    return _download(material)


def _download(material):
    if material.is_link:
        return redirect(material.link)
    try:
        handle = material.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    name = files.safe_download_name(material.title, material.file.name)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=material.content_type or "application/octet-stream",
    )
