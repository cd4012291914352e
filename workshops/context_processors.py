from workshops import roles as roles_module


def roles(request):
    user = getattr(request, "user", None)
    if user is None:  # an error page for a request refused before anyone was looked up (a bad Host)
        return {"is_staff_member": False, "is_facilitator": False, "is_programme_lead": False}
    return {
        "is_staff_member": roles_module.is_staff_member(user),
        "is_facilitator": roles_module.is_facilitator(user) or user.is_superuser,
        "is_programme_lead": roles_module.is_lead(user),
    }
