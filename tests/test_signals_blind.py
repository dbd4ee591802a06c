"""Regression guard on the labelled message sets written blind to the lexicons
(tests/fixtures/signals_blind*): per signal and half, F1 must not fall more than 0.05 below
what was last measured (session 4; signals_blind5 in session 6, signals_blind6 and signals_blind7 in session 7, signals_blind8 and signals_blind9 in session 8). The unread halves are the honest unseen-data figures (README.md);
this guard only stops silent regressions."""

from __future__ import annotations

import pytest

from cxaudit.evaluation.runner import SIGNALS_BLIND_SETS, evaluate_signals_blind

MEASURED = {
    "signals_blind test": {"apology": 0.98, "churn_threat": 0.977, "complaint": 1.0, "handoff": 0.971, "human_request": 1.0,
                           "informal": 0.963, "promise": 1.0, "refusal": 0.979, "sentiment": 0.826},
    "signals_blind2 test": {"apology": 0.914, "churn_threat": 0.846, "complaint": 0.714, "handoff": 0.914, "human_request": 0.811,
                            "informal": 0.919, "promise": 0.98, "refusal": 0.75, "sentiment": 0.945},
    "signals_blind3 test": {"complaint": 0.839, "handoff": 0.686, "promise": 0.941, "refusal": 0.865},
    "signals_blind4 test": {"apology": 0.974, "churn_threat": 0.746, "complaint": 0.784, "handoff": 0.885, "human_request": 0.903,
                            "informal": 0.98, "promise": 0.98, "refusal": 0.897, "sentiment": 0.884},
    "signals_blind5 test": {"apology": 0.946, "churn_threat": 0.755, "complaint": 0.825, "handoff": 0.82, "human_request": 0.894,
                            "informal": 0.936, "promise": 1.0, "refusal": 0.893, "sentiment": 0.818},
    "signals_blind6 test": {"apology": 0.917, "churn_threat": 0.696, "complaint": 0.690, "handoff": 0.778, "human_request": 0.815,
                            "informal": 0.985, "promise": 0.969, "refusal": 0.929, "sentiment": 0.829},
    "signals_blind7 test": {"apology": 0.899, "churn_threat": 0.814, "complaint": 0.759, "handoff": 0.896, "human_request": 0.909,
                            "informal": 0.973, "promise": 0.912, "refusal": 0.815, "sentiment": 0.805},
    "signals_blind8 test": {"apology": 0.974, "churn_threat": 0.847, "complaint": 0.789, "handoff": 0.808, "human_request": 0.812,
                            "informal": 0.951, "promise": 1.0, "refusal": 0.909, "sentiment": 0.706},
    "signals_blind9 test": {"apology": 0.927, "churn_threat": 0.8, "complaint": 0.632, "handoff": 0.793, "human_request": 0.867,
                            "informal": 0.935, "promise": 0.917, "refusal": 0.925, "sentiment": 0.784},
}
SLACK = 0.05


@pytest.fixture(scope="module")
def scores():
    out = {}
    for path in SIGNALS_BLIND_SETS:
        if not path.exists():
            continue
        for r in evaluate_signals_blind(path):
            half, signal = r["name"].split(": ")
            out[(half, signal)] = r["value"]
    return out


@pytest.mark.parametrize("half,signal,floor", [(h, s, v) for h, d in MEASURED.items() for s, v in d.items()])
def test_blind_message_sets_do_not_regress(scores, half, signal, floor):
    if (half, signal) not in scores:
        pytest.skip(f"{half} not present")
    assert scores[(half, signal)] >= floor - SLACK, f"{half} {signal}: {scores[(half, signal)]:.3f} < {floor} - {SLACK}"
