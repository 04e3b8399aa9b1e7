"""Bringing the mentor in: a private link to rate the questionnaire and read, comment on and sign
the agreement; the participant sees both profiles side by side."""

import logging
import secrets
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, F, OuterRef
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

logger = logging.getLogger(__name__)


class LinkNotUsable(Exception):
    """The link was revoked or has expired."""


def worksheet(kind) -> Section | None:
    return Section.objects.active().filter(worksheet_type=kind).select_related("module").first()


def mentor_link_url(token: str) -> str:
    return reverse("mentor:home", args=[token])


class LinkLimitReached(Exception):
    """One person already has as many working mentor links as anyone may."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(
            f"You have {limit} working mentor links, the most one person may. No new link was "
            "made: withdraw one you no longer need, then make this one."
        )


def mentor_link_create(
    *,
    enrollment: Enrollment,
    mentor_name: str,
    mentor_email: str = "",
    site_url: str = "",
    agreement_mentor: bool = False,
    may_comment: bool = False,
) -> tuple[MentorLink, str]:
    """A new link; the token is returned once, here, and only its digest is kept. Mailing it
    counts against the participant's mails in the hour (MailLimitReached, and no link); one
    person has at most MENTOR_LINKS_PER_PERSON working links (LinkLimitReached). With
    `agreement_mentor` the agreement is drafted with this mentor from now on. The mail goes
    after the link is stored, so a mail server that fails never undoes the link
    (`link.mail_failed` is then true, and the participant passes the link on)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # One person's links are counted one at a time (their enrollment row is locked meanwhile).
        Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
        limit = settings.MENTOR_LINKS_PER_PERSON
        if enrollment.mentor_links.usable().count() >= limit:
            raise LinkLimitReached(limit)
        if mentor_email:
            mail_or_refuse(enrollment.user)
        link = MentorLink.objects.create(
            enrollment=enrollment,
            mentor_name=mentor_name,
            mentor_email=mentor_email,
            token_hash=token_digest(token),
            expires_at=timezone.now() + timedelta(days=MENTOR_LINK_DAYS),
            may_comment=may_comment,
        )
        if agreement_mentor:
            agreement_with(enrollment=enrollment, link=link)
    url = site_url.rstrip("/") + mentor_link_url(token)
    link.mail_failed = bool(mentor_email) and not _mail_link(link, url)
    return link, url


def _mail_link(link: MentorLink, url: str) -> bool:
    try:
        send_mail(
            subject=header_text(f"{link.enrollment.user} asks for your view as their mentor"),
            message=render_to_string(
                "emails/mentor_link.txt", {"link": link, "url": url, "days": MENTOR_LINK_DAYS}
            ),
            from_email=None,
            recipient_list=[link.mentor_email],
        )
    except (OSError, SMTPException):
        logger.exception("The mentor link %s could not be mailed", link.pk)
        return False
    return True


# What other parts delete of a mentor's answers when a link is withdrawn without keeping them:
# functions of the link, registered when their app loads (followup: the rounds the mentor
# answered the questionnaire again in).
ANSWERS_ELSEWHERE: list = []


def mentor_link_revoke(*, link: MentorLink, keep_answers: bool = True) -> None:
    """The link stops working at once; without `keep_answers` the mentor's questionnaire
    answers and comments are deleted too (their signature, if any, stays on the agreement)."""
    with transaction.atomic():
        MentorLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if not keep_answers:
            MentorRating.objects.filter(link=link).delete()
            for delete_answers in ANSWERS_ELSEWHERE:
                delete_answers(link)
            MentorLink.objects.filter(pk=link.pk).update(comments={}, compared=False)
            record(link, "withdrawn; the mentor's answers and comments were deleted", WITHDRAWN)
        else:
            record(link, "withdrawn; the mentor's answers and comments were kept", WITHDRAWN)


def mentor_link_for_token(token: str) -> MentorLink | None:
    return (
        MentorLink.objects.select_related("enrollment__user", "enrollment__cohort")
        .filter(token_hash=token_digest(token))
        .first()
    )


