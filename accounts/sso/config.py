"""The pysaml2 configuration of the service provider, built from plain values so that the settings
module (from the environment) and the tests (with their own keys and metadata) build it alike.
No Django import here: the settings module imports this file."""

import shutil

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.saml import NAMEID_FORMAT_PERSISTENT

SP_PATHS = {
    "acs": "/accounts/sso/saml/acs/",
    "metadata": "/accounts/sso/saml/metadata/",
    "ls": "/accounts/sso/saml/ls/",
    "ls_post": "/accounts/sso/saml/ls/post/",
}


def saml_config(
    *,
    site_url: str,
    entity_id: str = "",
    idp_metadata_file: str = "",
    idp_metadata_url: str = "",
    key_file: str = "",
    cert_file: str = "",
    name: str = "Mentoring Up workbook",
) -> dict:
    """pysaml2's SP configuration: assertions must be signed, nothing unsolicited is accepted, and
    pysaml2 checks audience, recipient and validity times on every response."""
    site_url = site_url.rstrip("/")
    if not (idp_metadata_file or idp_metadata_url):
        raise ValueError("SAML needs SAML_IDP_METADATA_FILE or SAML_IDP_METADATA_URL.")
    if bool(key_file) != bool(cert_file):
        raise ValueError(
            "SAML_SP_KEY_FILE and SAML_SP_CERT_FILE go together: give both or neither."
        )
    metadata = {}
    if idp_metadata_file:
        metadata["local"] = [idp_metadata_file]
    if idp_metadata_url:
        metadata["remote"] = [{"url": idp_metadata_url}]
    config = {
        "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
        "entityid": entity_id or site_url + SP_PATHS["metadata"],
        "allow_unknown_attributes": True,
        "accepted_time_diff": 60,  # seconds of clock difference with the identity provider
        "service": {
            "sp": {
                "name": name,
                "name_id_format": NAMEID_FORMAT_PERSISTENT,
                "endpoints": {
                    "assertion_consumer_service": [(site_url + SP_PATHS["acs"], BINDING_HTTP_POST)],
                    "single_logout_service": [
                        (site_url + SP_PATHS["ls"], BINDING_HTTP_REDIRECT),
                        (site_url + SP_PATHS["ls_post"], BINDING_HTTP_POST),
                    ],
                },
                "want_assertions_signed": True,
                "want_response_signed": False,
                "allow_unsolicited": False,
                "authn_requests_signed": bool(key_file),
                "logout_requests_signed": bool(key_file),
                "required_attributes": ["mail"],
                "optional_attributes": ["displayName", "eduPersonPrincipalName"],
            }
        },
        "metadata": metadata,
        "debug": 0,
    }
    if key_file and cert_file:
        config["key_file"] = key_file
        config["cert_file"] = cert_file
        config["encryption_keypairs"] = [{"key_file": key_file, "cert_file": cert_file}]
    return config
