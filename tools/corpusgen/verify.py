#!/usr/bin/env python3
"""Independent check of testdata/corpus with Python's email package.

Usage: python3 tools/corpusgen/verify.py [corpus-dir]

Checks that every .eml parses as MIME without defects, uses CRLF line
endings and decodes in its declared charset; that labels.jsonl has exactly
one well-formed row per file; that labelled facts (URLs, names, address)
really occur in the message; that holdout senders and companies never
occur in train; and prints counts per split, label and language.
"""
import collections
import datetime as dt
import email
import email.utils
import json
import os
import re
import sys
import zoneinfo
from email import policy

FIELDS = [
    ("file", str), ("is_invitation", bool), ("kind", str), ("category", str), ("language", str),
    ("company", str), ("role", str), ("recruiter", str), ("reply_to", str), ("stage", str),
    ("format", str), ("proposed_times", list), ("duration_minutes", int), ("meeting_url", str),
    ("scheduling_url", str), ("scheduling_vendor", str), ("location", str), ("interviewers", list),
    ("respond_by", str),
]
KINDS = {"invitation", "reminder", "reschedule", "outreach"}
STAGES = {"", "screen", "technical", "onsite", "final", "second-round"}
FORMATS = {"", "phone", "video", "onsite"}
LANGS = {"en", "de", "fr", "es"}
WINDOWS_ZONES = {
    "W. Europe Standard Time": "Europe/Berlin", "Romance Standard Time": "Europe/Paris",
    "GMT Standard Time": "Europe/London", "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago", "Mountain Standard Time": "America/Denver",
    "Pacific Standard Time": "America/Los_Angeles", "Central Standard Time (Mexico)": "America/Mexico_City",
    "SA Pacific Standard Time": "America/Bogota", "Argentina Standard Time": "America/Argentina/Buenos_Aires",
    "Singapore Standard Time": "Asia/Singapore", "AUS Eastern Standard Time": "Australia/Sydney",
}


def dtstart(ics):
    """Instant of the first DTSTART in an iCalendar text."""
    ics = ics.replace("\r\n ", "").replace("\n ", "")
    ics = ics[ics.find("BEGIN:VEVENT"):]
    m = re.search(r"^DTSTART(?:;TZID=\"?([^\":]+)\"?)?:(\d{8}T\d{6})(Z?)\s*$", ics, re.M)
    if not m:
        return None
    tzid, stamp, z = m.groups()
    t = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S")
    if z or not tzid:
        return t.replace(tzinfo=dt.timezone.utc)
    return t.replace(tzinfo=zoneinfo.ZoneInfo(WINDOWS_ZONES.get(tzid, tzid)))


def fail(errors, msg):
    errors.append(msg)


