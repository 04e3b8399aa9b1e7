"""Single sign-on: SAML 2.0 (djangosaml2 on pysaml2) and OpenID Connect (mozilla-django-oidc).

Both hand what the identity provider said to one service (services.identity_sign_in), which finds
the account by the provider's stable identifier, links or creates one on a first sign-in, and
refuses with a message the refusal page shows."""
