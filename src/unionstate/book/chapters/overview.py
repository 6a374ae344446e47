"""Synthesis: the three themes side by side (shares with their measured error, charts)."""

from __future__ import annotations

import pandas as pd

from unionstate.book import report
from unionstate.book.chapter import PageData, Text
from unionstate.book.views import theme_summary
from unionstate.inputs.evaluate import DRAWS, LEVEL


def summary_table(page: PageData) -> report.HTML:
    """Sentences per theme and with none, and each one's share with its measured error."""
    summary = theme_summary(page.analysis).set_index("theme")
    shares = page.shares.set_index("theme")
    frame = pd.DataFrame(
        {
            "theme": summary["label"],
            "sentences labelled": summary["sentences"],
            "main theme of": summary["primary"],
            "share": [f"{v:.0%}" for v in shares["share"]],
            f"corrected share ({LEVEL}% interval)": [
                f"{r.corrected:.0%} ({r.low:.0%}–{r.high:.0%})" for r in shares.itertuples()
            ],
        }
    )
    return report.table(frame, caption="Sentences per theme")


def glue_share_numbers(page: PageData) -> None:
    """Glue how the shares' intervals are drawn (the narrative names them)."""
    from myst_nb import glue

    glue("interval", Text(f"{LEVEL}%"), display=False)
    glue("bootstrap_draws", Text(f"{DRAWS:,}"), display=False)
