"""Indicator charts: the figures a chart shows, drawn by Typst (chart.typ) as PNG for the Word report.

The PDF draws the same chart inline from the same data, so both documents show one chart. Typst
draws a chart in about a fifth of the time matplotlib took (docs/adr/0015).
"""

import json
from pathlib import Path
from typing import Any

import typst

from utblick.followup.indicators import Series

from .content import number

HERE = Path(__file__).parent


def _figure(value: Any) -> str:
    return number(value, 1 if value is not None and value % 1 else 0)


def chart_data(series: Series) -> dict[str, Any]:
    """The chart's points as Typst reads them: year, value (or none) and the figure as the report writes it."""
    return {
        "points": [
            {"year": year, "value": None if value is None else float(value), "label": _figure(value)}
            for year, value in series.points
        ],
        "target": None if series.target is None else float(series.target),
    }


def chart_pngs(series_list: list[Series]) -> list[bytes]:
    """Every chart as a PNG, from one run of Typst (its start-up, fonts included, paid once)."""
    if not series_list:
        return []
    images = typst.compile(
        str(HERE / "chart_image.typ"),
        root=str(HERE),
        format="png",
        ppi=150,
        sys_inputs={"charts": json.dumps([chart_data(series) for series in series_list])},
    )
    return images if isinstance(images, list) else [images]


def chart_png(series: Series) -> bytes:
    return chart_pngs([series])[0]


def alt_text(series: Series) -> str:
    """What the chart shows, for screen readers: every year's figure."""
    figures = ", ".join(f"{year}: {_figure(value)}" for year, value in series.points)
    return f"{series.title} ({series.unit}): {figures}"
