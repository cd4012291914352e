"""Who may see and work on which QI project (docs/adr/0033), on top of workshops/access.py.

Programme leads see every project; a facilitator sees the projects of the cohorts they
facilitate, those they started and those they are a member of. Whoever may see a project may
work on it: a project belongs to its team, and a lead or facilitator following it up helps run it.
A project the user may not see is a 404, so its existence is not given away.
"""

from django.shortcuts import get_object_or_404

from projects.models import Measure, Project


def visible_projects(user):
    return Project.objects.for_user(user)


def get_project_for_user(user, pk: int) -> Project:
    return get_object_or_404(visible_projects(user).select_related("stage", "cohort"), pk=pk)


def get_measure_for_user(user, project_pk: int, pk: int) -> Measure:
    project = get_project_for_user(user, project_pk)
    measure = get_object_or_404(Measure.objects.filter(project=project), pk=pk)
    measure.project = project
    return measure
