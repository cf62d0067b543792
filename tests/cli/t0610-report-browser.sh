#!/bin/sh
# The HTML report in a real browser (Debian's chromium, headless, which
# `make test` installs): the DOM it builds from the pages has a row per
# country with figures, a point per figure in every chart, the hostile app
# name as text and no script but the report's; the sort and filter script
# works from the address (#sort=...&dir=desc, #q=...); no request leaves the
# machine. Screenshots are kept in $ARTIFACTS.
. "$(dirname "$0")/lib.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || skip_all "chromium is not installed ('make test-deps' installs it)"
ART=${ARTIFACTS:-$WORK}
mkdir -p "$ART"

"$TRDB" ingest "$TOP/data/samples" "$TOP/tests/data/report/hostile-removals.csv" >/dev/null
check "the report is written" "$TRDB" report --out site
SITE="$WORK/site"

# chromium's own chatter (dbus, GPU) goes to stderr; each run gets its own profile
browse() {
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-extensions --user-data-dir="$WORK/profile" "$@" 2>>"$WORK/chromium.log"
}
dom() { browse --virtual-time-budget=5000 --dump-dom "file://$SITE/$1" >"$2"; }

check "chromium renders the index" dom index.html index.dom
check "and the China page" dom countries/CN.html cn.dom
check "and the United States page" dom countries/US.html us.dom

# what the DOM holds, read with Python's HTML parser
cat >"$WORK/domcheck.py" <<'PY'
import sys
from html.parser import HTMLParser

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
        self.tables = {}        # id -> rows in tbody: [(hidden, [cell texts])]
        self.charts = []        # per figure.chart: [points, data cells]
        self.scripts = []       # text of each script element
        self.texts = []
        self.cur_table = None
        self.row = None
        self.cell = None
        self.in_script = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "figure" and "chart" in cls:
            self.charts.append([0, 0])
        if tag == "circle" and "pt" in cls and self.charts:
            self.charts[-1][0] += 1
        if tag == "table":
            self.cur_table = a.get("id") or ("chart" if "chart-data" in cls else "?")
            self.tables.setdefault(self.cur_table, [])
        if tag == "tr" and self.cur_table is not None and "tbody" in self.stack:
            self.row = ("hidden" in a, [])
        if tag == "td" and self.row is not None:
            self.cell = ""
            self.cell_num = "num" in cls
        if tag == "script":
            self.in_script = True
            self.scripts.append("")
        if tag not in ("circle", "line", "rect", "polyline", "meta", "br", "input"):
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if tag == "td" and self.row is not None and self.cell is not None:
            self.row[1].append(self.cell.strip())
            if (self.cur_table == "chart" and self.cell_num and self.charts
                    and self.cell.strip() not in ("", "?")):
                self.charts[-1][1] += 1
            self.cell = None
        if tag == "tr" and self.row is not None:
            self.tables[self.cur_table].append(self.row)
            self.row = None
        if tag == "table":
            self.cur_table = None
        if tag == "script":
            self.in_script = False
        while self.stack and self.stack.pop() != tag:
            pass
    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data
            return
        if self.cell is not None:
            self.cell += data
        self.texts.append(data)

d = Dom()
d.feed(open(sys.argv[2], encoding="utf-8").read())
what = sys.argv[1]
if what == "rows":                       # rows of a table (visible ones)
    rows = d.tables.get(sys.argv[3], [])
    print(sum(1 for hidden, _ in rows if not hidden))
elif what == "first":                    # first cell of the first visible row
    rows = [c for hidden, c in d.tables.get(sys.argv[3], []) if not hidden]
    print(rows[0][0] if rows else "")
elif what == "charts":                   # charts, and those whose points match their table
    ok = sum(1 for p, c in d.charts if p == c and p > 0)
    print(len(d.charts), ok, sum(p for p, _ in d.charts))
elif what == "has-text":                 # a text node holds the string
    print(int(any(sys.argv[3] in t for t in d.texts)))
