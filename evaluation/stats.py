"""The report's statistics, as plain functions of numbers (no database).

Nothing is summarised for fewer than MIN_GROUP answers: the functions return None, and the
report says "fewer than five answers" instead."""

import statistics
from collections import Counter
from dataclasses import dataclass

MIN_GROUP = 5


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float
    median: float
    sd: float | None  # the sample standard deviation (n - 1); None for one value
    distribution: tuple[tuple[int, int], ...]  # (point, how many), every point of the scale


@dataclass(frozen=True)
class PairedChange:
    """The same people before and after: both waves' summaries and the change person by person."""

    n: int
    pre: Summary
    post: Summary
    mean_change: float
    median_change: float
    sd_change: float | None
    effect_size: float | None  # paired Cohen's d: mean change / SD of the changes
    fell: int
    same: int
    rose: int


def enough(n: int) -> bool:
    return n >= MIN_GROUP


def _sd(values) -> float | None:
    return statistics.stdev(values) if len(values) > 1 else None


def summarise(values: list[float], points: list[int] | None = None) -> Summary | None:
    if not enough(len(values)):
        return None
    counts = Counter(values)
    keys = points if points else sorted(counts)
    return Summary(
        n=len(values),
        mean=statistics.fmean(values),
        median=statistics.median(values),
        sd=_sd(values),
        distribution=tuple((point, counts.get(point, 0)) for point in keys),
    )


def paired_change(
    pairs: list[tuple[float, float]], points: list[int] | None = None
) -> PairedChange | None:
    """(before, after) for each person who answered both; None under MIN_GROUP pairs."""
    if not enough(len(pairs)):
        return None
    before = [b for b, _ in pairs]
    after = [a for _, a in pairs]
    changes = [a - b for b, a in pairs]
    sd_change = _sd(changes)
    mean_change = statistics.fmean(changes)
    return PairedChange(
        n=len(pairs),
        pre=summarise(before, points),
        post=summarise(after, points),
        mean_change=mean_change,
        median_change=statistics.median(changes),
        sd_change=sd_change,
        effect_size=mean_change / sd_change if sd_change else None,
        fell=sum(1 for c in changes if c < 0),
        same=sum(1 for c in changes if c == 0),
        rose=sum(1 for c in changes if c > 0),
    )


def rate(count: int, of: int) -> float | None:
    """A share in percent, or None for a group under MIN_GROUP."""
    return 100 * count / of if enough(of) else None
