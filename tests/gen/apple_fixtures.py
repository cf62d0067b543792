#!/usr/bin/env python3
"""Rebuild tests/data/apple/ from Apple's figures in a third party's derived JSON.

Apple publishes its transparency report as a zip of one CSV per request type
(device_requests.csv, account_requests.csv, ...). No byte-exact copy of those
CSVs is available to this project; what is available is
../shared/realdata/apple/apple-transparency-derived.json, Apple's figures
2013-H1..2025-H1 re-encoded by a third party as an interned JSON:

  periods        ["2013 H1", ...]
  countries      ["Albania", ..., "N/A", ...]           (Apple's spellings)
  request_types  ["device", "account", ...]             (10 kinds, no national security)
  measures       ["requests_received", ...]             (16 names)
  rows           [[period_ix, country_ix, type_ix, m0, ..., m15], ...]  (null = not published)
  ns_rows        [[period_ix, country_ix, kind, req_low, req_high, acc_low, acc_high], ...]

This script writes the twelve CSVs of Apple's download from it, in Apple's
layout as far as it is known (the key columns `TR Period` / `TR Date` and
`Country/Region`, and the column names listed in ../shared/realdata/README.md);
every other column name is a guess, listed in tests/data/apple/README.md. The
files are a RECONSTRUCTION: the figures are Apple's, the bytes are not.

Run it from the top of the source tree (standard library only):

    python3 tests/gen/apple_fixtures.py [DERIVED_JSON] [OUT_DIR]

The output is committed; the tests read the committed files and never run this.
Its output is deterministic: running it again gives the same bytes.
"""

import csv
import io
import json
import os
import sys

DEFAULT_JSON = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared",
                            "realdata", "apple", "apple-transparency-derived.json")
DEFAULT_OUT = os.path.join(os.path.dirname(__file__), "..", "data", "apple")

BOM = "\ufeff"

# One entry per request type of the JSON: file name, period column, the
# measure columns as (header, measure name, parse), what an empty cell is
# written as, and whether the file starts with a UTF-8 BOM. Apple leaves a cell
# empty where it did not yet publish a figure (appeals before 2019-H2,
# emergency outcomes before 2016-H2, ...); the JSON has null there.
FILES = [
    ("device", "device_requests.csv", "TR Period", [
        ("Device Requests Received", "requests_received", "count"),
        ("Devices Specified in Requests", "items_specified", "count"),
        ("Requests Where Data Provided", "requests_data_provided", "count"),
        ("Percentage of Requests Where Data Provided", "pct_data_provided", "percent"),
    ], "—", True),
    ("account", "account_requests.csv", "TR Period", [
        ("Account Requests Received", "requests_received", "count"),
        ("Accounts Specified in Requests", "items_specified", "count"),
        ("Requests Objected to in Part or Rejected in Full", "requests_challenged_rejected", "count"),
        ("Requests Where Only Non-Content Data Provided", "noncontent_provided", "count"),
        ("Requests Where Content Provided", "content_provided", "count"),
        ("Percentage of Requests Where Data Provided", "pct_data_provided", "percent"),
    ], "—", False),
    ("account_preservation", "account_preservation_requests.csv", "TR Date", [
        ("Account Preservation Requests Received", "requests_received", "count"),
        ("Accounts Specified in Requests", "items_specified", "count"),
        ("Accounts Preserved", "accounts_preserved", "count"),
    ], "—", False),
    ("account_restriction_deletion", "account_restriction_deletion_requests.csv", "TR Period", [
        ("Account Restriction/Deletion Requests Received", "requests_received", "count"),
        ("Accounts Specified in Requests", "items_specified", "count"),
        ("Requests Objected to in Part or Rejected in Full", "requests_challenged_rejected", "count"),
        ("Accounts Restricted", "accounts_restricted", "count"),
        ("Accounts Deleted", "accounts_deleted", "count"),
    ], "-", False),
    ("financial_identifier", "financial_identifier_requests.csv", "TR Period", [
        ("Financial Identifier Requests Received", "requests_received", "count"),
        ("Financial Identifiers Specified in Requests", "items_specified", "count"),
        ("Requests Where Data Provided", "requests_data_provided", "count"),
        ("Percentage of Requests Where Data Provided", "pct_data_provided", "percent"),
    ], "—", False),
    ("push_token", "push_token_requests.csv", "TR Period", [
        ("Push Token Requests Received", "requests_received", "count"),
        ("Push Tokens Specified in Requests", "items_specified", "count"),
        ("Requests Where Data Provided", "requests_data_provided", "count"),
        ("Percentage of Requests Where Data Provided", "pct_data_provided", "percent"),
    ], "—", False),
    ("emergency", "emergency_requests.csv", "TR Period", [
        ("Emergency Requests Received", "requests_received", "count"),
        ("Requests Objected to in Part or Rejected in Full", "requests_challenged_rejected", "count"),
        ("Requests Where No Data Provided", "requests_no_data", "count"),
        ("Requests Where Data Provided", "requests_data_provided", "count"),
        ("Percentage of Requests Where Data Provided", "pct_data_provided", "percent"),
    ], "N/A", True),
    ("digital_content_provider", "digital_content_provider_requests.csv", "TR Period", [
        ("Digital Content Provider Requests Received", "requests_received", "count"),
        ("Requests Objected to in Part or Rejected in Full", "requests_challenged_rejected", "count"),
        ("Requests Where Data Provided", "requests_data_provided", "count"),
        ("Percentage of Requests Where Data Provided", "pct_data_provided", "percent"),
    ], "—", False),
    ("app_takedown_legal_violation", "app_takedown_legal_violation_requests.csv", "TR Period", [
        ("Legal Violation Takedown Requests Received", "requests_received", "count"),
        ("Apps Specified in Requests", "items_specified", "count"),
        ("Requests Objected to in Part or Rejected in Full", "requests_challenged_rejected", "count"),
        ("Requests where App Removed", "requests_app_removed", "count"),
        ("Apps Removed", "apps_removed", "count"),
        ("Appeals Received", "appeals_received", "count"),
        ("Appeals Granted", "appeals_granted", "count"),
        ("Apps Reinstated", "apps_reinstated", "count"),
    ], "—", False),
    ("app_takedown_platform_policy", "app_takedown_platform_policy_violation_requests.csv", "TR Period", [
        ("Platform Policy Violation Takedown Requests Received", "requests_received", "count"),
        ("Apps Specified in Requests", "items_specified", "count"),
        ("Requests Objected to in Part or Rejected in Full", "requests_challenged_rejected", "count"),
        ("Requests where App Removed", "requests_app_removed", "count"),
        ("Apps Removed", "apps_removed", "count"),
        ("Appeals Received", "appeals_received", "count"),
        ("Appeals Granted", "appeals_granted", "count"),
        ("Apps Reinstated", "apps_reinstated", "count"),
    ], "—", True),
]

