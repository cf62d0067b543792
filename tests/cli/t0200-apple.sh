#!/bin/sh
# Apple's transparency report: the twelve per-request-type CSVs of Apple's
# download, as reconstructed in tests/data/apple (see its README: Apple's
# figures, not Apple's bytes), read by the data/formats/apple-*.json profiles.
# Every figure checked here is read from the fixture file itself.
. "$(dirname "$0")/lib.sh"
A="${TEST_DATA:-$TOP/tests/data}/apple"

expect_exit 0 "the Apple files load, exit 0" "$TRDB" ingest "$A"
cp "$OUT" load.out
is "twelve files loaded" "$(grep -c '^loaded ' load.out)" "12"
is "no file has a reject" "$(grep -c ' rejected=0$' load.out)" "12"
is "no reject anywhere" "$(sql "SELECT count(*) FROM rejects")" "0"
is "nothing said on stderr" "$(cat "$ERR")" ""

# FILE|PROFILE|DATASET|REQUEST TYPE|HEADER=METRIC|...
cat >files.txt <<'EOF'
device_requests.csv|apple-device-requests|device-requests|user_data|Device Requests Received=requests|Devices Specified in Requests=devices|Requests Where Data Provided=requests_disclosed|Percentage of Requests Where Data Provided=pct_disclosed
account_requests.csv|apple-account-requests|account-requests|user_data|Account Requests Received=requests|Accounts Specified in Requests=accounts|Requests Objected to in Part or Rejected in Full=requests_objected|Requests Where Only Non-Content Data Provided=requests_noncontent_disclosed|Requests Where Content Provided=requests_content_disclosed|Percentage of Requests Where Data Provided=pct_disclosed
account_preservation_requests.csv|apple-account-preservation-requests|account-preservation-requests|preservation|Account Preservation Requests Received=requests|Accounts Specified in Requests=accounts|Accounts Preserved=accounts_preserved
account_restriction_deletion_requests.csv|apple-account-restriction-deletion-requests|account-restriction-deletion-requests|account_action|Account Restriction/Deletion Requests Received=requests|Accounts Specified in Requests=accounts|Requests Objected to in Part or Rejected in Full=requests_objected|Accounts Restricted=accounts_restricted|Accounts Deleted=accounts_deleted
financial_identifier_requests.csv|apple-financial-identifier-requests|financial-identifier-requests|user_data|Financial Identifier Requests Received=requests|Financial Identifiers Specified in Requests=financial_identifiers|Requests Where Data Provided=requests_disclosed|Percentage of Requests Where Data Provided=pct_disclosed
push_token_requests.csv|apple-push-token-requests|push-token-requests|user_data|Push Token Requests Received=requests|Push Tokens Specified in Requests=push_tokens|Requests Where Data Provided=requests_disclosed|Percentage of Requests Where Data Provided=pct_disclosed
emergency_requests.csv|apple-emergency-requests|emergency-requests|emergency|Emergency Requests Received=requests|Requests Objected to in Part or Rejected in Full=requests_objected|Requests Where No Data Provided=requests_no_data|Requests Where Data Provided=requests_disclosed|Percentage of Requests Where Data Provided=pct_disclosed
digital_content_provider_requests.csv|apple-digital-content-provider-requests|digital-content-provider-requests|user_data|Digital Content Provider Requests Received=requests|Requests Objected to in Part or Rejected in Full=requests_objected|Requests Where Data Provided=requests_disclosed|Percentage of Requests Where Data Provided=pct_disclosed
app_takedown_legal_violation_requests.csv|apple-app-takedown-legal-violation-requests|app-takedown-legal-violation-requests|app_removal|Legal Violation Takedown Requests Received=requests|Apps Specified in Requests=apps_specified|Requests Objected to in Part or Rejected in Full=requests_objected|Requests where App Removed=requests_app_removed|Apps Removed=apps_removed|Appeals Received=appeals_received|Appeals Granted=appeals_granted|Apps Reinstated=apps_reinstated
app_takedown_platform_policy_violation_requests.csv|apple-app-takedown-platform-policy-violation-requests|app-takedown-platform-policy-violation-requests|app_removal|Platform Policy Violation Takedown Requests Received=requests|Apps Specified in Requests=apps_specified|Requests Objected to in Part or Rejected in Full=requests_objected|Requests where App Removed=requests_app_removed|Apps Removed=apps_removed|Appeals Received=appeals_received|Appeals Granted=appeals_granted|Apps Reinstated=apps_reinstated
us_national_security_requests.csv|apple-us-national-security-requests|us-national-security-requests|national_security|Requests Received=requests|Accounts Specified in Requests=accounts
uk_data_access_agreement_ipa_warrant_requests.csv|apple-uk-ipa-warrant-requests|uk-data-access-agreement-ipa-warrant-requests|national_security|Requests Received=requests|Accounts Specified in Requests=accounts
EOF

