"""The survey card on the participant's cohort home page: the next survey to answer (the
pre-survey first, for a new participant) and a link to their course record."""

from django import template

from ..selectors import current_instrument, wave_offers

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
