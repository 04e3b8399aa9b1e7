"""SAML 2.0 through djangosaml2: the service provider's configuration (kept for a while, since a
federation's metadata can be large), the backend that maps the asserted attributes, and the
refusal of replayed assertions."""

import copy
import json
import logging
import threading
import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_TRANSIENT

from .services import SignInRefused, identity_sign_in, invited_email

ASSERTION_MEMORY = 24 * 60 * 60
logger = logging.getLogger(__name__)
CONFIG_SECONDS = 600  # the identity provider's metadata is read again after this long
_config_lock = threading.Lock()
_config_cache: dict[str, tuple[float, SPConfig]] = {}


class MetadataUnavailable(Exception):
    """The identity provider's metadata could not be read (and none was read before)."""


def config_loader(request=None) -> SPConfig:
    """pysaml2's configuration from settings.SAML_CONFIG, parsed (and remote metadata fetched)
    once per process every CONFIG_SECONDS instead of on every request. When the metadata cannot
    be read again, the copy read before goes on serving."""
    key = json.dumps(settings.SAML_CONFIG, sort_keys=True, default=str)
    with _config_lock:
        found = _config_cache.get(key)
        if found is not None and found[0] > time.monotonic():
            return found[1]
        config = SPConfig()
        try:
            config.load(copy.deepcopy(settings.SAML_CONFIG))
        except Exception as error:  # a network error, an unreadable or unsigned file…
            logger.warning("SAML metadata could not be read", exc_info=True)
            if found is None:
                raise MetadataUnavailable(str(error)) from error
            _config_cache[key] = (time.monotonic() + 60, found[1])  # try again in a minute
            return found[1]
        _config_cache.clear()
        _config_cache[key] = (time.monotonic() + CONFIG_SECONDS, config)
        return config


def provider_key(idp_entity_id: str) -> str:
    return f"saml:{idp_entity_id}"


def first_value(attributes: dict, name: str) -> str:
    values = attributes.get(name) or [] if name else []
    return str(values[0]).strip() if values else ""


def refuse_replay(response) -> None:
    """Each assertion is accepted once: its ID is kept in the shared cache for a day, far longer
    than any assertion is valid (pysaml2 refuses the expired ones)."""
    if not cache.add(f"sso:saml:assertion:{response.assertion.id}", True, ASSERTION_MEMORY):
        raise SignInRefused("This sign-in answer has been used already. Please sign in again.")


class SAMLBackend(ModelBackend):
    """The account for a verified SAML assertion (djangosaml2 passes session_info)."""

    def authenticate(self, request, session_info=None, **kwargs):
        if session_info is None:
            return None
        names = settings.SAML_ATTRIBUTES
        attributes = session_info.get("ava") or {}
        subject = first_value(attributes, names["subject"])
        name_id = session_info.get("name_id")
        if not subject and name_id is not None and name_id.format != NAMEID_FORMAT_TRANSIENT:
            subject = (name_id.text or "").strip()
        display_name = first_value(attributes, names["name"]) or " ".join(
            filter(None, [first_value(attributes, "givenName"), first_value(attributes, "sn")])
        )
        return identity_sign_in(
            provider=provider_key(session_info["issuer"]),
            subject=subject,
            email=first_value(attributes, names["email"]),
            display_name=display_name,
            email_trusted=settings.SAML_TRUST_EMAIL,
            proven_email=invited_email(request.POST.get("RelayState", "") if request else ""),
        )