# One cell of a fixture, by line number and header name, as the test expects
# it stored: "59%" -> 59, "-", "—", "N/A" -> none (no fact). No cell of these
# files is quoted, so a comma splits fields.
cell() {
    LC_ALL=C awk -F, -v line="$2" -v h="$3" '
        NR == 1 { sub(/^\357\273\277/, ""); for (i = 1; i <= NF; i++) if ($i == h) col = i }
        NR == line { v = $col; sub(/%$/, "", v)
                     if (v == "-" || v == "N/A" || v == "\342\200\224") v = "none"
                     print v }' "$A/$1"
}
# The fact of a file's line and metric, in the same spelling: LOW, LOW - HIGH, LOW+ or none.
stored() {
    sql "SELECT coalesce((SELECT CASE WHEN value_high IS NULL THEN value_low || '+'
                                      WHEN value_low = value_high THEN value_low
                                      ELSE value_low || ' - ' || value_high END
                          FROM facts WHERE source_file = '$A/$1' AND source_line = $2
                            AND metric = '$3'), 'none') AS v"
}

while IFS='|' read -r file profile dataset rtype cols; do
    f="$A/$file"
    check "$file: loaded by $profile" grep -q "^loaded $f profile=$profile rows=[0-9]* rejected=0$" load.out
    lines=$(($(wc -l <"$f")))
    is "$file: every data line is a row" \
        "$(sql "SELECT rows_loaded || '/' || rows_rejected || '/' || rows_skipped FROM source_files WHERE path = '$f'")" \
        "$((lines - 1))/0/0"
    is "$file: dataset $dataset, request type $rtype" \
        "$(sql "SELECT DISTINCT dataset || ' ' || request_type FROM facts WHERE source_file = '$f'")" "$dataset $rtype"
    # the first data line, the middle one and the last, every figure of each
    for line in 2 $((lines / 2 + 1)) "$lines"; do
        got="" want=""
        rest=$cols
        while [ -n "$rest" ]; do
            pair=${rest%%|*}
            case $rest in *'|'*) rest=${rest#*|} ;; *) rest="" ;; esac
            want="$want $(cell "$file" "$line" "${pair%=*}")"
            got="$got $(stored "$file" "$line" "${pair#*=}")"
        done
        is "$file line $line: every figure as in the file" "$got" "$want"
    done
done <files.txt

# BOM: the header's first column is read although the file starts with EF BB BF
is "device_requests.csv starts with a UTF-8 BOM" "$(head -c 3 "$A/device_requests.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
is "and its periods come from 'TR Period' all the same" \
    "$(sql "SELECT count(*) FROM facts WHERE dataset = 'device-requests' AND metric = 'requests' AND period_start IS NOT NULL")" \
    "$(($(wc -l <"$A/device_requests.csv") - 1))"
# "2016 H2" -> its first and last day
first_day() { case $1 in *H1) echo "${1% *}-01-01" ;; *) echo "${1% *}-07-01" ;; esac; }
last_day() { case $1 in *H1) echo "${1% *}-06-30" ;; *) echo "${1% *}-12-31" ;; esac; }
pres="$A/account_preservation_requests.csv"
is "the preservation file's 'TR Date' gives its periods" \
    "$(sql "SELECT min(period_start) || ' ' || max(period_end) FROM facts WHERE dataset = 'account-preservation-requests'")" \
    "$(first_day "$(sed -n 2p "$pres" | cut -d, -f1)") $(last_day "$(tail -n 1 "$pres" | cut -d, -f1)")"

