"""A person cannot add rows without bound: SMART goals and list lines have a cap, and reaching
it says so instead of failing."""

import pytest

from sessions_app.models import Section
from worksheets.models import MAX_LIST_ITEMS, MAX_SMART_GOALS_PER_SECTION, ListItem, SmartGoal

from .browser import module_url, page_data
from .factories import ListItemFactory, SmartGoalFactory

pytestmark = pytest.mark.django_db


def test_adding_a_smart_goal_past_the_cap_says_so_and_adds_nothing(participant_client, enrollment):
    section = Section.objects.active().filter(worksheet_type="smart_goals").first()
    SmartGoalFactory.create_batch(
        MAX_SMART_GOALS_PER_SECTION, enrollment=enrollment, section=section, specific="A goal"
    )
    url = module_url(enrollment, section.module)
    data = page_data(participant_client.get(url))
    data["add_goal"] = str(section.pk)

    response = participant_client.post(url, data, follow=True)

    assert response.status_code == 200
    assert f"at most {MAX_SMART_GOALS_PER_SECTION} SMART goals" in response.content.decode()
    assert SmartGoal.objects.filter(enrollment=enrollment).count() == MAX_SMART_GOALS_PER_SECTION


def test_a_full_list_offers_no_new_line_and_ignores_lines_past_the_cap(
    participant_client, enrollment
):
    section = Section.objects.active().filter(worksheet_type="list").first()
    for position in range(1, MAX_LIST_ITEMS + 1):
        ListItemFactory(enrollment=enrollment, section=section, position=position, text="Lesson")
    url = module_url(enrollment, section.module)
    response = participant_client.get(url)
    html = response.content.decode()
    assert f"This list holds at most {MAX_LIST_ITEMS} lines." in html
    data = page_data(response)
    data[f"s{section.pk}-list-item_{MAX_LIST_ITEMS + 1}"] = "One too many"

    participant_client.post(url, data)

    assert ListItem.objects.filter(enrollment=enrollment).count() == MAX_LIST_ITEMS
