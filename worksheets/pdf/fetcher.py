"""The only way WeasyPrint reaches anything: our own static files and the charts of the document
being rendered. No network, no file://, no data: URL and no redirect get through."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://workbook.invalid/"  # a host that cannot exist: every URL goes to the fetcher
CHARTS_PATH = "/charts/"  # where the document's own charts are fetched from (see chart_image)


def static_file_for(url: str) -> Path:
    """The static file a /static/… URL of our own base names; ValueError for anything else."""
    path_on_base = _path_on_base(url)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if path_on_base is None or not path_on_base.startswith(static_prefix):
        raise ValueError(f"refused to fetch {url[:80]!r}: only the workbook's own static files")
    relative = unquote(path_on_base.removeprefix(static_prefix))
    if ".." in Path(relative).parts or relative.startswith("/"):
        raise ValueError(f"refused to fetch {url[:80]!r}")
    found = finders.find(relative)
    if not found:
        raise ValueError(f"no static file {relative!r}")
    path = Path(found).resolve()
    allowed_roots = [Path(root).resolve() for root in _static_roots()]
    if not any(path.is_relative_to(root) for root in allowed_roots):
        raise ValueError(f"refused to fetch {url[:80]!r}: outside the static folders")
    return path


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint's fetcher, reduced to answering our own static files and the document's own
    charts, and nothing else."""

    def __init__(self, charts: dict[str, str] | None = None):
        super().__init__(allowed_protocols=["https"], allow_redirects=False)
        self.charts = charts or {}

    def fetch(self, url, headers=None):
        chart = self._chart_for(url)
        if chart is not None:
            return URLFetcherResponse(url, chart.encode(), {"Content-Type": "image/svg+xml"})
        path = static_file_for(url)
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _mime_type(path)})

    def _chart_for(self, url: str) -> str | None:
        path_on_base = _path_on_base(url)
        if path_on_base is None or not path_on_base.startswith(CHARTS_PATH):
            return None
        parts = urlsplit(url)
        if parts.query or parts.fragment:  # a chart's name is the whole URL
            return None
        return self.charts.get(path_on_base.removeprefix(CHARTS_PATH))


def _path_on_base(url: str) -> str | None:
    """The URL's path when it points at our own BASE_URL host; None for any other place."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    return parts.path


def _static_roots():
    for entry in settings.STATICFILES_DIRS:
        yield entry[1] if isinstance(entry, tuple | list) else entry


def _mime_type(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        path.suffix, "application/octet-stream"
    )
