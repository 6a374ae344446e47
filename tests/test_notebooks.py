"""The templates: clean, parameterised, and with no number typed into the narrative by hand."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

TEMPLATES = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
ALLOWED = ("ICD 203", "UTF-8", "F1")  # names, not numbers


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_template_is_clean_and_parameterised(template: Path) -> None:
    nb = nbformat.read(template, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "templates store no outputs"
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert sum("parameters" in t for t in tags) == 1


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_narrative_numbers_are_glued(template: Path) -> None:
    nb = nbformat.read(template, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        prose = re.sub(r"\{(?:glue|cite)(?::\w+)?\}`[^`]*`|`[^`]*`|\]\([^)]*\)|^\d+\.\s", "", cell.source, flags=re.M)
        for name in ALLOWED:
            prose = prose.replace(name, "")
        assert not re.search(r"\d", prose), f"{template.name}:{cell.id}: a number typed by hand: {prose!r}"
