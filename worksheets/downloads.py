"""The download of a stored document's PDF, the same for every kind (the workbook, the blank
workbook, a certificate): the stored copy when it is up to date; else a page that says how far
its render is and polls (htmx) until it is ready. The web process never renders:
worksheets/tasks.py queues the render for a worker. POST is the retry button of a failed
render. Each view decides first whose document the request may reach."""

import io
import re
from dataclasses import dataclass

from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render

from . import tasks
from .pdf import StoredDocument

FINGERPRINT = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ProgressWords:
    """What the progress page calls the document, where it leads back to, and what a failed
    render leaves as it was."""

    noun: str  # "workbook": "Preparing your workbook…"
    back_url: str
    back_label: str
    unaffected: str


def pdf_download(request, kind: StoredDocument, owner, words: ProgressWords):
    url = request.path
    polling = request.headers.get("HX-Request") == "true"
    if polling and "go" in request.GET:
        response = HttpResponse(status=204)  # the ready page asks htmx to start the download
        response["HX-Redirect"] = url
        return response
    claimed = request.GET.get("for", "")
    # A poll names the page's fingerprint: no need to compute it again.
    polled = polling and FINGERPRINT.fullmatch(claimed)
    key = claimed if polled else kind.current_fingerprint(owner)
    if request.method == "POST":
        tasks.retry_render(kind, owner, key)
        return redirect(url)
    if not polling:
        stored = kind.stored(owner, key)
        if stored is not None:
            return _attachment(stored, kind.filename(owner))
    status = tasks.request_render(kind, owner, key)
    if status.state == "ready" and not polling:  # rendered on the spot (an immediate backend)
        stored = kind.stored(owner, key)
        if stored is not None:
            return _attachment(stored, kind.filename(owner))
    context = {"status": status, "url": url, "key": key, "words": words}
    if polling:
        response = render(request, "worksheets/pdf_progress_fragment.html", context)
    else:
        response = render(request, "worksheets/pdf_progress.html", context)
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "HX-Request"
    return response


def _attachment(content: bytes, filename: str):
    response = FileResponse(
        io.BytesIO(content), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "HX-Request"
    return response