def _usable(link: MentorLink) -> None:
    if link.state != "active":
        raise LinkNotUsable


OPENED, ANSWERED, COMMENTED, SIGNED, WITHDRAWN = MentorLinkEvent.Kind.values
NEWS = {ANSWERED, COMMENTED, SIGNED}  # what a participant is told of
NEWS_QUIET = timedelta(hours=6)  # one mail per mentor and kind of news in this time


def record(link: MentorLink, action: str, kind: str = OPENED) -> None:
    """Note what was done through the link; news goes to the participant by mail when they
    asked for it (queued in the same transaction, through the outbox)."""
    # Asked before this event is stored: was the participant told of this kind lately?
    tell = (
        kind in NEWS
        and link.enrollment.mentor_news_by_mail
        and not MentorLinkEvent.objects.filter(
            link=link, kind=kind, at__gte=timezone.now() - NEWS_QUIET
        ).exists()
    )
    MentorLinkEvent.objects.create(link=link, action=action, kind=kind)
    if tell:
        _mail_news(link, kind)


def _mail_news(link: MentorLink, kind: str) -> None:
    enrollment = link.enrollment
    what = MentorLinkEvent.Kind(kind).label
    send_mail(
        subject=header_text(f"{link.mentor_name} {what}"),
        message=render_to_string(
            "emails/mentor_news.txt",
            {"link": link, "what": what, "url": settings.SITE_URL + mentor_links_path(enrollment)},
        ),
        from_email=None,
        recipient_list=[enrollment.user.email],
    )


def mentor_links_path(enrollment) -> str:
    return reverse("mentor:links", args=[enrollment.cohort_id])


def mentor_news_of(enrollment, limit=5) -> list[MentorLinkEvent]:
    """The latest answers, comments and signatures of the participant's mentors."""
    return list(
        MentorLinkEvent.objects.filter(link__enrollment=enrollment, kind__in=NEWS)
        .select_related("link")
        .order_by("-at", "-pk")[:limit]
    )


def mentor_standing(link: MentorLink, agreement: MentorshipAgreement) -> dict:
    """What the mentor has given so far: questionnaire items answered of all (with the numbers
    still open), agreement parts commented on, and their signature's date when they signed."""
    section = worksheet("questionnaire")
    stages = section.spec["stages"] if section else []
    slugs = [item["slug"] for stage in stages for item in stage["items"]]
    rated = set(link.ratings.values_list("item", flat=True))
    still_open = [number for number, slug in enumerate(slugs, 1) if slug not in rated]
    signs = agreement.mentor_link_id == link.pk and bool(agreement.mentor_signature)
    return {
        "answered": len(slugs) - len(still_open),
        "total": len(slugs),
        "open": still_open,
        "commented": sum(1 for text in (link.comments or {}).values() if text),
        "signed_on": agreement.mentor_signed_on if signs else None,
    }


@transaction.atomic
def mentor_ratings_save(*, link: MentorLink, ratings: dict[str, int]) -> None:
    _still_usable(link)
    for item, value in ratings.items():
        MentorRating.objects.update_or_create(link=link, item=item, defaults={"value": value})
    record(link, f"rated {len(ratings)} questionnaire items", ANSWERED)


def _still_usable(link: MentorLink) -> None:
    """The link as stored now, not as the request loaded it: a revoke stops every write at once.
    Locks the link's row until the write's transaction ends."""
    rows = MentorLink.objects.usable().select_for_update().filter(pk=link.pk)
    if rows.values_list("pk", flat=True).first() is None:
        raise LinkNotUsable


def agreement_of(enrollment) -> MentorshipAgreement:
    """The participant's agreement, or an unsaved empty one: reading never writes."""
    owner = {"enrollment": enrollment, "section": worksheet("agreement")}
    return MentorshipAgreement.objects.select_related("mentor_link").filter(
        **owner
    ).first() or MentorshipAgreement(**owner)


def agreement_stored(enrollment) -> MentorshipAgreement:
    """The participant's agreement, created on the first write that needs it."""
    section = worksheet("agreement")
    agreement, _ = MentorshipAgreement.objects.get_or_create(enrollment=enrollment, section=section)
    return agreement


