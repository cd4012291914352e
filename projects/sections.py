"""The projects' part of a project idea's follow-up page (a hook of commitments' follow-up page)."""

from django.template.loader import render_to_string


def commitment_section(request, commitment) -> str:
    if not commitment.is_project_idea:
        return ""
    projects = list(commitment.projects.all())
    return render_to_string(
        "projects/includes/_commitment_projects.html",
        {"commitment": commitment, "projects": projects},
        request=request,
    )
