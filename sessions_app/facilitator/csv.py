"""What every CSV export of the facilitator's shares."""

import csv

# What makes a spreadsheet program read a cell as a formula (CSV injection), the full-width
# forms among them, which some programs read as their ASCII twins.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Spreadsheet programs skip these before they look for a formula.
LEADING_BLANKS = " \t\r\n\u00a0\u3000"


def safe_cell(value) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection), also when the
    formula follows spaces or line breaks: such a cell starts with an apostrophe."""
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_STARTS or text.lstrip(LEADING_BLANKS)[:1] in FORMULA_STARTS:
        return "'" + text
    return text


class SafeWriter:
    """csv.writer whose every text cell goes through safe_cell; numbers stay numbers."""

    def __init__(self, stream):
        self._writer = csv.writer(stream)

    def writerow(self, row):
        return self._writer.writerow(
            [cell if isinstance(cell, int | float) else safe_cell(cell) for cell in row]
        )
