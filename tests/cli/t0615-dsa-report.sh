#!/bin/sh
# The report's DSA parts (issue 13), from a database holding the samples and
# DSA figures put in with SQL (lib-dsa-report.sh says which): the section
# "Orders from this country's authorities under the DSA" on an EU Member
# State's page only, its figures per service from the coarsest rows, top
# categories by label, median hours marked as an assumed unit, the services'
# notes escaped; the index's DSA columns beside (never in) the companies'
# measures and its world map; dsa.html with every service, its EU-wide
# totals and a map of Europe; every page as self-contained as the others;
# a bad tile-positions file a clear error naming file and line.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/lib-dsa-report.sh"

# first without any DSA figure: no section anywhere, a DSA page that says so
"$TRDB" ingest "$TOP/data/samples" >/dev/null || true
check "a report without DSA figures" "$TRDB" report --out plain
check "has a DSA page" test -s plain/dsa.html
is "whose services table is empty" "$(grep -c '<td class="none" colspan=' plain/dsa.html)" 1
is "and no country page has a DSA section (Germany is a Member State)" \
    "$(cat plain/countries/*.html | grep -c 'id="dsa"')" 0
check "Germany's page exists all the same" test -s plain/countries/DE.html
rm -f "$TRDB_DB"

dsa_fixture
dsa_summary() { sql "SELECT country || ' ' || period_end || ' ' || publisher || ' ' || measure || ' ' || low FROM country_summary WHERE measure LIKE 'dsa%' ORDER BY 1"; }
dsa_summary >summary-fixture.txt
check "country_summary rebuilt from the fixture's facts" "$TRDB" init --rebuild-summary
is "has the DSA rows the fixture put there (model/summary.sql agrees with it)" "$(dsa_summary)" "$(cat summary-fixture.txt)"
check "the report is written" "$TRDB" report --out site
check "with the DSA page" test -s site/dsa.html
is "country pages are still one per country with figures" "$(ls site/countries | wc -l | tr -d ' ')" \
    "$(sql "SELECT count(DISTINCT country) FROM country_summary")"

# Germany: the section, per service, from the coarsest rows
DE=site/countries/DE.html
is "Germany's page has the DSA section once" \
    "$(grep -c "<h2 id=\"dsa\">Orders from this country's authorities under the DSA</h2>" $DE)" 1
check "its navigation links to it" grep -q '<a href="#dsa">DSA orders</a>' $DE
check "Temu: its TOTAL row for DE (40 orders, 90 items, 12 for information, 20.5 h to give effect), not its categories added" \
    grep -qF '<tr><td>Temu</td><td>Whaleco Technology Limited</td><td>2026 H1</td><td class="num" data-sort="40">40</td><td class="num" data-sort="90">90</td><td class="num" data-sort="12">12</td><td></td><td class="num" data-sort="20.5">20.5</td><td></td><td></td></tr>' $DE
check "Pinterest: keyword rows only, so their sum (4 + 5)" \
    grep -qF '<tr><td>Pinterest</td><td>Pinterest Europe Limited</td><td>2026 H1</td><td class="num" data-sort="9">9</td><td></td><td></td>' $DE
check "TikTok: 133 and 5,086 (the real file's DE row), an earlier half-year" \
    grep -qF '<tr><td>TikTok</td><td>TikTok Technology Limited</td><td>2025 H2</td><td class="num" data-sort="133">133</td><td></td><td class="num" data-sort="5086">5,086</td>' $DE
check "median times are marked as hours, an assumed unit, with metric_units' reason" \
    grep -qF '<p class="note">* Median times are in hours: an assumed unit (the DSA template names no unit; the services&#39; own notes say hours).</p>' $DE
check "the hours columns carry the mark" grep -qF '<th scope="col">act: median hours to give effect*</th>' $DE
check "a bar chart of the orders per service" \
    grep -qF "<figcaption>Orders from Germany&#39;s authorities, per service and half-year</figcaption>" $DE
