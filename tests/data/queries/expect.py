# expect.py: figures computed straight from the fixture files of this folder
# and data/samples with Python's csv module (not by trdb), and a check that
# one query's CSV, JSON, NDJSON and table outputs hold the same figures.
# Used by tests/cli/t0045-queries-more.sh; see README.md here.
#
#   expect.py removal COLUMN END             rank,CC,low,high of one half-year
#   expect.py removal-by COLUMN              CC,low,high over every half-year
#   expect.py removal-series COLUMN CC       END,low,high per half-year
#   expect.py removal-compare COLUMN CC,CC   END,CC,low,high, empty when none
#   expect.py latest FILE COLUMN             the largest value of a column
#   expect.py meta-world COLUMN              END,sum,countries per Meta file
#   expect.py meta-pct [CC,CC]               END,mean weighted by requests
#   expect.py google-world FILE END          user-data requests, all countries
#   expect.py cols CSVFILE COL,COL           the columns of a CSV output
#   expect.py formats CSV JSON NDJSON TABLE  "same", or the first difference
import csv
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REMOVALS = os.path.join(HERE, "google-government-removal-requests.csv")
# codes for the rows whose code cell is empty (Google leaves Europol's blank)
ENTITIES = {"Europol": "XE"}


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def band(cell):
    """A published count as (low, high); high None when the band is open."""
    cell = cell.strip()
    if cell.startswith("<"):
        return 0, int(cell[1:]) - 1
    if cell.endswith("+"):
        return int(cell[:-1]), None
    return int(cell), int(cell)


def add(bands):
    low = sum(b[0] for b in bands)
    high = None if any(b[1] is None for b in bands) else sum(b[1] for b in bands)
    return low, high


def text(v):
    return "" if v is None else str(v)


def removal_sums(column, end=None):
    """{(end, code): (low, high)} of the removal-requests fixture."""
    parts = {}
    for r in rows(REMOVALS):
        if end and r["Period Ending"] != end or not r[column].strip():
            continue
        code = r["CLDR Territory Code"] or ENTITIES[r["Country/Region"]]
        parts.setdefault((r["Period Ending"], code), []).append(band(r[column]))
    return {k: add(v) for k, v in parts.items()}


def rank_key(b):
    # larger first; an open band above a closed one with the same low
    return (-b[0], 0 if b[1] is None else 1, -(b[1] or 0))


def meta_files():
    return sorted(glob.glob(os.path.join(HERE, "Facebook-Government-Report-*.csv")))


def meta_end(path):
    year, half = os.path.basename(path)[len("Facebook-Government-Report-"):-4].split("-")
    return year + ("-06-30" if half == "H1" else "-12-31")


META_CODES = {"United States": "US", "Germany": "DE", "France": "FR", "Brazil": "BR",
              "India": "IN", "Turkey": "TR"}


