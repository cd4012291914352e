from django.urls import path

from reports import views

app_name = "reports"

REPORT = "cohorts/<slug:slug>/report/"

urlpatterns = [
    # The cohort's report for its facilitators and programme leads; the rest for leads.
    path(REPORT, views.cohort_report, name="cohort_report"),
    path(REPORT + "figures.<str:file_format>", views.cohort_figures_export, name="report_figures"),
    path(REPORT + "responses.<str:file_format>", views.cohort_responses_export, name="report_responses"),
    path(REPORT + "comments/", views.report_comments, name="report_comments"),
    path(
        REPORT + "comments/<int:pk>/hide/",
        views.report_comment_hide,
        {"hide": True},
        name="report_comment_hide",
    ),
    path(
        REPORT + "comments/<int:pk>/restore/",
        views.report_comment_hide,
        {"hide": False},
        name="report_comment_restore",
    ),
    path("cohorts/<slug:slug>/commitments/export/", views.commitments_export, name="commitments_export"),
    path("reports/", views.programme_report, name="programme_report"),
    path("reports/figures.<str:file_format>", views.programme_report_export, name="programme_figures"),
    path("projects/export.<str:file_format>", views.projects_export, name="projects_export"),
]
