from .models import Enrollment


def navigation(request):
    """Which of the menu's places the person has: the facilitator's dashboard, their workbook."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"facilitates": False, "participates": False}
    roles = set(Enrollment.objects.active().filter(user=user).values_list("role", flat=True))
    return {
        "facilitates": user.is_staff or Enrollment.Role.FACILITATOR in roles,
        "participates": Enrollment.Role.PARTICIPANT in roles,
    }
