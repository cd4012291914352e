from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("", views.home, name="home"),
    path("join/", views.join, name="join"),
    path("privacy/", views.privacy, name="privacy"),
    path("j/<str:code>/", views.landing, name="landing"),
    path("j/<str:code>/me/<str:key>/", views.personal_link, name="personal_link"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<int:pk>/people/", views.programme_people, name="programme_people"),
    path(
        "programmes/<int:pk>/people/<int:user_pk>/remove/",
        views.programme_member_remove,
        name="programme_member_remove",
    ),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<slug:slug>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<slug:slug>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<slug:slug>/duplicate/", views.cohort_duplicate, name="cohort_duplicate"),
    path("cohorts/<slug:slug>/archive/", views.cohort_archive, name="cohort_archive"),
    path("cohorts/<slug:slug>/delete/", views.cohort_delete, name="cohort_delete"),
    path("cohorts/<slug:slug>/projector/", views.cohort_projector, name="cohort_projector"),
    path("cohorts/<slug:slug>/calendar.ics", views.cohort_calendar, name="cohort_calendar"),
    path("cohorts/<slug:slug>/sessions/<int:part>.ics", views.session_calendar, name="session_calendar"),
    path(
        "cohorts/<slug:slug>/sessions/<int:part>/reschedule/",
        views.session_reschedule,
        name="session_reschedule",
    ),
    path("cohorts/<slug:slug>/sessions/<int:part>/cancel/", views.session_cancel, name="session_cancel"),
    path(
        "cohorts/<slug:slug>/sessions/<int:part>/reinstate/",
        views.session_reinstate,
        name="session_reinstate",
    ),
]
