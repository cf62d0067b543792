#!/usr/bin/env python3
"""zips.py: (re)make tests/data/zip/ from the hand-made samples in data/samples
and the reconstructed Apple files in tests/data/apple: archives as publishers
ship them (folder, README, a macOS resource fork; Apple's per-request-type CSVs), the
same archive cut short, and one whose member name climbs out with ../ (trdb
never writes members to disk, so the name is only a name). Run from the top of
the source tree; the output is committed, the tests do not run this."""
import zipfile

S = "data/samples/"
OUT = "tests/data/zip/"
FIXED = (2021, 1, 1, 0, 0, 0)  # fixed dates: the same bytes on every run


def add(z, name, data):
    info = zipfile.ZipInfo(name, date_time=FIXED)
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, data)


def sample(name):
    with open(S + name, "rb") as f:
        return f.read()


with zipfile.ZipFile(OUT + "google-user-data-requests.zip", "w") as z:
    add(z, "google-user-data-requests/README.txt", b"Sample archive for trdb's tests.\n")
    add(z, "google-user-data-requests/global.csv", sample("sample-google-global-user-data-requests.csv"))
    add(z, "google-user-data-requests/older-layout.csv", sample("sample-google-user-data-requests-2018-layout.csv"))
    add(z, "__MACOSX/google-user-data-requests/._global.csv", b"\x00\x05\x16\x07resource fork")

with open(OUT + "google-user-data-requests.zip", "rb") as f:
    whole = f.read()
with open(OUT + "truncated.zip", "wb") as f:
    f.write(whole[: len(whole) * 6 // 10])

# Apple ships its report as a zip of per-request-type CSVs: the reconstructed ones
import os
with zipfile.ZipFile(OUT + "apple-transparency-report.zip", "w") as z:
    for name in sorted(os.listdir("tests/data/apple")):
        if name.endswith(".csv"):
            with open("tests/data/apple/" + name, "rb") as f:
                add(z, "transparency-report/" + name, f.read())

# a period in the member's name, not the archive's; two members with the same
# bytes; two members with the same name
with open("tests/data/microsoft/Microsoft-LERR-2017-H1.csv", "rb") as f:
    lerr = f.read()
with zipfile.ZipFile(OUT + "Reports-2018-H2.zip", "w") as z:
    add(z, "Microsoft-LERR-2017-H1.csv", lerr)
with zipfile.ZipFile(OUT + "twins.zip", "w") as z:
    add(z, "a/global.csv", sample("sample-google-global-user-data-requests.csv"))
    add(z, "b/global.csv", sample("sample-google-global-user-data-requests.csv"))
with zipfile.ZipFile(OUT + "repeated-name.zip", "w") as z:
    add(z, "global.csv", sample("sample-google-global-user-data-requests.csv"))
    add(z, "global.csv", sample("sample-google-user-data-requests-2018-layout.csv"))

with zipfile.ZipFile(OUT + "dotdot.zip", "w") as z:
    add(z, "../../evil.csv", sample("sample-google-global-user-data-requests.csv"))
