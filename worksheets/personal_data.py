"""Everything one person wrote, or that was written for them, as plain data, for their own
download (a right they have): their answers and worksheets, their posts on the cohort boards,
the links they gave their mentors with what the mentors answered, the invitations sent to
their address, the mails the app sent to it (subject and delivery; their text is not kept),
the failed logins counted against it, and whether a PDF of theirs is stored."""

from axes.models import AccessAttempt
from django.forms.models import model_to_dict

from outbox.models import OutgoingMail
from sessions_app.models import Enrollment, Invitation, Post

from .models import WORKSHEET_RECORD_MODELS, Answer, MentorLink, RenderedWorkbook

LEFT_OUT = {"id", "enrollment", "section"}

# What other parts keep of an enrollment, added to its data: name → function(enrollment) -> plain
# data. A part above worksheets registers itself here when the app loads (followup: the goals
# followed after the course, the check-ins and the meeting log).
ENROLLMENT_PARTS: dict = {}


def personal_data(user) -> dict:
    enrollments = Enrollment.objects.filter(user=user).select_related("cohort")
    return {
        "account": {
            "email": user.email,
            "name": user.display_name,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            # The institution accounts (single sign-on) that sign in to this one.
            "signs_in_with": [
                {
                    "provider": identity.provider,
                    "identifier": identity.subject,
                    "linked_at": identity.created_at.isoformat(),
                    "last_used_at": identity.last_used_at.isoformat(),
                }
                for identity in user.external_identities.all()
            ],
        },
        "cohorts": [_enrollment(enrollment) for enrollment in enrollments],
        "invitations": [_invitation(i) for i in invitations_to(user)],
        "mails": [
            {
                "subject": m.subject,
                "state": m.state,
                "queued_at": m.created_at.isoformat(),
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            }
            for m in OutgoingMail.objects.filter(to_address__iexact=user.email)
        ],
        "failed_logins": [
            {"at": a.attempt_time.isoformat(), "failures": a.failures_since_start}
            for a in AccessAttempt.objects.filter(username__iexact=user.email)
        ],
    }


def invitations_to(user):
    return Invitation.objects.filter(email__iexact=user.email).select_related("cohort")


def _invitation(invitation) -> dict:
    def when(moment):
        return moment.isoformat() if moment else None

    return {
        "cohort": invitation.cohort.name,
        "email": invitation.email,
        "sent_at": when(invitation.sent_at or invitation.created_at),
        "expires_at": when(invitation.expires_at),
        "accepted_at": when(invitation.accepted_at),
        "cancelled_at": when(invitation.cancelled_at),
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
        "board_posts": [
            {
                "board": post.board.section.title,
                "text": post.text,
                "anonymous_to_the_group": post.is_anonymous,
                "hidden_by_a_facilitator": post.is_hidden,
                "created_at": post.created_at.isoformat(),
            }
            for post in Post.objects.filter(enrollment=enrollment).select_related("board__section")
        ],
        "mentor_links": [_mentor_link(link) for link in _links(enrollment)],
        "stored_pdf": _stored_pdf(enrollment),
        **{name: part(enrollment) for name, part in ENROLLMENT_PARTS.items()},
    }


def _links(enrollment):
    return MentorLink.objects.filter(enrollment=enrollment).prefetch_related("ratings", "events")


def _mentor_link(link) -> dict:
    return {
        "mentor_name": link.mentor_name,
        "mentor_email": link.mentor_email,
        "created_at": link.created_at.isoformat(),
        "expires_at": link.expires_at.isoformat(),
        "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
        "may_comment_on_the_agreement": link.may_comment,
        "compared_with": link.compared,
        "mentor_questionnaire_ratings": {r.item: r.value for r in link.ratings.all()},
        "comments_on_the_agreement": link.comments,
        "what_the_mentor_did": [
            {"action": e.action, "at": e.at.isoformat()} for e in link.events.all()
        ],
    }


def _stored_pdf(enrollment):
    stored = RenderedWorkbook.objects.filter(enrollment=enrollment).only("rendered_at").first()
    return {"rendered_at": stored.rendered_at.isoformat()} if stored else None