elif what == "scripts":                  # script elements, and those mentioning a string
    print(len(d.scripts), sum(1 for s in d.scripts if sys.argv[3] in s))
PY
q() { python3 "$WORK/domcheck.py" "$@"; }

with_data=$(sql "SELECT count(*) FROM (SELECT DISTINCT country FROM country_summary)")
is "the country table has a row per country with figures" "$(q rows index.dom country-table)" "$with_data"
set -- $(q charts index.dom)
check "the index has world charts" test "$1" -gt 0
is "every world chart has a point per figure of its table" "$2" "$1"
set -- $(q charts us.dom)
check "the United States page has charts" test "$1" -gt 0
is "every one with a point per figure" "$2" "$1"
us_points=$3
is "as many points as the page's country_summary rows with a figure" "$us_points" \
    "$(sql "SELECT count(*) FROM country_summary WHERE country = 'US' AND (low IS NOT NULL OR high IS NOT NULL)")"
is "the hostile app name is text on the China page" "$(q has-text cn.dom '<script>alert(1)</script>')" 1
is "the page runs one script, the report's, none with alert" "$(q scripts cn.dom alert)" "1 0"
is "the hostile reason is text too" "$(q has-text cn.dom '<img src=x onerror=alert(2)>')" 1

# the script: sort from the address, filter from the address
check "sorted by country, descending, from the address" dom 'index.html#sort=country&dir=desc' sorted.dom
is "the last code comes first" "$(q first sorted.dom country-table)" \
    "$(sql "SELECT max(country) FROM country_summary")"
check "filtered from the address" dom 'index.html#q=Germany' filtered.dom
is "leaves the one row" "$(q rows filtered.dom country-table)" 1
is "Germany's" "$(q first filtered.dom country-table)" DE

# nothing leaves the machine: chromium's network log holds no request made
# for a page (those carry the page's file:// origin in their isolation key;
# chromium's own background requests do not). First a page that does leak,
# to show the check sees it: the China page without its policy, with an image
# from the network.
cat >"$WORK/netcheck.py" <<'PY'
import json, sys
events = json.load(open(sys.argv[1], encoding="utf-8"))["events"]
asked = sorted({e["params"]["url"] for e in events
                if "file://" in str(e.get("params", {}).get("network_isolation_key", ""))
                and str(e.get("params", {}).get("url", "")).split(":")[0] in ("http", "https", "ws", "wss", "ftp")})
print(" ".join(asked) if asked else "none")
PY
netlog() { browse --log-net-log="$2" --virtual-time-budget=3000 --dump-dom "file://$1" >"$WORK/net.dom"; }
sed -e 's|<meta http-equiv="Content-Security-Policy"[^>]*>||' \
    -e 's|</main>|<img src="http://192.0.2.1/leak.png" alt=""></main>|' "$SITE/countries/CN.html" >"$WORK/leaky.html"
check "a leaking page, with a network log" netlog "$WORK/leaky.html" "$WORK/leaky.json"
is "shows its request" "$(python3 "$WORK/netcheck.py" "$WORK/leaky.json")" "http://192.0.2.1/leak.png"
check "the index, with a network log" netlog "$SITE/index.html" "$WORK/index-net.json"
is "asks nothing of the network" "$(python3 "$WORK/netcheck.py" "$WORK/index-net.json")" none
check "the China page, with a network log" netlog "$SITE/countries/CN.html" "$WORK/cn-net.json"
is "asks nothing either" "$(python3 "$WORK/netcheck.py" "$WORK/cn-net.json")" none

check "a screenshot of the index" browse --window-size=1280,2000 --screenshot="$ART/report-index.png" "file://$SITE/index.html"
check "and of the China page" browse --window-size=1280,3000 --screenshot="$ART/report-CN.png" "file://$SITE/countries/CN.html"
check "they are PNG files" sh -c "head -c 8 '$ART/report-index.png' | od -c | grep -q 'P   N   G'"
finish
