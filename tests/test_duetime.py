"""Due times read from promise text."""

from __future__ import annotations

from datetime import datetime

import pytest

from cxaudit.duetime import add_business_days, find_dues, parse_due

TUE = "2024-04-16T18:06:00-05:00"  # a Tuesday evening, US Central
WED = "2024-01-10T14:32:00+00:00"  # a Wednesday afternoon, UTC
FRI = "2024-03-01T10:00:00+00:00"  # a Friday morning


@pytest.mark.parametrize(
    "text,sent,due,quote",
    [
        ("Someone will call you within 24 hours.", TUE, "2024-04-17T18:06:00-05:00", "within 24 hours"),
        ("An engineer will call you back by 5pm on Thursday.", TUE, "2024-04-18T17:00:00-05:00", "by 5pm on Thursday"),
        ("We'll call by Thursday 5pm.", TUE, "2024-04-18T17:00:00-05:00", "by Thursday 5pm"),
        ("Your refund will be issued by Friday 12 April.", "2024-04-08T15:00:00+01:00", "2024-04-12T23:59:59+01:00", "by Friday 12 April"),
        ("It ships within five business days.", "2024-02-06T13:02:00-08:00", "2024-02-13T23:59:59-08:00", "within five business days"),
        ("They should be in touch by Friday.", WED, "2024-01-12T23:59:59+00:00", "by Friday"),
        ("Refunds take 3-5 business days.", WED, "2024-01-17T23:59:59+00:00", "take 3-5 business days"),
        ("I'll ring you tomorrow.", WED, "2024-01-11T23:59:59+00:00", "tomorrow"),
        ("You'll have it by end of day.", WED, "2024-01-10T23:59:59+00:00", "by end of day"),
        ("Expect an answer in 48 hours.", WED, "2024-01-12T14:32:00+00:00", "in 48 hours"),
        ("I'll message you later today.", WED, "2024-01-10T23:59:59+00:00", "later today"),
        ("We will reply within 2 working days.", FRI, "2024-03-05T23:59:59+00:00", "within 2 working days"),
        ("I'll update you within the hour.", FRI, "2024-03-01T11:00:00+00:00", "within the hour"),
        ("It should ship on the twenty-sixth.", "2024-01-16T09:00:00-08:00", "2024-01-26T23:59:59-08:00", "on the twenty-sixth"),
        ("A courier will collect it by next Monday morning.", FRI, "2024-03-04T12:00:00+00:00", "by next Monday morning"),
        ("Done by the end of the week.", "2024-02-27T09:00:00+00:00", "2024-03-01T23:59:59+00:00", "by the end of the week"),
        ("We'll confirm by 5pm.", "2024-01-10T18:30:00+00:00", "2024-01-11T17:00:00+00:00", "by 5pm"),  # already past 5pm: tomorrow
        ("You'll hear from us by 12 January.", "2023-12-28T10:00:00+00:00", "2024-01-12T23:59:59+00:00", "by 12 January"),  # next year
    ],
)
def test_parse_due_positive(text, sent, due, quote):
    got = parse_due(text, datetime.fromisoformat(sent))
    assert got is not None, text
    when, (s, e) = got
    assert when == datetime.fromisoformat(due)
    assert when.utcoffset() == datetime.fromisoformat(sent).utcoffset()
    assert text[s:e] == quote


@pytest.mark.parametrize(
    "text",
    [
        "Your 14 day return window is open.",  # a bare number of days is no due
        "It should have gone out on Friday.",  # past, not a due
        "Thanks for calling, have a good day.",
        "We spoke last Monday about this.",
        "I'll look into it as soon as possible.",
        "Order 4471 was placed at the weekend.",
        "",
    ],
)
def test_parse_due_negative(text):
    assert parse_due(text, datetime.fromisoformat(WED)) is None


def test_near_prefers_the_promise_clause():
    text = "I've applied the credit today; you'll see it within 2 days."
    sent = datetime.fromisoformat(WED)
    when, (s, e) = parse_due(text, sent, near=text.index("you'll"))
    assert text[s:e] == "within 2 days"
    # a due only before the promise, across a clause break, is not its due
    text2 = "I've applied the credit today; you'll see it on your bill."
    assert parse_due(text2, sent, near=text2.index("you'll")) is None


def test_find_dues_orders_and_naive_time():
    text = "We'll call tomorrow and email by Friday."
    dues = find_dues(text, datetime.fromisoformat(WED))
    assert [text[d.start:d.end] for d in dues] == ["tomorrow", "by Friday"]
    assert find_dues(text, datetime(2024, 1, 10, 12, 0)) == []  # no offset: nothing to anchor


def test_add_business_days_skips_weekend():
    fri = datetime.fromisoformat(FRI)
    assert add_business_days(fri, 1) == datetime.fromisoformat("2024-03-04T23:59:59+00:00")
