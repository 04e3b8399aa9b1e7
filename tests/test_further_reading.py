"""Optional material (issue 16, course text): three background texts as further reading and the
Imbalance vignette as an optional case. They are marked optional on the module page and in the
PDF; nothing in them counts toward progress, so leaving them out never lowers it; what is typed
in the optional case is saved, guarded against stale tabs and printed like any other answer."""

import io
import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from sessions_app.models import Enrollment, Module, Section
from worksheets.demo import FACILITATOR
from worksheets.models import Answer
from worksheets.pdf import blank_workbook_pdf, render_html, workbook_pdf
from worksheets.pdf.context import workbook_context
from worksheets.progress import cohort_progress, workbook_progress

from .browser import autosave_url, module_url, page_data
from .factories import AnswerFactory
from .test_pdf_print_layout import body_lines, body_text, joined, paragraphs

pytestmark = pytest.mark.django_db

FURTHER_READING = {
    "basics-of-mentorship": "introduction-to-mentoring-up",
    "building-mentoring-networks": "aligning-expectations",
    "psychosocial-mentoring": "self-efficacy",
}


def imbalance():
    return Section.objects.get(slug="imbalance")


def optional_answers(enrollment):
    return Answer.objects.filter(enrollment=enrollment, prompt__section__is_optional=True)


def answer_name(prompt):
    return f"s{prompt.section_id}-answers-p{prompt.pk}"


# --- Progress ---------------------------------------------------------------------------------


def test_a_complete_workbook_stays_complete_with_the_optional_case_left_empty(demo, client):
    assert optional_answers(demo).exclude(text="").count() == 5  # the demo writes in it too
    optional_answers(demo).delete()

    progress = workbook_progress(demo)
    assert all(progress[m.pk].complete for m in Module.objects.in_course_order())

    client.force_login(demo.user)
    home = client.get(reverse("sessions_app:cohort", args=[demo.cohort_id]))
    assert home.context["done"] == home.context["total"] > 0

    facilitator = Enrollment.objects.get(user__email=FACILITATOR["email"], cohort=demo.cohort)
    client.force_login(facilitator.user)
    grid = client.get(reverse("facilitator:progress", args=[demo.cohort_id]))
    row = next(row for row in grid.context["rows"] if row["enrollment"] == demo)
    assert row["percent"] == 100
    assert all(cell.complete for cell in row["cells"])


def test_answers_in_the_optional_case_neither_count_nor_raise_the_total(enrollment):
    module = imbalance().module
    before = workbook_progress(enrollment)[module.pk]
    for prompt in imbalance().prompts.all():
        AnswerFactory(enrollment=enrollment, prompt=prompt, text="My thoughts on the film")

    after = cohort_progress([enrollment])[enrollment.pk]
    assert (after[module.pk].done, after[module.pk].total) == (0, before.total)
    required = sum(s.prompts.count() for s in module.sections.active().filter(is_optional=False))
    assert before.total >= required  # the required prompts, and the worksheets' own fields
    # The answer still marks where the person was, for "continue where you left off".
    assert after.last_section_id == imbalance().pk


# --- The module page --------------------------------------------------------------------------


@pytest.mark.parametrize(("slug", "module_slug"), FURTHER_READING.items())
def test_the_module_page_shows_further_reading_labelled_optional_and_folded_under_its_summary(
    participant_client, enrollment, slug, module_slug
):
    section = Section.objects.get(slug=slug)
    module = Module.objects.get(slug=module_slug)
    html = participant_client.get(module_url(enrollment, module)).content.decode()

    card = html[html.index(f'id="{slug}"') :]
    card = card[: card.index("</section>")]
    assert "section-optional" in html[html.index(f'id="{slug}"') - 80 : html.index(f'id="{slug}"')]
    assert "Further reading" in card
    assert ">Optional</span>" in card
    assert "Optional further reading" in card
    summary = escape(section.summary.split("\n")[0])
    folded = card[card.index('<details class="further-reading">') :]
    assert summary in card[: card.index("<details")]  # the summary, outside the fold
    assert escape(section.body.split("\n\n")[0]) in folded  # the text, inside it
    for group in section.spec["groups"]:
        assert escape(group["title"]) in folded
    # The contents name it as optional further reading, with no count of anything to do.
    contents = html[html.index('id="contents-title"') :]
    contents = contents[: contents.index("</nav>")]
    entry = contents[contents.index(f'href="#{slug}"') :].split("</li>")[0]
    assert "(further reading, optional)" in entry
    assert "done" not in entry


def test_the_optional_case_is_marked_and_its_boxes_count_for_nothing_in_the_contents(
    participant_client, enrollment
):
    case = imbalance()
    html = participant_client.get(module_url(enrollment, case.module)).content.decode()

    card = html[html.index('id="imbalance"') :]
    card = card[: card.index("</section>")]
    assert ">Optional</span>" in card
    assert "do not count toward your progress" in card
    assert card.count("<textarea") == case.prompts.count() == 5
    contents = html[html.index('id="contents-title"') :]
    entry = contents[contents.index('href="#imbalance"') :].split("</li>")[0]
    assert "(case study, optional)" in entry
    assert "0/5" not in entry
    assert "done" not in entry
    # A required case of the same module still shows what is left to do.
    required = contents[contents.index('href="#tweaking-the-data"') :].split("</li>")[0]
    assert "0/4" in required


