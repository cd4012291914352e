from workshops import roles as roles_module


def roles(request):
    user = request.user
    return {
        "is_staff_member": roles_module.is_staff_member(user),
        "is_facilitator": roles_module.is_facilitator(user) or user.is_superuser,
        "is_programme_lead": roles_module.sees_every_cohort(user),
    }