sed -n '/<figcaption>Orders from Germany&#39;s authorities, per service/,/<\/figure>/p' $DE >de-chart.html
is "with a bar per figure of the table (Temu 40 and 12, Pinterest 9, TikTok 133 and 5,086)" \
    "$(grep -c '<rect class="bar pt' de-chart.html)" 5
check "each with its figure in its title" grep -qF '<title>orders to provide information, TikTok, 2025 H2: 5,086</title>' de-chart.html
check "top categories by label: Temu's products first (15 + 12 orders)" \
    grep -qF '<tr><td>Temu</td><td>2026 H1</td><td class="num" data-sort="1">1</td><td>Unsafe, non-compliant or prohibited products</td><td class="num" data-sort="15">15</td><td class="num" data-sort="12">12</td></tr>' $DE
is "the fixture's made-up category has no label (the vocabulary has no such code)" \
    "$(sql "SELECT count(*) FROM dsa_categories WHERE code = 'STATEMENT_CATEGORY_NOT_IN_THE_TEMPLATE'")" 0
check "a category without a label by its code" \
    grep -qF '<td>STATEMENT_CATEGORY_NOT_IN_THE_TEMPLATE</td><td class="num" data-sort="133">133</td>' $DE
check "a category from its keywords' rows when it has no row of its own (18 + 12)" \
    grep -qF '<td>Animal welfare</td><td></td><td class="num" data-sort="30">30</td>' $DE
check "the service's note, escaped, with its category and keyword" \
    grep -qF '<td>Unsafe, non-compliant or prohibited products</td><td>Not captured by any other sub-category</td><td>Description of the sub-category &quot;Other&quot;</td><td>Informational non-compliance &lt;script&gt;alert(3)&lt;/script&gt;</td>' $DE
check "no other country's note" sh -c "! grep -q 'de-duplicated' $DE"
check "France: category rows only, so their sum (10 + 3)" \
    grep -qF '<tr><td>Pinterest</td><td>Pinterest Europe Limited</td><td>2026 H1</td><td class="num" data-sort="13">13</td>' site/countries/FR.html
is "the United States (a DSA row, but no Member State) have no section" "$(grep -c 'id="dsa"' site/countries/US.html)" 0
is "nor does Brazil" "$(grep -c 'id="dsa"' site/countries/BR.html)" 0

# the index: DSA columns beside the others, never added to them
check "the index links to the DSA page" grep -q '<a href="dsa.html">DSA orders</a>' site/index.html
check "its country table has the DSA columns after the companies' measures" \
    grep -qF '<th scope="col">apps removed observed total</th><th scope="col">dsa orders to act latest</th><th scope="col">dsa orders to act total</th><th scope="col">dsa orders to provide information latest</th><th scope="col">dsa orders to provide information total</th></tr>' site/index.html
check "Germany: 49 orders to act in 2026 H1 (Temu 40 + Pinterest 9), 182 in all; 12 and 5,098 to provide information" \
    grep -qF '<td class="num" data-sort="49">49</td><td class="num" data-sort="182">182</td><td class="num" data-sort="12">12</td><td class="num" data-sort="5098">5,098</td></tr>' site/index.html
# the index's row for Germany, cell by cell (a band's low end), against the overview query's
cat >cells.py <<'PY'
import csv, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
row = re.search(r'<tr><td><a href="countries/DE.html">DE</a></td>(.*?)</tr>', html).group(1)
cells = [m.group(1) or "" for m in re.finditer(r'<td(?: class="num" data-sort="([^"]*)")?>[^<]*</td>', row)]
print(",".join(cells[1:]))  # after the country's name
PY
python3 cells.py site/index.html >index-de.txt
"$TRDB" query --format csv overview | tr -d '\r' | awk -F, -v OFS=, '$1 == "DE" {
    print $3, $5, $7, $9, $11, $12, $13, $15, $17, $19, $21, $23, 49, 182, 12, 5098 }' >overview-de.txt
is "the companies' figures as the overview query has them, the DSA orders apart" \
    "$(cat index-de.txt)" "$(cat overview-de.txt)"
is "the country table keeps a row per country" \
    "$(sed -n '/<table class="data" id="country-table">/,/<\/table>/p' site/index.html | grep -c '^<tr>')" \
    "$(sql "SELECT count(DISTINCT country) FROM country_summary")"

