"""The rep's chart: scores per objection over time, drawn with matplotlib
(installed with Rasa, maintained, no CDN) as SVG inlined in the page. Text
stays text (svg.fonttype none), so the browser draws Chinese labels with
its own fonts."""

from __future__ import annotations

import io
import warnings
from datetime import datetime
from typing import Dict, List, Tuple

import matplotlib

matplotlib.use("Agg")  # no display on a server

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

Series = Dict[Tuple[str, str], Tuple[str, List[Tuple[datetime, int]]]]


def _plain(text: str) -> str:
    """Text as written: matplotlib reads $…$ as mathematics (and fails on bad TeX)."""
    return text.replace("$", r"\$")


MOST = 8  # lines one chart can show apart; the most practised objections


def score_chart(series: Series, title: str) -> str:
    """An <svg> element (no XML prologue), one line per objection (the
    MOST most practised), the legend below it."""
    shown = sorted(series.values(), key=lambda line: -len(line[1]))[:MOST]
    with (
        matplotlib.rc_context({"svg.fonttype": "none", "font.family": "sans-serif", "font.size": 10}),
        warnings.catch_warnings(),
    ):
        # matplotlib only measures the labels (with a font that may lack
        # Chinese); the browser draws them
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from", category=UserWarning)
        figure, axes = plt.subplots(figsize=(9, 4.2), dpi=96)
        try:
            for label, points in shown:
                times = [at for at, _ in points]
                axes.plot(
                    times, [score for _, score in points], marker="o", markersize=4, linewidth=1.5, label=_plain(label)
                )
            axes.set_ylim(0, 100)
            axes.axhline(70, color="#999999", linewidth=0.8, linestyle="--")  # the drill's "strong" line
            axes.set_ylabel("得分 / score")
            axes.set_title(_plain(title))
            axes.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
            axes.grid(axis="y", alpha=0.3)
            if shown:
                # below the plot, three to a row: the browser draws the Chinese
                # labels wider than matplotlib measures them
                axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False, fontsize=9)
            figure.tight_layout()
            out = io.StringIO()
            figure.savefig(out, format="svg")
        finally:
            plt.close(figure)
    svg = out.getvalue()
    return svg[svg.index("<svg") :]
