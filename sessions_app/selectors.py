"""Request helpers every part may call: whose enrollment this is, and which module it may open.

Each one is scoped to the signed-in person, so a view that starts from here can never reach
another participant's cohort or workbook."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .curriculum.cache import course_module
from .models import Enrollment, Module


def participant_enrollment(request, cohort_id) -> Enrollment:
    """The signed-in person's own enrollment in that cohort, or 404: never someone else's."""
    return get_object_or_404(
        Enrollment.objects.participants().for_user(request.user), cohort_id=cohort_id
    )


def participant_module(request, cohort_id, slug) -> tuple[Enrollment, Module]:
    """The person's enrollment and the active module with this slug, or 404.

    The enrollment comes with the state of the module's session for the cohort, read in the
    same query: `session_is_open` and `session_was_opened`."""
    module = course_module(slug)
    if module is None:
        raise Http404("No such module.")
    enrollment = Enrollment.objects.participant_in_session(
        user_id=request.user.pk, cohort_id=cohort_id, session_id=module.session_id
    )
    if enrollment is None:
        raise Http404("No such enrollment.")
    return enrollment, module