# the index's world map
sed -n '/<figure class="tilemap" id="world-map-m[0-9]*"><figcaption>DSA orders to act/,/<\/figure>/p' site/index.html >act-map.html
check "the index has a world map of DSA orders to act, for 2026 H1" \
    grep -qF '<figcaption>DSA orders to act against illegal content (Art. 9), 2026 H1</figcaption>' act-map.html
check "Germany's square has its 49 orders in its title" grep -qF '<title>Germany (DE): 49 orders</title>' act-map.html
check "and its code as text" grep -qF '>DE</text></g>' act-map.html
check "a country without figures says so" grep -qF '<g class="tile nd"><title>IT: no figure</title>' act-map.html
is "a square per tile of the positions table" "$(grep -c '<g class="tile' act-map.html)" \
    "$(grep -vc '^#' "$TOP/data/countries/tiles-world.tsv")"
check "the map is an image labelled by its caption" grep -qF 'role="img" aria-labelledby=' act-map.html
check "the table beside it has the figures" grep -qF '<td><a href="countries/DE.html">DE</a></td><td>Germany</td><td class="num" data-sort="49">49</td>' act-map.html
check "with a legend" grep -qF '>no figure</text>' act-map.html
check "the first map is the one picked" grep -qF 'id="world-map-0" checked>' site/index.html

# the DSA page
D=site/dsa.html
check "it lists Temu with its provider, publication date and EU-wide totals (the real file's 332 / 659 / 134)" \
    grep -qF '<tr><td>Temu</td><td>Whaleco Technology Limited</td><td>2026 H1</td><td>2026-08-31</td><td class="num" data-sort="332">332</td><td class="num" data-sort="659">659</td><td class="num" data-sort="134">134</td>' $D
check "TikTok with 782 / 4,495 / 10,932 and its 97 h median to give effect to information orders" \
    grep -qF '<tr><td>TikTok</td><td>TikTok Technology Limited</td><td>2025 H2</td><td></td><td class="num" data-sort="782">782</td><td class="num" data-sort="4495">4,495</td><td class="num" data-sort="10932">10,932</td><td></td><td></td><td></td><td class="num" data-sort="97">97</td>' $D
check "a bar chart of the EU-wide orders per service" \
    grep -qF "<title>orders to provide information, TikTok, 2025 H2: 10,932</title></rect>" $D
is "a bar per figure (Pinterest 46, Temu 332 and 134, TikTok 782 and 10,932, Zalando 0 and 0)" \
    "$(grep -c '<rect class="bar pt' $D)" 7
check "and Temu's countries" grep -qF '<td class="num" data-sort="4">4</td><td>DE DK GR US</td></tr>' $D
check "Zalando: 0 orders (a figure), no items (none published), no Member State" \
    grep -qF '<tr><td>Zalando</td><td>Zalando SE</td><td>2026 H1</td><td></td><td class="num" data-sort="0">0</td><td></td><td class="num" data-sort="0">0</td><td></td><td></td><td></td><td></td><td class="num" data-sort="0">0</td><td></td></tr>' $D
is "one row per service" "$(sed -n '/id="dsa-service-table"/,/<\/table>/p' $D | grep -c '^<tr>')" 4
check "a map of Europe, Germany's square with its orders" \
    sh -c "sed -n '/<figure class=\"tilemap\" id=\"eu-map-m0\">/,/<\\/figure>/p' $D | grep -qF '<title>Germany (DE): 49 orders</title>'"
check "Denmark's with Temu's 128" grep -qF '<title>Denmark (DK): 128 orders</title>' $D
check "a map per DSA measure, each a radio button away" grep -qF '<input type="radio" name="eu-map" id="eu-map-2"><label for="eu-map-2">DSA orders to provide information (Art. 10)</label>' $D
check "the EU-wide notes" grep -qF '<td>Items at the total level are de-duplicated.</td>' $D
check "a link back to the index" grep -qF '<a href="index.html">All countries</a>' $D

