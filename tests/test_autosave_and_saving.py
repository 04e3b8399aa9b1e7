"""Saving worksheets: autosave answers, whole-page saves, SMART goals, lists and progress."""

import pytest
from django.core.management import call_command

from sessions_app.models import CohortSession, Enrollment, Module, Prompt, Section
from worksheets.demo import PARTICIPANT
from worksheets.models import (
    Answer,
    FourWayView,
    ListItem,
    MentorMapEntry,
    QuestionnaireRating,
    SmartGoal,
    StrategyChoice,
)
from worksheets.progress import workbook_progress

from .browser import autosave_url, module_url, page_data
from .factories import AnswerFactory, EnrollmentFactory, SmartGoalFactory

pytestmark = pytest.mark.django_db


def module_with(kind):
    return Section.objects.active().get(worksheet_type=kind).module


def prefix(kind, part):
    return f"s{Section.objects.active().get(worksheet_type=kind).pk}-{part}-"


def open_page(client, enrollment, module):
    response = client.get(module_url(enrollment, module))
    return response, page_data(response)


def test_autosave_saves_and_sends_the_new_version_out_of_band(participant_client, enrollment):
    module = Module.objects.in_course_order().first()
    prompt = Prompt.objects.active().filter(section__module=module).first()
    _, data = open_page(participant_client, enrollment, module)
    key = f"s{prompt.section_id}-answers-p{prompt.pk}"
    data[key] = "Typed, then a pause"

    response = participant_client.post(autosave_url(enrollment, module), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved" in html
    assert f'id="id_{key}-version" value="1" hx-swap-oob="true"' in html
    assert Answer.objects.get(enrollment=enrollment, prompt=prompt).text == "Typed, then a pause"


def test_autosave_retried_with_the_same_text_is_harmless(participant_client, enrollment):
    module = Module.objects.in_course_order().first()
    prompt = Prompt.objects.active().filter(section__module=module).first()
    _, data = open_page(participant_client, enrollment, module)
    data[f"s{prompt.section_id}-answers-p{prompt.pk}"] = "Same text"
    participant_client.post(autosave_url(enrollment, module), data)
    response = participant_client.post(autosave_url(enrollment, module), data)  # a retry
    assert response.status_code == 200
    assert Answer.objects.get(prompt=prompt).version == 1


def test_autosave_from_a_stale_tab_is_a_409_with_both_texts(participant_client, enrollment):
    module = Module.objects.in_course_order().first()
    prompt = Prompt.objects.active().filter(section__module=module).first()
    AnswerFactory(enrollment=enrollment, prompt=prompt, text="Tab A's start")
    _, data = open_page(participant_client, enrollment, module)
    Answer.objects.filter(prompt=prompt).update(text="Tab B saved this", version=2)
    data[f"s{prompt.section_id}-answers-p{prompt.pk}"] = "Tab A typed this"

    response = participant_client.post(autosave_url(enrollment, module), data)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Tab B saved this" in html
    assert "Keep mine" in html
    assert Answer.objects.get(prompt=prompt).text == "Tab B saved this"


def test_autosave_stores_a_four_way_view_that_does_not_add_up_and_notes_it(
    participant_client, enrollment
):
    module = module_with("four_way_view")
    prompt = Prompt.objects.active().filter(section__module=module, row_label="").first()
    _, data = open_page(participant_client, enrollment, module)
    fields = prefix("four_way_view", "fourway")
    for domain, number in zip(("work", "home", "community", "self"), (50, 20, 10, 10), strict=True):
        data[f"{fields}importance_{domain}"] = str(number)
    data[f"{fields}satisfaction_work"] = "7"
    data[f"s{prompt.section_id}-answers-p{prompt.pk}"] = "This answer is fine"

    response = participant_client.post(autosave_url(enrollment, module), data)

    assert response.status_code == 200
    assert response["X-Autosave"] == "saved"
    assert "Not complete yet: Importance adds up to 90%" in response.content.decode()
    view = FourWayView.objects.get(enrollment=enrollment)
    assert (view.importance_work, view.importance_self, view.satisfaction_work) == (50, 10, 7)
    assert Answer.objects.get(prompt=prompt).text == "This answer is fine"


def test_autosave_refuses_only_the_value_off_its_scale_and_stores_the_rest_of_the_worksheet(
    participant_client, enrollment
):
    module = module_with("four_way_view")
    _, data = open_page(participant_client, enrollment, module)
    fields = prefix("four_way_view", "fourway")
    data[f"{fields}importance_work"] = "100"
    data[f"{fields}satisfaction_work"] = "12"
    data[f"{fields}performance_home"] = "lots"

    response = participant_client.post(autosave_url(enrollment, module), data)

    assert response.status_code == 422
    assert response["X-Autosave"] == "invalid"
    html = response.content.decode()
    assert "Use a number from 1 to 10." in html
    assert "Type a whole number." in html
    view = FourWayView.objects.get(enrollment=enrollment)
    assert (view.importance_work, view.satisfaction_work, view.performance_home) == (
        100,
        None,
        None,
    )


def test_autosave_into_a_closed_session_is_refused(participant_client, enrollment):
    module = Module.objects.in_course_order().first()
    prompt = Prompt.objects.active().filter(section__module=module).first()
    _, data = open_page(participant_client, enrollment, module)
    CohortSession.objects.filter(cohort=enrollment.cohort).update(is_open=False)
    data[f"s{prompt.section_id}-answers-p{prompt.pk}"] = "Too late"
    response = participant_client.post(autosave_url(enrollment, module), data)
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_autosave_needs_a_post_and_the_owner(client, participant_client, enrollment):
    module = Module.objects.in_course_order().first()
    assert participant_client.get(autosave_url(enrollment, module)).status_code == 405
    client.logout()
    response = client.post(autosave_url(enrollment, module), {})
    assert response.status_code == 401
    assert response["X-Autosave"] == "signed_out"


def test_the_save_button_stores_everything_but_the_wrong_value_and_keeps_what_was_typed(
    participant_client, enrollment
):
    """The Save button follows the autosave's policy (services.workbook_save): a value that
    cannot be stored is refused on its own, and the rest of its worksheet is stored."""
    module = module_with("four_way_view")
    prompt = Prompt.objects.active().filter(section__module=module, row_label="").first()
    _, data = open_page(participant_client, enrollment, module)
    data[f"s{prompt.section_id}-answers-p{prompt.pk}"] = "Would be fine alone"
    data[f"{prefix('four_way_view', 'fourway')}satisfaction_work"] = "12"
    data[f"{prefix('four_way_view', 'fourway')}satisfaction_home"] = "8"

    response = participant_client.post(module_url(enrollment, module), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Some values could not be saved" in page
    assert "Use a number from 1 to 10." in page
    assert Answer.objects.get(prompt=prompt).text == "Would be fine alone"
    view = FourWayView.objects.get(enrollment=enrollment)
    assert (view.satisfaction_work, view.satisfaction_home) == (None, 8)


def test_structured_worksheets_save_from_the_page(participant_client, enrollment):
    module = module_with("questionnaire")
    _, data = open_page(participant_client, enrollment, module)
    section = Section.objects.get(worksheet_type="questionnaire")
    first_item = section.spec["stages"][0]["items"][0]["slug"]
    data[f"{prefix('questionnaire', 'questionnaire')}{first_item}"] = "5"
    data[f"{prefix('mentor_map', 'map')}readers-1-name"] = "Dr. Osei"
    data[f"{prefix('mentor_map', 'map')}readers-1-note"] = "Reads every draft"
    strategies = Section.objects.get(module=module, worksheet_type="strategies")
    first_strategy = strategies.spec["items"][0]["slug"]
    data[f"s{strategies.pk}-strategies-chosen"] = [first_strategy]
    data[f"s{strategies.pk}-strategies-own_1"] = "Send an agenda the day before"

    assert participant_client.post(module_url(enrollment, module), data).status_code == 302

    assert QuestionnaireRating.objects.get(item=first_item).value == 5
    entry = MentorMapEntry.objects.get(category="readers", slot=1)
    assert (entry.name, entry.note) == ("Dr. Osei", "Reads every draft")
    choice = StrategyChoice.objects.get(section=strategies)
    assert choice.chosen == [first_strategy]
    assert choice.own == ["Send an agenda the day before"]
    page = participant_client.get(module_url(enrollment, module)).content.decode()
    assert "Dr. Osei" in page
    assert "<svg" in page  # the mentor map and the questionnaire profile


def test_smart_goals_can_be_added_and_removed(participant_client, enrollment):
    module = Module.objects.in_course_order().first()
    section = Section.objects.get(module=module, worksheet_type="smart_goals")
    _, data = open_page(participant_client, enrollment, module)
    assert not SmartGoal.objects.filter(enrollment=enrollment, section=section).exists()
    data[f"s{section.pk}-goalnew-specific"] = "Submit the K99 by February"  # stored on this save
    data["add_goal"] = str(section.pk)

    response = participant_client.post(module_url(enrollment, module), data)

    goals = list(SmartGoal.objects.filter(enrollment=enrollment, section=section))
    assert len(goals) == 2
    assert goals[0].specific == "Submit the K99 by February"
    assert response["Location"].endswith(f"#goal-{goals[1].pk}")

    remove_url = f"/cohorts/{enrollment.cohort_id}/goals/{goals[1].pk}/remove/"
    assert "cannot be undone" in participant_client.get(remove_url).content.decode()
    participant_client.post(remove_url)
    assert list(SmartGoal.objects.filter(section=section)) == [goals[0]]


def test_nobody_removes_someone_elses_goal(client, enrollment):
    module = Module.objects.in_course_order().first()
    section = Section.objects.get(module=module, worksheet_type="smart_goals")
    goal = SmartGoalFactory(enrollment=enrollment, section=section, specific="Mine")
    intruder = EnrollmentFactory(cohort=enrollment.cohort)
    client.force_login(intruder.user)
    url = f"/cohorts/{enrollment.cohort_id}/goals/{goal.pk}/remove/"
    assert client.post(url).status_code == 404
    assert SmartGoal.objects.filter(pk=goal.pk).exists()


def test_a_list_grows_by_one_empty_line_each_save(participant_client, enrollment):
    module = module_with("list")
    list_prefix = prefix("list", "list")
    _, data = open_page(participant_client, enrollment, module)
    assert f"{list_prefix}item_3" in data  # two required lines and one to spare
    data[f"{list_prefix}item_1"] = "Silence is not agreement"
    data[f"{list_prefix}item_2"] = "Ask for feedback in writing"
    data[f"{list_prefix}item_3"] = "Map more than one mentor"
    participant_client.post(module_url(enrollment, module), data)
    assert ListItem.objects.filter(enrollment=enrollment).count() == 3
    _, data = open_page(participant_client, enrollment, module)
    assert f"{list_prefix}item_4" in data


def test_progress_counts_worksheet_fields_and_completes_at_the_end(enrollment):
    before = workbook_progress(enrollment)
    assert all(p.done == 0 for p in before.values())
    assert sum(p.total for p in before.values()) > Prompt.objects.active().count()
    call_command("seed_demo")
    demo = Enrollment.objects.get(user__email=PARTICIPANT["email"])
    after = workbook_progress(demo)
    assert all(p.complete for p in after.values())


def test_workbook_progress_query_count_does_not_grow_with_answers(
    enrollment, django_assert_max_num_queries
):
    call_command("seed_demo")
    demo = Enrollment.objects.get(user__email=PARTICIPANT["email"])
    with django_assert_max_num_queries(14):
        workbook_progress(demo)


def test_the_same_text_saved_twice_at_once_is_no_conflict(enrollment):
    """An autosave and the Save button can carry the same text with the same base version."""
    from worksheets.services import Change, versioned_save

    prompt = Prompt.objects.active().first()
    answer = AnswerFactory(enrollment=enrollment, prompt=prompt, text="first")
    lookup = {"enrollment": enrollment, "prompt": prompt}
    change = Change(Answer, lookup, {"text": "first, then more"}, base_version=1)
    assert versioned_save(change) is None
    # The second request read the record before the first one wrote it: its conditional update
    # finds no row at version 1, yet the record already holds its text.
    Answer.objects.filter(pk=answer.pk).update(text="first, then more", version=2)
    assert versioned_save(change) is None
    other = Change(Answer, lookup, {"text": "something else"}, base_version=1)
    assert versioned_save(other) is not None


def test_the_conditional_update_stores_each_kind_of_value_as_the_orm_reads_it_back(enrollment):
    """versioned_save writes its UPDATE itself (services._update_at_base_version): texts,
    JSON lists and objects, dates and empty values come back as they were sent, the lookup
    may name a field, its attname, a related record or "pk", and only the matching row moves."""
    import datetime

    from worksheets.models import MentorshipAgreement
    from worksheets.services import Change, versioned_save

    section = Section.objects.filter(worksheet_type="agreement").first()
    agreement = MentorshipAgreement.objects.create(enrollment=enrollment, section=section)
    neighbour = MentorshipAgreement.objects.create(
        enrollment=EnrollmentFactory(cohort=enrollment.cohort), section=section
    )
    values = {
        "mentor_name": "Dr. Ünal O'Brien",
        "fields": {"goals": "Two papers; a grant.", "duration": ""},
        "mentee_signature": "Alex Rivera",
        "mentee_signed_on": datetime.date(2026, 12, 6),
        "mentor_signed_on": None,
    }
    lookups = [
        {"enrollment": enrollment, "section": section},
        {"enrollment_id": enrollment.pk, "section_id": section.pk},
        {"pk": agreement.pk},
    ]
    for base, lookup in enumerate(lookups, start=1):
        assert versioned_save(Change(MentorshipAgreement, lookup, values, base)) is None
        stored = MentorshipAgreement.objects.get(pk=agreement.pk)
        assert stored.version == base + 1
        assert {name: getattr(stored, name) for name in values} == values
        values = {**values, "mentor_name": f"{values['mentor_name']}!"}
    untouched = MentorshipAgreement.objects.get(pk=neighbour.pk)
    assert (untouched.version, untouched.mentor_name, untouched.fields) == (1, "", {})
