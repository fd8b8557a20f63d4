"""The arithmetic of peers.py: per-tick statistics, medians over rounds, ratios.

Tick statistics use the nearest rank, as spikert-bench does (TickStatistics.swift), so a
peer's median and p99 mean the same as SpikeRT's. Over rounds the plain median
(``statistics.median``) is taken, as tools/bench/timing.sh does.

A ratio peer/SpikeRT is computed within each round, from two measurements taken back to
back, and the median of those per-round ratios is reported: a slow spell of the shared
machine then inflates both sides of one ratio instead of one side of the overall
medians.
"""

from __future__ import annotations

import statistics


def nearest_rank(samples: list[int | float], percent: int) -> float:
    """The ``percent``-th percentile of ``samples`` by nearest rank (spikert-bench's
    TickStatistics.rank: index ceil(percent * n / 100) - 1, at least 0)."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = (percent * len(ordered) + 99) // 100
    return ordered[max(rank - 1, 0)]


def tick_stats_us(times_ns: list[int]) -> dict[str, float]:
    """Median, p99 (nearest rank) and mean of per-tick times, in µs."""
    return {"median_us": nearest_rank(times_ns, 50) / 1000,
            "p99_us": nearest_rank(times_ns, 99) / 1000,
            "mean_us": sum(times_ns) / len(times_ns) / 1000}


def median_over_rounds(values: list[float]) -> float | None:
    """Median of one number per round; None when there is none (a skipped system)."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def per_round_ratios(peer: list[float], base: list[float]) -> list[float]:
    """peer[r] / base[r] for every round r in which both were measured."""
    if len(peer) != len(base):
        raise ValueError(f"{len(peer)} peer rounds against {len(base)} base rounds")
    return [p / b for p, b in zip(peer, base) if p is not None and b]


def median_ratio(peer: list[float], base: list[float]) -> float | None:
    """Median over rounds of the per-round ratio peer / base."""
    return median_over_rounds(per_round_ratios(peer, base))
