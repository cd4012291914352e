"""The floor endpoint for benchmark 2: the least a submit can do on the same stack.

It goes through the same middleware (CSRF, sessions, rate limits do not apply), inserts one row
and redirects, so the real submit's rate can be compared with the rate of doing almost nothing.
Mounted only when settings.BENCH_FLOOR_ENDPOINT is on (BENCH_FLOOR_ENDPOINT=true), which only
the benchmark sets.
"""

from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from workshops.models import Participant


@require_POST
def floor(request):
    Participant.objects.create(cohort_id=int(request.POST["cohort"]))
    return redirect("workshops:join")
