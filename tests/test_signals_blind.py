"""Regression guard on the labelled message sets written blind to the lexicons
(tests/fixtures/signals_blind*): per signal and half, F1 must not fall more than 0.05 below
what was last measured (session 4; signals_blind5 in session 6, signals_blind6 and signals_blind7 in session 7, signals_blind8 and signals_blind9 in session 8, signals_blind10, signals_blind11 and every floor re-measured in session 9, signals_blind12 and every floor re-measured in session 10, signals_blind13 and every floor re-measured in session 11, signals_blind14 and every floor re-measured in session 12, signals_blind15 and every floor re-measured in session 13). The unread halves are the honest unseen-data figures (README.md);
this guard only stops silent regressions."""

from __future__ import annotations

import pytest

from cxaudit.evaluation.runner import SIGNALS_BLIND_SETS, evaluate_signals_blind

MEASURED = {
    "signals_blind test": {"apology": 0.98, "churn_threat": 0.977, "complaint": 1.0, "handoff": 0.971, "human_request": 1.0,
                           "informal": 1.0, "promise": 1.0, "refusal": 0.979, "sentiment": 0.838},
    "signals_blind2 test": {"apology": 0.941, "churn_threat": 0.929, "complaint": 0.839, "handoff": 0.944, "human_request": 0.872,
                            "informal": 0.947, "promise": 1.0, "refusal": 0.788, "sentiment": 0.959},
    "signals_blind3 test": {"complaint": 0.872, "handoff": 0.747, "promise": 0.941, "refusal": 0.875},
    "signals_blind4 test": {"apology": 1.0, "churn_threat": 0.896, "complaint": 0.808, "handoff": 0.885, "human_request": 0.952,
                            "informal": 0.98, "promise": 1.0, "refusal": 0.967, "sentiment": 0.903},
    "signals_blind5 test": {"apology": 0.946, "churn_threat": 0.786, "complaint": 0.852, "handoff": 0.839, "human_request": 0.894,
                            "informal": 0.958, "promise": 1.0, "refusal": 0.912, "sentiment": 0.84},
    "signals_blind6 test": {"apology": 0.93, "churn_threat": 0.696, "complaint": 0.724, "handoff": 0.778, "human_request": 0.836,
                            "informal": 0.985, "promise": 0.984, "refusal": 0.929, "sentiment": 0.874},
    "signals_blind7 test": {"apology": 0.899, "churn_threat": 0.814, "complaint": 0.78, "handoff": 0.896, "human_request": 0.941,
                            "informal": 0.973, "promise": 0.986, "refusal": 0.877, "sentiment": 0.821},
    "signals_blind8 test": {"apology": 0.987, "churn_threat": 0.867, "complaint": 0.789, "handoff": 0.852, "human_request": 0.829,
                            "informal": 0.968, "promise": 1.0, "refusal": 0.929, "sentiment": 0.725},
    "signals_blind9 test": {"apology": 0.938, "churn_threat": 0.839, "complaint": 0.655, "handoff": 0.814, "human_request": 0.921,
                            "informal": 0.935, "promise": 0.943, "refusal": 0.925, "sentiment": 0.77},
    "signals_blind10 test": {"apology": 0.875, "churn_threat": 0.833, "complaint": 0.78, "handoff": 0.816, "human_request": 0.902,
                             "informal": 0.931, "promise": 0.889, "refusal": 0.813, "sentiment": 0.719},
    "signals_blind11 test": {"apology": 0.901, "churn_threat": 0.582, "complaint": 0.677, "handoff": 0.84, "human_request": 0.72,
                             "informal": 0.947, "promise": 0.906, "refusal": 0.933, "sentiment": 0.763},
    "signals_blind12 test": {"apology": 0.932, "churn_threat": 0.788, "complaint": 0.703, "handoff": 0.881, "human_request": 0.784,
                             "informal": 0.967, "promise": 0.967, "refusal": 0.882, "sentiment": 0.763},
    "signals_blind13 test": {"apology": 0.988, "churn_threat": 0.745, "complaint": 0.754, "handoff": 0.824, "human_request": 0.893,
                             "informal": 0.903, "promise": 0.913, "refusal": 0.929, "sentiment": 0.929},
    "signals_blind14 test": {"apology": 0.909, "churn_threat": 0.694, "complaint": 0.724, "handoff": 0.75, "human_request": 0.767,
                             "informal": 0.931, "promise": 0.933, "refusal": 0.867, "sentiment": 0.903},
    "signals_blind15 test": {"apology": 0.906, "churn_threat": 0.627, "complaint": 0.688, "handoff": 0.792, "human_request": 0.767,
                             "informal": 0.98, "promise": 0.969, "refusal": 0.866, "sentiment": 0.71},
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
