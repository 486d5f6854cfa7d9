"""The checks on a generated corpus give exactly the results they were last reviewed to give.

``tests/data/generated-1500-checks.json`` holds, for the corpus that
``benchmarks/corpus.py`` generates with 1,500 figures and seed 11, every
result of the check engine, in run order: rule, key, status and a digest of
the whole result (message, figures, interval, derived quantities). A change
that makes the engine faster must reproduce each one; a change of what the
engine finds regenerates the file (``DBTOOL_UPDATE_GOLDEN=1``; its commit says
what changed and why).
The bundled corpus is held to the same by the committed reports.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from benchmarks.corpus import generate
from dbtool import api
from tests.helpers import ROOT

EXPECTED = ROOT / "tests" / "data" / "generated-1500-checks.json"


def _digest(result: dict[str, object]) -> str:
    text = json.dumps(result, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def test_checks_on_a_generated_corpus_are_unchanged(tmp_path: Path) -> None:
    expected = json.loads(EXPECTED.read_text("utf-8"))
    url = f"sqlite:///{tmp_path / 'generated.sqlite'}"
    api.upgrade(url)
    api.seed(url, generate(tmp_path / "corpus", expected["figures"], "docs", expected["seed"]))
    results = [r.as_dict() for r in api.check(url).results]
    got = [[r["rule"], r["key"], r["status"], _digest(r)] for r in results]
    if os.environ.get("DBTOOL_UPDATE_GOLDEN"):
        counts = {s: sum(r[2] == s for r in got) for s in ("fail", "warn", "pass", "info")}
        expected |= {"counts": {s: n for s, n in counts.items() if n}, "results": got}
        EXPECTED.write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", "utf-8")
    first = next(
        (i for i, (a, b) in enumerate(zip(got, expected["results"], strict=False)) if a != b), None
    )
    assert first is None, f"result {first}: got {got[first]}, expected {expected['results'][first]}"
    assert len(got) == len(expected["results"])
