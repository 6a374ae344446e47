"""Methods: the lexicons, the estimative scale, the gazetteer and the coder's validation."""

from __future__ import annotations

import pandas as pd

from unionstate import paths
from unionstate.book import report
from unionstate.book.chapter import PageData, Text
from unionstate.book.chapters.overview import glue_share_numbers
from unionstate.inputs.evaluate import themes_table
from unionstate.inputs.judgements import load_judgements


def lexicon_table(page: PageData) -> report.HTML:
    """The theme lexicons as configured: groups, weights, how many terms, and why."""
    rows = [
        {
            "theme": page.analysis.lexicon.labels[theme],
            **group,
            "terms": sum(1 for t in page.analysis.lexicon.terms if t.theme == theme and t.group == group["name"]),
        }
        for theme, groups in page.analysis.lexicon.groups.items()
        for group in groups
    ]
    frame = pd.DataFrame(rows, columns=["theme", "name", "weight", "terms", "why"]).rename(columns={"name": "group"})
    return report.table(frame, caption=f"Theme lexicon groups ({page.lexicon_path})")


def scale_table(page: PageData) -> report.HTML:
    """The estimative scale: each band's probability range and terms."""
    scale = page.analysis.scale
    rows: dict[str, dict] = {}
    for term in scale.terms.values():
        band = rows.setdefault(
            term.label,
            {"band": term.label, "probability": "" if term.low is None else f"{term.low}–{term.high} %", "terms": []},
        )
        band["terms"].append(term.term)
    frame = pd.DataFrame([{**r, "terms": ", ".join(r["terms"])} for r in rows.values()])
    return report.table(frame, caption=f"Estimative scale: {scale.scheme}")


def actors_summary(page: PageData) -> report.HTML:
    """The gazetteer by actor type."""
    actors = page.analysis.engine.gazetteer.actors.values()
    frame = pd.DataFrame([{"type": a.type, "actor": a.name} for a in actors])
    summary = frame.groupby("type", sort=True)["actor"].agg(["count", lambda names: ", ".join(sorted(names))])
    summary.columns = ["actors", "names"]
    return report.table(summary.reset_index(), caption="Actor gazetteer (data/actors.yml) by type")


def _metrics(frame: pd.DataFrame) -> pd.DataFrame:
    """Scores for display: three decimals, and "n/a" where a metric has no support."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_float_dtype(out[column]):
            if column in ("document", "role", "method", "field", "label"):
                continue
            out[column] = [
                "n/a" if v is None or (isinstance(v, float) and pd.isna(v)) else f"{v:.3f}" for v in out[column]
            ]
    return out


def glue_validation(page: PageData) -> None:
    """Glue the validation tables of ``unionstate evaluate`` and the numbers quoted in the text."""
    from myst_nb import glue

    validation = page.validation
    pooled = themes_table(validation, per_document=False)
    glue(
        "validation_methods",
        report.table(
            _metrics(pooled.drop(columns="document")),
            caption="Main theme: the three methods on the development and the test documents",
        ),
        display=False,
    )
    per_document = themes_table(validation)
    per_document = per_document[(per_document["method"] == "coder") & ~per_document["document"].str.startswith("all ")]
    glue(
        "validation_documents",
        report.table(
            _metrics(per_document.drop(columns="method")), caption="Main theme: the coder, document by document"
        ),
        display=False,
    )
    glue(
        "validation_confusion",
        report.table(
            validation.confusion("test").reset_index().rename(columns={"hand-coded": "hand-coded ↓ / coded →"}),
            caption="Confusion on the test documents: hand-coded main theme (rows) against the coder's (columns)",
        ),
        display=False,
    )
    disagreements = validation.disagreements().rename(columns={"sentence_id": "sentence", "coder": "coded"})
    glue(
        "validation_disagreements",
        report.table(
            disagreements,
            caption="Every annotated sentence the coder codes differently from the hand coding",
        ),
        display=False,
    )
    fields = validation.fields[validation.fields["field"] != "themes"]
    glue(
        "validation_fields",
        report.table(_metrics(fields), caption="Actors, dates and estimative terms (items per sentence)"),
        display=False,
    )
    scores = pooled.set_index(["role", "method"])
    for role in ("development", "test"):
        for method in ("lexicon", "embeddings", "coder"):
            glue(f"accuracy_{role}_{method}", Text(f"{scores.loc[(role, method), 'accuracy']:.2f}"), display=False)
        glue(f"kappa_{role}_coder", Text(f"{scores.loc[(role, 'coder'), 'κ']:.2f}"), display=False)
    tests = per_document[per_document["role"] == "test"]["accuracy"]
    glue("accuracy_test_min", Text(f"{tests.min():.2f}"), display=False)
    glue("accuracy_test_max", Text(f"{tests.max():.2f}"), display=False)
    glue_share_numbers(page)
    documents = validation.codings.groupby("role")["document"].nunique()
    glue("documents_total", int(documents.sum()), display=False)
    sentences = validation.codings.groupby("role").size()
    for role in ("development", "test"):
        glue(f"documents_{role}", int(documents.get(role, 0)), display=False)
        glue(f"sentences_{role}", int(sentences.get(role, 0)), display=False)
    seed, _, _ = load_judgements(paths.project_root())
    glue("accuracy_seed", Text(f"{per_document.set_index('document').loc[seed, 'accuracy']:.2f}"), display=False)
    test_fields = validation.fields[validation.fields["role"] == "test"].groupby("field")[["tp", "fp", "fn"]].sum()
    for field in ("actors", "dates", "estimative_terms"):
        tp, fp, fn = test_fields.loc[field]
        glue(f"f1_{field}", Text(f"{2 * tp / (2 * tp + fp + fn):.2f}"), display=False)
