"""Per-page views of an analysed document: the tables the chapters show, as plain DataFrames."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from unionstate.inputs.analysis import Analysis
from unionstate.text.estimative import probability_text


def theme_sentences(analysis: Analysis, theme: str) -> pd.DataFrame:
    """Sentences labelled with ``theme``, highest score first, with the evidence for their coding."""
    frame = analysis.sentences
    mask = _in_theme(frame, theme)
    out = frame.loc[mask, ["sentence_id", "text", "primary_theme", "theme_evidence"]].copy()
    out.insert(1, "score", analysis.scores[theme].loc[out["sentence_id"]].to_numpy())
    order = out["sentence_id"].map({sid: i for i, sid in enumerate(frame["sentence_id"])})
    out = out.assign(_order=order).sort_values(["score", "_order"], ascending=[False, True], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def term_counts(analysis: Analysis, theme: str) -> pd.DataFrame:
    """How often each matched term (as written in the text, case-folded) drove ``theme``."""
    counts: dict[str, int] = {}
    for matched in analysis.sentences["matched_terms"]:
        for term in json.loads(matched).get(theme, []):
            key = term.lower().replace("’", "'")
            counts[key] = counts.get(key, 0) + 1
    frame = pd.DataFrame(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), columns=["term", "count"])
    return frame


NO_THEME = ("none", "No theme")
"""How sentences without a theme are named wherever themes are counted."""


def theme_summary(analysis: Analysis) -> pd.DataFrame:
    """Per theme, and for no theme: sentences labelled, sentences where it is the main theme,
    that share of all sentences, and the summed score."""
    frame = analysis.sentences
    total = len(frame)
    labelled = frame["themes"].str.split(";")
    rows = []
    for theme, label in analysis.lexicon.labels.items():
        primary = int((frame["primary_theme"] == theme).sum())
        rows.append(
            {
                "theme": theme,
                "label": label,
                "sentences": int(labelled.apply(lambda labels, t=theme: t in labels).sum()),
                "primary": primary,
                "share": round(primary / total, 3) if total else 0.0,
                "total_score": round(float(analysis.scores[theme].sum()), 3),
            }
        )
    none = int((frame["primary_theme"] == "").sum())
    rows.append(
        {
            "theme": NO_THEME[0],
            "label": NO_THEME[1],
            "sentences": none,
            "primary": none,
            "share": round(none / total, 3) if total else 0.0,
            "total_score": 0.0,
        }
    )
    return pd.DataFrame(rows)


def band_text(low: Any, high: Any, terms: str) -> str:
    """A record's estimate as a reader sees it (:func:`probability_text`; pandas' missing → None)."""
    return probability_text(None if pd.isna(low) else int(low), None if pd.isna(high) else int(high), terms)


def judgements(analysis: Analysis, theme: str | None = None) -> pd.DataFrame:
    """Sentences with estimative language (optionally only those labelled ``theme``)."""
    frame = analysis.sentences
    mask = frame["estimative_terms"] != ""
    if theme is not None:
        mask &= _in_theme(frame, theme)
    out = frame.loc[mask, ["sentence_id", "text", "estimative_terms", "probability_low", "probability_high"]].copy()
    out["band"] = [
        band_text(lo, hi, terms)
        for lo, hi, terms in zip(out["probability_low"], out["probability_high"], out["estimative_terms"], strict=True)
    ]
    return out.drop(columns=["probability_low", "probability_high"]).reset_index(drop=True)


def _in_theme(frame: pd.DataFrame, theme: str | None) -> pd.Series:
    """Sentences labelled ``theme`` (``none``: those with no theme; ``None``: all)."""
    if theme is None:
        return pd.Series(True, index=frame.index)
    if theme == NO_THEME[0]:
        return frame["themes"] == ""
    return frame["themes"].str.split(";").apply(lambda labels: theme in labels)


def _items(cell: str) -> list[str]:
    return [v for v in cell.split(";") if v]


def actor_counts(analysis: Analysis, theme: str | None = None) -> pd.DataFrame:
    """Actors by the number of sentences (of ``theme``, or all) that name them."""
    frame = analysis.sentences[_in_theme(analysis.sentences, theme)]
    counts: dict[str, int] = {}
    for cell in frame["actors"]:
        for actor in _items(cell):
            counts[actor] = counts.get(actor, 0) + 1
    describe = analysis.engine.gazetteer.describe
    rows = [(actor, *describe(actor), n) for actor, n in counts.items()]
    out = pd.DataFrame(rows, columns=["actor", "name", "type", "sentences"])
    return out.sort_values(["sentences", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _date_span(value: str) -> tuple[str, str]:
    """ISO value → (first day, last day) for plotting."""
    if "/" in value:
        start, end = value.split("/")
        return f"{start}-01-01", f"{end}-12-31"
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-01", f"{value}-28"
    return value, value


def date_references(analysis: Analysis, theme: str | None = None) -> pd.DataFrame:
    """Every dated reference (sentence, ISO value, precision, span) in reading order."""
    frame = analysis.sentences[_in_theme(analysis.sentences, theme)]
    rows = []
    for r in frame.itertuples(index=False):
        for value in _items(r.dates):
            start, end = _date_span(value)
            precision = "range" if "/" in value else {4: "year", 7: "month", 10: "day"}[len(value)]
            rows.append(
                {
                    "sentence_id": r.sentence_id,
                    "date": value,
                    "precision": precision,
                    "start": start,
                    "end": end,
                    "primary_theme": r.primary_theme,
                    "text": r.text,
                }
            )
    return pd.DataFrame(rows, columns=["sentence_id", "date", "precision", "start", "end", "primary_theme", "text"])


def statements(analysis: Analysis, theme: str | None = None) -> pd.DataFrame:
    """Reported speech: who stressed / announced / reiterated what, with the sentence."""
    frame = analysis.sentences[_in_theme(analysis.sentences, theme) & (analysis.sentences["speech_verb"] != "")]
    describe = analysis.engine.gazetteer.describe
    out = frame[["sentence_id", "speaker", "speech_verb", "text"]].copy()
    out["speaker"] = [describe(s)[0] if s else "(unclear)" for s in out["speaker"]]
    return out.rename(columns={"speech_verb": "verb"}).reset_index(drop=True)


def quantity_table(analysis: Analysis, theme: str | None = None) -> pd.DataFrame:
    """The quantities cited, one row each, with their sentence."""
    frame = analysis.sentences[_in_theme(analysis.sentences, theme)]
    rows = [
        {"sentence_id": r.sentence_id, "quantity": q, "text": r.text}
        for r in frame.itertuples(index=False)
        for q in _items(r.quantities)
    ]
    return pd.DataFrame(rows, columns=["sentence_id", "quantity", "text"])


def estimative_profile(analysis: Analysis) -> pd.DataFrame:
    """Per theme (sentences labelled with it): estimative terms counted by probability band."""
    scale = analysis.engine.scale
    rows = []
    for theme in [*analysis.lexicon.labels, NO_THEME[0]]:
        frame = analysis.sentences[_in_theme(analysis.sentences, theme)]
        counts: dict[str, int] = {}
        for cell in frame["estimative_terms"]:
            for term in _items(cell):
                band = scale.band(term)
                counts[band] = counts.get(band, 0) + 1
        rows += [{"theme": theme, "band": band, "terms": n} for band, n in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["theme", "band", "terms"])


def actor_theme_matrix(analysis: Analysis, top: int = 10) -> pd.DataFrame:
    """For the ``top`` actors: in how many sentences of each theme they are named."""
    top_actors = actor_counts(analysis).head(top)
    rows = []
    for theme, label in [*analysis.lexicon.labels.items(), NO_THEME]:
        counts = actor_counts(analysis, theme).set_index("actor")["sentences"]
        rows += [
            {"actor": name, "theme": theme, "label": label, "sentences": int(counts.get(actor, 0))}
            for actor, name in zip(top_actors["actor"], top_actors["name"], strict=True)
        ]
    return pd.DataFrame(rows, columns=["actor", "theme", "label", "sentences"])
