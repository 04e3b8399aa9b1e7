"""The PDF is a function of the workbook's data alone, and its stored copy is one row per
workbook, replaced safely when downloads come at once."""

import threading

import pytest
from django.db import connection

from worksheets.models import RenderedWorkbook
from worksheets.pdf import WORKBOOK, render_workbook, store
from worksheets.pdf.context import workbook_context

STAND_IN = b"%PDF-1.7 stand-in"


@pytest.mark.django_db
def test_the_renderer_makes_a_pdf_from_the_context_without_the_database(
    enrollment, django_assert_num_queries
):
    context = workbook_context(enrollment)
    with django_assert_num_queries(0):
        content = render_workbook(context)
    assert content.startswith(b"%PDF")


@pytest.mark.django_db
@pytest.mark.parametrize("whose", ["participant", "blank"])
def test_storing_twice_leaves_one_row_with_the_latest_copy(enrollment, whose):
    owner = enrollment if whose == "participant" else None
    WORKBOOK.store(owner, "first", b"%PDF first")
    WORKBOOK.store(owner, "second", b"%PDF second")
    rows = RenderedWorkbook.objects.filter(enrollment=owner)
    assert [(row.fingerprint, bytes(row.content)) for row in rows] == [("second", b"%PDF second")]


def store_at_once(owner, count: int) -> list[Exception]:
    """`count` threads store a copy of the same workbook at the same moment."""
    start, failures = threading.Barrier(count), []

    def download(number):
        try:
            start.wait()
            WORKBOOK.store(owner, f"key-{number}", b"%PDF " + str(number).encode())
        except Exception as exc:  # reported by the test
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=download, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("whose", ["participant", "blank"])
def test_downloads_at_once_store_without_failing_and_leave_one_row(curriculum, whose):
    if connection.vendor == "sqlite":
        # The suite's in-memory SQLite is one connection shared by every thread; the real
        # race between connections is run on PostgreSQL (scripts/test runs both).
        pytest.skip("needs a connection per thread: runs on PostgreSQL")
    from .factories import EnrollmentFactory

    owner = EnrollmentFactory() if whose == "participant" else None
    for _ in range(3):
        assert store_at_once(owner, 8) == []
        assert RenderedWorkbook.objects.filter(enrollment=owner).count() == 1


def test_the_fingerprint_covers_every_file_that_lays_out_the_pdf(settings):
    root = settings.BASE_DIR
    files = {path.relative_to(root).as_posix() for path in WORKBOOK.layout_files()}
    expected = {
        *(p.relative_to(root).as_posix() for p in (root / "worksheets/pdf").glob("*.py")),
        *(p.relative_to(root).as_posix() for p in (root / "worksheets/charts").glob("*.py")),
        *(
            p.relative_to(root).as_posix()
            for p in (root / "templates/worksheets/pdf").rglob("*.html")
        ),
        "worksheets/templatetags/pdf_tags.py",
        "static/css/workbook-print.css",
        # The chapter followup adds after the modules ("Since the course"), and what draws it.
        "templates/followup/pdf/since_the_course.html",
        "followup/pdf.py",
        "followup/charts.py",
    }
    assert "templates/worksheets/pdf/workbook.html" in files
    assert files == expected


@pytest.mark.django_db
def test_a_change_to_any_file_of_the_pdf_changes_the_fingerprint(enrollment, monkeypatch):
    context = workbook_context(enrollment)
    before = WORKBOOK.fingerprint(context)
    assert WORKBOOK.fingerprint(context) == before
    read = store.read_layout_file
    for changed in WORKBOOK.layout_files():
        monkeypatch.setattr(
            store,
            "read_layout_file",
            lambda path, changed=changed: read(path) + b" " * (path == changed),
        )
        assert WORKBOOK.fingerprint(context) != before, changed
