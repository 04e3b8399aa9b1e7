"""Bringing the mentor in: a private link to rate the questionnaire and read, comment on and sign
the agreement; the participant sees both profiles side by side."""

import secrets
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mentoring.mail import header_text
from mentoring.throttle import mail_or_refuse
from sessions_app.models import Enrollment, Section

from .. import charts
from ..models import (
    MentorLink,
    MentorLinkEvent,
    MentorRating,
    MentorshipAgreement,
    QuestionnaireRating,
    token_digest,
)

MENTOR_LINK_DAYS = 30
TALK_ABOUT_GAP = 3  # ratings this far apart are worth a conversation


class LinkNotUsable(Exception):
    """The link was revoked or has expired."""


def worksheet(kind) -> Section | None:
    return Section.objects.active().filter(worksheet_type=kind).select_related("module").first()


def mentor_link_url(token: str) -> str:
    return reverse("mentor:home", args=[token])


@transaction.atomic
def mentor_link_create(
    *, enrollment: Enrollment, mentor_name: str, mentor_email: str = "", site_url: str = ""
) -> tuple[MentorLink, str]:
    """A new link; the token is returned once, here, and only its digest is kept. Mailing it
    counts against the participant's mails in the hour (MailLimitReached, and no link)."""
    if mentor_email:
        mail_or_refuse(enrollment.user)
    token = secrets.token_urlsafe(32)
    link = MentorLink.objects.create(
        enrollment=enrollment,
        mentor_name=mentor_name,
        mentor_email=mentor_email,
        token_hash=token_digest(token),
        expires_at=timezone.now() + timedelta(days=MENTOR_LINK_DAYS),
    )
    url = site_url.rstrip("/") + mentor_link_url(token)
    if mentor_email:
        send_mail(
            subject=header_text(f"{enrollment.user} asks for your view as their mentor"),
            message=render_to_string(
                "emails/mentor_link.txt", {"link": link, "url": url, "days": MENTOR_LINK_DAYS}
            ),
            from_email=None,
            recipient_list=[mentor_email],
        )
    return link, url


def mentor_link_revoke(*, link: MentorLink) -> None:
    MentorLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def mentor_link_for_token(token: str) -> MentorLink | None:
    return (
        MentorLink.objects.select_related("enrollment__user", "enrollment__cohort")
        .filter(token_hash=token_digest(token))
        .first()
    )


def _usable(link: MentorLink) -> None:
    if link.state != "active":
        raise LinkNotUsable


def record(link: MentorLink, action: str) -> None:
    MentorLinkEvent.objects.create(link=link, action=action)


@transaction.atomic
def mentor_ratings_save(*, link: MentorLink, ratings: dict[str, int]) -> None:
    _usable(link)
    for item, value in ratings.items():
        MentorRating.objects.update_or_create(link=link, item=item, defaults={"value": value})
    record(link, f"rated {len(ratings)} questionnaire items")


def agreement_of(enrollment) -> MentorshipAgreement:
    """The participant's agreement, or an unsaved empty one: reading never writes."""
    owner = {"enrollment": enrollment, "section": worksheet("agreement")}
    return MentorshipAgreement.objects.filter(**owner).first() or MentorshipAgreement(**owner)


def agreement_stored(enrollment) -> MentorshipAgreement:
    """The participant's agreement, created on the first write that needs it."""
    section = worksheet("agreement")
    agreement, _ = MentorshipAgreement.objects.get_or_create(enrollment=enrollment, section=section)
    return agreement


@transaction.atomic
def mentor_agreement_respond(
    *, link: MentorLink, comments: dict[str, str], signature: str, signed_on
) -> None:
    _usable(link)
    agreement = agreement_stored(link.enrollment)
    changes = {"mentor_comments": {k: v for k, v in comments.items() if v.strip()}}
    if signature and signed_on:
        changes |= {"mentor_signature": signature, "mentor_signed_on": signed_on}
    MentorshipAgreement.objects.filter(pk=agreement.pk).update(
        **changes, version=agreement.version + 1, updated_at=timezone.now()
    )
    if changes["mentor_comments"] != agreement.mentor_comments:
        record(link, f"commented on {len(changes['mentor_comments'])} section(s) of the agreement")
    if signature and signed_on:
        record(link, f"signed the agreement as {signature} on {signed_on:%Y-%m-%d}")


def latest_rated_link(enrollment) -> MentorLink | None:
    return (
        MentorLink.objects.filter(enrollment=enrollment, ratings__isnull=False)
        .distinct()
        .order_by("-created_at")
        .first()
    )


def expectations_comparison(enrollment, *, id_prefix="comparison", statements=True) -> dict | None:
    """Both profiles side by side and the items at least TALK_ABOUT_GAP apart; None without
    the mentor's ratings. `statements=False`: a chart of item numbers only (see charts.py)."""
    section = worksheet("questionnaire")
    link = latest_rated_link(enrollment)
    if section is None or link is None:
        return None
    mine = dict(
        QuestionnaireRating.objects.filter(enrollment=enrollment, section=section).values_list(
            "item", "value"
        )
    )
    theirs = dict(link.ratings.values_list("item", "value"))
    stages = charts.questionnaire_stages(section.spec, mine, theirs)
    gaps = [
        item
        for stage in stages
        for item in stage["items"]
        if item["value"]
        and item["second"]
        and abs(item["value"] - item["second"]) >= TALK_ABOUT_GAP
    ]
    return {
        "link": link,
        "gaps": gaps,
        "threshold": TALK_ABOUT_GAP,
        "chart": charts.questionnaire_chart(
            section.spec,
            mine,
            second=theirs,
            second_label=link.mentor_name,
            id_prefix=id_prefix,
            statements=statements,
        ),
    }


GAP_TOPICS_PART = "steps"  # section 2 of the agreement: the steps to settle


@transaction.atomic
def gaps_to_agreement(*, enrollment) -> int:
    """Append the 'talk about this' items to the agreement draft as topics to settle."""
    comparison = expectations_comparison(enrollment)
    if not comparison or not comparison["gaps"]:
        return 0
    agreement = agreement_stored(enrollment)
    lines = ["Topics to settle together (from our expectations questionnaire):"]
    for item in comparison["gaps"]:
        lines.append(
            f"- {item['left']} / {item['right']} "
            f"(me: {item['value']}, {comparison['link'].mentor_name}: {item['second']})"
        )
    fields = dict(agreement.fields)
    existing = fields.get(GAP_TOPICS_PART, "").rstrip()
    fields[GAP_TOPICS_PART] = (existing + "\n\n" if existing else "") + "\n".join(lines)
    values = agreement.with_new_content({"fields": fields})
    values |= {"version": agreement.version + 1, "updated_at": timezone.now()}
    MentorshipAgreement.objects.filter(pk=agreement.pk).update(**values)
    return len(comparison["gaps"])
