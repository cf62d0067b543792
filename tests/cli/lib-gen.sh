# lib-gen.sh: sourced by tests that need big inputs. gen_user_data FILE ROWS [SEED]
# writes a file in the layout of Google's user-data requests with ROWS rows of
# made-up figures (countries cycle, half-years cycle, legal processes vary).
gen_user_data() {
    awk -v rows="$2" -v seed="${3:-1}" 'BEGIN {
        print "Period Ending,Country/Region,CLDR Territory Code,Legal Process,User Data Requests,Percentage disclosed,Accounts"
        n = split("Germany,DE;France,FR;Brazil,BR;India,IN;Japan,JP;Spain,ES;Italy,IT;Poland,PL", c, ";")
        for (i = 0; i < rows; i++) {
            split(c[i % n + 1], cc, ",")
            year = 1990 + int(i / (n * 2)) % 200
            printf "%d-%s,%s,%s,Process %d,%d,%d,%d\n", year, (i % 2 ? "06-30" : "12-31"), cc[1], cc[2],
                int(i / (n * 400)) + seed * 1000, (i * 7 + seed) % 1000, i % 100, (i * 3 + seed) % 2000
        }
    }' >"$1"
}
