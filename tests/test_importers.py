"""Importers: the contract, TWCS thread rebuilding, the generic CSV mapping, and the real
TWCS sample (reply-link times equal the engine's first response times)."""

from __future__ import annotations

import collections
import csv as stdcsv
from datetime import datetime
from pathlib import Path

import orjson
import pytest

import cxaudit
from cxaudit.importers import ImporterError, available_importers, get_importer, iter_csv_rows, write_jsonl
from cxaudit.importers import csv as csv_importer
from cxaudit.importers import twcs
from cxaudit.reader import Reader

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TWCS_HEAD = SHARED_DATA / "twcs" / "twcs_head5000.csv"
TWCS_LABELED = SHARED_DATA / "twcs_labeled"

TWCS_HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"


def write(tmp_path: Path, name: str, text: str, newline: str = "") -> Path:
    p = tmp_path / name
    with open(p, "w", encoding="utf-8", newline=newline) as fh:
        fh.write(text)
    return p


def accepted(records: list[dict]) -> tuple[list, Reader]:
    rejects: list = []
    reader = Reader(on_reject=rejects.append)
    recs = list(reader.read_records(records))
    return recs, reader


# --------------------------------------------------------------------------- contract


def test_registered_importers_load():
    assert {"twcs", "csv"} <= set(available_importers())
    assert get_importer("twcs") is twcs.convert
    assert get_importer("csv") is csv_importer.convert


def test_unknown_importer_names_the_known_ones():
    with pytest.raises(ImporterError, match=r"unknown import format 'nope'.*twcs"):
        get_importer("nope")


def test_write_jsonl_counts_and_reader_accepts(tmp_path):
    p = write(tmp_path, "t.csv", TWCS_HEADER + "1,111,True,Tue Oct 31 22:10:47 +0000 2017,my parcel never came,2,\n"
              "2,ShopCare,False,Tue Oct 31 22:40:00 +0000 2017,sorry about that,,1\n")
    out = tmp_path / "sub" / "out.jsonl"
    n = write_jsonl(twcs.convert(p), out)
    assert n == 2
    lines = out.read_bytes().splitlines()
    assert len(lines) == 2
    reader = Reader()
    recs = list(reader.read(out))
    assert reader.stats.accepted == 2 and reader.stats.rejected == 0
    assert recs[1].in_reply_to == "1"


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda p: twcs.convert(p / "missing.csv"), "input not found"),
        (lambda p: twcs.convert(p), "is a directory"),
        (lambda p: twcs.convert(write(p, "x.csv", "tweet_id,author_id,inbound,text\n1,a,True,hi\n")), r"missing column 'created_at'"),
        (lambda p: twcs.convert(write(p, "e.csv", "")), "empty file"),
        (lambda p: twcs.convert(write(p, "ok.csv", TWCS_HEADER), colour="red"), "unknown option colour"),
        (lambda p: csv_importer.convert(write(p, "c.csv", "a,b\n1,2\n"), mapping={"text": "a"}), "required field"),
        (lambda p: csv_importer.convert(write(p, "c.csv", "a,b\n1,2\n"), mapping={"text": "a", "conversation_id": "b", "timestamp": "a", "role": "zz"}, channel="chat"), r"missing column 'zz' \(for role\)"),
        (lambda p: csv_importer.convert(write(p, "c.csv", "a,b\n1,2\n"), mapping={"body": "a"}), "unknown field 'body'"),
        (lambda p: csv_importer.convert(write(p, "c.csv", "a,b\n1,2\n"), mapping="{not json"), "not valid JSON"),
        (lambda p: csv_importer.convert(write(p, "c.csv", "a,b\n1,2\n"), mapping={"text": "a", "conversation_id": "b", "timestamp": "a"}, channel="chat", role="boss"), "constant role"),
        (lambda p: csv_importer.convert(write(p, "c.csv", "a,b\n1,2\n"), mapping={"text": "a", "conversation_id": "b", "timestamp": "a", "role": "b"}, channel="chat", default_tz="Mars/Olympus"), "default_tz"),
        (lambda p: csv_importer.convert(write(p, "c.csv", "a,b\n1,2\n"), mapping={"text": "a", "conversation_id": "b", "timestamp": "a", "role": "b"}, channel="chat", delimiter=";;"), "delimiter"),
    ],
    ids=["twcs-missing-file", "twcs-directory", "twcs-missing-column", "twcs-empty", "twcs-unknown-option",
         "csv-required-field", "csv-missing-column", "csv-unknown-field", "csv-bad-json", "csv-bad-role-constant",
         "csv-bad-tz", "csv-bad-delimiter"],
)
def test_bad_input_or_options_raise_at_call(tmp_path, call, match):
    with pytest.raises(ImporterError, match=match):
        call(tmp_path)