def main(argv):
    cmd = argv[1]
    if cmd == "removal":
        sums = {k[1]: v for k, v in removal_sums(argv[2], argv[3]).items()}
        order = sorted(sums, key=lambda c: (rank_key(sums[c]), c))
        for c in order:
            rank = 1 + sum(1 for o in sums if rank_key(sums[o]) < rank_key(sums[c]))
            print("%d,%s,%s,%s" % (rank, c, sums[c][0], text(sums[c][1])))
    elif cmd == "removal-by":
        per = {}
        for (end, code), b in removal_sums(argv[2]).items():
            per.setdefault(code, []).append(b)
        for code in sorted(per):
            low, high = add(per[code])
            print("%s,%s,%s" % (code, low, text(high)))
    elif cmd == "removal-series":
        for (end, code), (low, high) in sorted(removal_sums(argv[2]).items()):
            if code == argv[3]:
                print("%s,%s,%s" % (end, low, text(high)))
    elif cmd == "removal-compare":
        sums = removal_sums(argv[2])
        for end in sorted({k[0] for k in sums}):
            for code in argv[3].split(","):
                low, high = sums.get((end, code), (None, None))
                print("%s,%s,%s,%s" % (end, code, text(low), text(high)))
    elif cmd == "latest":
        print(max(r[argv[3]] for r in rows(argv[2])))
    elif cmd == "meta-world":
        for path in meta_files():
            rs = rows(path)
            print("%s,%d,%d" % (meta_end(path), sum(int(r[argv[2]]) for r in rs), len(rs)))
    elif cmd == "meta-pct":
        only = argv[2].split(",") if len(argv) > 2 else None
        for path in meta_files():
            rs = [r for r in rows(path) if not only or META_CODES[r["Country"]] in only]
            req = [int(r["Total Requests for User Data"]) for r in rs]
            pct = [float(r["Total Percentage of Requests Where Some Data Produced"].rstrip("%"))
                   for r in rs]
            print("%s,%.1f" % (meta_end(path), sum(p * q for p, q in zip(pct, req)) / sum(req)))
    elif cmd == "google-world":
        # user-data requests count emergency ones; preservation requests are not disclosures
        print(sum(int(r["User Data Requests"]) for r in rows(argv[2])
                  if r["Period Ending"] == argv[3] and r["Legal Process"] != "Preservation Requests"))
    elif cmd == "cols":
        for r in rows(argv[2]):
            print(",".join(r[c] for c in argv[3].split(",")))
    elif cmd == "formats":
        print(same_everywhere(*argv[2:6]))
    else:
        sys.exit("expect.py: unknown command " + cmd)


def number(s):
    """The table's display of a CSV number: thousands separators; other text as is."""
    try:
        v = float(s)
    except ValueError:
        return s
    if v == int(v) and "e" not in s.lower():
        return "{:,}".format(int(v))
    return s


def table_cells(path):
    """Rows of an aligned table, cut at the column spans of its dashes line."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    spans, start = [], None
    for i, ch in enumerate(lines[1] + " "):
        if ch == "-" and start is None:
            start = i
        elif ch != "-" and start is not None:
            spans.append((start, i))
            start = None
    out = []
    for line in lines[2:]:
        if not line or line.startswith("("):
            continue
        out.append([line[a:b].strip() for a, b in spans])
    return out


def shown(header, row):
    """A CSV row as the table shows it: X_low, X_high as one cell."""
    cells, i = [], 0
    while i < len(header):
        name = header[i]
        if (name.endswith("_low") and i + 1 < len(header)
                and header[i + 1] == name[:-4] + "_high"):
            lo, hi = number(row[i]), number(row[i + 1])
            if not lo and not hi:
                cells.append("")
            elif not hi:
                cells.append(lo + "+")
            elif not lo or lo == hi:
                cells.append(lo or hi)
            else:
                cells.append(lo + "-" + hi)
            i += 2
        else:
            cells.append(number(row[i]))
            i += 1
    return cells


def same_everywhere(csv_path, json_path, ndjson_path, table_path):
    with open(csv_path, encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    header, body = table[0], table[1:]
    with open(json_path, encoding="utf-8") as f:
        as_json = json.load(f)
    with open(ndjson_path, encoding="utf-8") as f:
        as_ndjson = [json.loads(line) for line in f if line.strip()]
    for name, objs in (("json", as_json), ("ndjson", as_ndjson)):
        if len(objs) != len(body):
            return "%s has %d rows, csv %d" % (name, len(objs), len(body))
        for k, (obj, row) in enumerate(zip(objs, body)):
            if list(obj) != header:
                return "%s row %d has keys %s" % (name, k + 1, list(obj))
            got = [text(v) for v in obj.values()]
            # a whole number written as a real in one and an integer in the other is the same figure
            for a, b in zip(got, row):
                if a != b and not (a and b and number(a) == number(b) and number(a) != a):
                    return "%s row %d: %s, csv: %s" % (name, k + 1, got, row)
    cells = table_cells(table_path)
    if len(cells) != len(body):
        return "table has %d rows, csv %d" % (len(cells), len(body))
    for k, (got, row) in enumerate(zip(cells, body)):
        if got != shown(header, row):
            return "table row %d: %s, csv shown: %s" % (k + 1, got, shown(header, row))
    return "same"


if __name__ == "__main__":
    main(sys.argv)
