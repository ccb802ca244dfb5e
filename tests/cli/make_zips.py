#!/usr/bin/env python3
"""make_zips.py FIXTURES OUT — the zipped HSDS packages the zip tests import (test-import-zip.sh,
test-admin-zip.sh), made at test time from tests/fixtures/hsds: good packages as directories
publish them, one with refused rows, and one archive of each hostile kind belong refuses.
Each is OUT/NAME.zip."""
import os
import struct
import sys
import warnings
import zipfile

fixtures, out = sys.argv[1], sys.argv[2]
hsds = os.path.join(fixtures, "hsds")
os.makedirs(out, exist_ok=True)


def path(name):
    return os.path.join(out, name + ".zip")


def add_tree(z, src, prefix):
    """src's files under prefix in z, folders first as `zip -r` writes them."""
    for root, dirs, files in os.walk(src):
        dirs.sort()
        rel = os.path.relpath(root, src)
        if prefix or rel != ".":
            z.write(root, prefix + ("" if rel == "." else rel + "/"))
        for f in sorted(files):
            if f == "expected.txt":
                continue
            p = os.path.join(root, f)
            z.write(p, prefix + os.path.relpath(p, src))


def package(name, src, prefix):
    with zipfile.ZipFile(path(name), "w", zipfile.ZIP_DEFLATED) as z:
        add_tree(z, os.path.join(hsds, src), prefix)


# Good: an HSDS 1.x-style export whose datapackage.json lists its CSVs under data/, zipped with
# its folder (the common case); an HSDS 3.0 package zipped flat; 2.x CSVs with no
# datapackage.json (named by the zip's name); HSDS 3.0 JSON alone, with the files a Mac adds.
package("hampden-export", "variant-datapackage", "export-2026-12/")
package("ma-3.0", "ma-3.0", "")
package("ma-2.x-export", "ma-2.x", "ma-2.x/")
with zipfile.ZipFile(path("json-export"), "w", zipfile.ZIP_DEFLATED) as z:
    z.write(os.path.join(hsds, "variant-json-shapes", "service-at-locations-page.json"), "services.json")
    z.writestr("__MACOSX/._services.json", b"\0\5\26\7")
    z.writestr(".DS_Store", b"\0\0\0\1Bud1")
# Saved by Excel as Windows-1252 (the summary notes it): as it is, and with a row without a name.
package("excel-1252", "excel-windows-1252", "excel/")
with zipfile.ZipFile(path("excel-1252-bad-row"), "w", zipfile.ZIP_DEFLATED) as z:
    src = os.path.join(hsds, "excel-windows-1252")
    for f in sorted(os.listdir(src)):
        data = open(os.path.join(src, f), "rb").read()
        if f == "services.csv":
            data += b"\r\nsvc-3,org-1,,Caf\xe9 without a name,active,None\r\n"
        z.writestr(f, data)
# Refused rows: a bad holiday (refused whole, or its valid rows with --lenient) and bad times.
package("bad-holiday", "lenient-bad-holiday", "pkg/")
package("bad-time", "bad-time", "")

# Hostile archives.
with zipfile.ZipFile(path("slip"), "w") as z:
    z.writestr("services.csv", "id,name\n")
    z.writestr("../../evil.csv", "x")
with zipfile.ZipFile(path("absolute"), "w") as z:
    z.writestr("/tmp/belong-evil.csv", "x")


def special(name, entry, mode, data):
    info = zipfile.ZipInfo(entry)
    info.create_system = 3  # unix: the mode is in the high bits
    info.external_attr = mode << 16
    with zipfile.ZipFile(path(name), "w") as z:
        z.writestr("services.csv", "id,name\n")
        z.writestr(info, data)


special("symlink", "data/link.csv", 0o120777, "/etc/passwd")
special("device", "data/dev", 0o020644, "")
with zipfile.ZipFile(path("many"), "w") as z:
    for i in range(1001):
        z.writestr("f%04d.csv" % i, "")
# A zip bomb: 40 MiB of zeros in 40 KiB (tests set BELONG_UNZIP_MAX_MIB=8); and one that lies,
# its headers declaring 100 bytes for the same 40 MiB.
with zipfile.ZipFile(path("bomb"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("services.csv", b"\0" * (40 << 20))
data = bytearray(open(path("bomb"), "rb").read())
struct.pack_into("<I", data, data.find(b"PK\x03\x04") + 22, 100)
struct.pack_into("<I", data, data.find(b"PK\x01\x02") + 24, 100)
open(path("liar"), "wb").write(bytes(data))
# Encrypted: the general-purpose flag's bit 0 set in every header (traditional PKWARE).
data = bytearray(open(path("ma-3.0"), "rb").read())
for sig, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
    i = data.find(sig)
    while i >= 0:
        data[i + at] |= 1
        i = data.find(sig, i + 4)
open(path("encrypted"), "wb").write(bytes(data))
# Cut short (a download that stopped half way), and not a zip at all under a .zip name.
data = open(path("ma-3.0"), "rb").read()
open(path("cut"), "wb").write(data[: len(data) // 2])
open(path("garbage"), "wb").write(b"PK\x03\x04 not really a zip archive")
# No package: other files, two top-level folders, nothing at all.
with zipfile.ZipFile(path("no-package"), "w") as z:
    z.writestr("README.txt", "the export is on the other page")
    z.writestr("notes/today.txt", "x")
with zipfile.ZipFile(path("two-folders"), "w") as z:
    z.writestr("a/services.csv", "id,name\n")
    z.writestr("b/services.csv", "id,name\n")
with zipfile.ZipFile(path("empty"), "w") as z:
    pass
# Two entries of one name (libarchive's writer would keep the last: which is meant cannot be
# told), also spelt ./NAME; a file with the name of a folder another entry is in.
warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
services = open(os.path.join(hsds, "ma-3.0", "services.csv"), "rb").read()
for name, second in (("duplicate", "services.csv"), ("duplicate-dot", "./services.csv"),
                     ("file-folder", "services.csv/x.csv")):
    with zipfile.ZipFile(path(name), "w") as z:
        add_tree(z, os.path.join(hsds, "ma-3.0"), "")
        z.writestr(second, services)
# A zip inside the zip, alone at the top or in the one folder: one level is read.
for name, entry in (("zip-in-zip", "ma-3.0.zip"), ("zip-in-zip-folder", "export/ma-3.0.zip")):
    with zipfile.ZipFile(path(name), "w") as z:
        z.write(path("ma-3.0"), entry)