# --------------------------------------------------------------------------- CSV reading


def test_stray_carriage_return_in_unquoted_field_stays_in_the_text(tmp_path):
    # the stdlib csv module alone ends the record at a bare \r (or fails); we keep it as text
    p = write(tmp_path, "t.csv", TWCS_HEADER
              + "1,111,True,Tue Oct 31 22:10:47 +0000 2017,@Shop \r\rwhere is it,2,\n"
              + '2,Shop,False,Tue Oct 31 22:12:00 +0000 2017,"two\nlines",,1\n')
    with open(p, newline="", encoding="utf-8") as fh:
        naive = list(stdcsv.reader(fh))
    assert len(naive) != 3  # the plain csv module splits the first record
    rows = [r for _, r in iter_csv_rows(p)]
    assert [r["text"] for r in rows] == ["@Shop \r\rwhere is it", "two\nlines"]
    assert [r["tweet_id"] for r in rows] == ["1", "2"]


def test_crlf_file_and_bom(tmp_path):
    p = tmp_path / "w.csv"
    p.write_bytes(("\ufeff" + TWCS_HEADER.replace("\n", "\r\n") + "1,111,True,Tue Oct 31 22:10:47 +0000 2017,hi there,,\r\n").encode())
    rows = [r for _, r in iter_csv_rows(p)]
    assert rows == [{"tweet_id": "1", "author_id": "111", "inbound": "True", "created_at": "Tue Oct 31 22:10:47 +0000 2017",
                     "text": "hi there", "response_tweet_id": "", "in_response_to_tweet_id": ""}]


def test_short_row_gives_none_and_line_numbers(tmp_path):
    p = write(tmp_path, "s.csv", 'a,b,c\n1,"x\ny",3\n4\n')
    assert list(iter_csv_rows(p)) == [(2, {"a": "1", "b": "x\ny", "c": "3"}), (4, {"a": "4", "b": None, "c": None})]


# --------------------------------------------------------------------------- TWCS


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Tue Oct 31 22:10:47 +0000 2017", "2017-10-31T22:10:47+00:00"),
        ("Wed Nov 01 03:04:05 -0500 2017", "2017-11-01T03:04:05-05:00"),
        ("2017-11-20 14:21:00+00:00", "2017-11-20T14:21:00+00:00"),
        ("2017-11-20T14:21:00Z", "2017-11-20T14:21:00+00:00"),
        ("43040.75", "2017-11-01T18:00:00+00:00"),  # spreadsheet day serial
        ("2017-11-20 14:21:00", "2017-11-20 14:21:00"),  # naive: passed on, the reader decides
        ("yesterday", "yesterday"),
        ("Tue Foo 31 22:10:47 +0000 2017", "Tue Foo 31 22:10:47 +0000 2017"),
    ],
)
def test_twitter_time(raw, expected):
    assert twcs.twitter_time(raw) == expected


@pytest.mark.parametrize("raw, expected", [("3.0", "3"), ("3", "3"), (" 17 ", "17"), ("", None), ("nan", None), (None, None), ("ab.0", "ab.0")])
def test_norm_id(raw, expected):
    assert twcs.norm_id(raw) == expected


