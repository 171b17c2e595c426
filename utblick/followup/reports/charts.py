"""Indicator charts as PNG images for the Word report (matplotlib, no display needed)."""

import io

from utblick.followup.indicators import Series

from .content import number

LATEST = "#1b3a5c"
EARLIER = "#7f9ab5"


def chart_png(series: Series) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    values = [float(value or 0) for _, value in series.points]
    figure, axes = pyplot.subplots(figsize=(5, 2.0), dpi=150)
    positions = list(range(len(values)))
    axes.bar(positions, values, color=[EARLIER] * (len(values) - 1) + [LATEST], width=0.6)
    axes.set_xticks(positions, [str(year) for year, _ in series.points])
    if series.target is not None:
        axes.axhline(float(series.target), color="#8a5a00", linewidth=1, linestyle="--")
    # Counts get whole-number ticks; amounts and shares may have fractions.
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=all(v == int(v) for v in values)))
    axes.yaxis.set_major_formatter(
        FuncFormatter(lambda value, _position: number(value, 0 if value == int(value) else 1))
    )
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    axes.set_ylim(bottom=0)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    pyplot.close(figure)
    return buffer.getvalue()


def alt_text(series: Series) -> str:
    """What the chart shows, for screen readers: every year's figure."""
    figures = ", ".join(
        f"{year}: {number(value, 1 if value is not None and value % 1 else 0)}" for year, value in series.points
    )
    return f"{series.title} ({series.unit}): {figures}"
