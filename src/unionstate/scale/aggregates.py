"""Aggregates of an analysed corpus, computed by DuckDB over its Parquet dataset.

Only the per-document tables (``documents``, ``actors``) are read, never the sentences one row
at a time, so the cost grows with the number of documents, not of sentences. Shares are
sentence-weighted: a long document counts for more than a short one.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from unionstate.scale.dataset import table_folder


def _connect(dataset: Path) -> duckdb.DuckDBPyConnection:
    folders = {table: table_folder(dataset, table) for table in ("documents", "actors")}
    con = duckdb.connect()
    for table, folder in folders.items():
        pattern = (folder / "part-*.parquet").as_posix().replace("'", "''")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{pattern}')")
    return con


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def summary(dataset: Path) -> dict[str, object]:
    """Documents, publishers (and documents that name one), dated documents and their range,
    sentences and words."""
    with _connect(dataset) as con:
        row = con.execute(
            "SELECT count(*), count(DISTINCT publisher), count(publisher), count(date), min(date), max(date), "
            "sum(sentences)::BIGINT, sum(words)::BIGINT FROM documents"
        ).fetchone()
    assert row is not None  # an aggregate over a table always has one row
    keys = ("documents", "publishers", "published", "dated", "first", "last", "sentences", "words")
    return dict(zip(keys, row, strict=True))


def period_of(first, last) -> str:
    """The time unit of the theme chart: years for a span over three years, else quarters."""
    if first is None or last is None:
        return "year"
    return "year" if (last - first).days > 3 * 366 else "quarter"


def theme_shares(dataset: Path, themes: list[str], period: str = "year") -> pd.DataFrame:
    """Per period of publication and theme: the share of sentences whose main theme it is."""
    if period not in ("year", "quarter", "month"):
        raise ValueError(f"unknown period {period!r}")
    weighted = ", ".join(
        f"sum({_quoted('share_' + t)} * sentences) / nullif(sum(sentences), 0) AS {_quoted(t)}" for t in themes
    )
    query = (
        f"SELECT date_trunc('{period}', date)::DATE AS period, count(*) AS documents, {weighted} "
        "FROM documents WHERE date IS NOT NULL GROUP BY 1 ORDER BY 1"
    )
    with _connect(dataset) as con:
        wide = con.execute(query).df()
    frame = wide.melt(id_vars=["period", "documents"], value_vars=themes, var_name="theme", value_name="share")
    return frame.sort_values(["period", "theme"], kind="stable").reset_index(drop=True)


def estimative_by_publisher(dataset: Path, bands: dict[str, str]) -> pd.DataFrame:
    """Per publisher and band (``column → label``): estimative terms and their share of the
    publisher's terms."""
    sums = ", ".join(f"sum({_quoted(column)})::BIGINT AS {_quoted(column)}" for column in bands)
    query = (
        f"SELECT coalesce(publisher, '(unknown)') AS publisher, count(*) AS documents, {sums} "
        "FROM documents GROUP BY 1 ORDER BY 1"
    )
    with _connect(dataset) as con:
        wide = con.execute(query).df()
    frame = wide.melt(id_vars=["publisher", "documents"], value_vars=list(bands), var_name="band", value_name="terms")
    frame["band"] = frame["band"].map(bands)
    frame["terms"] = frame["terms"].astype(int)
    totals = frame.groupby("publisher")["terms"].transform("sum")
    frame["share"] = (frame["terms"] / totals.where(totals > 0)).fillna(0.0)
    order = {label: i for i, label in enumerate(bands.values())}
    frame = frame.assign(_order=frame["band"].map(order)).sort_values(["publisher", "_order"], kind="stable")
    return frame.drop(columns="_order").reset_index(drop=True)


def top_actors(dataset: Path, top: int = 15) -> pd.DataFrame:
    """The actors named in the most documents, with the sentences naming them across the corpus."""
    query = (
        "SELECT actor, any_value(name) AS name, any_value(type) AS type, count(DISTINCT doc_id) AS documents, "
        "sum(sentences)::BIGINT AS sentences FROM actors GROUP BY actor "
        "ORDER BY documents DESC, sentences DESC, actor LIMIT ?"
    )
    with _connect(dataset) as con:
        return con.execute(query, [top]).df()
