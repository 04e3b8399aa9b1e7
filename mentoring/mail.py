"""What every outgoing mail shares."""

import re

# Line breaks (and any other control character) in a header would end it early: Django refuses
# such a header with BadHeaderError rather than let a name add headers of its own.
HEADER_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def header_text(text: str) -> str:
    """A subject built from names people typed (a cohort's, a person's), on one line."""
    return " ".join(HEADER_BREAKS.sub(" ", str(text)).split())
