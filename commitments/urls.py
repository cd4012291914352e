from django.urls import path

from commitments import views

app_name = "commitments"

cohort = "cohorts/<slug:slug>/commitments"

urlpatterns = [
    # Participants, under the cohort's join page: no account.
    path("j/<str:code>/commitments/", views.commitment_mine, name="mine"),
    path("j/<str:code>/commitments/new/", views.commitment_new, name="new"),
    path("j/<str:code>/commitments/<int:pk>/edit/", views.commitment_edit, name="edit"),
    path("j/<str:code>/commitments/<int:pk>/withdraw/", views.commitment_withdraw, name="withdraw"),
    path("my-commitment/done/", views.participant_update_done, name="participant_update_done"),
    path("my-commitment/<str:token>/", views.participant_update, name="participant_update"),
    # Facilitators and programme leads.
    path(f"{cohort}/", views.cohort_commitments, name="cohort_commitments"),
    path(f"{cohort}/open/", views.commitments_open, name="open"),
    path(f"{cohort}/approval/", views.commitments_approval, name="approval"),
    path(f"{cohort}/feed.json", views.moderation_feed, name="moderation_feed"),
    path(f"{cohort}/<int:pk>/fix/", views.commitment_fix, name="fix"),
    path(f"{cohort}/<int:pk>/hide/", views.commitment_moderate, {"action": "hide"}, name="hide"),
    path(f"{cohort}/<int:pk>/restore/", views.commitment_moderate, {"action": "restore"}, name="restore"),
    path(f"{cohort}/<int:pk>/approve/", views.commitment_moderate, {"action": "approve"}, name="approve"),
    path("cohorts/<slug:slug>/wall/", views.wall, name="wall"),
    path("cohorts/<slug:slug>/wall/feed.json", views.wall_feed, name="wall_feed"),
    path("cohorts/<slug:slug>/wall/print/", views.wall_print, name="wall_print"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("follow-up/<int:pk>/", views.follow_up_detail, name="follow_up_detail"),
]
