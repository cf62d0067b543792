#!/bin/sh
# Localized downloads through translation tables (data/formats/i18n/LANG.tsv):
# Google's German and Brazilian Portuguese downloads of the removal-requests
# layout load by the English profile with the English file's facts; a
# language of the user's own is a table in a folder of theirs, no C.
. "$(dirname "$0")/lib.sh"
L="$TOP/tests/data/google/localized"
EN="$TOP/tests/data/google/removal-requests-requester.csv"
for lang in de pt_BR; do
    [ -r "/usr/share/locale/$lang/LC_MESSAGES/iso_3166-1.mo" ] ||
        skip_all "iso-codes' $lang names are not installed"
done

facts() {
    "$TRDB" --db "$1" sql --format csv "SELECT country, period_start, period_end, request_type,
        legal_process, requester, metric, value_low, value_high, value_raw, is_aggregate FROM facts ORDER BY 1, 2, 3, 6, 7"
}
expect_exit 0 "the English file loads" "$TRDB" --db en.sqlite ingest "$EN"
facts en.sqlite >en.facts
is "the English file gives its 25 facts (and a header line)" "$(wc -l <en.facts | tr -d " ")" "26"

for lang in de pt_BR; do
    F="$L/google-government-removal-requests-$lang.csv"
    expect_exit 0 "the $lang download loads" "$TRDB" --db "$lang.sqlite" ingest "$F"
    check "$lang: by the English profile, without a reject" \
        grep -q "profile=google-removal-requests rows=6 rejected=0$" "$OUT"
    is "$lang: no warning" "$(cat "$ERR")" ""
    facts "$lang.sqlite" >"$lang.facts"
    check "$lang: the same facts as the English file" cmp -s en.facts "$lang.facts"
    expect_out "$lang: detect names the English profile" "^=> profile google-removal-requests " \
        "$TRDB" detect "$F"
    expect_out "$lang: and the translated requester column feeds the requester" \
        "(Antragsteller|Solicitante) +-> requester" "$TRDB" detect "$F"
done
is "pt_BR: Turquia and Costa do Marfim are iso-codes' names for TR and CI" \
    "$(grep -c "^TR,\|^CI," pt_BR.facts)" "11"
is "pt_BR: 31/12/2024 (day first) is the second half of 2024" \
    "$(grep -c '^BR,2024-07-01,2024-12-31,' pt_BR.facts)" "8"
is "pt_BR: Polícia is stored as Police" "$(grep -c ",Police," pt_BR.facts)" "7"

# a cell is translated only in a translated file: 'Polícia' in an English file stays
sed 's/,Police,/,Polícia,/' "$EN" >english-polícia.csv
expect_exit 0 "an English file with a Portuguese cell loads" "$TRDB" --db mixed.sqlite ingest english-polícia.csv
is "and keeps the cell as it is" \
    "$("$TRDB" --db mixed.sqlite sql --format csv "SELECT count(*) FROM facts WHERE requester = 'Polícia'" | tail -n 1 | tr -d '\r')" "7"

# a language of one's own: a table in a folder of one's own (here French)
if [ -r /usr/share/locale/fr/LC_MESSAGES/iso_3166-1.mo ]; then
    mkdir -p mine/i18n
    printf '%s\n' '# French, mine' 'Period Ending	Fin de la période' 'Country/Region	Pays/Région' \
        'CLDR Territory Code	Code de territoire CLDR' 'Requester	Demandeur' \
        'Number of Requests	Nombre de demandes' 'Items Requested To Be Removed	Éléments à supprimer' \
        '% Removed-Legal	% Supprimés (motifs juridiques)' '% Removed-Policy	% Supprimés (règlement)' \
        '% Content Not Found	% Contenu introuvable' '% Not Enough Information	% Informations insuffisantes' \
        '% No Action Taken	% Aucune mesure prise' '% Content Already Removed	% Contenu déjà supprimé' \
        'Court Order Directed at Google	Décision de justice adressée à Google' 'Police	Police' \
        'Information and Communications Authority	Autorité de l’information et de la communication' \
        'Other	Autre' >mine/i18n/fr.tsv
    { echo 'Fin de la période,Pays/Région,Code de territoire CLDR,Demandeur,Nombre de demandes,Éléments à supprimer,% Supprimés (motifs juridiques),% Supprimés (règlement),% Contenu introuvable,% Informations insuffisantes,% Aucune mesure prise,% Contenu déjà supprimé'
      tail -n +2 "$EN" | sed -e 's/Brazil/Brésil/; s/Court Order Directed at Google/Décision de justice adressée à Google/' \
          -e 's/Information and Communications Authority/Autorité de l’information et de la communication/; s/,Other,/,Autre,/'
    } >removals-fr.csv
    expect_exit 3 "without the table no profile reads the French file" "$TRDB" --db fr0.sqlite ingest removals-fr.csv
    expect_exit 0 "with it (--formats) it loads" "$TRDB" --db fr.sqlite ingest --formats mine removals-fr.csv
    check "without a reject" grep -q "profile=google-removal-requests rows=6 rejected=0$" "$OUT"
    facts fr.sqlite >fr.facts
    check "with the English file's facts" cmp -s en.facts fr.facts
else
    _result ok "French names are not installed # SKIP"
fi

# a table that cannot be read is an error naming its file and line
mkdir -p broken/i18n
printf 'Period Ending\tFin\nNumber of Requests\n' >broken/i18n/fr.tsv
expect_err 3 "a broken table names its file and line" "broken/i18n/fr.tsv:2: expected 'English<TAB>translated'" \
    "$TRDB" --db broken.sqlite ingest --formats broken "$EN"
finish