# 'no figure' cells make no fact, never zero
na=$(grep -c ',N/A,N/A,N/A,N/A$' "$A/emergency_requests.csv")
is "emergency rows with N/A outcomes have only their request count" \
    "$(sql "SELECT count(*) FROM facts WHERE dataset = 'emergency-requests' AND metric = 'pct_disclosed'")" \
    "$(($(wc -l <"$A/emergency_requests.csv") - 1 - na))"
is "a '—' appeal count is no fact" \
    "$(sql "SELECT count(*) FROM facts WHERE dataset = 'app-takedown-legal-violation-requests' AND metric = 'appeals_received'")" \
    "$(LC_ALL=C awk -F, 'NR > 1 && $8 != "\342\200\224"' "$A/app_takedown_legal_violation_requests.csv" | wc -l | tr -d ' ')"

# Apple's literal 'N/A' country is the entity ZZ
line=$(grep -n '^[^,]*,N/A,' "$A/app_takedown_platform_policy_violation_requests.csv" | cut -d: -f1)
is "the 'N/A' country (line $line) is stored as ZZ" \
    "$(sql "SELECT DISTINCT country FROM facts WHERE dataset = 'app-takedown-platform-policy-violation-requests' AND source_line = $line")" "ZZ"

# China mainland, 2020-H1: apps removed, as the two takedown files give them
apps() { grep '^2020 H1,China mainland,' "$A/$1" | cut -d, -f7; }
is "the legal-violation file gives 152 apps removed for China mainland 2020-H1" \
    "$(apps app_takedown_legal_violation_requests.csv)" "152"
is "the platform-policy file gives 38" "$(apps app_takedown_platform_policy_violation_requests.csv)" "38"
fact() { sql "SELECT value_low FROM facts WHERE publisher = 'Apple' AND dataset = '$1' AND country = '$2' AND period_start = '$3' AND metric = '$4'"; }
is "CN 2020-H1 legal violations: 152 apps removed" \
    "$(fact app-takedown-legal-violation-requests CN 2020-01-01 apps_removed)" "152"
is "CN 2020-H1 platform policy: 38 apps removed" \
    "$(fact app-takedown-platform-policy-violation-requests CN 2020-01-01 apps_removed)" "38"
summary() { sql "SELECT low FROM country_summary WHERE publisher = 'Apple' AND country = '$1' AND period_start = '$2' AND measure = '$3'"; }
is "country_summary: CN 2020-H1 apps_removed_reported = 190" "$(summary CN 2020-01-01 apps_removed_reported)" "190"
is "and CN 2020-H2 is the legal-violation file's 90 alone" "$(summary CN 2020-07-01 apps_removed_reported)" \
    "$(grep '^2020 H2,China mainland,' "$A/app_takedown_legal_violation_requests.csv" | cut -d, -f7)"
# user-data requests: device + account + financial + push token + digital content + emergency
ud=$(cat "$A"/device_requests.csv "$A"/account_requests.csv "$A"/financial_identifier_requests.csv \
         "$A"/push_token_requests.csv "$A"/digital_content_provider_requests.csv "$A"/emergency_requests.csv |
     awk -F, '$1 == "2020 H1" && $2 == "China mainland" { s += $3 } END { print s + 0 }')
is "CN 2020-H1 user_data_requests = the sum of the disclosure files' requests ($ud)" \
    "$(summary CN 2020-01-01 user_data_requests)" "$ud"
is "US 2020-H1 preservation requests = the preservation file's" "$(summary US 2020-01-01 preservation_requests)" \
    "$(grep '^2020 H1,United States of America,' "$A/account_preservation_requests.csv" | cut -d, -f3)"
is "US 2020-H1 emergency requests = the emergency file's" "$(summary US 2020-01-01 emergency_requests)" \
    "$(grep '^2020 H1,United States of America,' "$A/emergency_requests.csv" | cut -d, -f3)"
