"""Every worksheet rule, checked where it lives: on the model (constraints), on the form (values
that cannot be stored) and in rules.py (what keeps a stored worksheet from being complete)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sessions_app.models import Module, Section
from worksheets import forms as wf
from worksheets import kinds
from worksheets.models import (
    FourWayView,
    MentorshipAgreement,
    QuestionnaireRating,
    RolesChecklist,
)

from .browser import module_url, page_data
from .factories import MentorshipAgreementFactory

pytestmark = pytest.mark.django_db


def worksheet(kind):
    return Section.objects.active().get(worksheet_type=kind)


def bound_form(client, enrollment, kind, changes):
    """The worksheet's form, bound to the page's data with `changes` (unprefixed) applied."""
    section = worksheet(kind)
    response = client.get(module_url(enrollment, section.module))
    data = page_data(response)
    form = next(
        f
        for part in response.context["workbook"].parts
        if part.section == section
        for f in part.worksheet
    )
    for name, value in changes.items():
        data[form.add_prefix(name)] = value
    form_class = type(form)
    extra = {
        wf.RolesForm: {"record": None},
        wf.FourWayViewForm: {"record": None},
        wf.AgreementForm: {"record": None},
        wf.StairStepsForm: {"record": None},
        wf.QuestionnaireForm: {"ratings": {}},
    }[form_class]
    bound = form_class(data=data, section=section, enrollment=enrollment, **extra)
    bound.use_notes(kinds.of(section).notes, [])
    return bound


# Four-way view: each percent column adds up to 100; ratings 1 to 10.


def four_way(**values):
    base = {f"{m}_{d}": None for m in ("importance", "focus") for d in FOUR_DOMAINS}
    base.update({f"{m}_{r}": None for m in ("satisfaction", "performance") for r in RATING_ROWS})
    return {**base, **values}


FOUR_DOMAINS = ("work", "home", "community", "self")
RATING_ROWS = (*FOUR_DOMAINS, "overall")


def importance(*numbers):
    return {f"importance_{d}": n for d, n in zip(FOUR_DOMAINS, numbers, strict=True)}


def test_four_way_view_model_stores_percentages_not_adding_up_to_100_or_half_filled(enrollment):
    """The sum is a rule about the whole worksheet: a note (rules.py), never a refusal."""
    section = worksheet("four_way_view")
    record = FourWayView(enrollment=enrollment, section=section, **importance(50, 20, 10, 10))
    record.full_clean()
    record.save()
    record.importance_home, record.importance_self = None, None
    record.full_clean()
    record.save()


@pytest.mark.parametrize("rating", [0, 11])
def test_four_way_view_model_refuses_ratings_outside_1_to_10(enrollment, rating):
    record = FourWayView(
        enrollment=enrollment, section=worksheet("four_way_view"), satisfaction_work=rating
    )
    with pytest.raises(ValidationError, match="from 1 to 10"):
        record.full_clean()


def test_four_way_view_form_stores_a_wrong_total_and_notes_it(participant_client, enrollment):
    changes = {
        f"importance_{d}": str(n) for d, n in zip(FOUR_DOMAINS, (50, 20, 10, 5), strict=True)
    }
    form = bound_form(participant_client, enrollment, "four_way_view", changes)
    assert form.is_valid(), form.errors
    assert form.values()["importance_self"] == 5
    assert form.notes == {
        "importance": ["Importance adds up to 85%; it must add up to exactly 100%."]
    }


def test_four_way_view_form_notes_a_half_filled_column(participant_client, enrollment):
    form = bound_form(participant_client, enrollment, "four_way_view", {"focus_work": "60"})
    assert form.is_valid(), form.errors
    assert form.notes == {
        "focus": ["Focus adds up to 60%; it must add up to exactly 100%. Fill in every domain."]
    }


@pytest.mark.parametrize(("field", "value"), [("satisfaction_work", "11"), ("focus_home", "-3")])
def test_four_way_view_form_refuses_numbers_outside_the_scale(
    participant_client, enrollment, field, value
):
    form = bound_form(participant_client, enrollment, "four_way_view", {field: value})
    assert not form.is_valid()
    assert field in form.errors


def test_four_way_view_form_refuses_non_numbers(participant_client, enrollment):
    form = bound_form(participant_client, enrollment, "four_way_view", {"importance_work": "lots"})
    assert not form.is_valid()
    assert "whole number" in str(form.errors["importance_work"])


# Questionnaire: ratings from 1 to 6.


@pytest.mark.parametrize("value", [0, 7])
def test_questionnaire_rating_model_is_between_1_and_6(enrollment, value):
    rating = QuestionnaireRating(
        enrollment=enrollment, section=worksheet("questionnaire"), item="x", value=value
    )
    with pytest.raises(ValidationError, match="from 1 to 6"):
        rating.full_clean()


@pytest.mark.parametrize("value", ["0", "7", "three"])
def test_questionnaire_form_refuses_ratings_off_the_scale(participant_client, enrollment, value):
    first_item = worksheet("questionnaire").spec["stages"][0]["items"][0]["slug"]
    form = bound_form(participant_client, enrollment, "questionnaire", {first_item: value})
    assert not form.is_valid()
    assert "from 1 to 6" in str(form.errors[first_item])


# Mentor roles: exactly three priorities, among the roles ticked as needed.


def roles(section, count):
    return [r["slug"] for g in section.spec["groups"] for r in g["roles"]][:count]


@pytest.mark.parametrize("priority_count", [1, 2, 4])
def test_roles_form_stores_other_than_three_priorities_and_notes_it(
    participant_client, enrollment, priority_count
):
    chosen = roles(worksheet("roles"), 5)
    form = bound_form(
        participant_client,
        enrollment,
        "roles",
        {"needed": chosen, "priorities": chosen[:priority_count]},
    )
    assert form.is_valid(), form.errors
    assert form.values()["priorities"] == chosen[:priority_count]
    assert form.notes == {
        "priorities": [f"Choose exactly 3 priorities (you chose {priority_count})."]
    }


def test_a_ticked_priority_ticks_its_role_as_needed(participant_client, enrollment):
    chosen = roles(worksheet("roles"), 5)
    form = bound_form(
        participant_client, enrollment, "roles", {"needed": chosen[:2], "priorities": chosen[:3]}
    )
    assert form.is_valid(), form.errors
    assert form.values() == {"needed": chosen[:3], "priorities": chosen[:3]}
    assert form.notes == {}


def test_a_stored_priority_that_is_not_a_needed_role_is_noted(enrollment):
    section = worksheet("roles")
    chosen = roles(section, 3)
    record = RolesChecklist(enrollment=enrollment, section=section, needed=[], priorities=chosen)
    assert "must also be ticked" in kinds.of(section).notes_of(section, [record])["priorities"][0]


def test_roles_form_accepts_needed_roles_before_any_priority(participant_client, enrollment):
    chosen = roles(worksheet("roles"), 4)
    for priorities in ([], chosen[:3]):
        form = bound_form(
            participant_client, enrollment, "roles", {"needed": chosen, "priorities": priorities}
        )
        assert form.is_valid(), form.errors
        assert form.notes == {}


# Stair steps: the challenging task and steps 1 to 3 are required, 4 and 5 optional.


def test_stair_steps_form_stores_a_started_ladder_and_notes_the_missing_steps(
    participant_client, enrollment
):
    form = bound_form(
        participant_client, enrollment, "stair_steps", {"task": "Write the R01", "step_1": "Aims"}
    )
    assert form.is_valid(), form.errors
    assert form.values()["step_1"] == "Aims"
    assert set(form.notes) == {"step_2", "step_3"}
    form = bound_form(
        participant_client,
        enrollment,
        "stair_steps",
        {"task": "Write the R01", "step_1": "Aims", "step_2": "Approach", "step_3": "Budget"},
    )
    assert form.is_valid(), form.errors
    assert form.notes == {}


# Mentorship agreement: a signature is a typed name with its date.


def test_agreement_signature_needs_name_and_date_on_the_model(enrollment):
    record = MentorshipAgreement(
        enrollment=enrollment, section=worksheet("agreement"), mentee_signature="Alex Rivera"
    )
    with pytest.raises(ValidationError, match="name and the date"):
        record.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"mentee_signature": "Alex Rivera"}, "mentee_signed_on"),
        ({"mentor_signed_on": "2026-10-02"}, "mentor_signature"),
        ({"mentor_signature": "Helen Park", "mentor_signed_on": "not a date"}, "mentor_signed_on"),
    ],
)
def test_agreement_form_ties_each_signature_to_a_date(
    participant_client, enrollment, changes, field
):
    form = bound_form(participant_client, enrollment, "agreement", changes)
    assert not form.is_valid()
    assert field in form.errors


def test_a_signed_agreement_is_read_only_until_unlocked(participant_client, enrollment):
    section = worksheet("agreement")
    MentorshipAgreementFactory(
        enrollment=enrollment,
        section=section,
        fields={"goals": "Publish two papers"},
        mentor_signature="Helen Park",
        mentor_signed_on=datetime.date(2026, 10, 2),
        mentee_signature="Alex Rivera",
        mentee_signed_on=datetime.date(2026, 10, 2),
    )
    url = module_url(enrollment, section.module)
    response = participant_client.get(url)
    assert "Signed by both" in response.content.decode()
    data = page_data(response)
    data[f"s{section.pk}-agreement-part_goals"] = "Sneaky rewrite"
    participant_client.post(url, data)
    assert MentorshipAgreement.objects.get().fields["goals"] == "Publish two papers"

    data = page_data(participant_client.get(url))
    data["unlock_agreement"] = str(section.pk)
    participant_client.post(url, data)
    record = MentorshipAgreement.objects.get()
    assert (record.mentor_signature, record.mentee_signature) == ("", "")
    assert record.mentor_signed_on is None
    assert record.fields["goals"] == "Publish two papers"
    assert "Signed by both" not in participant_client.get(url).content.decode()


def test_every_worksheet_module_renders_for_a_new_participant(participant_client, enrollment):
    for module in Module.objects.active():
        assert participant_client.get(module_url(enrollment, module)).status_code == 200
