"""The demo cohort's evaluation: everyone answered before and after, attendance is marked, so
the facilitator's report has something to show. Idempotent: what exists is never overwritten."""

import random

from django.db import transaction
from django.utils import timezone

from sessions_app.models import Enrollment
from worksheets.demo import PARTICIPANT

from .attendance import course_sessions
from .models import Attendance, Item, SurveyAnswer, SurveyResponse, Wave
from .selectors import current_instrument

DEMO_TEXTS = {
    "intend-own-words": "Send my mentor an agenda before each meeting instead of improvising.",
}


@transaction.atomic
def evaluation_demo_seed(cohort) -> None:
    instrument = current_instrument()
    if instrument is None:
        return
    items = list(Item.objects.active().filter(instrument=instrument).in_order())
    participants = Enrollment.objects.participants().filter(cohort=cohort).select_related("user")
    for enrollment in participants:
        rng = random.Random(enrollment.user.email)  # the same demo every time
        is_demo = enrollment.user.email == PARTICIPANT["email"]
        level = rng.choice([2, 2, 3])
        for wave, lift in ((Wave.PRE, 0), (Wave.POST, 1)):
            texts = DEMO_TEXTS if is_demo and wave == Wave.POST else {}
            _respond(enrollment, instrument, wave, items, rng, level + lift, texts)
        _attend(enrollment, rng, always=is_demo)  # the demo postdoc earns the certificate


def _respond(enrollment, instrument, wave, items, rng, level, texts):
    response, created = SurveyResponse.objects.get_or_create(
        enrollment=enrollment,
        instrument=instrument,
        wave=wave,
        mentor_link=None,
        defaults={"submitted_at": timezone.now()},
    )
    if not created:
        return
    answers = [
        SurveyAnswer(response=response, item=item, **_value(item, rng, level, texts))
        for item in items
        if wave in item.wave_list
    ]
    SurveyAnswer.objects.bulk_create([a for a in answers if not a.is_blank])


def _value(item, rng, level, texts) -> dict:
    if item.kind == Item.Kind.SCALE:
        point = (
            level + rng.choice([-1, 0, 0, 1]) + (1 if item.construct.slug == "satisfaction" else 0)
        )
        return {"number": max(item.scale_min, min(item.scale_max, point))}
    if item.kind == Item.Kind.YES_NO:
        return {"number": 1 if rng.random() < 0.8 else 0}
    if item.kind == Item.Kind.CHOICE:
        return {"text": rng.choice(item.choices)["slug"]}
    return {"text": texts.get(item.slug, "")}


def _attend(enrollment, rng, *, always: bool):
    for session in course_sessions():
        Attendance.objects.get_or_create(
            enrollment=enrollment,
            session=session,
            defaults={"attended": always or session.number == 1 or rng.random() < 0.8},
        )
