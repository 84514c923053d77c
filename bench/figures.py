"""Figures: samples reduced to (median, p95, unit), printed one per line or written as JSON."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    median: float
    p95: float
    unit: str
    samples: int = 1

    def line(self) -> str:
        return f"{self.name:<28} {_num(self.median):>12} {_num(self.p95):>12}  {self.unit}"


def _num(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3f}"


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def figure(name: str, samples: list[float], unit: str) -> Figure:
    """Median and 95th percentile of the samples."""
    if not samples:
        raise ValueError(f"{name}: no samples")
    return Figure(name, statistics.median(samples), percentile(samples, 95), unit, len(samples))


def measured(name: str, samples: list[float], unit: str, skipped: list[str]) -> list[Figure]:
    """The figure of `samples` as a one-item list, or none (its name added to `skipped`).

    A measurement switched off (`--first-frame-runs 0`, `--import-runs 0`) has no samples;
    `figure` would raise and lose every figure taken so far, so it is left out and listed.
    """
    if not samples:
        skipped.append(name)
        return []
    return [figure(name, samples, unit)]


def header() -> str:
    return f"{'name':<28} {'median':>12} {'p95':>12}  unit"


def to_json(figures: list[Figure], path: Path) -> None:
    """Write {"<name>": {"median": x, "p95": y, "unit": "..."}, ...}."""
    data = {f.name: {"median": f.median, "p95": f.p95, "unit": f.unit} for f in figures}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def from_dict(data: dict) -> list[Figure]:
    """Figures sent back by a child process as JSON."""
    return [Figure(n, v["median"], v["p95"], v["unit"]) for n, v in data.items()]
