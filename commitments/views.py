from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Max
from django.forms import model_to_dict
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import conditional_page, require_http_methods, require_POST, require_safe

from commitments import services
from commitments.forms import (
    ApprovalForm,
    CommitmentEditForm,
    CommitmentFixForm,
    CommitmentForm,
    FollowUpFilterForm,
    FollowUpForm,
    ParticipantUpdateForm,
    commitment_as_typed,
)
from commitments.models import Commitment, CommitmentSettings, Reminder, new_token
from workshops import participants, roles
from workshops.access import get_cohort_for_user, join_url, visible_cohorts
from workshops.activities import app_hooks
from workshops.models import Cohort
from workshops.qr import join_qr_svg

WALL_POLL_SECONDS = 5

# Participant pages: no account; the phone is recognised by its cookie (workshops/participants.py).


def _cohort_by_code(code: str) -> tuple[Cohort, CommitmentSettings]:
    cohort = get_object_or_404(
        Cohort.objects.by_join_code(code).select_related("workshop", "commitment_settings")
    )
    return cohort, CommitmentSettings.of(cohort)


def _form_closed(request, cohort: Cohort):
    """The form closed while the participant wrote: give back all they sent, so nothing typed is lost."""
    typed = commitment_as_typed(request.POST) if request.method == "POST" else {}
    return render(request, "commitments/participant_closed.html", {"cohort": cohort, "typed": typed})


