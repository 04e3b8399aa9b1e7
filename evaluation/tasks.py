"""The certificate's PDF, rendered by a task worker like the workbook's: worksheets/tasks.py
queues and runs the renders of every kind of stored document; this is the certificate's task."""

from django_tasks import task

from worksheets.tasks import DOWNLOAD_PRIORITY, run_render

from .certificates import CERTIFICATE

# One page, a fraction of a second: before the workbooks' renders (mails come first still).
CERTIFICATE_PRIORITY = DOWNLOAD_PRIORITY + 5


@task(takes_context=True, priority=CERTIFICATE_PRIORITY)
def render_certificate_pdf(context, render_id: int) -> str:
    """Render the certificate of `CertificateRender` row `render_id` as it is now and store it."""
    return run_render(CERTIFICATE, context, render_id)
