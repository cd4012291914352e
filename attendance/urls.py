from django.urls import path

from attendance import views

app_name = "attendance"

cohort = "cohorts/<slug:slug>"
session = "cohorts/<slug:slug>/sessions/<int:part>"

urlpatterns = [
    path(f"{cohort}/register/", views.register, name="register"),
    path(f"{cohort}/register/people/new/", views.attendee_add, name="attendee_add"),
    path(f"{cohort}/register/people/<int:pk>/remove/", views.attendee_remove, name="attendee_remove"),
    path(f"{cohort}/register/import/", views.attendee_import, name="attendee_import"),
    path(f"{cohort}/certificates.pdf", views.certificates_pdf, name="certificates_pdf"),
    path(f"{cohort}/certificates/email/", views.certificates_email, name="certificates_email"),
    path(f"{session}/register/", views.session_register, name="session_register"),
    path(f"{session}/sign-in/", views.sign_in_toggle, name="sign_in_toggle"),
    path(f"{session}/sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("j/<str:code>/register/", views.sign_in, name="sign_in"),
]
