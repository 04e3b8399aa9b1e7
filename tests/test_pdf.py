"""The workbook PDF: complete, in order, safe, cached, and made in a constant number of queries."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from sessions_app.models import CaseStudy, Module, Prompt
from worksheets import pdf as workbook_pdf_module
from worksheets.demo import PARTICIPANT
from worksheets.models import Answer, QuestionnaireRating, RenderedWorkbook
from worksheets.pdf import (
    BASE_URL,
    WORKBOOK,
    PdfError,
    StaticOnlyFetcher,
    Workbook,
    blank_workbook_pdf,
    render_html,
    render_pdf,
    workbook_pdf,
)
from worksheets.pdf.context import workbook_context

from .factories import AnswerFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def flatten_outline(items) -> list[str]:
    titles = []
    for item in items:
        titles.extend(flatten_outline(item) if isinstance(item, list) else [item.title])
    return titles


def squash(text: str) -> str:
    return " ".join(text.split())


def test_the_demo_workbook_holds_every_module_case_study_and_answers_in_order(demo):
    pdf = workbook_pdf(demo)
    assert pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = squash(pdf_text(pdf.content))

    outline = flatten_outline(reader.outline)
    modules = [m.title for m in Module.objects.in_course_order()]
    assert [title for title in outline if title in modules] == modules
    assert "Session 1" in outline
    for case in CaseStudy.objects.active():
        assert squash(case.title) in text
    sample = Answer.objects.filter(enrollment=demo).order_by(
        "prompt__section__module__session__number",
        "prompt__section__module__position",
        "prompt__section__position",
        "prompt__position",
    )
    early, late = squash(sample.first().text)[:40], squash(sample.last().text)[:40]
    assert -1 < text.find(early) < text.find(late)

    assert reader.metadata.title
    assert reader.metadata.author == str(demo.user)


def test_the_blank_workbook_renders_with_every_module(curriculum):
    pdf = blank_workbook_pdf()
    text = squash(pdf_text(pdf.content))
    for module in Module.objects.active():
        assert module.title in text


def test_long_empty_and_non_latin_workbooks_render(enrollment):
    prompts = list(Prompt.objects.active().filter(row_label="")[:4])
    texts = [
        "Long answer. " * 1600,  # about 20,000 characters
        "Ελληνικά: η σχέση με τον μέντορα",
        "中文\uff1a与导师的关系",
        "العربية: العلاقة مع المرشد",
    ]
    empty = render_pdf(render_html(workbook_context(enrollment)))
    assert empty.startswith(b"%PDF")
    for prompt, text in zip(prompts, texts, strict=True):
        AnswerFactory(enrollment=enrollment, prompt=prompt, text=text)
    content = workbook_pdf(enrollment).content
    extracted = pdf_text(content)
    assert "Ελληνικά" in extracted
    assert len(PdfReader(io.BytesIO(content)).pages) > len(PdfReader(io.BytesIO(empty)).pages)


def test_html_in_answers_comes_out_as_text_and_nothing_is_attached(enrollment):
    prompt = Prompt.objects.active().filter(row_label="").first()
    hostile = (
        '<img src="file:///etc/passwd"> <link rel="attachment" href="file:///etc/passwd">'
        "<style>body{display:none}</style><script>alert(1)</script>"
    )
    AnswerFactory(enrollment=enrollment, prompt=prompt, text=hostile)
    html = render_html(workbook_context(enrollment)).html
    assert '<img src="file:' not in html
    assert '<link rel="attachment"' not in html
    content = workbook_pdf(enrollment).content
    reader = PdfReader(io.BytesIO(content))
    assert not reader.attachments
    assert b"root:x:0:0" not in content
    assert '<img src="file:///etc/passwd">' in squash(pdf_text(content))


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/static/css/app.css",
        "https://example.org/static/css/app.css",
        "data:text/css,body{}",
        BASE_URL + "admin/",
        BASE_URL + "static/../../../../etc/passwd",
        BASE_URL + "static/%2e%2e/%2e%2e/mentoring/settings.py",
        BASE_URL + "static/nothing-here.css",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(ValueError, match=r"refused|no static file"):
        StaticOnlyFetcher().fetch(url)


def test_the_fetcher_serves_the_print_stylesheet():
    answer = StaticOnlyFetcher().fetch(BASE_URL + "static/css/workbook-print.css")
    assert answer.content_type == "text/css"
    assert b"@page" in answer.read()


def test_rendering_has_a_hard_time_limit(enrollment):
    workbook = render_html(workbook_context(enrollment))
    with pytest.raises(PdfError, match="longer than"):
        render_pdf(workbook, time_limit=0.01)


def test_an_unchanged_workbook_is_served_from_the_stored_copy_until_a_save(enrollment, monkeypatch):
    calls = []
    real_render = workbook_pdf_module.render_workbook

    def counting_render(context):
        calls.append(1)
        return real_render(context)

    monkeypatch.setattr(workbook_pdf_module, "render_workbook", counting_render)
    first = workbook_pdf(enrollment).content
    second = workbook_pdf(enrollment).content
    assert (len(calls), first) == (1, second)
    assert RenderedWorkbook.objects.filter(enrollment=enrollment).count() == 1

    AnswerFactory(
        enrollment=enrollment, prompt=Prompt.objects.active().first(), text="A new thought"
    )
    workbook_pdf(enrollment)
    assert len(calls) == 2
    assert RenderedWorkbook.objects.filter(enrollment=enrollment).count() == 1


def test_the_pdf_context_takes_a_constant_number_of_queries(
    demo, enrollment, django_assert_max_num_queries
):
    # 20 for the course's modules, and a constant few for the chapter "Since the course"
    # (followup/pdf.py; tests/test_followup_meetings.py pins its own count).
    with django_assert_max_num_queries(30):
        workbook_context(enrollment)
    with django_assert_max_num_queries(30):
        workbook_context(demo)


def test_the_download_belongs_to_its_owner(client, participant_client, enrollment):
    from .factories import EnrollmentFactory

    url = f"/cohorts/{enrollment.cohort_id}/workbook.pdf"
    response = participant_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.getvalue().startswith(b"%PDF")  # streamed from the stored copy
    stranger = EnrollmentFactory()
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404


def test_export_workbook_command_writes_both_pdfs(demo, tmp_path):
    call_command("export_workbook", PARTICIPANT["email"], "-o", str(tmp_path / "demo.pdf"))
    call_command("export_workbook", "--blank", "-o", str(tmp_path / "blank.pdf"))
    assert (tmp_path / "demo.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "blank.pdf").read_bytes().startswith(b"%PDF")


def test_the_fetcher_serves_the_documents_own_charts_and_no_other(demo):
    workbook = render_html(workbook_context(demo))
    # The questionnaire comparison, the mentor map, the four-way view; since the course, the
    # four-way view's rounds and the three followed goals' timelines.
    assert len(workbook.charts) == 3 + 1 + 3
    assert workbook.html.count('<img class="chart-image" src="/charts/') == 3 + 1 + 3
    fetcher = StaticOnlyFetcher(workbook.charts)
    for name, svg in workbook.charts.items():
        answer = fetcher.fetch(BASE_URL + "charts/" + name)
        assert answer.content_type == "image/svg+xml"
        assert answer.read() == svg.encode()
    for url in [
        BASE_URL + "charts/chart-99.svg",
        "https://example.org/charts/chart-1.svg",
        BASE_URL + "charts/../static/css/workbook-print.css",
    ]:
        with pytest.raises(ValueError, match=r"refused|no static file"):
            fetcher.fetch(url)
    with pytest.raises(ValueError, match="refused"):
        StaticOnlyFetcher().fetch(BASE_URL + "charts/chart-1.svg")


def test_the_charts_are_drawn_in_the_pdf(demo):
    text = squash(pdf_text(workbook_pdf(demo).content))
    assert "Share of your life" in text  # the four-way view chart's axis
    assert "talk about this" in text  # the questionnaire comparison chart's marks


def test_rating_points_and_check_boxes_are_glyphs_with_the_choice_marked():
    from worksheets.templatetags.pdf_tags import scale_mark, tick_box

    assert [scale_mark(n, 2) for n in (1, 3)] == ["①", "③"]
    assert scale_mark(2, 2) == '<span class="is-on">❷</span>'
    assert scale_mark(12, 12) == '<span class="is-on">[12]</span>'  # no glyph in the font
    assert scale_mark(0, None) == " 0 "
    assert tick_box(True) == '<span class="mark is-on">☑</span>'
    assert tick_box(False) == '<span class="mark">☐</span>'
    assert tick_box(True, star=True) == '<span class="mark is-on">★</span>'


def test_the_demo_questionnaire_marks_exactly_the_chosen_points(demo):
    html = render_html(workbook_context(demo)).html
    chosen = QuestionnaireRating.objects.filter(enrollment=demo).count()
    assert html.count('<span class="is-on">') == chosen


def test_a_change_to_the_code_that_lays_out_the_pdf_makes_stored_copies_stale(
    enrollment, monkeypatch, tmp_path
):
    assert all(path.is_file() for path in WORKBOOK.layout_files())
    renderer = tmp_path / "renderer.py"
    renderer.write_text("one layout")
    files = [*WORKBOOK.layout_files(), renderer]
    monkeypatch.setattr(Workbook, "layout_files", lambda self: files)
    context = workbook_context(enrollment)
    before = WORKBOOK.fingerprint(context)
    assert WORKBOOK.fingerprint(context) == before
    renderer.write_text("another layout")
    assert WORKBOOK.fingerprint(context) != before