THREAD = TWCS_HEADER + "\n".join([
    # customer 501 opens; brand replies; customer follows up; brand answers again
    "10,501,True,Mon Oct 30 10:00:00 +0000 2017,@ShopCare my order is late &amp; nobody answers,11,",
    "11,ShopCare,False,Mon Oct 30 10:45:00 +0000 2017,@501 Sorry! Please DM us &lt;3,12,10.0",
    "12,501,True,Mon Oct 30 11:00:00 +0000 2017,@ShopCare done,13,11.0",
    "13,ShopCare,False,Mon Oct 30 11:05:00 +0000 2017,@501 thanks we replied,,12.0",
    # a brand broadcast answered by two different customers: two conversations
    "20,ShopCare,False,Mon Oct 30 09:00:00 +0000 2017,Trick or treat?,\"21,22\",",
    "21,601,True,Mon Oct 30 09:10:00 +0000 2017,@ShopCare treat,23,20",
    "22,602,True,Mon Oct 30 09:20:00 +0000 2017,@ShopCare trick,,20",
    "23,ShopCare,False,Mon Oct 30 09:30:00 +0000 2017,@601 here you go,24,21",
    "24,601,True,Mon Oct 30 09:40:00 +0000 2017,@ShopCare yay,,23",
    # a reply to a tweet that is not in the file; the link is kept in meta only
    "30,701,True,Mon Oct 30 12:00:00 +0000 2017,@ShopCare still waiting,,29",
    # a third person joins a customer's thread
    "40,801,True,Mon Oct 30 13:00:00 +0000 2017,@ShopCare app crashes,41,",
    "41,ShopCare,False,Mon Oct 30 13:20:00 +0000 2017,@801 which version?,42,40",
    "42,802,True,Mon Oct 30 13:25:00 +0000 2017,@ShopCare @801 same here,,41",
    # only linked through response_tweet_id (no in_response_to on the child)
    "50,901,True,Mon Oct 30 14:00:00 +0000 2017,@ShopCare refund?,51,",
    "51,ShopCare,False,Mon Oct 30 14:10:00 +0000 2017,@901 on its way,,",
]) + "\n"


@pytest.fixture
def thread_records(tmp_path):
    return {r["id"]: r for r in twcs.convert(write(tmp_path, "thread.csv", THREAD))}


@pytest.mark.parametrize(
    "tweet, conversation, customer, role",
    [
        ("10", "twcs-10", "501", "customer"),
        ("11", "twcs-10", "501", "agent"),
        ("13", "twcs-10", "501", "agent"),
        ("20", "twcs-20", "twcs-20", "agent"),  # the broadcast alone, no customer
        ("21", "twcs-21", "601", "customer"),
        ("23", "twcs-21", "601", "agent"),
        ("24", "twcs-21", "601", "customer"),
        ("22", "twcs-22", "602", "customer"),
        ("30", "twcs-30", "701", "customer"),
        ("42", "twcs-40", "801", "customer"),  # the joiner stays in the opener's conversation
        ("51", "twcs-50", "901", "agent"),
    ],
)
def test_twcs_threads(thread_records, tweet, conversation, customer, role):
    r = thread_records[tweet]
    assert (r["conversation_id"], r["customer_id"], r["role"], r["channel"]) == (conversation, customer, role, "social")


def test_twcs_fields(thread_records):
    r10, r11 = thread_records["10"], thread_records["11"]
    assert r10["text"] == "@ShopCare my order is late & nobody answers"
    assert r11["text"] == "@501 Sorry! Please DM us <3"
    assert r11["author"] == r11["department"] == "ShopCare" and "author" not in r10
    assert r11["in_reply_to"] == "10" and "in_reply_to" not in r10
    assert r11["timestamp"] == "2017-10-30T10:45:00+00:00"
    assert "in_reply_to" not in thread_records["30"] and thread_records["30"]["meta"] == {"in_response_to_tweet_id": "29"}
    assert thread_records["42"]["meta"] == {"author_id": "802", "brand": "ShopCare"}
    assert r10["meta"] == {"brand": "ShopCare"}  # the thread's brand, for scoping incidents


def test_twcs_options(tmp_path):
    p = write(tmp_path, "thread.csv", THREAD)
    recs = {r["id"]: r for r in twcs.convert(p, id_prefix="tw:", conversation_prefix="T", channel="twitter", keep_dangling_links=True, unescape_html=False)}
    r = recs["tw:11"]
    assert (r["conversation_id"], r["customer_id"], r["channel"], r["in_reply_to"]) == ("T10", "tw:501", "twitter", "tw:10")
    assert "&lt;3" in r["text"]
    assert recs["tw:30"]["in_reply_to"] == "tw:29"


