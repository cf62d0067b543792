#!/usr/bin/env python3
"""gen.py OUTDIR: writes the big hostile inputs of tests/cli/t0500-hostile.sh
into OUTDIR (they are made at run time, never committed; see README.md).
Every file holds good rows before and after the hostile part where the
format allows it, with invented app ids (9000000xx) and figures. The zip
bombs are written by hand: a run of zeros deflates to one block that
repeats, so gigabytes of content cost a few megabytes and no time."""
import os
import struct
import sys
import zlib

REMOVAL_HEADER = "app_id,bundle_id,app_name,developer,category,storefront,removed_on,reason,source_url\n"


def good(app_id, name, day="2021-01-01"):
    return "%d,com.example.%d,%s,Example Dev,Games,CN,%s,,\n" % (app_id, app_id, name, day)


def write(path, *parts):
    with open(path, "w", encoding="utf-8", newline="") as f:
        for p in parts:
            f.write(p)


def deflate_zeros(total, unit=1 << 24):
    """Raw deflate of total zero bytes (a multiple of unit)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(bytes(unit)) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(bytes(unit)) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "zlib did not repeat itself"
    count, rest = divmod(total, unit)
    assert rest == 0
    return block * count + c.flush()


def write_zip(path, members):
    """members: (name, method, data, crc, stated size, unix mode); zip64 sizes when needed."""
    central = b""
    with open(path, "wb") as out:
        for name, method, data, crc, size, mode in members:
            raw = name.encode("utf-8")
            offset = out.tell()
            z64 = size >= 0xFFFFFFFF or len(data) >= 0xFFFFFFFF
            extra = struct.pack("<HHQQ", 1, 16, size, len(data)) if z64 else b""
            usize = 0xFFFFFFFF if z64 else size
            csize = 0xFFFFFFFF if z64 else len(data)
            need = 45 if z64 else 20
            flags = 0x800  # names are UTF-8
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, need, flags, method, 0, 0x5221,
                                  crc, csize, usize, len(raw), len(extra)) + raw + extra)
            out.write(data)
            central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0300 | need, need, flags,
                                   method, 0, 0x5221, crc, csize, usize, len(raw), len(extra),
                                   0, 0, 0, mode << 16, offset) + raw + extra
        start = out.tell()
        out.write(central)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                              len(central), start, 0))


def stored(name, text, mode=0o100644):
    data = text.encode("utf-8")
    return (name, 0, data, zlib.crc32(data), len(data), mode)


def main(out):
    os.makedirs(out, exist_ok=True)
    j = lambda name: os.path.join(out, name)

    # a 50 MB field between two good rows
    write(j("big-field.csv"), REMOVAL_HEADER, good(900000001, "Before"),
          "900000002,com.example.big,", "x" * (50 << 20), ",Dev,Games,CN,2021-01-01,,\n",
          good(900000003, "After"))
    # 100,000 columns: in a data row, and in the header
    write(j("wide-row.csv"), REMOVAL_HEADER, good(900000004, "Before"),
          "900000005" + "".join(",c%d" % i for i in range(1, 100000)) + "\n",
          good(900000006, "After"))
    write(j("wide-header.csv"), "app_id" + "".join(",h%d" % i for i in range(1, 100000)) + "\n",
          "1" + ",x" * 99999 + "\n")
    # a million empty lines; the bad row after them must keep its line number (1,000,004)
    write(j("empty-lines.csv"), REMOVAL_HEADER, good(900000007, "Before"), "\n" * 1000000,
          good(900000008, "After"),
          "900000009,com.example.9,Unknown Storefront,Dev,Games,Narnia,2021-01-01,,\n")
    # JSON nested 100,000 deep: in a removal list (JSON Lines) and in an iTunes capture
    d = 100000
    rec = '{"app_id": "%d", "storefront": "CN", "removed_on": "2021-01-01", "app_name": %s}\n'
    write(j("deep.jsonl"), rec % (900000011, '"Before"'),
          rec % (900000012, "[" * d + "]" * d),
          rec % (900000013, '{"a": ' * d + "1" + "}" * d),
          rec % (900000014, "[" * d),
          rec % (900000015, '"After"'))
    write(j("itunes_900000016_CN.json"),
          '{"resultCount": 1, "results": [' + '{"x": ' * d + "1" + "}" * d + "]}")

    # zip bombs: one member stating 16 GiB; one stating 100 bytes that inflates to 3 GiB;
    # five members of 1.875 GiB each (under the member cap, over the archive's in all).
    # Their CRCs are left 0: trdb must refuse them long before a CRC is checked.
    write_zip(j("bomb-stated.zip"), [("bomb.csv", 8, deflate_zeros(16 << 30), 0, 16 << 30, 0o100644)])
    write_zip(j("bomb-lying.zip"), [("bomb.csv", 8, deflate_zeros(3 << 30), 0, 100, 0o100644)])
    part = 120 << 24
    zeros = deflate_zeros(part)
    write_zip(j("bomb-many.zip"),
              [("part%d.csv" % i, 8, zeros, 0, part, 0o100644) for i in range(5)])
    # 1,001 data members, all with one name
    write_zip(j("many-members.zip"),
              [stored("same.csv", REMOVAL_HEADER + good(900000020, "Many")) for _ in range(1001)])

    # member names that climb out of the archive, a symbolic link, shell syntax, a newline
    write_zip(j("traversal.zip"), [
        stored("good.csv", REMOVAL_HEADER + good(900000021, "Inside")),
        stored("../../evil.csv", REMOVAL_HEADER + good(900000022, "Two Up")),
        stored("/tmp/trdb-hostile-absolute.csv", REMOVAL_HEADER + good(900000023, "Absolute")),
        stored("a/../../../evil2.csv", REMOVAL_HEADER + good(900000024, "Three Up")),
        stored("link.csv", "/etc/passwd", 0o120777),
        stored("$(touch PWNED).csv", REMOVAL_HEADER + good(900000026, "Dollar")),
        stored(";touch PWNED2;.csv", REMOVAL_HEADER + good(900000027, "Semicolon")),
        stored("x\nloaded forged.csv profile=x rows=999 rejected=0\n\x1b[31mred.csv",
               REMOVAL_HEADER + good(900000025, "Newline")),
    ])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: gen.py OUTDIR")
    main(sys.argv[1])
