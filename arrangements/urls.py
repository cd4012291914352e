from django.urls import path

from arrangements import views

app_name = "arrangements"

session = "cohorts/<slug:slug>/sessions/<int:part>"

urlpatterns = [
    path("request/", views.request_new, name="request_new"),
    path("request/sent/", views.request_sent, name="request_sent"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/cohort/", views.request_to_cohort, name="request_to_cohort"),
    path("cohorts/<slug:slug>/design-group/new/", views.design_meeting_edit, name="design_meeting_create"),
    path("cohorts/<slug:slug>/design-group/<int:pk>/", views.design_meeting_edit, name="design_meeting_edit"),
    path(f"{session}/plan/", views.session_plan, name="session_plan"),
    path(f"{session}/agenda/new/", views.agenda_item_add, name="agenda_item_add"),
    path(f"{session}/agenda/<int:pk>/remove/", views.agenda_item_remove, name="agenda_item_remove"),
    path(f"{session}/materials/new/", views.material_add, name="material_add"),
    path(f"{session}/materials/<int:pk>/", views.material_download, name="material_download"),
    path(f"{session}/materials/<int:pk>/remove/", views.material_remove, name="material_remove"),
    path(f"{session}/release/", views.session_release, name="session_release"),
    path("j/<str:code>/sessions/", views.participant_sessions, name="participant_sessions"),
    path(
        "j/<str:code>/sessions/<int:part>/materials/<int:pk>/",
        views.participant_material,
        name="participant_material",
    ),
]
