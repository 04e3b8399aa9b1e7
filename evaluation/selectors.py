"""Reading the evaluation for one participant: the instrument asked, which waves are open and
answered, their attendance."""

from dataclasses import dataclass

from django.conf import settings

from .attendance import course_sessions, taken_sessions
from .models import Attendance, Instrument, Item, SurveyAnswer, SurveyResponse, Wave
from .windows import WaveState, wave_states


def current_instrument() -> Instrument | None:
    """The instrument the cohorts are asked (settings.SURVEY_INSTRUMENT), when it is loaded."""
    return Instrument.objects.active().filter(slug=settings.SURVEY_INSTRUMENT).first()


def wave_items(instrument: Instrument, wave: str) -> list[Item]:
    return list(Item.objects.for_wave(wave).filter(instrument=instrument).in_order())


def mentor_items(instrument: Instrument, wave: str) -> list[Item]:
    """The items of that wave that have a mentor version."""
    return [item for item in wave_items(instrument, wave) if item.mentor_text]


def response_answers(enrollment, instrument, wave, mentor_link=None) -> dict[int, SurveyAnswer]:
    """The participant's answers (or, given `mentor_link`, that mentor's) at that wave."""
    answers = SurveyAnswer.objects.filter(
        response__enrollment=enrollment,
        response__instrument=instrument,
        response__wave=wave,
        response__mentor_link=mentor_link,
    )
    return {answer.item_id: answer for answer in answers}


@dataclass(frozen=True)
class WaveOffer:
    """One wave as the participant sees it: open or not, started, submitted."""

    state: WaveState
    started: bool
    submitted: bool

    @property
    def wave(self) -> str:
        return self.state.wave

    @property
    def to_do(self) -> bool:
        return self.state.is_open and not self.submitted


def wave_offers(enrollment, instrument) -> list[WaveOffer]:
    """The waves this instrument asks, in course order, with the participant's progress."""
    asked = {
        w
        for waves in instrument.items.active().values_list("waves", flat=True)
        for w in waves.split()
    }
    responses = {
        r.wave: r
        for r in SurveyResponse.objects.of_participants().filter(
            enrollment=enrollment, instrument=instrument
        )
    }
    states = wave_states(enrollment.cohort, has_follow_up=Wave.FOLLOW_UP in asked)
    return [
        WaveOffer(
            state=states[wave],
            started=wave in responses,
            submitted=bool(wave in responses and responses[wave].submitted_at),
        )
        for wave in Wave.values
        if wave in asked and wave in states
    ]


def attendance_of(enrollment) -> list[dict]:
    """Each session of the course: attended, missed (the session's attendance was taken and
    they were not marked present) or not taken yet (`attended` None)."""
    present = set(
        Attendance.objects.filter(enrollment=enrollment, attended=True).values_list(
            "session_id", flat=True
        )
    )
    taken = taken_sessions(enrollment.cohort)
    return [
        {
            "session": session,
            "attended": True if session.pk in present else (False if session.pk in taken else None),
        }
        for session in course_sessions()
    ]
