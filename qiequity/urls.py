from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from workshops.forms import PasswordChangeWordsForm, PasswordResetWordsForm, SetPasswordWordsForm, SignInForm

accounts = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeWordsForm),
        name="password_change",
    ),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Forgotten passwords: Django's reset by email (rate-limited in safeguards/ratelimit.py).
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetWordsForm),
        name="password_reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordWordsForm),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("accounts/", include(accounts)),
    path("admin/", admin.site.urls),
    path("", include("workshops.urls")),
    path("", include("evaluations.urls")),
    path("", include("commitments.urls")),
    path("", include("arrangements.urls")),
    path("", include("attendance.urls")),
    path("", include("projects.urls")),
    path("", include("reports.urls")),
]

if settings.BENCH_FLOOR_ENDPOINT:  # only for the benchmarks (bench/floor.py): never on by default
    from bench.floor import floor

    urlpatterns.append(path("bench/floor/", floor, name="bench_floor"))

# A database out of reach gives a "please try again" page with status 503, never a traceback.
handler500 = "safeguards.views.server_error"
