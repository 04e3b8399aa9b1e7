"""A deployment check: the certificates print SITE_URL as the address of their check page (the
task worker that prints them has no request to take the host from)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


@register(Tags.urls, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    host = urlsplit(settings.SITE_URL).hostname
    if host and host not in LOCAL_HOSTS:
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL or 'empty'}: certificates print it as the address "
            "where anyone checks their code.",
            hint="Set SITE_URL to the public address, e.g. https://workbook.example.edu.",
            id="evaluation.W001",
        )
    ]