def all_text(msg):
    """Decoded text of every leaf part plus decoded headers."""
    out = [str(v) for _, v in msg.items()]
    for part in msg.walk():
        if part.is_multipart():
            continue
        try:
            c = part.get_content()
        except Exception:  # noqa: BLE001 - reported separately
            continue
        if isinstance(c, bytes):
            c = c.decode("utf-8", "replace")
        out.append(c)
    text = "\n".join(out)
    # ICS folds long lines; unfold so URLs can be found.
    text = text.replace("\r\n ", "").replace("\n ", "")
    return text + "\n" + " ".join(text.split())


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "testdata", "corpus")
    root = os.path.normpath(root)
    errors = []

    labels = {}
    with open(os.path.join(root, "labels.jsonl"), encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            row = json.loads(line)
            if list(row.keys()) != [f for f, _ in FIELDS]:
                fail(errors, f"labels.jsonl:{n}: keys {list(row.keys())}")
            for f, typ in FIELDS:
                if not isinstance(row.get(f), typ) or (typ is int and isinstance(row.get(f), bool)):
                    fail(errors, f"labels.jsonl:{n}: field {f} has type {type(row.get(f)).__name__}")
            if row["file"] in labels:
                fail(errors, f"duplicate label row for {row['file']}")
            labels[row["file"]] = row

    files = []
    for split in ("train", "holdout"):
        for pn in ("pos", "neg"):
            d = os.path.join(root, split, pn)
            for name in sorted(os.listdir(d)):
                if name.endswith(".eml"):
                    files.append(f"{split}/{pn}/{name}")
    for f in files:
        if f not in labels:
            fail(errors, f"{f}: no label row")
    for f in labels:
        if f not in files:
            fail(errors, f"label row for missing file {f}")

    counts = collections.Counter()
    people = {"train": set(), "holdout": set()}
    comps = {"train": set(), "holdout": set()}
    features = collections.Counter()
    for f in files:
        split, pn, _ = f.split("/")
        lab = labels.get(f)
        raw = open(os.path.join(root, f), "rb").read()
        if b"\n" in raw.replace(b"\r\n", b""):
            fail(errors, f"{f}: bare LF line ending")
        if b"\r" in raw.replace(b"\r\n", b""):
            fail(errors, f"{f}: bare CR")
        if any(len(l) > 998 for l in raw.split(b"\r\n")):
            fail(errors, f"{f}: line longer than 998 octets")
        msg = email.message_from_bytes(raw, policy=policy.default)
        for part in msg.walk():
            if part.defects:
                fail(errors, f"{f}: MIME defects in {part.get_content_type()}: {part.defects}")
            if not part.is_multipart():
                try:
                    part.get_content()
                except Exception as e:  # noqa: BLE001
                    fail(errors, f"{f}: cannot decode {part.get_content_type()}: {e}")
            if part.get_content_type() == "text/calendar":
                features["ics"] += 1
                body = part.get_content()
                if isinstance(body, bytes):
                    body = body.decode()
                start = dtstart(body)
                if start is None:
                    fail(errors, f"{f}: calendar part without parsable DTSTART")
                elif lab and lab["is_invitation"] and start not in [dt.datetime.fromisoformat(x) for x in lab["proposed_times"]]:
                    fail(errors, f"{f}: calendar DTSTART {start} not among proposed_times")
                for need in ("BEGIN:VCALENDAR", "METHOD:REQUEST", "BEGIN:VEVENT", "DTSTART", "ORGANIZER", "END:VCALENDAR"):
                    if need not in body:
                        fail(errors, f"{f}: calendar part lacks {need}")
        for h in ("Message-ID", "Date", "From", "Subject", "MIME-Version", "To"):
            if msg[h] is None:
                fail(errors, f"{f}: missing {h}")
        try:
            date = email.utils.parsedate_to_datetime(str(msg["Date"]))
        except Exception as e:  # noqa: BLE001
            fail(errors, f"{f}: bad Date: {e}")
            continue
        # Interviews fall in 2026; a mail about one may be sent in December.
        if not (date.year == 2026 or (date.year == 2025 and date.month == 12)):
            fail(errors, f"{f}: Date not in 2026")
        if msg["In-Reply-To"]:
            features["reply"] += 1
        if lab is None:
            continue
        counts[(split, pn, lab["language"])] += 1
        if lab["is_invitation"] != (pn == "pos"):
            fail(errors, f"{f}: is_invitation does not match directory")
        if lab["language"] not in LANGS:
            fail(errors, f"{f}: bad language")
        text = all_text(msg)
        if pn == "pos":
            if lab["kind"] not in KINDS:
                fail(errors, f"{f}: bad kind {lab['kind']!r}")
            if lab["stage"] not in STAGES or lab["format"] not in FORMATS:
                fail(errors, f"{f}: bad stage/format")
            for t in lab["proposed_times"]:
                ts = dt.datetime.fromisoformat(t)
                if ts.tzinfo is None:
                    fail(errors, f"{f}: proposed time without offset")
                if ts <= date:
                    fail(errors, f"{f}: proposed time {t} not after Date {date}")
            if lab["respond_by"]:
                rb = dt.date.fromisoformat(lab["respond_by"])
                if rb < date.date() - dt.timedelta(days=1):
                    fail(errors, f"{f}: respond_by before Date")
            # A positive may instead ask her to name a time ("send me two or
            # three times that suit you"); the labelling rules allow it.
            if not (lab["proposed_times"] or lab["scheduling_url"] or lab["kind"] == "outreach" or re.search(r"(?i)times?|slots?|availab|termin|zeit|créneau|disponib|horario|hueco", text)):
                fail(errors, f"{f}: positive with neither times nor scheduling link nor a request for them")
            for key in ("meeting_url", "scheduling_url", "location", "company", "role", "recruiter", "reply_to"):
                if lab[key] and lab[key] not in text:
                    fail(errors, f"{f}: labelled {key} {lab[key]!r} not found in message")
            for name in lab["interviewers"]:
                if name not in text:
                    fail(errors, f"{f}: interviewer {name!r} not found in message")
            if lab["recruiter"]:
                people[split].add(lab["recruiter"])
            people[split].update(lab["interviewers"])
        else:
            if lab["kind"] or lab["proposed_times"] or lab["meeting_url"] or lab["scheduling_url"] or lab["interviewers"]:
                fail(errors, f"{f}: negative with invitation fields")
        if lab["company"]:
            comps[split].add(lab["company"])

    shared_people = people["train"] & people["holdout"]
    shared_comps = comps["train"] & comps["holdout"]
    if shared_people:
        fail(errors, f"people in both splits: {sorted(shared_people)}")
    if shared_comps:
        fail(errors, f"companies in both splits: {sorted(shared_comps)}")

    total = sum(counts.values())
    print(f"{len(files)} .eml files, {len(labels)} label rows, {total} labelled")
    print(f"{'split':8} {'label':4} {'en':>4} {'de':>4} {'fr':>4} {'es':>4} {'total':>6}")
    for split in ("train", "holdout"):
        for pn in ("pos", "neg"):
            row = [counts[(split, pn, l)] for l in ("en", "de", "fr", "es")]
            print(f"{split:8} {pn:4} " + " ".join(f"{n:>4}" for n in row) + f" {sum(row):>6}")
    tr = sum(v for k, v in counts.items() if k[0] == "train")
    print(f"train share {tr / total:.1%}; positives {sum(v for k, v in counts.items() if k[1] == 'pos')}, "
          f"negatives {sum(v for k, v in counts.items() if k[1] == 'neg')}; calendar parts {features['ics']}, replies {features['reply']}")
    if errors:
        print(f"{len(errors)} problems:")
        for e in errors[:200]:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