def test_twcs_bad_values_reach_the_reader_as_rejects(tmp_path):
    p = write(tmp_path, "bad.csv", TWCS_HEADER + "\n".join([
        "1,111,True,Tue Oct 31 22:10:47 +0000 2017,fine,,",
        "2,111,maybe,Tue Oct 31 22:11:47 +0000 2017,role unknown,,",
        "3,111,True,not a date,bad time,,",
        "1,111,True,Tue Oct 31 22:12:47 +0000 2017,duplicate id,,",
        ",111,True,Tue Oct 31 22:13:47 +0000 2017,no id,,",
        "6,111,True",
    ]) + "\n")
    out = list(twcs.convert(p))
    assert len(out) == 6
    rejects: list = []
    reader = Reader(on_reject=rejects.append)
    recs = list(reader.read_records(out))
    assert [r.id for r in recs] == ["1"]
    assert [(j.line, j.field) for j in rejects] == [(2, "role"), (3, "timestamp"), (4, "id"), (5, "conversation_id"), (6, "timestamp")]
    assert reader.stats.read == reader.stats.accepted + reader.stats.rejected == 6


def test_twcs_labeled_shape(tmp_path):
    header = ",main_tweet_id,tweet_id,in_response_to_tweet_id,response_tweet_id,created_at,author_id,inbound,text,company,Battery,Refund\n"
    p = write(tmp_path, "lab.csv", header
              + "0,100,101,100,,43040.5,ShopCare,0,@9 we can help,ShopCare,,1\n"
              + "1,100,100,,\"101,102\",2017-11-01 11:00:00+00:00,9,1,@ShopCare battery dies,ShopCare,1,\n")
    recs = {r["id"]: r for r in twcs.convert(p)}
    assert recs["101"]["conversation_id"] == recs["100"]["conversation_id"] == "twcs-100"
    assert recs["101"]["customer_id"] == "9" and recs["101"]["role"] == "agent"
    assert recs["101"]["timestamp"] == "2017-11-01T12:00:00+00:00"
    assert recs["101"]["meta"] == {"labels": ["Refund"], "company": "ShopCare", "brand": "ShopCare"}
    assert recs["100"]["meta"] == {"response_tweet_id": ["102"], "labels": ["Battery"], "company": "ShopCare", "brand": "ShopCare"}
    _, reader = accepted(list(recs.values()))
    assert reader.stats.rejected == 0


def test_twcs_is_deterministic(tmp_path):
    p = write(tmp_path, "thread.csv", THREAD)
    assert list(twcs.convert(p)) == list(twcs.convert(p))


def test_twcs_timing_through_the_engine(tmp_path):
    res = cxaudit.analyze(list(twcs.convert(write(tmp_path, "thread.csv", THREAD))), only=["slow_response", "unanswered"])
    frs = {c["conversation_id"]: c["first_response_seconds"] for c in res.conversations}
    assert frs["twcs-10"] == 45 * 60
    assert frs["twcs-21"] == 20 * 60
    assert frs["twcs-50"] == 10 * 60
    slow = sorted((f["conversation_id"], f["evidence"][0]["message_id"]) for f in res.findings if f["code"] == "slow_response")
    assert slow == [("twcs-10", "10")]


# --------------------------------------------------------------------------- generic CSV

TICKETS = (
    "msg_id,ticket,client,body,sent,from,team,prio\n"
    "1,T1,c1,\"Hello, my order is late\",01/11/2017 10:00,Customer,,high\n"
    "2,T1,c1,Sorry for the delay!,01/11/2017 12:30,Agent,billing,\n"
    "3,T1,c1,,01/11/2017 12:31,Bot,,\n"
    "4,T1,c1,bye,2017-13-45,customer,,\n"
)
MAPPING = {"id": "msg_id", "conversation_id": "ticket", "customer_id": "client", "text": "body", "timestamp": "sent", "role": "from", "department": "team"}


@pytest.fixture
def tickets(tmp_path):
    return write(tmp_path, "tickets.csv", TICKETS)


