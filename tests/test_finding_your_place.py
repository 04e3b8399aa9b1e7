"""A participant finds their place: a start-here for someone who has just joined, "continue where
you left off" after that, and on a long module a section list with a tick per section that stays
in view in the save bar."""

import pytest
from django.urls import reverse

from sessions_app.models import Module
from worksheets.models import Answer

from .browser import first_prompt, module_url

pytestmark = pytest.mark.django_db


def test_someone_who_has_just_joined_is_shown_where_to_start(participant_client, enrollment):
    html = participant_client.get(enrollment.cohort.get_absolute_url()).content.decode()
    first = Module.objects.in_course_order().first()
    assert "Start here" in html
    assert f'href="{module_url(enrollment, first)}"' in html
    assert "Continue where you left off" not in html


def test_the_home_page_continues_in_the_section_last_written_in(participant_client, enrollment):
    modules = list(Module.objects.in_course_order())
    early, later = first_prompt(modules[0]), first_prompt(modules[2])
    Answer.objects.create(enrollment=enrollment, prompt=early, text="An older answer")
    Answer.objects.create(enrollment=enrollment, prompt=later, text="The newest answer")
    html = participant_client.get(enrollment.cohort.get_absolute_url()).content.decode()
    assert "Start here" not in html
    assert "Continue where you left off" in html
    assert f'href="{module_url(enrollment, modules[2])}#{later.section.slug}"' in html
    assert later.section.title in html


def test_no_continue_link_into_a_session_never_opened(participant_client, enrollment):
    module = Module.objects.in_course_order().last()
    Answer.objects.create(enrollment=enrollment, prompt=first_prompt(module), text="Typed")
    enrollment.cohort.schedule.filter(session=module.session).update(
        is_open=False, opened_at=None, closed_at=None
    )
    html = participant_client.get(enrollment.cohort.get_absolute_url()).content.decode()
    assert "Continue where you left off" not in html


def test_a_closed_session_still_continues_read_only(participant_client, enrollment):
    module = Module.objects.in_course_order().first()
    Answer.objects.create(enrollment=enrollment, prompt=first_prompt(module), text="Typed")
    entry = enrollment.cohort.schedule.get(session=module.session)
    entry.is_open = False
    entry.save()
    html = participant_client.get(enrollment.cohort.get_absolute_url()).content.decode()
    assert "Continue where you left off" in html


def longest_module():
    return max(Module.objects.in_course_order(), key=lambda m: m.sections.count())


def test_a_long_modules_save_bar_lists_every_section_and_the_way_back_up(
    participant_client, enrollment
):
    module = longest_module()
    html = participant_client.get(module_url(enrollment, module)).content.decode()
    bar = html[html.index('class="save-bar') :]
    for section in module.sections.filter(is_active=True):
        assert f'href="#{section.slug}"' in bar
    assert 'href="#main">Back to the top' in bar


def contents_item(html, section):
    """The line of the module's "In this module" list for that section."""
    contents = html[html.index('id="contents-title"') :]
    item = contents[contents.index(f'href="#{section.slug}"') :]
    return item[: item.index("</li>")]


def test_each_section_says_how_much_of_it_is_done(participant_client, enrollment):
    module = Module.objects.in_course_order().first()
    section = first_prompt(module).section
    total = section.prompts.count()
    before = participant_client.get(module_url(enrollment, module)).content.decode()
    assert f"(0 of {total} done)" in contents_item(before, section)
    for each in section.prompts.all():
        Answer.objects.create(enrollment=enrollment, prompt=each, text="Done")
    after = participant_client.get(module_url(enrollment, module)).content.decode()
    assert "(done)" in contents_item(after, section)


def test_the_section_ticks_cost_no_query_per_section(
    participant_client, enrollment, django_assert_max_num_queries
):
    module = longest_module()
    with django_assert_max_num_queries(25):
        participant_client.get(
            reverse("worksheets:module", args=[enrollment.cohort_id, module.slug])
        )
