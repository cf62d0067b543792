#!/bin/sh
# gen-removals.sh: made-up app-removal lists and app-availability captures for
# the benchmark (bench/run.sh) and for trying the removal ingest by hand.
#
#   gen-removals.sh china OUT.csv            the 2020-12-31 China mainland scenario, CSV
#   gen-removals.sh china-jsonl OUT.jsonl    the same rows as JSON Lines
#   gen-removals.sh big N OUT.csv            N removals, many storefronts, 2019..2024
#   gen-removals.sh observations N OUT.jsonl N availability captures (iTunes Lookup responses)
#
# Provenance: every id, name, developer and URL here is invented. The China
# scenario only copies the shape of a real event: on 2020-12-31 Apple removed
# about 46,000 apps from the China mainland App Store, about 39,000 of them
# games without a government licence (figures as reported by monitoring
# services at the time). The rows, names and ids below are not that list.
# App ids are 9-10 digit numbers from a seeded permutation (no real app is
# meant); source URLs point at example.org (reserved, RFC 2606).
#
# Layout (the `trdb-removal-list` interchange layout): CSV with the header
#   app_id,bundle_id,app_name,developer,category,storefront,removed_on,reason,source_url
# (RFC 4180 quoting; UTF-8; removed_on, reason and source_url may be blank).
# JSON Lines carry the same keys, a blank value as null. Observations are one
# capture per line: {"app_id": "...", "storefront": "CN", "captured_at":
# "2020-12-30T08:00:00Z", "response": {"resultCount": 1, "results": [{...}]}},
# {"resultCount": 0, "results": []} when the app is not offered there, or
# null (about 1 %) when the capture failed.
#
# Output is deterministic (the same arguments give the same bytes, with any
# POSIX awk: the pseudo-random numbers are integer arithmetic done here, not
# awk's rand()) and streamed (constant memory, any N up to 20,000,000).
# POSIX sh and awk only. Exit codes: 0 written, 2 usage error, 1 write error.
set -u

usage() {
    cat >&2 <<'EOF'
usage: gen-removals.sh china OUT.csv
       gen-removals.sh china-jsonl OUT.jsonl
       gen-removals.sh big N OUT.csv
       gen-removals.sh observations N OUT.jsonl
EOF
    exit 2
}

is_count() {
    case $1 in '' | *[!0-9]*) return 1 ;; esac
    [ "$1" -ge 0 ] 2>/dev/null && [ "$1" -le 20000000 ]
}

[ $# -ge 2 ] || usage
mode=$1
case $mode in
china | china-jsonl)
    [ $# -eq 2 ] || usage
    n=46000 out=$2
    ;;
big | observations)
    [ $# -eq 3 ] || usage
    is_count "$2" || { echo "gen-removals.sh: N must be a whole number from 0 to 20000000, not '$2'" >&2; exit 2; }
    n=$2 out=$3
    ;;
*) usage ;;
esac

tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# The awk program is one string; it holds no single quote (an apostrophe in a
# name is written \047).
awk -v mode="$mode" -v n="$n" '
function mix(x,    i) {
    # a small integer hash: exact in doubles (every product stays below 2^53)
    x = x % 2147483647
    for (i = 0; i < 3; i++) {
        x = (x * 48271) % 2147483647
        x = (x + int(x / 65536) * 69069 + 12345) % 2147483647
    }
    return x
}
function h(k, salt) { return mix((k % 9999991) * 214013 + salt * 2531011 + int(k / 9999991)) }
function pick(arr, cnt, k, salt) { return arr[h(k, salt) % cnt + 1] }
function leap(y) { return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) }
function mdays(y, m) { return m == 2 ? 28 + leap(y) : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31 }
function ymd(d,    y, m, len) {
    # day number d counted from 2019-01-01 (day 0)
    y = 2019
    while (d >= (len = 365 + leap(y))) { d -= len; y++ }
    for (m = 1; d >= (len = mdays(y, m)); m++) d -= len
    return sprintf("%04d-%02d-%02d", y, m, d + 1)
}
function csvq(s) {
    if (s ~ /[",\r\n]/) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
    return s
}
function jstr(s,    r, i) {
    # the names hold no backslash or control character: only quotes to escape
    r = ""
    while ((i = index(s, "\"")) > 0) { r = r substr(s, 1, i - 1) "\\\""; s = substr(s, i + 1) }
    return "\"" r s "\""
}
function jnull(s) { return s == "" ? "null" : jstr(s) }
function num(x) { return sprintf("%.0f", x) }

# --- one developer, from its number: DEV (name) and DEVSLUG (for bundle ids)
function developer(d,    r, w) {
    r = h(d, 21) % 100
    w = pick(dword, ndword, d, 22)
    DEVSLUG = tolower(w) (d % 1000)
    if (r < 30)
        DEV = pick(city, ncity, d, 23) " " w " " pick(cosuf, ncosuf, d, 24)
    else if (r < 55)
        DEV = pick(zcity, nzcity, d, 25) pick(zword, nzword, d, 26) pick(zsuf, nzsuf, d, 27)
    else if (r < 93)
        DEV = pick(wword, nwword, d, 28) " " pick(wnoun, nwnoun, d, 29) pick(wsuf, nwsuf, d, 30)
    else
        DEV = pick(odev, nodev, d, 31)
}

# --- the name of one app for a category, from the app number: sets NAME and SLUG
function appname(a, cat, zhshare,    r, k) {
    r = h(a, 11) % 100
    if (cat == "Games") {
        SLUG = pick(gslug, ngslug, a, 12)
        if (r < zhshare)
            NAME = pick(zpre, nzpre, a, 13) pick(zgame, nzgame, a, 14)
        else if (r < 94)
            NAME = pick(gadj, ngadj, a, 15) " " pick(gnoun, ngnoun, a, 16)
        else
            NAME = pick(gspecial, ngspecial, a, 17)
    } else {
        SLUG = tolower(substr(cat, 1, 5))
        gsub(/[^a-z]/, "", SLUG)
        k = catidx[cat]
        if (r < zhshare / 2)
            NAME = pick(zpre, nzpre, a, 18) pick(zother, nzother, a, 19)
        else if (r < 94)
            NAME = pick(oadj, noadj, a, 15) " " catnoun[k, h(a, 20) % ncatnoun[k] + 1]
        else
            NAME = pick(ospecial, nospecial, a, 17)
    }
    r = h(a, 33) % 100
    if (r < 12) NAME = NAME pick(vsuf, nvsuf, a, 34)
}

# --- one row of a removal list (china or big): sets the nine fields
function china_row(i,    d) {
    a = i
    ID = num(1400000000 + (i * 387420489 + 90210) % 100000000)
    CAT = ((i * 7919) % 46000 < 39000) ? "Games" : pick(ocat, nocat, i, 5)
    appname(i, CAT, 50)
    d = h(i, 3) % 1200
    developer(d)
    BUNDLE = pick(bpre, nbpre, d, 35) "." DEVSLUG "." SLUG (i % 100000)
    SF = (h(i, 6) % 50 == 0) ? "China mainland" : "CN"
    DATE = "2020-12-31"
    REASON = (CAT == "Games") ? "unlicensed game" : "legal violation"
    URL = (h(i, 7) % 5 < 2) ? "https://example.org/removals/cn/2020-12-31/" ID : ""
}
function big_app(a,    d, r) {
    # what stays the same across an app s rows
    AID = num(900000000 + (a * 387420489 + 4242) % 500000000)
    r = h(a, 4) % 100
    ACAT = (r < 45) ? "Games" : pick(ocat, nocat, a, 5)
    appname(a, ACAT, 30)
    ANAME = NAME
    d = h(a, 3) % 9000
    developer(d)
    ADEV = DEV
    ABUNDLE = pick(bpre, nbpre, d, 35) "." DEVSLUG "." SLUG a
    ANROWS = 1 + h(a, 8) % 5
    ASF0 = (h(a, 9) % 10 < 3) ? cnidx : h(a, 10) % nsf + 1
    ADAY0 = h(a, 36) % 2192
    # the app s other storefronts: ASF0 + j * ASTEP, all different for j < 5
    ASTEP = 1 + h(a, 45) % (nsf - 1)
    for (r = 1; r < 5; r++) if ((r * ASTEP) % nsf == 0) ASTEP = 1
}
function big_row(j,    s, r, day) {
    ID = AID; NAME = ANAME; DEV = ADEV; BUNDLE = ABUNDLE; CAT = ACAT
    s = (ASF0 - 1 + ASTEP * j) % nsf + 1
    SF = sfcode[s]
    if ((s in sfname) && h(AID + j, 37) % 10 == 0) SF = sfname[s]
    day = (ADAY0 + 53 * j) % 2192
    DATE = (h(AID + j, 38) % 200 == 0) ? "" : ymd(day)
    r = h(AID + j, 39) % 100
    if (CAT == "Games" && SF ~ /^(CN|China mainland)$/) REASON = (r < 90) ? "unlicensed game" : ""
    else REASON = (r < 55) ? "legal violation" : (r < 70) ? "platform policy violation" : (r < 80) ? "government request" : ""
    URL = (h(AID + j, 40) % 2 == 0) ? "https://example.org/removals/" tolower(sfcode[s]) "/" ID : ""
}
function emit_csv() {
    print ID "," csvq(BUNDLE) "," csvq(NAME) "," csvq(DEV) "," csvq(CAT) "," csvq(SF) "," DATE "," csvq(REASON) "," csvq(URL)
}
function emit_json() {
    print "{\"app_id\": " jstr(ID) ", \"bundle_id\": " jstr(BUNDLE) ", \"app_name\": " jstr(NAME) \
        ", \"developer\": " jstr(DEV) ", \"category\": " jstr(CAT) ", \"storefront\": " jstr(SF) \
        ", \"removed_on\": " jnull(DATE) ", \"reason\": " jnull(REASON) ", \"source_url\": " jnull(URL) "}"
}

BEGIN {
    header = "app_id,bundle_id,app_name,developer,category,storefront,removed_on,reason,source_url"
    ncity = split("Shenzhen|Hangzhou|Beijing|Shanghai|Guangzhou|Chengdu|Xiamen|Wuhan|Nanjing|Fuzhou", city, "|")
    ndword = split("Xinghe|Longteng|Tianyu|Jiuzhou|Feiyu|Mengxiang|Qianfeng|Lanhai|Yunduan|Huanle|Shengshi|Jinlong", dword, "|")
    ncosuf = split("Network Technology Co., Ltd.|Interactive Entertainment Co., Ltd.|Information Technology Co.,Ltd|Culture Media Co., Ltd.|Software Co., Ltd.", cosuf, "|")
    nzcity = split("深圳市|杭州|北京|上海|广州|成都|厦门|武汉", zcity, "|")
    nzword = split("星河|龙腾|天宇|九州|飞鱼|梦想|千峰|蓝海|云端|欢乐", zword, "|")
    nzsuf = split("网络科技有限公司|互动娱乐有限公司|信息技术有限公司|文化传媒有限公司", zsuf, "|")
    nwword = split("Blue|Pixel|Silver|Northern|Happy|Bright|Red|Tiny|Golden|Quiet|Lucky|Clever", wword, "|")
    nwnoun = split("Harbor|Forge|Fox|Lantern|Owl|Cloud|Panda|Rocket|Maple|Comet|Garden|Tiger", wnoun, "|")
    nwsuf = split(" Games| Studio| Apps| Labs| LLC| Ltd| GmbH| Inc.| Interactive| Mobile, Inc.| S.A.| Co., Ltd.", wsuf, "|")
    nodev = split("OOO \"Mobilnye Resheniya\"|Studio Lumen GmbH|Kumo Apps K.K.|株式会社ソラ|(주)하늘소프트|Ömer Yazılım|مؤسسة الرؤية للتقنية|Jan \"JJ\" Kowalski|ООО «Игровая Студия»|Smith, Jones & Partners", odev, "|")
    nbpre = split("com|com|com|cn|net|io", bpre, "|")
    ngslug = split("game|puzzle|rpg|slots|mahjong|chess|war|legend|farm|racing|idle|match", gslug, "|")
    nzpre = split("三国|西游|仙侠|江湖|王者|传奇|消除|斗地主|麻将|捕鱼|修仙|武侠|封神|山海|龙城|梦幻|街机|象棋", zpre, "|")
    nzgame = split("志|传|录|大作战|OL|世界|争霸|物语|无双|online|3D|：归来|高清版|手游|英雄传", zgame, "|")
    nzother = split("视频|直播|学堂|词典|日历|相机|音乐|阅读|天气|助手|商城|地图", zother, "|")
    ngadj = split("Dragon|Legend of|Happy|Super|Idle|Epic|Magic|Pixel|Tiny|Royal|Kingdom|Dungeon|Sky|Ocean|Shadow|Zombie|Candy|Golden", gadj, "|")
    ngnoun = split("Warriors|Farm|Puzzle|Heroes|Saga|Quest|Tycoon|Racing|Match 3|Empire|Defense|Legends|Mahjong|Solitaire|Slots|Chess|Survival|Clash", gnoun, "|")
    ngspecial = split("Cats, Dogs & Friends|Run, Jump, Fly!|The \"Real\" Chess|Mahjong \"Classic\"|Grandma\047s Kitchen|🎮 Arcade Box|Мой Город: Стройка|パズル王国|무한의 계단|Süper Lig Menajer|Ping \"Pong\", Deluxe|Tic, Tac, Toe \"3D\"", gspecial, "|")
    nocat = split("Entertainment|Entertainment|Entertainment|Education|Education|Lifestyle|Lifestyle|Utilities|Utilities|Books|Social Networking|Music|Photo & Video|Health & Fitness|News|Reference|Productivity|Travel|Shopping|Finance|Sports|Navigation|Medical|Business|Food & Drink", ocat, "|")
    noadj = split("Easy|Smart|Daily|My|Super|Quick|Pocket|Free|Pro|Simple|Happy|Global", oadj, "|")
    nc = split("Entertainment|Education|Lifestyle|Utilities|Books|Social Networking|Music|Photo & Video|Health & Fitness|News|Reference|Productivity|Travel|Shopping|Finance|Sports|Navigation|Medical|Business|Food & Drink", cl, "|")
    split("Video|Live TV|Jokes|Drama|Comics|Karaoke;English|Math|Kids ABC|Exam Prep|Flashcards|Piano Lessons;Horoscope|Recipes|Diary|Wallpapers|Dating|Home;VPN|Cleaner|Flashlight|QR Scanner|Calculator|Battery;Reader|Novels|Audiobooks|Bible|Manga|Library;Chat|Messenger|Friends|Forum|Circle|Moments;Player|Radio|Ringtones|Guitar Tuner|Lyrics|DJ;Camera|Editor|Collage|Filters|Video Maker|Beauty Cam;Fitness|Yoga|Steps|Diet|Sleep|Workout;News|Headlines|Daily Brief|Reports|Press|Post;Dictionary|Translator|Atlas|Encyclopedia|Quran|Thesaurus;Notes|Scanner|Docs|Tasks|Calendar|Mail;Maps|Hotels|Flights|Tickets|Guide|Trips;Shop|Deals|Coupons|Mall|Market|Auction;Wallet|Bank|Stocks|Loans|Crypto|Budget;Scores|Live Football|Cricket|Fantasy League|Tips|Betting;GPS|Navigator|Speed Camera|Compass|Routes|Traffic;Doctor|Pharmacy|Clinic|Symptoms|Health Record|Pills;Office|Meetings|CRM|Invoices|Jobs|HR;Delivery|Recipes|Menu|Takeaway|Coffee|Restaurants", cn, ";")
    for (k = 1; k <= nc; k++) { catidx[cl[k]] = k; ncatnoun[k] = split(cn[k], tmp, "|"); for (j = 1; j <= ncatnoun[k]; j++) catnoun[k, j] = tmp[j] }
    nospecial = split("Tom, Jerry & Co. Cartoons|Learn \"Real\" English|Bob\047s Notes|📷 Snap & Share|Словарь, Переводчик|القرآن الكريم|ニュース速報|오늘의 운세|Çok Güzel Tarifler|\"Free\" VPN, Fast", ospecial, "|")
    nvsuf = split(" 2| HD| Lite| Pro| Online| - Official| 2021| Plus", vsuf, "|")
    # storefronts: codes (GreatFire AppleCensorship storefront list), and a
    # few written as the storefront name instead of the code
    nsf = split("CN AE AG AI AL AM AO AR AT AU AZ BB BE BF BG BH BJ BM BN BO BR BS BT BW BY BZ CA CG CH CL CO CR CV CY CZ DE DK DM DO DZ EC EE EG ES FI FJ FM FR GB GD GH GM GR GT GW GY HK HN HR HU ID IE IL IN IS IT JM JO JP KE KG KH KN KR KW KY KZ LA LB LC LK LR LT LU LV MD MG MK ML MN MO MR MS MT MU MW MX MY MZ NA NE NG NI NL NO NP NZ OM PA PE PG PH PK PL PT PW PY QA RO RU SA SB SC SE SG SI SK SL SN SR ST SV SZ TC TD TH TJ TM TN TR TT TW TZ UA UG US UY UZ VC VE VG VN YE ZA ZW", sfcode, " ")
    split("CN=China mainland|US=United States|GB=United Kingdom|RU=Russia|HK=Hong Kong|TW=Taiwan|KR=Republic Of Korea|JP=Japan|DE=Germany|TR=Türkiye|VN=Vietnam|SA=Saudi Arabia|AE=United Arab Emirates|EG=Egypt|MO=Macau", tmp, "|")
    for (k in tmp) { split(tmp[k], kv, "="); name_of[kv[1]] = kv[2] }
    for (k = 1; k <= nsf; k++) { if (sfcode[k] == "CN") cnidx = k; if (sfcode[k] in name_of) sfname[k] = name_of[sfcode[k]] }

    if (mode == "china") {
        print header
        for (i = 0; i < n; i++) { china_row(i); emit_csv() }
    } else if (mode == "china-jsonl") {
        for (i = 0; i < n; i++) { china_row(i); emit_json() }
    } else if (mode == "big") {
        print header
        for (a = 0; i < n; a++) {
            big_app(a)
            for (j = 0; j < ANROWS && i < n; j++) { big_row(j); emit_csv(); i++ }
        }
    } else {
        observations()
    }
    exit 0
}

# --- availability captures: napps apps (the first apps of the big list) in
# 4 storefronts each, captured once a day from 2020-12-01, one pair after the
# other. Each pair follows a story told by its hash: always available (60 %),
# removed on some day (20 %), removed and reinstated later (10 %), never
# offered there (5 %), back and forth (gone one day a week, 5 %); a game in
# CN is gone from 2020-12-31 on whatever its story. About 1 % of captures
# failed ("response": null).
function observations(    napps, ns, pairs, rounds, k, p, a, j, s, rnd, t, r1, r2, avail, secs, sfc) {
    napps = 3000
    cur = -1
    ns = 4
    pairs = napps * ns
    rounds = int((n + pairs - 1) / pairs)
    if (rounds < 1) rounds = 1
    for (k = 0; k < n; k++) {
        p = k % pairs
        rnd = int(k / pairs)
        a = int(p / ns)
        j = p % ns
        if (a != cur) { big_app(a); cur = a }
        s = (ASF0 - 1 + ASTEP * j) % nsf + 1
        sfc = sfcode[s]
        t = h(p, 41) % 100
        r1 = h(p, 42) % rounds
        r2 = r1 + 1 + h(p, 43) % rounds
        if (t < 60) avail = 1
        else if (t < 80) avail = (rnd < r1)
        else if (t < 90) avail = (rnd < r1 || rnd >= r2)
        else if (t < 95) avail = 0
        else avail = (rnd % 7 != 3)
        if (ACAT == "Games" && sfc == "CN" && rnd >= 30) avail = 0
        secs = 28800 + (p * 7) % 36000
        printf "{\"app_id\": \"%s\", \"storefront\": \"%s\", \"captured_at\": \"%sT%02d:%02d:%02dZ\", \"response\": ", \
            AID, sfc, ymd(700 + rnd), int(secs / 3600), int(secs / 60) % 60, secs % 60
        if (h(k, 44) % 100 == 0)
            print "null}"
        else if (avail)
            print "{\"resultCount\": 1, \"results\": [{\"trackId\": " AID ", \"bundleId\": " jstr(ABUNDLE) \
                ", \"trackName\": " jstr(ANAME) ", \"artistName\": " jstr(ADEV) ", \"primaryGenreName\": " jstr(ACAT) "}]}}"
        else
            print "{\"resultCount\": 0, \"results\": []}}"
    }
}
' >"$tmp" || { echo "gen-removals.sh: cannot write '$out'" >&2; exit 1; }
mv -f "$tmp" "$out" || exit 1
trap - EXIT
exit 0