def test_csv_mapping(tickets):
    recs = list(csv_importer.convert(tickets, mapping=MAPPING, channel="Email", timestamp_format="%d/%m/%Y %H:%M", default_tz="Europe/Paris"))
    assert recs[0] == {"kind": "message", "id": "1", "conversation_id": "T1", "customer_id": "c1", "channel": "email",
                       "timestamp": "2017-11-01T10:00:00+01:00", "role": "customer", "text": "Hello, my order is late", "meta": {"prio": "high"}}
    assert recs[1]["department"] == "billing" and recs[1]["role"] == "agent" and "meta" not in recs[1]
    assert recs[2]["text"] == "" and recs[2]["role"] == "bot"
    assert recs[3]["timestamp"] == "2017-13-45"  # unreadable: passed on for the reader to reject
    _, reader = accepted(recs)
    assert (reader.stats.accepted, reader.stats.rejected) == (3, 1)


@pytest.mark.parametrize(
    "options, field, expected",
    [
        ({"values": {"role": {"Customer": "agent"}}}, "role", ["agent", "agent", "bot", "customer"]),
        ({"values": '{"role": {"Agent": "system"}}'}, "role", ["customer", "system", "bot", "customer"]),
        ({"meta_columns": "none"}, "meta", [None, None, None, None]),
        ({"meta_columns": ["prio", "team"]}, "meta", [{"prio": "high"}, {"team": "billing"}, None, None]),
        ({"constants": {"department": "support"}}, "department", ["support", "billing", "support", "support"]),
        ({"mapping": {k: v for k, v in MAPPING.items() if k != "id"}}, "id", ["tickets:2", "tickets:3", "tickets:4", "tickets:5"]),
    ],
)
def test_csv_options(tickets, options, field, expected):
    opts = {"mapping": MAPPING, "channel": "chat", "timestamp_format": "%d/%m/%Y %H:%M", "default_tz": "UTC", **options}
    if field == "meta" and "mapping" not in options:
        opts["mapping"] = {k: v for k, v in MAPPING.items() if k != "department"}
    recs = list(csv_importer.convert(tickets, **opts))
    assert [r.get(field) for r in recs] == expected


@pytest.mark.parametrize(
    "fmt, value, tz, expected",
    [
        (None, "2024-06-03T09:00:00Z", None, "2024-06-03T09:00:00+00:00"),
        (None, "2024-06-03 09:00", "Europe/London", "2024-06-03T09:00:00+01:00"),
        (None, "2024-06-03 09:00", None, "2024-06-03T09:00:00"),
        ("epoch", "1717405200", None, "2024-06-03T09:00:00+00:00"),
        ("epoch_ms", "1717405200000", None, "2024-06-03T09:00:00+00:00"),
        ("%m/%d/%Y %I:%M %p", "06/03/2024 09:00 AM", "UTC", "2024-06-03T09:00:00+00:00"),
        ("%m/%d/%Y", "13/45/2024", "UTC", "13/45/2024"),
    ],
)
def test_csv_timestamps(tmp_path, fmt, value, tz, expected):
    p = write(tmp_path, "t.csv", f'c,t,r,x\nk,"{value}",customer,hi\n')
    opts = {"mapping": {"conversation_id": "c", "timestamp": "t", "role": "r", "text": "x"}, "channel": "sms", "default_tz": tz}
    if fmt:
        opts["timestamp_format"] = fmt
    (rec,) = csv_importer.convert(p, **opts)
    assert rec["timestamp"] == expected


@pytest.mark.parametrize(
    "word, role",
    [("Customer", "customer"), ("CLIENT", "customer"), ("caller", "customer"), ("Agent", "agent"), ("support", "agent"),
     ("Chatbot", "bot"), ("virtual assistant", "bot"), ("automated", "system"), ("manager", "manager")],
)
def test_csv_role_words(tmp_path, word, role):
    p = write(tmp_path, "r.csv", f"c,t,r,x\nk,2024-06-03T09:00:00Z,{word},hi\n")
    (rec,) = csv_importer.convert(p, mapping={"conversation_id": "c", "timestamp": "t", "role": "r", "text": "x"}, channel="chat")
    assert rec["role"] == role


def test_csv_tab_delimited_and_streams(tmp_path):
    p = write(tmp_path, "t.tsv", "c\tt\tx\n" + "".join(f"k{i}\t2024-06-03T09:00:00Z\tline {i}\n" for i in range(1000)))
    it = csv_importer.convert(p, mapping={"conversation_id": "c", "timestamp": "t", "text": "x"}, channel="chat", role="customer", delimiter="tab")
    first = next(it)
    assert first["text"] == "line 0" and first["role"] == "customer"
    assert sum(1 for _ in it) == 999