def test_a_written_optional_case_gets_its_tick_in_the_contents(participant_client, enrollment):
    case = imbalance()
    for prompt in case.prompts.all():
        AnswerFactory(enrollment=enrollment, prompt=prompt, text="Written")
    html = participant_client.get(module_url(enrollment, case.module)).content.decode()
    contents = html[html.index('id="contents-title"') :]
    entry = contents[contents.index('href="#imbalance"') :].split("</li>")[0]
    assert "(done)" in entry


# --- Saving -----------------------------------------------------------------------------------


def test_an_answer_typed_in_the_optional_case_is_autosaved(participant_client, enrollment):
    case = imbalance()
    prompt = case.prompts.first()
    data = page_data(participant_client.get(module_url(enrollment, case.module)))
    data[answer_name(prompt)] = "The senior person decides everything"

    response = participant_client.post(autosave_url(enrollment, case.module), data)

    assert response.status_code == 200
    assert response["X-Autosave"] == "saved"
    saved = Answer.objects.get(enrollment=enrollment, prompt=prompt)
    assert (saved.text, saved.version) == ("The senior person decides everything", 1)


def test_a_stale_tab_writing_in_the_optional_case_gets_a_conflict_with_both_texts(
    participant_client, enrollment
):
    case = imbalance()
    prompt = case.prompts.last()
    AnswerFactory(enrollment=enrollment, prompt=prompt, text="First thoughts")
    data = page_data(participant_client.get(module_url(enrollment, case.module)))
    Answer.objects.filter(prompt=prompt).update(text="Written in another tab", version=2)
    data[answer_name(prompt)] = "Written in this tab"

    response = participant_client.post(autosave_url(enrollment, case.module), data)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Written in another tab" in html
    assert "Keep mine" in html
    assert Answer.objects.get(prompt=prompt).text == "Written in another tab"


def test_a_facilitator_sees_the_optional_case_in_shared_answers_only_once_written(client, demo):
    demo.shares_answers = True
    demo.save(update_fields=["shares_answers"])
    facilitator = Enrollment.objects.get(user__email=FACILITATOR["email"], cohort=demo.cohort)
    client.force_login(facilitator.user)
    url = reverse("facilitator:participant_answers", args=[demo.cohort_id, demo.pk])

    html = client.get(url).content.decode()
    assert 'Imbalance <span class="small text-body-secondary fw-normal">(optional)</span>' in html
    assert escape(optional_answers(demo).first().text) in html
    assert "Building Mentoring Networks" not in html  # reading: nothing of theirs to show

    optional_answers(demo).delete()
    assert "Imbalance" not in client.get(url).content.decode()


# --- The PDF ----------------------------------------------------------------------------------


def test_the_pdf_html_marks_the_optional_material_and_lists_it_in_the_contents(curriculum):
    html = render_html(workbook_context(None, blank=True)).html
    assert "{#" not in html  # no template comment printed as text
    assert html.count('class="toc-optional"') == 4
    for slug, module_slug in {
        **FURTHER_READING,
        "imbalance": "cultivating-ethical-behavior",
    }.items():
        anchor = f"section-{module_slug}-{slug}"
        assert f'<a class="toc-optional" href="#{anchor}">' in html
        assert f'is-optional" id="{anchor}"' in html
    assert html.count(">Further reading · optional</p>") == 3
    assert html.count(">Optional case study</p>") == 1


def test_the_personal_pdf_prints_the_further_reading_and_the_optional_case_with_its_answers(
    demo,
):
    pdf = workbook_pdf(demo).content
    reader = PdfReader(io.BytesIO(pdf))
    text = joined(" ".join(body_text(pdf)))
    contents = joined(" ".join(body_lines(reader.pages[1]) + body_lines(reader.pages[2])))

    for section in Section.objects.filter(is_optional=True):
        label = "Further reading" if section.kind == "reading" else "Optional case"
        assert re.search(rf"{label}: {re.escape(section.title)} \d+", contents), section.title
        for paragraph in map(joined, paragraphs(section.body)):
            assert paragraph[:60] in text, (section.title, paragraph[:60])
    assert text.count("FURTHER READING · OPTIONAL") == 3
    assert text.count("OPTIONAL CASE STUDY") == 1
    groups = Section.objects.get(slug="psychosocial-mentoring").spec["groups"]
    assert joined(groups[-1]["points"][-1])[:60] in text
    for answer in optional_answers(demo):
        assert joined(answer.prompt.text)[:40] in text
        assert joined(answer.text)[:60] in text


def test_the_blank_pdf_prints_the_further_reading_and_the_optional_case_to_write_in(
    curriculum,
):
    text = joined(" ".join(body_text(blank_workbook_pdf().content)))
    for section in Section.objects.filter(is_optional=True):
        assert joined(section.body)[-50:] in text, section.title
    for prompt in imbalance().prompts.all():
        assert joined(prompt.text)[:40] in text
