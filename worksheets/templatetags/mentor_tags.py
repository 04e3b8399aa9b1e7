"""What the module page shows of the participant's mentors: their comments on the agreement, by
name, and the mentor the questionnaire is compared with."""

from django import template

from .. import charts
from ..mentor.services import (
    agreement_comments,
    compared_link,
    expectations_comparison,
    mentor_links_of,
    rated_links,
)

register = template.Library()


@register.simple_tag
def mentors_comments(enrollment):
    """Section slug → [{"mentor": name, "text": comment}] of every mentor link."""
    return agreement_comments(enrollment)


@register.simple_tag
def compared_mentor(enrollment):
    """{"link", "why", "others"}: the mentor the questionnaire is compared with, or None."""
    links = mentor_links_of(enrollment)
    link, why = compared_link(enrollment, links)
    if link is None:
        return None
    others = [other for other in rated_links(enrollment, links) if other != link]
    return {"link": link, "why": why, "others": others}


@register.simple_tag
def questionnaire_comparison(enrollment, section):
    """Once a mentor has answered: both profiles in one chart, the pairs to talk about, and the
    other mentors who answered (to compare with instead); None before."""
    comparison = expectations_comparison(enrollment, id_prefix=f"questionnaire-{section.pk}")
    if comparison is None:
        return None
    others = [other for other in comparison["choices"] if other != comparison["link"]]
    return {**comparison, "svg": charts.draw_for_screens(comparison["chart"]), "others": others}