# The national-security rows (ns_rows) go to two files that share one layout:
# the kind of request, then each figure as a band "LOW - HIGH".
NS_FILES = [
    ("United States of America", "us_national_security_requests.csv", True),
    ("United Kingdom", "uk_data_access_agreement_ipa_warrant_requests.csv", False),
]
NS_HEADER = ["TR Period", "Country/Region", "Request Type", "Requests Received",
             "Accounts Specified in Requests"]


def cell(value, parse, empty):
    if value is None:
        return empty
    if parse == "percent":
        if value != int(value):
            return "%s%%" % value
        return "%d%%" % int(value)
    if value != int(value):
        raise ValueError("count %r is not whole" % value)
    return str(int(value))


def band(low, high):
    if high is None:
        return "%d+" % low
    return "%d - %d" % (low, high)


def write_csv(path, header, rows, bom):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        if bom:
            f.write(BOM)
        f.write(buf.getvalue())


def main(argv):
    src = argv[1] if len(argv) > 1 else DEFAULT_JSON
    out = argv[2] if len(argv) > 2 else DEFAULT_OUT
    with open(src, encoding="utf-8") as f:
        d = json.load(f)
    periods, countries = d["periods"], d["countries"]
    types, measures = d["request_types"], d["measures"]
    mix = {m: i for i, m in enumerate(measures)}
    os.makedirs(out, exist_ok=True)
    written = []

    for rtype, name, period_col, cols, empty, bom in FILES:
        t = types.index(rtype)
        used = {m for _, m, _ in cols}
        rows = []
        for r in d["rows"]:
            if r[2] != t:
                continue
            # a measure the JSON has for this type but the file has no column for
            # would be a figure lost: refuse
            for m, i in mix.items():
                if r[3 + i] is not None and m not in used:
                    raise SystemExit("%s: %s has %s but no column for it" % (name, rtype, m))
            rows.append((r[0], countries[r[1]],
                         [cell(r[3 + mix[m]], p, empty) for _, m, p in cols],
                         periods[r[0]]))
        rows.sort(key=lambda x: (x[0], x[1]))
        write_csv(os.path.join(out, name), [period_col, "Country/Region"] + [h for h, _, _ in cols],
                  [[p, c] + cells for _, c, cells, p in rows], bom)
        written.append((name, len(rows)))

    for country, name, bom in NS_FILES:
        c = countries.index(country)
        rows = sorted((r for r in d["ns_rows"] if r[1] == c), key=lambda r: (r[0], r[2]))
        write_csv(os.path.join(out, name), NS_HEADER,
                  [[periods[r[0]], country, r[2], band(r[3], r[4]), band(r[5], r[6])]
                   for r in rows], bom)
        written.append((name, len(rows)))

    for name, n in written:
        print("%s: %d rows" % (name, n))


if __name__ == "__main__":
    main(sys.argv)
