"""Evaluation against labelled data: `cxaudit eval` prints precision, recall and F1."""