def _own_commitment(request, cohort: Cohort, pk: int) -> Commitment:
    """One of this phone's own cards in the cohort, or 404: nobody reaches anyone else's."""
    participant = participants.participant_from_request(request, cohort)
    return get_object_or_404(Commitment.objects.for_participant(participant).filter(cohort=cohort), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
def commitment_new(request, code: str):
    cohort, wall = _cohort_by_code(code)
    if not wall.accepts_posts():
        return _form_closed(request, cohort)
    initial = {
        "submission_token": new_token(),
        "participant_key": participants.form_key(request, cohort),
    }
    form = CommitmentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        participant = participants.participant_from_request(request, cohort)
        commitment, created = services.commitment_submit(
            cohort=cohort,
            participant=participant,
            key=participants.vetted_key(request, cohort, data["participant_key"]),
            submission_token=data["submission_token"],
            text=data["text"],
            kind=data["kind"],
            display_name=data["display_name"],
            email=data["email"],
        )
        if participant is None or commitment.participant_id == participant.pk:
            messages.success(request, _posted_message(commitment, created=created))
        commitment.participant.cohort = cohort
        return participants.remember(redirect("commitments:mine", cohort.join_code), commitment.participant)
    mine = Commitment.objects.for_participant(participants.participant_from_request(request, cohort))
    context = {"cohort": cohort, "form": form, "has_cards": mine.filter(cohort=cohort).exists()}
    return render(request, "commitments/commitment_form.html", context)


def _posted_message(commitment: Commitment, *, created: bool = True) -> str:
    if not created:
        return "You have posted this commitment already. It is on your list once."
    if commitment.is_awaiting_approval:
        return "Thank you. Your commitment will appear on the wall once the facilitator approves it."
    return "Thank you. Your commitment is on the wall."


@require_safe
def commitment_mine(request, code: str):
    cohort, wall = _cohort_by_code(code)
    if not wall.accepts_posts():
        return _form_closed(request, cohort)
    participant = participants.participant_from_request(request, cohort)
    commitments = Commitment.objects.for_participant(participant).filter(cohort=cohort)
    return render(request, "commitments/commitment_mine.html", {"cohort": cohort, "commitments": commitments})


@require_http_methods(["GET", "HEAD", "POST"])
def commitment_edit(request, code: str, pk: int):
    cohort, wall = _cohort_by_code(code)
    if not wall.accepts_posts():
        return _form_closed(request, cohort)
    commitment = _own_commitment(request, cohort, pk)
    # Bound to a copy of the card's values, not the card, so the service sees what changed.
    current = model_to_dict(commitment, fields=CommitmentEditForm.Meta.fields)
    form = CommitmentEditForm(request.POST if request.method == "POST" else None, initial=current)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CommitmentEditForm.Meta.fields}
        services.commitment_edit_by_participant(commitment=commitment, **fields)
        messages.success(request, "Your changes are saved.")
        return redirect("commitments:mine", cohort.join_code)
    return render(
        request,
        "commitments/commitment_edit.html",
        {"cohort": cohort, "form": form, "commitment": commitment},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def commitment_withdraw(request, code: str, pk: int):
    cohort, wall = _cohort_by_code(code)
    if not wall.accepts_posts():
        return _form_closed(request, cohort)
    if request.method == "POST":
        participant = participants.participant_from_request(request, cohort)
        # A second tap finds nothing to withdraw and lands on the same page as the first.
        commitment = Commitment.objects.for_participant(participant).filter(cohort=cohort, pk=pk).first()
        if commitment is not None:
            services.commitment_withdraw(commitment=commitment)
            messages.success(request, "Your commitment is withdrawn. It is no longer on the wall.")
        return redirect("commitments:mine", cohort.join_code)
    commitment = _own_commitment(request, cohort, pk)
    return render(
        request, "commitments/commitment_withdraw.html", {"cohort": cohort, "commitment": commitment}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def participant_update(request, token: str):
    """The private link in a reminder email: the participant says how their commitment is going."""
    reminder = Reminder.objects.by_token(token).select_related("commitment__cohort__workshop").first()
    problem = "unknown" if reminder is None else "used" if reminder.is_used else ""
    if not problem and reminder.is_expired():
        problem = "expired"
    if problem:
        return _link_refused(request, problem)
    commitment = reminder.commitment
    data = request.POST if request.method == "POST" else None  # an empty post is an error, not a blank form
    form = ParticipantUpdateForm(data, initial={"status": commitment.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_by_participant(reminder=reminder, **form.cleaned_data)
        except services.LinkAlreadyUsed:
            return _link_refused(request, "used")
        return redirect("commitments:participant_update_done")
    context = {"form": form, "commitment": commitment, "cohort": commitment.cohort}
    return render(request, "commitments/participant_update.html", context)


def _link_refused(request, problem: str):
    status = 404 if problem == "unknown" else 410
    return render(request, "commitments/participant_update_refused.html", {"problem": problem}, status=status)


@require_safe
def participant_update_done(request):
    return render(request, "commitments/participant_update_done.html")


# The wall and its moderation: facilitators of the cohort change it, programme leads look.


def _get_commitment_of_cohort(request, slug: str, pk: int, *, manage: bool) -> Commitment:
    cohort = get_cohort_for_user(request.user, slug, manage=manage)
    commitment = get_object_or_404(cohort.commitments, pk=pk)
    commitment.cohort = cohort
    return commitment


@roles.staff_required
@require_safe
def cohort_commitments(request, slug: str):
    """Everything on (and off) the cohort's wall, with the form and moderation controls."""
    cohort = get_cohort_for_user(request.user, slug)
    wall = CommitmentSettings.of(cohort)
    context = {
        "cohort": cohort,
        "wall": wall,
        "commitments": cohort.commitments.all(),
        "can_manage": cohort.can_manage,
        "approval_form": ApprovalForm(initial={"needs_approval": "true" if wall.needs_approval else "false"}),
        "join_url": join_url(request, cohort),
        "poll_seconds": WALL_POLL_SECONDS,
    }
    return render(request, "commitments/cohort_commitments.html", context)


@roles.staff_required
@require_POST
def commitments_open(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    is_open = request.POST.get("open") == "1"
    services.commitments_form_set_open(cohort=cohort, is_open=is_open)
    if is_open:
        messages.success(request, "The commitments form is open. Participants find it on the join page.")
    else:
        messages.success(request, "The commitments form is closed. The wall still shows every card.")
    return redirect("commitments:cohort_commitments", cohort.slug)


@roles.staff_required
@require_POST
def commitments_approval(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    form = ApprovalForm(request.POST)
    if form.is_valid():
        needs_approval = form.cleaned_data["needs_approval"]
        shown = services.commitments_approval_set(cohort=cohort, needs_approval=needs_approval)
        if needs_approval:
            messages.success(request, "New cards will wait for your approval before they appear.")
        else:
            messages.success(request, f"New cards appear at once. {shown} waiting cards are now on the wall.")
    return redirect("commitments:cohort_commitments", cohort.slug)


@roles.staff_required
@require_POST
def commitment_moderate(request, slug: str, pk: int, action: str):
    commitment = _get_commitment_of_cohort(request, slug, pk, manage=True)
    services.commitment_moderate(commitment=commitment, action=action)
    done = {"hide": "hidden", "restore": "back on the wall", "approve": "on the wall"}[action]
    messages.success(request, f"“{commitment.text[:60]}” is {done}.")
    return redirect("commitments:cohort_commitments", slug)


@roles.staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def commitment_fix(request, slug: str, pk: int):
    commitment = _get_commitment_of_cohort(request, slug, pk, manage=True)
    form = CommitmentFixForm(request.POST or None, instance=commitment)
    if request.method == "POST" and form.is_valid():
        services.commitment_fix(commitment=commitment, **form.cleaned_data)
        messages.success(request, "The card is corrected.")
        return redirect("commitments:cohort_commitments", slug)
    return render(request, "commitments/commitment_fix.html", {"form": form, "commitment": commitment})


def wall_feed_data(cohort: Cohort) -> dict:
    """What the wall shows, as the wall's script reads it: the same for the same wall, byte for byte."""
    cards = list(cohort.commitments.on_wall())
    return {
        "count": len(cards),
        "open": CommitmentSettings.of(cohort).accepts_posts(),
        "cards": [
            {
                "id": card.pk,
                "text": card.text,
                "name": card.author_for_display,
                "project_idea": card.is_project_idea,
                "colour": card.colour(),
            }
            for card in cards
        ],
    }


@roles.staff_required
@require_safe
def wall(request, slug: str):
    """The live wall for the projector; its script polls `wall_feed`, and without it the page refreshes."""
    cohort = get_cohort_for_user(request.user, slug)
    url = join_url(request, cohort)
    context = {
        "cohort": cohort,
        "commitments": cohort.commitments.on_wall(),
        "qr_svg": join_qr_svg(url),
        "short_link": url.split("://", 1)[-1],
        "poll_seconds": WALL_POLL_SECONDS,
        "is_open": CommitmentSettings.of(cohort).accepts_posts(),
    }
    return render(request, "commitments/wall.html", context)


@conditional_page  # an ETag from the body: 304 Not Modified when the wall has not changed
@roles.staff_required
@require_safe
def wall_feed(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug)
    response = JsonResponse(wall_feed_data(cohort))
    patch_cache_control(response, private=True, no_cache=True)
    return response


@conditional_page  # 304 while no card has come, gone or changed
@roles.staff_required
@require_safe
def moderation_feed(request, slug: str):
    """Every card of the cohort and its state, for the moderation page to notice a change by."""
    cohort = get_cohort_for_user(request.user, slug)
    cards = cohort.commitments.values_list("pk", "moderation", "updated_at")
    response = JsonResponse({"cards": [[pk, moderation, str(updated)] for pk, moderation, updated in cards]})
    patch_cache_control(response, private=True, no_cache=True)
    return response


@roles.staff_required
@require_safe
def wall_print(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug)
    context = {
        "cohort": cohort,
        "commitments": cohort.commitments.on_wall(),
        "sessions": cohort.sessions.all(),
    }
    return render(request, "commitments/wall_print.html", context)


# Follow-up: programme leads (every cohort) and facilitators (their own) record how it went.


@roles.staff_required
@require_safe
def follow_up(request):
    today = timezone.localdate()
    cohorts = visible_cohorts(request.user)
    form = FollowUpFilterForm(request.GET or None, cohorts=cohorts.order_by("name"))
    scope = form.scope(Commitment.objects.for_user(request.user))
    listed = (
        form.narrow(scope, today)
        .select_related("cohort")
        .with_overdue(today)
        .annotate(last_note_date=Max("notes__date"))
        .order_by(F("due_date").asc(nulls_last=True), "created_at", "pk")
    )
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    chosen = form.cleaned_data.get("cohort") if form.is_valid() else None
    context = {"form": form, "counts": scope.status_counts(today), "page": page, "cohort": chosen}
    return render(request, "commitments/follow_up.html", context)


@roles.staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up_detail(request, pk: int):
    commitment = get_object_or_404(
        Commitment.objects.for_user(request.user)
        .with_overdue(timezone.localdate())
        .select_related("cohort__workshop"),
        pk=pk,
    )
    today = timezone.localdate()
    initial = {
        "date": today,
        "status": commitment.status,
        "due_date": commitment.suggested_next_follow_up(today),
    }
    initial |= {"qi_project_started": commitment.qi_project_started}
    initial |= {"qi_project_reference": commitment.qi_project_reference}
    form = FollowUpForm(request.POST or None, initial=initial, commitment=commitment)
    if request.method == "POST" and form.is_valid():
        services.follow_up_record(commitment=commitment, author=request.user, **form.cleaned_data)
        if "next_overdue" not in request.POST:
            messages.success(request, "Follow-up saved.")
            return redirect(commitment)
        following = Commitment.objects.for_user(request.user).next_overdue(today, after=commitment)
        if following is None:
            messages.success(request, "Follow-up saved. No overdue commitments are left.")
            return redirect("commitments:follow_up")
        messages.success(request, "Follow-up saved. This is the next overdue commitment.")
        return redirect(following)
    context = {
        "commitment": commitment,
        "form": form,
        "notes": commitment.notes.select_related("author"),
        "reminders": commitment.reminders.all(),
        "overdue": commitment.overdue,
        # What apps built on commitments add about this one (projects: its QI project), as HTML.
        "sections": [hook(request, commitment) for hook in app_hooks("commitment_section")],
    }
    return render(request, "commitments/follow_up_detail.html", context)
