"""OpenID Connect through mozilla-django-oidc: the authorisation-code flow with PKCE (settings),
the ID token checked for its issuer, audience and times, the issuer's keys kept in the cache."""

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .services import SignInRefused, identity_sign_in, invited_email

JWKS_CACHE_KEY = "sso:oidc:jwks:{}"


def provider_key() -> str:
    return f"oidc:{settings.OIDC_OP_ISSUER}"


class OIDCBackend(OIDCAuthenticationBackend):
    def _verify_jws(self, payload, key):
        """The library checks only the signature; the audience, issuer and times are ours."""
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER,
                leeway=60,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidAudienceError:
            raise SignInRefused(
                "The sign-in answer was meant for another application, so it was refused."
            ) from None
        except jwt.ExpiredSignatureError:
            raise SignInRefused("The sign-in answer had expired. Please sign in again.") from None
        except jwt.PyJWTError:
            raise SignInRefused(
                "The sign-in answer could not be verified, so it was refused."
            ) from None

    def retrieve_matching_jwk(self, token):
        """The issuer's key for this token, from the cached key set; fetched again once when the
        token names a key the cached set does not have (the issuer rolled its keys)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise SignInRefused(
                "The sign-in answer could not be read, so it was refused."
            ) from None
        cache_key = JWKS_CACHE_KEY.format(self.OIDC_OP_JWKS_ENDPOINT)
        keys = cache.get(cache_key)
        key = _matching_key(keys or [], header)
        if key is None:
            keys = self._fetch_jwks()
            cache.set(cache_key, keys, settings.OIDC_JWKS_CACHE_SECONDS)
            key = _matching_key(keys, header)
        if key is None:
            raise SignInRefused(
                "The sign-in answer was signed with an unknown key, so it was refused."
            )
        return jwt.PyJWK(key)

    def _fetch_jwks(self) -> list[dict]:
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        return response.json().get("keys", [])

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        if claims.get("sub") != payload["sub"]:
            raise SignInRefused("The sign-in answer did not agree with itself, so it was refused.")
        return identity_sign_in(
            provider=provider_key(),
            subject=payload["sub"],
            email=claims.get("email", ""),
            display_name=claims.get("name", ""),
            email_trusted=settings.OIDC_TRUST_EMAIL and claims.get("email_verified") is not False,
            proven_email=invited_email(self.request.session.get("oidc_login_next") or ""),
        )


def _matching_key(keys: list[dict], header: dict) -> dict | None:
    """The key a token's header names (by kid when it has one), of the token's algorithm."""
    for key in keys:
        if header.get("kid") and key.get("kid") != header["kid"]:
            continue
        if key.get("alg", header.get("alg")) != header.get("alg"):
            continue
        if key.get("use", "sig") != "sig":
            continue
        return key
    return None
