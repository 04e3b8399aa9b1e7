"""seed_demo: a demo cohort whose participant has every answer filled in."""

import pytest
from django.core.management import call_command

from sessions_app.models import CohortSession, Prompt, Session
from worksheets.demo import FACILITATOR, PARTICIPANT
from worksheets.models import Answer

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_every_prompt_and_opens_every_session(curriculum, client):
    call_command("seed_demo")
    demo_answers = Answer.objects.filter(enrollment__user__email=PARTICIPANT["email"])
    assert demo_answers.exclude(text="").count() == Prompt.objects.active().count()
    assert CohortSession.objects.open().count() == Session.objects.active().count()
    texts = list(demo_answers.values_list("text", flat=True))
    assert len(set(texts)) == len(texts), "demo answers should not repeat themselves"

    for account in (PARTICIPANT, FACILITATOR):
        assert client.login(username=account["email"], password=account["password"])


def test_seed_demo_is_idempotent_and_never_overwrites_an_answer(curriculum):
    call_command("seed_demo")
    edited = Answer.objects.filter(enrollment__user__email=PARTICIPANT["email"]).first()
    edited.text = "I rewrote this myself"
    edited.save()
    count = Answer.objects.count()

    call_command("seed_demo")

    assert Answer.objects.count() == count
    edited.refresh_from_db()
    assert edited.text == "I rewrote this myself"