is "kinds of user-data request are told apart by legal_process" \
    "$(sql "SELECT group_concat(legal_process, '; ') FROM (SELECT DISTINCT legal_process FROM facts WHERE publisher = 'Apple' AND request_type = 'user_data' ORDER BY 1)")" \
    "Account requests; Device requests; Digital content provider requests; Financial identifier requests; Push token requests"
is "Apple's 'China mainland', 'United States of America' and 'Macau' are CN, US, MO" \
    "$(sql "SELECT group_concat(country, ' ') FROM (SELECT DISTINCT country FROM facts WHERE dataset = 'device-requests' AND country IN ('CN', 'US', 'MO') ORDER BY 1)")" "CN MO US"

# national security: bands
ns="$A/us_national_security_requests.csv"
is "US national security 2013-H1 is the band the file gives" \
    "$(sql "SELECT value_low || '..' || value_high || ' ' || value_raw FROM facts WHERE dataset = 'us-national-security-requests' AND period_start = '2013-01-01' AND metric = 'requests'")" \
    "$(sed -n 2p "$ns" | cut -d, -f4 | sed 's/^\([0-9]*\) - \([0-9]*\)$/\1..\2 &/')"
line=$(grep -n '^2024 H1,United States of America,FISA Content,' "$ns" | cut -d: -f1)
is "US 2024-H1 FISA content accounts: a band" \
    "$(sql "SELECT value_low || '-' || value_high FROM facts WHERE source_file = '$ns' AND source_line = $line AND metric = 'accounts' AND legal_process = 'FISA content requests'")" \
    "$(sed -n "${line}p" "$ns" | cut -d, -f5 | tr -d ' ')"
is "every national-security figure is a band with both bounds" \
    "$(sql "SELECT count(*) FROM facts WHERE dataset = 'us-national-security-requests' AND (value_low IS NULL OR value_high IS NULL OR value_low >= value_high)")" "0"
is "UK IPA warrants are GB's" \
    "$(sql "SELECT DISTINCT country || ' ' || legal_process FROM facts WHERE dataset = 'uk-data-access-agreement-ipa-warrant-requests' AND period_start = '2022-01-01'")" \
    "GB UK IPA warrants under the US-UK Data Access Agreement (Content)"
# The derived JSON behind the fixtures has no open band; a SYNTHETIC line (not
# Apple's) in a copy of the US file checks that '5000+' is stored open.
mkdir open
{ cat "$ns"; echo '2099 H1,United States of America,NSLs,5000+,0 - 499'; } >open/us_national_security_requests.csv
expect_exit 0 "a copy of the US file with an open band loads" "$TRDB" --db open.sqlite ingest open
is "'5000+' is 5000 with no upper bound" \
    "$("$TRDB" --db open.sqlite sql --format csv "SELECT value_low || '..' || coalesce(value_high, 'open') || ' ' || value_raw FROM facts WHERE period_start = '2099-01-01' AND metric = 'requests'" | tail -n 1 | tr -d '\r')" \
    "5000..open 5000+"

# national security and account actions stay out of country_summary
is "no summary row comes from national security or account actions" \
    "$(sql "SELECT count(*) FROM country_summary WHERE publisher = 'Apple' AND measure NOT IN ('user_data_requests', 'user_data_accounts', 'pct_disclosed', 'emergency_requests', 'preservation_requests', 'apps_removed_reported')")" "0"

facts=$(sql "SELECT count(*) FROM fact_rows")
summ=$("$TRDB" sql --format csv "SELECT * FROM country_summary ORDER BY 1, 2, 3, 4, 5")
expect_exit 0 "ingesting again exits 0" "$TRDB" ingest "$A"
is "every file is unchanged" "$(grep -c '^unchanged .* rejected=0$' "$OUT")" "12"
is "and the row count is as it was" "$(sql "SELECT count(*) FROM fact_rows")" "$facts"
is "and the summary too" "$("$TRDB" sql --format csv "SELECT * FROM country_summary ORDER BY 1, 2, 3, 4, 5")" "$summ"
finish
