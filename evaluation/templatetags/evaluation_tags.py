"""The survey cards: on the participant's cohort home page, the next survey to answer (the
pre-survey first, for a new participant); on the mentor's home page, its mentor version."""

from django import template

from ..models import SurveyResponse
from ..selectors import current_instrument, mentor_items, wave_offers
from ..windows import wave_states

register = template.Library()


@register.inclusion_tag("evaluation/includes/_card.html")
def evaluation_card(enrollment):
    instrument = current_instrument()
    offers = wave_offers(enrollment, instrument) if instrument else []
    return {
        "enrollment": enrollment,
        "instrument": instrument,
        "offer": next((offer for offer in offers if offer.to_do), None),
    }


@register.inclusion_tag("evaluation/includes/_mentor_card.html")
def mentor_survey_card(link, token):
    """On the mentor's home page: the open wave of the survey's mentor version, if any."""
    instrument = current_instrument()
    offer = (
        next(
            (
                state
                for state in wave_states(link.enrollment.cohort).values()
                if state.is_open and mentor_items(instrument, state.wave)
            ),
            None,
        )
        if instrument
        else None
    )
    submitted = bool(
        offer
        and SurveyResponse.objects.filter(
            mentor_link=link, instrument=instrument, wave=offer.wave, submitted_at__isnull=False
        ).exists()
    )
    return {"link": link, "token": token, "offer": offer, "submitted": submitted}
