"""Nothing a participant types is lost: a rule about a whole worksheet is a note on what is
stored, a value that cannot be stored is refused on its own, a save that stored nothing is never
answered "saved", and a session the facilitator closes stays readable."""

import pytest
from django.urls import reverse

from sessions_app.models import CohortSession, Enrollment, Prompt, Section
from worksheets.models import Answer, FourWayView, ListItem, RolesChecklist, StairSteps
from worksheets.pdf.context import workbook_context
from worksheets.progress import workbook_progress

from .browser import autosave_url, module_url, page_data
from .factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

DOMAINS = ("work", "home", "community", "self")


def worksheet(kind):
    return Section.objects.active().get(worksheet_type=kind)


def field(section, part, name):
    return f"s{section.pk}-{part}-{name}"


def page(client, enrollment, module):
    response = client.get(module_url(enrollment, module))
    assert response.status_code == 200
    return response.content.decode(), page_data(response)


def pdf_section(enrollment, section):
    for session in workbook_context(enrollment)["sessions"]:
        for module in session["modules"]:
            for doc in module["sections"]:
                if doc["slug"] == section.slug and module["slug"] == section.module.slug:
                    return doc
    raise AssertionError(f"{section} is not in the PDF")


def test_a_four_way_view_that_does_not_add_up_is_stored_and_noted_on_the_page_progress_and_pdf(
    participant_client, enrollment
):
    section = worksheet("four_way_view")
    _, data = page(participant_client, enrollment, section.module)
    for domain, number in zip(DOMAINS, (40, 20, 20, 10), strict=True):
        data[field(section, "fourway", f"importance_{domain}")] = str(number)
    for row in (*DOMAINS, "overall"):
        data[field(section, "fourway", f"satisfaction_{row}")] = "6"

    response = participant_client.post(module_url(enrollment, section.module), data)

    assert response.status_code == 302  # stored: nothing was refused
    view = FourWayView.objects.get(enrollment=enrollment)
    assert [getattr(view, f"importance_{d}") for d in DOMAINS] == [40, 20, 20, 10]
    assert view.satisfaction_overall == 6
    html, _ = page(participant_client, enrollment, section.module)  # a later visit
    assert "Not complete yet: Importance adds up to 90%; it must add up to exactly 100%." in html
    assert 'value="40"' in html
    assert not workbook_progress(enrollment)[section.module_id].complete
    doc = pdf_section(enrollment, section)
    assert doc["not_complete"] == ["Importance adds up to 90%; it must add up to exactly 100%."]
    assert doc["worksheet"]["rows"][0]["values"][0] == 40
    assert doc["worksheet"]["overall"][0] == 90


def test_a_priority_not_ticked_as_needed_is_stored_and_ticks_its_role(
    participant_client, enrollment
):
    section = worksheet("roles")
    slugs = [role["slug"] for group in section.spec["groups"] for role in group["roles"]]
    _, data = page(participant_client, enrollment, section.module)
    data[field(section, "roles", "needed")] = slugs[:1]
    data[field(section, "roles", "priorities")] = slugs[1:3]

    response = participant_client.post(autosave_url(enrollment, section.module), data)

    assert response["X-Autosave"] == "saved"
    record = RolesChecklist.objects.get(enrollment=enrollment)
    assert record.needed == slugs[:3]
    assert record.priorities == slugs[1:3]
    html, _ = page(participant_client, enrollment, section.module)
    assert "Not complete yet: Choose exactly 3 priorities (you chose 2)." in html


def test_a_started_stair_steps_ladder_is_stored_and_notes_each_missing_required_step(
    participant_client, enrollment
):
    section = worksheet("stair_steps")
    _, data = page(participant_client, enrollment, section.module)
    data[field(section, "stairs", "task")] = "Submit the fellowship application"

    response = participant_client.post(module_url(enrollment, section.module), data)

    assert response.status_code == 302
    assert StairSteps.objects.get(enrollment=enrollment).task.startswith("Submit")
    html, _ = page(participant_client, enrollment, section.module)
    assert html.count("Not complete yet: Write this step") == 3  # steps 1 to 3
    assert len(pdf_section(enrollment, section)["not_complete"]) == 3


