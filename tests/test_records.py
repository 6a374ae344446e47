"""Streamed records are byte for byte what pandas writes for the same records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from unionstate.scale.synthetic import generate
from unionstate.text.document import read_document
from unionstate.text.engine import analyse_text, default_engine, iter_records
from unionstate.text.records import csv_lines, json_lines

ROOT = Path(__file__).resolve().parents[1]
AWKWARD = 'A "quoted" title, a/b path\n\nLine one; then\u2028a separator, a tab\there, Łódź, 25 May and "x,y".\n'


def test_csv_and_json_lines_are_what_pandas_writes() -> None:
    engine = default_engine(ROOT)
    seed = read_document(ROOT / "seeds" / "osw-2021-11-05-sham-acceleration.txt")
    texts = [seed, AWKWARD, *(row["text"] for row in generate([seed], 30, seed=7))]
    frames, records = [], []
    for n, text in enumerate(texts):
        frames.append(analyse_text(f"d{n}", text, engine, dt.date(2021, 11, 5))[0])
        records += [record for record, _ in iter_records(f"d{n}", text, engine, dt.date(2021, 11, 5))]
    frame = pd.concat(frames, ignore_index=True)
    assert "".join(csv_lines(records)) == frame.to_csv(index=False, lineterminator="\n")
    assert "".join(json_lines(records)) == frame.to_json(orient="records", lines=True, force_ascii=False)
