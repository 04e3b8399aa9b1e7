"""The participant's "bring your mentor in" page, and the pages a mentor opens through a link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentoring.throttle import MailLimitReached
from sessions_app.selectors import participant_enrollment

from .. import charts
from .forms import MentorAgreementForm, MentorLinkForm, MentorQuestionnaireForm, RevokeForm
from .pages import link_or_page, mentor_page
from .services import (
    AgreementChanged,
    LinkLimitReached,
    LinkNotUsable,
    NotAllowed,
    agreement_of,
    agreement_role,
    agreement_with,
    compare_with,
    expectations_comparison,
    gaps_to_agreement,
    mentor_agreement_respond,
    mentor_link_create,
    mentor_link_revoke,
    mentor_may_comment,
    mentor_news_of,
    mentor_ratings_save,
    mentor_standing,
    record,
    worksheet,
)


def link_ready_message(request, link):
    if link.mail_failed:
        messages.warning(
            request,
            f"The link for {link.mentor_name} is ready, but the e-mail to {link.mentor_email} "
            "could not be sent. Copy the link below and send it yourself.",
        )
    else:
        sent = f" and e-mailed to {link.mentor_email}" if link.mentor_email else ""
        messages.success(request, f"The link for {link.mentor_name} is ready{sent}.")


@login_required
def mentor_links(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    agreement = agreement_of(enrollment)
    data = request.POST if request.method == "POST" else None
    form = MentorLinkForm(data, agreement_has_mentor=bool(agreement.mentor_link_id))
    new_url = None
    if data is not None and form.is_valid():
        try:
            link, new_url = mentor_link_create(
                enrollment=enrollment,
                mentor_name=form.cleaned_data["mentor_name"],
                mentor_email=form.cleaned_data["mentor_email"],
                site_url=f"{request.scheme}://{request.get_host()}",
                agreement_mentor=form.cleaned_data["agreement_mentor"],
                may_comment=form.cleaned_data["may_comment"],
            )
        except MailLimitReached as limit:
            form.add_error(
                "mentor_email", f"{limit} Or leave the e-mail empty and pass the link on yourself."
            )
        except LinkLimitReached as limit:
            form.add_error(None, str(limit))
        else:
            link_ready_message(request, link)
            agreement = agreement_of(enrollment)
            form = MentorLinkForm(agreement_has_mentor=bool(agreement.mentor_link_id))
    links = enrollment.mentor_links.prefetch_related("events")
    comparison = expectations_comparison(enrollment)
    return render(
        request,
        "mentor/links.html",
        {
            "enrollment": enrollment,
            "form": form,
            "new_url": new_url,
            "links": links,
            "agreement": agreement,
            "revoke_form": RevokeForm(),
            "comparison": comparison,
            "comparison_chart": charts.draw_for_screens(comparison["chart"]) if comparison else "",
            "agreement_module": worksheet("agreement").module if worksheet("agreement") else None,
            "news": mentor_news_of(enrollment),
        },
    )


def _posted_link(request, enrollment, name="link"):
    """The participant's own link named in the POST, or None (bad input, or someone else's)."""
    raw = request.POST.get(name, "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        return None
    return enrollment.mentor_links.filter(pk=int(raw)).first()


@login_required
@require_POST
def mentor_link_revoke_view(request, cohort_id, link_id):
    enrollment = participant_enrollment(request, cohort_id)
    link = get_object_or_404(enrollment.mentor_links, pk=link_id)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether their answers are kept or deleted, then withdraw.")
        return redirect("mentor:links", cohort_id)
    keep = form.cleaned_data["answers"] != "delete"
    mentor_link_revoke(link=link, keep_answers=keep)
    kept = "kept" if keep else "deleted"
    messages.success(
        request,
        f"The link for {link.mentor_name} no longer works. Their answers and comments are {kept}.",
    )
    return redirect("mentor:links", cohort_id)


@login_required
@require_POST
def agreement_with_view(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    link = _posted_link(request, enrollment)
    if (link is None and request.POST.get("link", "") != "") or (link and link.state != "active"):
        messages.error(request, "Choose one of your mentors whose link works for the agreement.")
        return redirect("mentor:links", cohort_id)
    if agreement_with(enrollment=enrollment, link=link):
        who = link.mentor_name if link else "no mentor named yet"
        messages.success(
            request,
            f"Your agreement is now drafted with {who}. Any signatures were cleared, since the "
            "mentor changed.",
        )
    return redirect("mentor:links", cohort_id)


@login_required
@require_POST
def may_comment_view(request, cohort_id, link_id):
    enrollment = participant_enrollment(request, cohort_id)
    link = get_object_or_404(enrollment.mentor_links, pk=link_id)
    allowed = request.POST.get("allowed") == "1"
    mentor_may_comment(link=link, allowed=allowed)
    if allowed:
        messages.success(request, f"{link.mentor_name} may now comment on your agreement.")
    else:
        messages.success(request, f"{link.mentor_name} no longer comments on your agreement.")
    return redirect("mentor:links", cohort_id)


@login_required
@require_POST
def news_by_mail_view(request, cohort_id):
    """The participant asks, or stops asking, to be mailed when a mentor answers, comments or
    signs."""
    enrollment = participant_enrollment(request, cohort_id)
    enrollment.mentor_news_by_mail = request.POST.get("on") == "1"
    enrollment.save(update_fields=["mentor_news_by_mail"])
    if enrollment.mentor_news_by_mail:
        messages.success(
            request, "We will e-mail you when a mentor answers, comments on or signs your work."
        )
    else:
        messages.success(request, "No more e-mails about your mentors' answers.")
    return redirect(reverse("mentor:links", args=[cohort_id]) + "#mentor-news")


@login_required
@require_POST
def compare_view(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    link = _posted_link(request, enrollment)
    if link is None or not link.ratings.exists():
        messages.error(request, "Choose one of the mentors who answered the questionnaire.")
    else:
        compare_with(enrollment=enrollment, link=link)
        messages.success(request, f"Your questionnaire is now compared with {link.mentor_name}'s.")
    return redirect(reverse("mentor:links", args=[cohort_id]) + "#comparison-heading")


@login_required
@require_POST
def gaps_to_agreement_view(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    copied = gaps_to_agreement(enrollment=enrollment)
    if copied:
        messages.success(
            request,
            f"{copied} topic{'s' if copied != 1 else ''} added to section 2 of your agreement "
            "draft. Any signatures were cleared, since the text changed.",
        )
    else:
        messages.info(request, "There is nothing to copy: no ratings are three or more apart.")
    return redirect("mentor:links", cohort_id)


# Pages for the mentor: no account, only the token.


def mentor_home(request, token):
    link, page = link_or_page(request, token)
    if page:
        return page
    record(link, "opened the link")
    agreement = agreement_of(link.enrollment)
    return mentor_page(
        request,
        "mentor/home.html",
        {
            "link": link,
            "token": token,
            "agreement": agreement,
            "role": agreement_role(link, agreement),
            "standing": mentor_standing(link, agreement),
            "saved": request.GET.get("saved", ""),
        },
    )


def _saved(token, what):
    return redirect(reverse("mentor:home", args=[token]) + f"?saved={what}")


def mentor_questionnaire(request, token):
    link, page = link_or_page(request, token)
    if page:
        return page
    section = worksheet("questionnaire")
    ratings = dict(link.ratings.values_list("item", "value"))
    data = request.POST if request.method == "POST" else None
    form = MentorQuestionnaireForm(data, section=section, ratings=ratings)
    if data is not None and form.is_valid():
        try:
            mentor_ratings_save(link=link, ratings=form.ratings())
        except LinkNotUsable:
            return mentor_page(request, "mentor/unusable.html", {"reason": "expired"}, 410)
        return _saved(token, "questionnaire")
    return mentor_page(
        request,
        "mentor/questionnaire.html",
        {"link": link, "token": token, "form": form, "section": section},
    )


def mentor_agreement(request, token):
    link, page = link_or_page(request, token)
    if page:
        return page
    section = worksheet("agreement")
    agreement = agreement_of(link.enrollment)
    role = agreement_role(link, agreement)
    data = request.POST if request.method == "POST" else None
    form = MentorAgreementForm(data, section=section, agreement=agreement, link=link, role=role)
    notice = ""
    if data is not None and form.is_valid():
        try:
            mentor_agreement_respond(
                link=link,
                version=form.cleaned_data["version"],
                comments=form.comments(),
                signature=form.cleaned_data.get("signature", ""),
                signed_on=form.cleaned_data.get("signed_on"),
            )
        except LinkNotUsable:
            return mentor_page(request, "mentor/unusable.html", {"reason": "expired"}, 410)
        except (AgreementChanged, NotAllowed) as refused:
            # Nothing was stored. Show the agreement as it is now, with what was typed kept.
            link.refresh_from_db()
            agreement = agreement_of(link.enrollment)
            role = agreement_role(link, agreement)
            again = data.copy()
            again["version"] = str(agreement.version if agreement.pk else 0)
            form = MentorAgreementForm(
                again, section=section, agreement=agreement, link=link, role=role
            )
            form.is_valid()
            notice = (
                f"{link.enrollment.user} changed the agreement since you opened this page. "
                "Nothing was saved or signed: read the text as it is now; what you typed is "
                "still in the form, to save again."
                if isinstance(refused, AgreementChanged)
                else f"{link.enrollment.user} changed who comments on or signs this agreement. "
                "Nothing was saved or signed."
            )
        else:
            return _saved(token, "agreement")
    return mentor_page(
        request,
        "mentor/agreement.html",
        {
            "link": link,
            "token": token,
            "form": form,
            "agreement": agreement,
            "section": section,
            "role": role,
            "notice": notice,
        },
        status=409 if notice else 200,
    )
