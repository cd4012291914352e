from django.urls import path

from projects import views

app_name = "projects"

measure = "projects/<int:pk>/measures/<int:measure>"

urlpatterns = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/from-commitment/<int:pk>/", views.project_from_commitment, name="project_from_commitment"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/measures/new/", views.measure_create, name="measure_create"),
    path(f"{measure}/edit/", views.measure_edit, name="measure_edit"),
    path(f"{measure}/data/", views.measure_data, name="measure_data"),
    path(f"{measure}/import/", views.measure_import, name="measure_import"),
    path("projects/<int:pk>/stages/<slug:stage>/", views.stage_answers, name="stage_answers"),
    path("projects/<int:pk>/ideas/new/", views.change_idea_create, name="change_idea_create"),
    path("projects/<int:pk>/ideas/<int:idea>/cycles/new/", views.cycle_edit, name="cycle_create"),
    path("projects/<int:pk>/ideas/<int:idea>/cycles/<int:cycle>/", views.cycle_edit, name="cycle_edit"),
    path("projects/questions/", views.question_list, name="question_list"),
    path("projects/questions/new/", views.question_edit, name="question_create"),
    path("projects/questions/<int:pk>/", views.question_edit, name="question_edit"),
]
