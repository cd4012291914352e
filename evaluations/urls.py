from django.urls import path

from evaluations import views

app_name = "evaluations"

SURVEY = "cohorts/<slug:slug>/surveys/<slug:phase>/"
ITEM = SURVEY + "items/<int:pk>/"

urlpatterns = [
    # The participant's path, under the cohort's join page.
    path("j/<str:code>/survey/<slug:phase>/", views.survey_fill, name="survey_fill"),
    path("j/<str:code>/survey/<slug:phase>/thanks/", views.survey_thanks, name="survey_thanks"),
    # The facilitator's pages, under the cohort's page.
    path("cohorts/<slug:slug>/surveys/add/", views.survey_add, name="survey_add"),
    path("cohorts/<slug:slug>/surveys/about-you/", views.cohort_about_you, name="cohort_about_you"),
    path(SURVEY, views.survey_detail, name="survey_detail"),
    path(SURVEY + "count/", views.survey_count, name="survey_count"),
    path(SURVEY + "edit/", views.survey_edit, name="survey_edit"),
    path(SURVEY + "open/", views.survey_open, name="survey_open"),
    path(SURVEY + "close/", views.survey_close, name="survey_close"),
    path(SURVEY + "import/", views.responses_import, name="responses_import"),
    path(SURVEY + "items/new/", views.item_create, name="item_create"),
    path(ITEM + "edit/", views.item_edit, name="item_edit"),
    path(ITEM + "remove/", views.item_remove, name="item_remove"),
    path(ITEM + "move/", views.item_move, name="item_move"),
]
