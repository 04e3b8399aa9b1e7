"""Secret link tokens (invitations, mentor links): only a digest is stored, so a copy of the
database or a log line opens nothing."""

import hashlib
import re
import secrets

from django.core.validators import RegexValidator

# What every code and token of ours looks like (secrets.token_urlsafe's alphabet); anything else
# is a miss without a database query (mentoring/throttle.py).
WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{1,64}")
validate_code = RegexValidator(
    r"\A[A-Za-z0-9_-]+\Z", "Use only letters, digits, - and _ (the code goes into a link)."
)


def is_well_formed(code: str) -> bool:
    return WELL_FORMED.fullmatch(code or "") is not None


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
