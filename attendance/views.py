from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from attendance import certificates, imports, pages, services
from attendance.access import get_attendee, open_sign_in
from attendance.forms import AttendeeForm, AttendeeImportForm, RegisterForm, SignInForm
from evaluations.imports import ImportRefused
from workshops import roles
from workshops.access import get_cohort_for_user, get_session_for_user
from workshops.models import Cohort

EDIT = ["GET", "HEAD", "POST"]


@roles.staff_required
@require_safe
def register(request, slug: str):
    """The cohort's register: everyone expected, and who came to each session."""
    cohort = get_cohort_for_user(request.user, slug)
    return render(request, "attendance/register.html", pages.register(cohort))


@roles.staff_required
@require_http_methods(EDIT)
def attendee_add(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    form = AttendeeForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        attendee = services.attendee_add(cohort=cohort, **form.cleaned_data)
        messages.success(request, f"Added {attendee.name} to the register.")
        if "add_another" in request.POST:
            return redirect("attendance:attendee_add", slug)
        return redirect("attendance:register", slug)
    return render(request, "attendance/attendee_form.html", {"form": form, "cohort": cohort})


@roles.staff_required
@require_POST
def attendee_remove(request, slug: str, pk: int):
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    attendee = get_attendee(cohort, pk)
    attendee.delete()
    messages.success(request, f"Removed {attendee.name} from the register.")
    return redirect("attendance:register", slug)


@roles.staff_required
@require_http_methods(EDIT)
def attendee_import(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    form = AttendeeImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        already = set(cohort.attendees.values_list("name_key", flat=True))
        try:
            planned = imports.read(file_name=upload.name, content=upload.read(), already=already)
        except ImportRefused as refused:
            problems = refused.problems
        else:
            count = services.attendees_import(cohort=cohort, planned=planned)
            messages.success(
                request, f"Added {count} {'person' if count == 1 else 'people'} to the register."
            )
            return redirect("attendance:register", slug)
    context = {"form": form, "cohort": cohort, "problems": problems}
    return render(request, "attendance/attendee_import.html", context)


@roles.staff_required
@require_http_methods(EDIT)
def session_register(request, slug: str, part: int):
    """One session's register: the facilitator ticks who came (leads see it without ticking)."""
    session = get_session_for_user(request.user, slug, part)
    people = list(session.cohort.attendees.order_by("name_key"))
    marked = set(session.attendances.values_list("attendee_id", flat=True))
    form = RegisterForm(request.POST or None, people=people, initial={"present": sorted(marked)})
    if request.method == "POST":
        if not session.cohort.can_manage:
            raise PermissionDenied
        if form.is_valid():
            added, removed = services.register_mark(
                session=session, present=set(form.cleaned_data["present"])
            )
            messages.success(
                request,
                f"The register of {session.display_title} is saved: {added} ticked, {removed} unticked.",
            )
            return redirect("attendance:register", slug)
    context = pages.session_register(session, people, marked) | {"form": form, "today": timezone.localdate()}
    return render(request, "attendance/session_register.html", context)


@roles.staff_required
@require_POST
def sign_in_toggle(request, slug: str, part: int):
    session = get_session_for_user(request.user, slug, part, manage=True)
    is_open = request.POST.get("open") == "1"
    services.sign_in_open(session=session, is_open=is_open)
    if is_open:
        messages.success(
            request, f"Sign-in on phones is open for {session.display_title}. Show the code on the screen."
        )
        return redirect("attendance:sign_in_code", slug, part)
    messages.success(request, f"Sign-in on phones is closed for {session.display_title}.")
    return redirect("attendance:session_register", slug, part)


@roles.staff_required
@require_safe
def sign_in_code(request, slug: str, part: int):
    """For the projector: the session's register code and where to type it."""
    session = get_session_for_user(request.user, slug, part)
    return render(request, "attendance/sign_in_code.html", pages.sign_in_code(request, session))


@roles.staff_required
@require_safe
def certificates_pdf(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug)
    issued = certificates.for_cohort(cohort)
    if not issued:
        messages.info(request, "Nobody is marked as attending a session yet, so there are no certificates.")
        return redirect("attendance:register", slug)
    response = HttpResponse(certificates.render(issued), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificates-{cohort.slug}.pdf"'
    return response


@roles.staff_required
@require_POST
def certificates_email(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    sent = services.certificates_send(cohort=cohort)
    if sent:
        messages.success(request, f"Emailed {sent} certificate{'s' if sent != 1 else ''} of attendance.")
    else:
        messages.info(request, "No certificates to email: everyone who came and gave an email has theirs.")
    return redirect("attendance:register", slug)


# Participants: signing the register on their phone ---------------------------------------------


@require_http_methods(EDIT)
def sign_in(request, code: str):
    cohort = get_object_or_404(Cohort.objects.by_join_code(code).select_related("workshop"))
    open_now = open_sign_in(cohort)
    if open_now is None:
        return render(request, "attendance/sign_in_closed.html", {"cohort": cohort})
    form = SignInForm(request.POST if request.method == "POST" else None, sign_in=open_now)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attendee, _ = services.sign_in(session=open_now.session, name=data["name"], email=data["email"])
        messages.success(
            request,
            f"Thank you, {attendee.name}: you are on the register for {open_now.session.display_title}.",
        )
        return redirect(cohort.get_join_url())
    context = {"cohort": cohort, "session": open_now.session, "form": form, "today": timezone.localdate()}
    return render(request, "attendance/sign_in.html", context)