def test_a_list_shorter_than_its_minimum_is_stored_and_noted(participant_client, enrollment):
    section = Section.objects.active().filter(worksheet_type="list").first()
    minimum = section.spec.get("min_items", 1)
    assert minimum >= 2, "the curriculum's lessons list asks for at least two"
    _, data = page(participant_client, enrollment, section.module)
    data[field(section, "list", "item_1")] = "Ask for feedback on drafts early"

    participant_client.post(module_url(enrollment, section.module), data)

    assert ListItem.objects.get(enrollment=enrollment, position=1).text.startswith("Ask")
    html, _ = page(participant_client, enrollment, section.module)
    assert f"Not complete yet: Write at least {minimum}; you have written 1 so far." in html
    assert not workbook_progress(enrollment)[section.module_id].complete


@pytest.mark.parametrize("missing", ["version", "shown"])
def test_a_row_sent_without_its_hidden_version_or_fingerprint_is_not_answered_saved(
    participant_client, enrollment, missing
):
    section = worksheet("stair_steps")
    prompt = Prompt.objects.active().filter(section__module=section.module, row_label="").first()
    _, data = page(participant_client, enrollment, section.module)
    data[field(section, "stairs", "task")] = "Typed, but the page lost its hidden fields"
    del data[field(section, "stairs", f"record-{missing}")]
    data[f"s{prompt.section_id}-answers-p{prompt.pk}"] = "This row is complete"

    response = participant_client.post(autosave_url(enrollment, section.module), data)

    assert response.status_code == 422
    assert response["X-Autosave"] == "invalid"
    assert "could not be saved" in response.content.decode()
    assert not StairSteps.objects.filter(enrollment=enrollment).exists()
    assert Answer.objects.get(enrollment=enrollment).text == "This row is complete"


def close_session_as_the_facilitator(client, enrollment, session):
    facilitator = EnrollmentFactory(cohort=enrollment.cohort, role=Enrollment.Role.FACILITATOR)
    client.force_login(facilitator.user)
    response = client.post(
        reverse("facilitator:session", args=[enrollment.cohort_id, session.pk]),
        {f"session-{session.pk}-location": "Room 101"},  # the "open" box unticked
    )
    assert response.status_code in (200, 302)
    entry = CohortSession.objects.get(cohort=enrollment.cohort, session=session)
    assert not entry.is_open
    assert entry.opened_at is not None
    assert entry.closed_at is not None
    client.force_login(enrollment.user)


def test_a_session_the_facilitator_closed_stays_readable_read_only_and_in_the_pdf(
    participant_client, enrollment
):
    section = worksheet("stair_steps")
    module = section.module
    prompt = Prompt.objects.active().filter(section__module=module, row_label="").first()
    _, data = page(participant_client, enrollment, module)
    data[f"s{prompt.section_id}-answers-p{prompt.pk}"] = "Written before the session closed"
    assert participant_client.post(module_url(enrollment, module), data).status_code == 302

    close_session_as_the_facilitator(participant_client, enrollment, module.session)

    html, _ = page(participant_client, enrollment, module)
    assert "Your facilitator closed this session on" in html
    assert "Written before the session closed" in html
    assert "<fieldset disabled>" in html
    assert "data-autosave" not in html
    assert "not been opened" not in html
    home = participant_client.get(enrollment.cohort.get_absolute_url()).content.decode()
    assert module_url(enrollment, module) in home
    assert "read only" in home
    assert pdf_section(enrollment, prompt.section)["questions"][0]["answer"] == (
        "Written before the session closed"
    )

    data[f"s{prompt.section_id}-answers-p{prompt.pk}"] = "Typed after the close"
    autosave = participant_client.post(autosave_url(enrollment, module), data)
    assert autosave.status_code == 403
    assert autosave["X-Autosave"] == "closed"
    response = participant_client.post(module_url(enrollment, module), data)
    assert response.status_code == 200
    assert "This was not saved" in response.content.decode()
    assert "Typed after the close" in response.content.decode()  # kept on the page to copy
    assert Answer.objects.get(prompt=prompt).text == "Written before the session closed"


def test_a_session_never_opened_is_locked_as_not_opened_yet(participant_client, enrollment):
    section = worksheet("stair_steps")
    CohortSession.objects.filter(cohort=enrollment.cohort, session=section.module.session).delete()

    response = participant_client.get(module_url(enrollment, section.module))

    assert response.status_code == 403
    assert "has not been opened for your cohort yet" in response.content.decode()
    home = participant_client.get(enrollment.cohort.get_absolute_url()).content.decode()
    assert "Locked: not opened yet" in home
    assert module_url(enrollment, section.module) not in home
