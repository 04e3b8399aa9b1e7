from .models import Enrollment


def navigation(request):
    """Whether to show the facilitator's dashboard in the menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"facilitates": False}
    return {
        "facilitates": user.is_staff or Enrollment.objects.facilitators().filter(user=user).exists()
    }