# What a link may do with the agreement.
SIGNS = "signs"  # the agreement is drafted with this mentor: they comment and sign
COMMENTS = "comments"  # another mentor the participant lets comment
NOTHING = "nothing"  # another mentor: told who the agreement is with, nothing more


def agreement_role(link: MentorLink, agreement: MentorshipAgreement) -> str:
    if agreement.mentor_link_id == link.pk:
        return SIGNS
    return COMMENTS if link.may_comment else NOTHING


class AgreementChanged(Exception):
    """The agreement is no longer the version the mentor read: nothing was stored."""


class NotAllowed(Exception):
    """This link may not do that (any more) with the agreement."""


@transaction.atomic
def mentor_agreement_respond(
    *, link: MentorLink, version: int, comments: dict[str, str], signature="", signed_on=None
) -> None:
    """The mentor's comments, and their signature when given, on the version of the agreement
    they read (`version`, 0 for an agreement not stored yet).

    The signature is one conditional update of the agreement at that version, the same kind of
    write as the participant's saves (worksheets/services.py), so of a signature and an edit
    arriving together exactly one succeeds and the other is told. Comments live on the link;
    they are stored only while the agreement is still at that version (its row is locked for the
    check). Raises AgreementChanged or NotAllowed, storing nothing."""
    _still_usable(link)
    owner = {"enrollment_id": link.enrollment_id, "section": worksheet("agreement")}
    agreement = MentorshipAgreement.objects.select_for_update().filter(**owner).first()
    if (agreement.version if agreement else 0) != version:
        raise AgreementChanged
    role = agreement_role(link, agreement or MentorshipAgreement(**owner))
    signing = bool(signature and signed_on)
    if role == NOTHING or (signing and role != SIGNS):
        raise NotAllowed
    if signing:
        signed = MentorshipAgreement.objects.filter(
            pk=agreement.pk, version=version, mentor_link=link
        ).update(
            mentor_signature=signature,
            mentor_signed_on=signed_on,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if not signed:
            raise AgreementChanged
    kept = {slug: text for slug, text in comments.items() if text.strip()}
    if kept != link.comments:
        MentorLink.objects.filter(pk=link.pk).update(comments=kept)
        record(link, f"commented on {len(kept)} section(s) of the agreement", COMMENTED)
    if signing:
        record(link, f"signed the agreement as {signature} on {signed_on:%Y-%m-%d}", SIGNED)


def _update_agreement(agreement: MentorshipAgreement, values: dict) -> bool:
    """A participant's change to the agreement, at the version it was read at."""
    values = agreement.with_new_content(values)
    rows = MentorshipAgreement.objects.filter(pk=agreement.pk, version=agreement.version)
    return bool(rows.update(**values, version=F("version") + 1, updated_at=timezone.now()))


def _retrying(change, *, enrollment) -> bool:
    """Apply `change(agreement) -> values` to the freshly read agreement; a write that came in
    between is read again, a few times, so the change is always made on what is stored."""
    for _ in range(5):
        agreement = agreement_stored(enrollment)
        values = change(agreement)
        if values is None or _update_agreement(agreement, values):
            return values is not None
    return False


def agreement_with(*, enrollment, link: MentorLink | None) -> bool:
    """The participant drafts the agreement with this mentor (None: with no mentor named yet).
    A change of mentor clears the signatures (SIGNED_CONTENT); the mentor's name is filled in
    when it was empty or the previous mentor's."""
    if link is not None and link.enrollment_id != enrollment.pk:
        raise NotAllowed

    def change(agreement):
        if agreement.mentor_link_id == (link.pk if link else None):
            return None
        values = {"mentor_link_id": link.pk if link else None}
        previous = agreement.mentor_link.mentor_name if agreement.mentor_link_id else ""
        if link is not None and agreement.mentor_name.strip() in ("", previous):
            values["mentor_name"] = link.mentor_name
        return values

    return _retrying(change, enrollment=enrollment)


def mentor_may_comment(*, link: MentorLink, allowed: bool) -> None:
    MentorLink.objects.filter(pk=link.pk).update(may_comment=allowed)


@transaction.atomic
def compare_with(*, enrollment, link: MentorLink) -> None:
    """The mentor whose questionnaire the participant compares theirs with, page and PDF."""
    if link.enrollment_id != enrollment.pk:
        raise NotAllowed
    MentorLink.objects.filter(enrollment=enrollment, compared=True).update(compared=False)
    MentorLink.objects.filter(pk=link.pk).update(compared=True)


def mentor_links_of(enrollment) -> list[MentorLink]:
    """Every link of the participant, newest first, each marked `rated` (the mentor answered the
    questionnaire) and `with_agreement` (the agreement is drafted with them): one query."""
    return list(
        MentorLink.objects.filter(enrollment=enrollment)
        .annotate(
            rated=Exists(MentorRating.objects.filter(link=OuterRef("pk"))),
            with_agreement=Exists(
                MentorshipAgreement.objects.filter(
                    enrollment=enrollment, mentor_link=OuterRef("pk")
                )
            ),
        )
        .order_by("-created_at", "-pk")
    )


def rated_links(enrollment, links=None) -> list[MentorLink]:
    links = mentor_links_of(enrollment) if links is None else links
    return [link for link in links if link.rated]


def compared_link(enrollment, links=None) -> tuple[MentorLink | None, str]:
    """The rated link to compare with, and why: the participant's choice ("chosen"), else the
    agreement's mentor ("agreement"), else the newest rated link ("newest")."""
    rated = rated_links(enrollment, links)
    for why, test in (("chosen", "compared"), ("agreement", "with_agreement")):
        link = next((link for link in rated if getattr(link, test)), None)
        if link is not None:
            return link, why
    return (rated[0], "newest") if rated else (None, "")


def expectations_comparison(
    enrollment, *, id_prefix="comparison", statements=True, links=None
) -> dict | None:
    """Both profiles side by side and the items at least TALK_ABOUT_GAP apart; None without
    a mentor's ratings. The mentor is the one compared_link names; `choices` are every rated
    link. `statements=False`: a chart of item numbers only (see charts.py)."""
    section = worksheet("questionnaire")
    links = mentor_links_of(enrollment) if links is None else links
    link, why = compared_link(enrollment, links)
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
        "why": why,
        "choices": rated_links(enrollment, links),
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


def agreement_comments(enrollment, links=None) -> dict[str, list[dict]]:
    """Every mentor's comments on the agreement, for the participant: section slug → a list of
    {"mentor": name, "text": comment}, the agreement's mentor first, then oldest link first."""
    links = mentor_links_of(enrollment) if links is None else links
    by_part: dict[str, list[dict]] = {}
    oldest_first = links[::-1]
    for link in sorted(oldest_first, key=lambda link: not link.with_agreement):
        for slug, text in (link.comments or {}).items():
            if text:
                by_part.setdefault(slug, []).append({"mentor": link.mentor_name, "text": text})
    return by_part


GAP_TOPICS_PART = "steps"  # section 2 of the agreement: the steps to settle


def gaps_to_agreement(*, enrollment) -> int:
    """Append the 'talk about this' items to the agreement draft as topics to settle."""
    comparison = expectations_comparison(enrollment)
    if not comparison or not comparison["gaps"]:
        return 0
    lines = ["Topics to settle together (from our expectations questionnaire):"]
    for item in comparison["gaps"]:
        lines.append(
            f"- {item['left']} / {item['right']} "
            f"(me: {item['value']}, {comparison['link'].mentor_name}: {item['second']})"
        )

    def change(agreement):
        fields = dict(agreement.fields)
        existing = fields.get(GAP_TOPICS_PART, "").rstrip()
        fields[GAP_TOPICS_PART] = (existing + "\n\n" if existing else "") + "\n".join(lines)
        return {"fields": fields}

    return len(comparison["gaps"]) if _retrying(change, enrollment=enrollment) else 0
