"""Score finding codes on scenario journeys (`scenarios/expected.jsonl`).

present: met when a finding with that code exists for that customer (on that conversation
when one is given). absent: met when none does. Corpus-level findings (customer_id null)
count towards a scenario when their evidence cites one of its evidence_ids. Background
customers (scenario B*) must produce nothing: every finding on them is a false positive.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson

from .metrics import PRF


def _evidence_ids(f: dict[str, Any]) -> set[str]:
    out = set()
    for e in f.get("evidence", []):
        for k, v in e.items():
            if k.endswith("_id"):
                out.add(v)
    return out


def _matches(f: dict[str, Any], exp: dict[str, Any]) -> bool:
    if f["code"] != exp["code"]:
        return False
    if f.get("customer_id") is None or exp.get("customer_id") is None:
        return bool(_evidence_ids(f) & set(exp.get("evidence_ids") or ()))
    if f["customer_id"] != exp["customer_id"]:
        return False
    return exp.get("conversation_id") is None or f.get("conversation_id") == exp["conversation_id"]


def score_scenarios(findings: list[dict[str, Any]], expected_path: str | Path) -> dict[str, Any]:
    expected = [orjson.loads(l) for l in Path(expected_path).read_bytes().splitlines() if l.strip()]
    by_code: dict[str, PRF] = defaultdict(PRF)
    failures: list[dict[str, Any]] = []
    for exp in expected:
        hit = [f for f in findings if _matches(f, exp)]
        present = exp["expect"] == "present"
        by_code[exp["code"]].add(bool(hit), present)
        if bool(hit) != present:
            failures.append({"scenario": exp["scenario"], "customer_id": exp["customer_id"], "code": exp["code"], "expect": exp["expect"], "got": [f["id"] for f in hit][:3]})
    background = [f for f in findings if str(f.get("customer_id") or "").startswith("cust-B")]
    for f in background:
        by_code[f["code"]].fp += 1
        failures.append({"scenario": "background", "customer_id": f["customer_id"], "code": f["code"], "expect": "absent", "got": [f["id"]]})
    return {"by_code": {c: m.row() for c, m in sorted(by_code.items())}, "failures": failures}


def overall(scored: dict[str, Any]) -> PRF:
    """All codes of a `score_scenarios` result summed into one PRF."""
    total = PRF()
    for m in scored["by_code"].values():
        total.tp += m["tp"]
        total.fp += m["fp"]
        total.fn += m["fn"]
    return total
