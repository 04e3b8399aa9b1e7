"""Property-based: whatever arrives in a form, never a 500, never half a save, never live HTML."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessions_app.models import Module, Prompt, Section
from worksheets.models import MAX_ANSWER_LENGTH, Answer, FourWayView

from .browser import autosave_url, module_url, page_data

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '<img src="file:///etc/passwd" onerror="alert(1)">',
            "\x00\x01\x1b[31m",
            "x" * (MAX_ANSWER_LENGTH + 1),
            "' OR 1=1 --",
            "{{ 7*7 }} {% debug %}",
        ]
    ),
)
numberish = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.text(max_size=12),
    st.sampled_from(["", " ", "1e3", "50.5", "NaN", "\u0661\u0660\u0660"]),
)


def first_prompt(module):
    return Prompt.objects.active().filter(section__module=module, row_label="").first()


@FUZZ
@given(text=hostile_text)
def test_any_text_in_an_answer_is_saved_whole_or_refused_clearly(
    participant_client, enrollment, text
):
    module = Module.objects.in_course_order().first()
    prompt = first_prompt(module)
    page = participant_client.get(module_url(enrollment, module))
    data = page_data(page)
    data[f"s{prompt.section_id}-answers-p{prompt.pk}"] = text
    response = participant_client.post(autosave_url(enrollment, module), data)
    assert response.status_code in {200, 422}
    saved = Answer.objects.filter(enrollment=enrollment, prompt=prompt).first()
    if response.status_code == 200:
        stored = saved.text if saved else ""
        assert stored == text.replace("\x00", "") or stored == text
    else:
        assert (
            "too long" in response.content.decode()
            or "Null characters" in response.content.decode()
        )
    html = participant_client.get(module_url(enrollment, module)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert '<img src="file:///etc/passwd"' not in html


@FUZZ
@given(values=st.lists(numberish, min_size=8, max_size=8), rating=numberish)
def test_any_number_in_the_four_way_view_is_saved_valid_or_refused(
    participant_client, enrollment, values, rating
):
    section = Section.objects.get(worksheet_type="four_way_view")
    data = page_data(participant_client.get(module_url(enrollment, section.module)))
    prefix = f"s{section.pk}-fourway-"
    names = [
        f"{m}_{d}" for m in ("importance", "focus") for d in ("work", "home", "community", "self")
    ]
    for name, value in zip(names, values, strict=True):
        data[prefix + name] = value
    data[prefix + "satisfaction_overall"] = rating
    response = participant_client.post(autosave_url(enrollment, section.module), data)
    assert response.status_code in {200, 422}
    record = FourWayView.objects.filter(enrollment=enrollment).first()
    if record is not None:
        record.full_clean()  # whatever was stored obeys every rule


@FUZZ
@given(name=hostile_text, email=hostile_text, password=hostile_text)
def test_sign_up_never_fails_loudly(client, curriculum, name, email, password):
    from .factories import CohortFactory

    cohort = CohortFactory()
    response = client.post(
        cohort.get_join_url(),
        {"display_name": name, "email": email, "password1": password, "password2": password},
    )
    assert response.status_code in {200, 302}


def form_targets(enrollment):
    """Every form a person can post, with its field names."""
    from django.urls import reverse

    from worksheets.mentor.services import mentor_link_create

    # One link for all of Hypothesis's examples: they share the enrollment, and a link per
    # example would soon reach the cap on working links per person.
    if not hasattr(enrollment, "fuzz_mentor_token"):
        _, mentor_url = mentor_link_create(enrollment=enrollment, mentor_name="Prof. Park")
        enrollment.fuzz_mentor_token = mentor_url.rstrip("/").rsplit("/", 1)[-1]
    token = enrollment.fuzz_mentor_token
    questionnaire = Section.objects.get(worksheet_type="questionnaire")
    first_item = questionnaire.spec["stages"][0]["items"][0]["slug"]
    c = enrollment.cohort_id
    return [
        (reverse("accounts:login"), ["username", "password"]),
        (reverse("sessions_app:sharing", args=[c]), ["shares_answers"]),
        (reverse("mentor:links", args=[c]), ["mentor_name", "mentor_email"]),
        (reverse("mentor:questionnaire", args=[token]), [first_item]),
        (reverse("mentor:agreement", args=[token]), ["comment_goals", "signature", "signed_on"]),
        (reverse("accounts:delete"), ["password"]),
        (reverse("accounts:password_change"), ["old_password", "new_password1"]),
    ]


@settings(FUZZ, max_examples=10)
@given(values=st.lists(hostile_text, min_size=3, max_size=3), drop=st.booleans())
def test_every_other_form_answers_bad_input_without_a_500(
    participant_client, enrollment, values, drop
):
    for url, fields in form_targets(enrollment):
        data = {field: values[i % len(values)] for i, field in enumerate(fields)}
        if drop:
            data.pop(fields[-1])  # a missing field
        response = participant_client.post(url, data)
        assert response.status_code < 500, url
        assert "<script>alert(1)</script>" not in response.content.decode(errors="replace")


def test_a_hundred_thousand_characters_are_refused_with_a_message(participant_client, enrollment):
    module = Module.objects.in_course_order().first()
    prompt = first_prompt(module)
    data = page_data(participant_client.get(module_url(enrollment, module)))
    data[f"s{prompt.section_id}-answers-p{prompt.pk}"] = "long " * 20_000
    response = participant_client.post(module_url(enrollment, module), data)
    assert response.status_code == 200
    assert "too long" in response.content.decode()
    assert not Answer.objects.filter(enrollment=enrollment).exists()