# as self-contained and safe as every page
check "every page declares the policy that forbids any network request" \
    sh -c "for f in site/index.html site/dsa.html site/countries/*.html; do grep -q \"default-src 'none'\" \"\$f\" || exit 1; done"
check "no page loads anything" sh -c "! grep -l -E '<[^>]* src=|<link|url\\(' site/dsa.html site/index.html $DE"
check "no style attribute (the policy would refuse it)" sh -c "! grep -l ' style=' site/dsa.html site/index.html $DE"
is "one script element, the report's own" "$(grep -o '<script' $D | wc -l | tr -d ' ')" 1
cat >tags.py <<'PY'
import sys
from html.parser import HTMLParser
VOID = {"meta", "input", "br", "img", "hr", "link", "rect", "line", "circle", "polyline"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.bad = []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID: self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if tag in VOID: return
        if not self.stack or self.stack[-1] != tag:
            self.bad.append("%s at %s (open: %s)" % (tag, self.getpos(), self.stack[-3:]))
        else:
            self.stack.pop()
for path in sys.argv[1:]:
    p = P(); p.feed(open(path, encoding="utf-8").read()); p.close()
    if p.bad or p.stack:
        print(path, p.bad[:3], p.stack[:5]); sys.exit(1)
PY
check "every element is closed in order on the DSA page, the index and Germany's page" python3 tags.py $D site/index.html $DE

# the positions table: a bad line is an error naming its file and line
mkdir -p data
cp -R "$TOP/data/." data/
printf 'DE\t1\n' >>data/countries/tiles-world.tsv
lines=$(wc -l <data/countries/tiles-world.tsv | tr -d ' ')
TRDB_DATA="$WORK/data" expect_err 3 "a bad tile position fails the report" \
    "tiles-world.tsv:$lines: expected CODE<TAB>ROW<TAB>COL" "$TRDB" report --out bad
printf 'AT\tAustria\nXYZ\tNowhere\n' >data/countries/eu-member-states.tsv
cp "$TOP/data/countries/tiles-world.tsv" data/countries/tiles-world.tsv
TRDB_DATA="$WORK/data" expect_err 3 "so does a bad Member State" \
    "eu-member-states.tsv:2: 'XYZ' is not a country code" "$TRDB" report --out bad

# the picker works without any script: a copy of the index without its policy
# and with a script that picks the DSA map reads which figures the CSS shows
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROMIUM" ]; then
    n=$(grep -o 'id="world-map-[0-9]*"' site/index.html | wc -l | tr -d ' ')
    pick=$(grep -o '<input type="radio" name="world-map" id="world-map-[0-9]*"[^>]*><label for="world-map-[0-9]*">DSA orders to act' site/index.html | sed 's/.*id="world-map-\([0-9]*\)".*/\1/')
    sed -e 's|<meta http-equiv="Content-Security-Policy"[^>]*>||' \
        -e "s|</body>|<script>function shown(){return Array.prototype.map.call(document.querySelectorAll('.mapset > figure'), function (f) { return getComputedStyle(f).display === 'none' ? 0 : 1; }).join('');} var before = shown(); document.getElementById('world-map-$pick').click(); document.body.setAttribute('data-shown', before + ' ' + shown());</script></body>|" \
        site/index.html >site/picker.html
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
        --user-data-dir="$WORK/profile" --virtual-time-budget=3000 --dump-dom "file://$WORK/site/picker.html" \
        >picker.dom 2>>chromium.log || true
    echo "# picked map $pick of $n: $(grep -o 'data-shown="[01 ]*"' picker.dom)"
    want_before=1$(printf '%*s' $((n - 1)) '' | tr ' ' 0)
    want_after=$(printf '%*s' "$pick" '' | tr ' ' 0)1$(printf '%*s' $((n - pick - 1)) '' | tr ' ' 0)
    is "a browser shows the first map, and the DSA map once its button is picked" \
        "$(grep -o 'data-shown="[01 ]*"' picker.dom)" "data-shown=\"$want_before $want_after\""
else
    is "a browser shows one map at a time # SKIP chromium is not installed" 1 1
fi
finish
