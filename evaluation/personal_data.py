"""The evaluation's part of a person's own data download: their survey answers (and what their
mentors answered through their links), their attendance and their certificates (and when each
one's PDF was stored)."""

from .models import Attendance, Certificate, RenderedCertificate, SurveyAnswer


def evaluation_data(user) -> dict:
    stored = dict(
        RenderedCertificate.objects.filter(certificate__enrollment__user=user).values_list(
            "certificate_id", "rendered_at"
        )
    )
    answers = (
        SurveyAnswer.objects.filter(response__enrollment__user=user)
        .select_related("item", "response__enrollment__cohort", "response__mentor_link")
        .order_by("response__enrollment_id", "response__wave", "item__position")
    )
    return {
        "survey_answers": [_answer(a) for a in answers],
        "attendance": [
            {"cohort": a.enrollment.cohort.name, "session": a.session.title, "attended": a.attended}
            for a in Attendance.objects.filter(enrollment__user=user).select_related(
                "enrollment__cohort", "session"
            )
        ],
        "certificates": [
            {
                "code": c.code,
                "name": c.name,
                "cohort": c.cohort_name,
                "issued_at": c.issued_at.isoformat(),
                "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
                "pdf_stored_at": stored[c.pk].isoformat() if c.pk in stored else None,
            }
            for c in Certificate.objects.filter(enrollment__user=user)
        ],
    }


def _answer(answer) -> dict:
    response = answer.response
    return {
        "cohort": response.enrollment.cohort.name,
        "wave": response.wave,
        "answered_by": response.mentor_link.mentor_name if response.mentor_link else "you",
        "item": answer.item.text,
        "value": answer.number if answer.number is not None else answer.text,
        "submitted_at": response.submitted_at.isoformat() if response.submitted_at else None,
    }
