"""A local SAML identity provider for the tests, made of pysaml2's own server classes, with keys
made afresh for each test session (nothing private is stored in the repository)."""

import base64
import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import override_settings
from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig, SPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

from accounts.sso.config import saml_config

IDP = "https://idp.example.edu/idp"
SITE = "http://testserver"
SP_ENTITY = f"{SITE}/accounts/sso/saml/metadata/"
ACS = f"{SITE}/accounts/sso/saml/acs/"
OTHER_SP = "https://other-app.example.edu/sp"  # another application the identity provider knows


def key_pair(folder: Path, name: str) -> tuple[str, str]:
    """A throwaway RSA key and its self-signed certificate, as PEM files."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name}.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = folder / f"{name}.key", folder / f"{name}.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


class LocalIdentityProvider:
    def __init__(self, folder: Path):
        self.folder = folder
        self.idp_key, self.idp_cert = key_pair(folder, "idp")
        self.sp_key, self.sp_cert = key_pair(folder, "sp")
        idp_metadata = folder / "idp-metadata.xml"
        idp_metadata.write_text(str(entity_descriptor(self._idp_config())))
        self.sp_config = saml_config(
            site_url=SITE,
            idp_metadata_file=str(idp_metadata),
            key_file=self.sp_key,
            cert_file=self.sp_cert,
        )
        sp = SPConfig()
        sp.load(dict(self.sp_config))
        self.sp_metadata = folder / "sp-metadata.xml"
        self.sp_metadata.write_text(str(entity_descriptor(sp)))
        other = SPConfig()
        other.load(
            saml_config(site_url=SITE, entity_id=OTHER_SP, idp_metadata_file=str(idp_metadata))
        )
        self.other_sp_metadata = folder / "other-sp-metadata.xml"
        self.other_sp_metadata.write_text(str(entity_descriptor(other)))
        self.server = self.server_with(lifetime={"minutes": 15})

    def _idp_config(self, lifetime=None, with_sp=False) -> IdPConfig:
        config = IdPConfig()
        config.load(
            {
                "entityid": IDP,
                "key_file": self.idp_key,
                "cert_file": self.idp_cert,
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [(f"{IDP}/sso", BINDING_HTTP_REDIRECT)],
                            "single_logout_service": [(f"{IDP}/slo", BINDING_HTTP_REDIRECT)],
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "policy": {
                            "default": {
                                "lifetime": lifetime or {"minutes": 15},
                                "name_form": NAME_FORMAT_URI,
                                "attribute_restrictions": None,
                            }
                        },
                    }
                },
                "metadata": {"local": [str(self.sp_metadata), str(self.other_sp_metadata)]}
                if with_sp
                else {},
            }
        )
        return config

    def server_with(self, *, lifetime) -> Server:
        return Server(config=self._idp_config(lifetime=lifetime, with_sp=True))

    def settings(self, **extra):
        return override_settings(
            SAML_ENABLED=True,
            SAML_CONFIG=self.sp_config,
            SSO_INSTITUTION_NAME="Example University",
            AUTHENTICATION_BACKENDS=[
                "django.contrib.auth.backends.ModelBackend",
                "accounts.sso.saml.SAMLBackend",
            ],
            **extra,
        )

    def read_request(self, location: str):
        """The AuthnRequest the workbook sent (redirect binding) and its RelayState."""
        assert location.startswith(f"{IDP}/sso?"), location
        query = parse_qs(urlsplit(location).query)
        request = self.server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        return request.message, query.get("RelayState", [""])[0]

    def response(
        self,
        request,
        *,
        email="ada@example.edu",
        name="Ada Lovelace",
        eppn="ada@example.edu",
        name_id="persistent-ada",
        sign_assertion=True,
        sign_response=True,
        audience=SP_ENTITY,
        destination=ACS,
        server=None,
    ) -> str:
        """The identity provider's answer to `request`, base64-encoded as it is posted."""
        identity = {"mail": [email], "displayName": [name]}
        if eppn:
            identity["eduPersonPrincipalName"] = [eppn]
        xml = (server or self.server).create_authn_response(
            identity=identity,
            in_response_to=request.id,
            destination=destination,
            sp_entity_id=audience,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=name_id),
            authn={
                "class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            },
            sign_assertion=sign_assertion,
            sign_response=sign_response,
        )
        return base64.b64encode(str(xml).encode()).decode()


@pytest.fixture(scope="session")
def saml_idp_server(tmp_path_factory):
    return LocalIdentityProvider(tmp_path_factory.mktemp("saml"))


@pytest.fixture
def saml_idp(saml_idp_server):
    with saml_idp_server.settings():
        yield saml_idp_server