# --------------------------------------------------------------------------- real TWCS data


@pytest.fixture(scope="module")
def twcs_head():
    if not TWCS_HEAD.is_file():
        pytest.skip("../shared/data/twcs is absent")
    return list(twcs.convert(TWCS_HEAD))


def _ts(r: dict) -> datetime:
    return datetime.fromisoformat(r["timestamp"])


def test_twcs_sample_imports_every_row(twcs_head):
    with open(TWCS_HEAD, "rb") as fh:
        raw_lines = fh.read()
    assert len(twcs_head) == 5000
    assert len({r["id"] for r in twcs_head}) == 5000
    assert all(isinstance(r["text"], str) for r in twcs_head)
    # the one bare \r in the file stays inside its text instead of splitting the record
    assert raw_lines.count(b"\r") == sum(r["text"].count("\r") for r in twcs_head) > 0
    recs, reader = accepted(twcs_head)
    assert reader.stats.rejected == 0


def test_twcs_sample_reply_links_equal_engine_first_response(twcs_head):
    by_id = {r["id"]: r for r in twcs_head}
    pairs = [(by_id[r["in_reply_to"]], r) for r in twcs_head
             if r["role"] == "agent" and r.get("in_reply_to") in by_id and by_id[r["in_reply_to"]]["role"] == "customer"]
    assert len(pairs) == 2188  # the count the data README gives
    assert all(c["conversation_id"] == b["conversation_id"] and c["customer_id"] == b["customer_id"] for c, b in pairs)
    replies = collections.defaultdict(list)
    for c, b in pairs:
        replies[c["id"]].append(b)
    threads = collections.defaultdict(list)
    for r in twcs_head:
        threads[r["conversation_id"]].append(r)

    res = cxaudit.analyze(twcs_head, only=["slow_response", "unanswered"])
    frs = {c["conversation_id"]: c["first_response_seconds"] for c in res.conversations}
    slow_starts = {f["evidence"][0]["message_id"]: f for f in res.findings if f["code"] == "slow_response"}
    checked = mismatched = 0
    for cid, msgs in threads.items():
        customer_msgs = sorted((m for m in msgs if m["role"] == "customer"), key=lambda m: (_ts(m), m["id"]))
        if not customer_msgs:
            continue
        first = customer_msgs[0]
        reps = sorted(replies.get(first["id"], []), key=lambda m: (_ts(m), m["id"]))
        if not reps:
            continue
        link_seconds = (_ts(reps[0]) - _ts(first)).total_seconds()
        checked += 1
        mismatched += frs[cid] != link_seconds
        assert frs[cid] == link_seconds, (cid, first["id"], reps[0]["id"], link_seconds, frs[cid])
        assert (first["id"] in slow_starts) == (link_seconds > 1800), (cid, link_seconds)
        if first["id"] in slow_starts:
            m = slow_starts[first["id"]]["measures"]
            assert m["wait_seconds"] == link_seconds and m["target_seconds"] == 1800
    assert checked > 1000 and mismatched == 0
    # every slow_response finding measures the time between its two evidence messages
    for f in res.findings:
        if f["code"] == "slow_response":
            a, b = (by_id[e["message_id"]] for e in f["evidence"][:2])
            assert f["measures"]["wait_seconds"] == (_ts(b) - _ts(a)).total_seconds() > 1800


def test_twcs_labeled_files_import(tmp_path):
    if not TWCS_LABELED.is_dir():
        pytest.skip("../shared/data/twcs_labeled is absent")
    files = sorted(TWCS_LABELED.glob("*.csv"))
    assert files
    labels = 0
    for f in files:
        recs = list(twcs.convert(f))
        assert recs, f.name
        labels += sum(1 for r in recs if r.get("meta", {}).get("labels"))
        _, reader = accepted(recs)
        assert reader.stats.rejected == 0, f.name
        assert reader.stats.accepted == len(recs)
    assert labels > 0
    out = tmp_path / "lab.jsonl"
    write_jsonl(twcs.convert(files[0]), out)
    assert all(orjson.loads(line)["kind"] == "message" for line in out.read_bytes().splitlines())
