"""Everything one person wrote, as plain data, for their own download (a right they have)."""

from django.forms.models import model_to_dict

from sessions_app.models import Enrollment

from .models import WORKSHEET_RECORD_MODELS, Answer, MentorLink

LEFT_OUT = {"id", "enrollment", "section"}


def personal_data(user) -> dict:
    enrollments = Enrollment.objects.filter(user=user).select_related("cohort")
    return {
        "account": {
            "email": user.email,
            "name": user.display_name,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "cohorts": [_enrollment(enrollment) for enrollment in enrollments],
    }


def _enrollment(enrollment) -> dict:
    answers = Answer.objects.filter(enrollment=enrollment).select_related("prompt__section__module")
    worksheets = []
    for model in WORKSHEET_RECORD_MODELS:
        for record in model.objects.filter(enrollment=enrollment).select_related("section__module"):
            worksheets.append(
                {
                    "worksheet": record.section.title,
                    "module": record.section.module.title,
                    "kind": model._meta.verbose_name,
                    "values": {
                        key: value
                        for key, value in model_to_dict(record).items()
                        if key not in LEFT_OUT
                    },
                    "updated_at": record.updated_at.isoformat(),
                }
            )
    return {
        "cohort": enrollment.cohort.name,
        "role": enrollment.role,
        "shares_answers_with_facilitators": enrollment.shares_answers,
        "answers": [
            {
                "module": a.prompt.section.module.title,
                "section": a.prompt.section.title,
                "question": a.prompt.text,
                "answer": a.text,
                "updated_at": a.updated_at.isoformat(),
            }
            for a in answers
        ],
        "worksheets": worksheets,
        "mentor_links": [_mentor_link(link) for link in _links(enrollment)],
    }


def _links(enrollment):
    return MentorLink.objects.filter(enrollment=enrollment).prefetch_related("ratings")


def _mentor_link(link) -> dict:
    """A mentor link with what the mentor wrote through it (never the token: only its digest
    is kept, and that is left out)."""
    return {
        "mentor": link.mentor_name,
        "email": link.mentor_email,
        "created_at": link.created_at.isoformat(),
        "expires_at": link.expires_at.isoformat(),
        "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
        "may_comment_on_the_agreement": link.may_comment,
        "compared_with": link.compared,
        "questionnaire": {rating.item: rating.value for rating in link.ratings.all()},
        "comments_on_the_agreement": link.comments,
    }
