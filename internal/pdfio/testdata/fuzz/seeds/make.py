#!/usr/bin/env python3
"""Writes the tiny seed PDFs of the fuzz targets (a few hundred bytes each).

The objects are written by hand below; only the byte offsets of the
cross-reference data are computed. Run from this folder: python3 make.py
"""
import zlib

FONT = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"
TEXT = b"BT /F1 12 Tf 72 720 Td (Hola) Tj ET"


def stream(d, data):
    return d[:-2] + b"/Length %d>>" % len(data) + b"\nstream\n" + data + b"\nendstream"


def body(objs, head=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", start=0):
    """Objects numbered from 1; returns the bytes and each object's offset."""
    out, offs = bytearray(head), {}
    for num, o in objs:
        offs[num] = start + len(out)
        out += b"%d 0 obj\n" % num + o + b"\nendobj\n"
    return bytes(out), offs


def table(offs, trailer, at):
    nums = sorted(offs)
    x = b"xref\n0 1\n0000000000 65535 f \n"
    for n in nums:
        x += b"%d 1\n%010d 00000 n \n" % (n, offs[n])
    return x + b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % at


def xref_table(objs, trailer=b""):
    b, offs = body(objs)
    size = max(offs) + 1
    return b + table(offs, b"<</Size %d/Root 1 0 R%s>>" % (size, trailer), len(b))


def xref_stream(objs, compressed=(), filt=False):
    """Objects in compressed go into object stream 9 (uncompressed)."""
    plain = [(n, o) for n, o in objs if n not in compressed]
    packed = [(n, o) for n, o in objs if n in compressed]
    if packed:
        heads, data = [], b""
        for n, o in packed:
            heads.append(b"%d %d" % (n, len(data)))
            data += o + b" "
        head = b" ".join(heads) + b" "
        plain.append((9, stream(b"<</Type/ObjStm/N %d/First %d>>" % (len(packed), len(head)), head + data)))
    b, offs = body(plain)
    xnum = 10
    offs[xnum] = len(b)
    rows = [b"\x00\x00\x00\xff"]
    for n in range(1, xnum + 1):
        if n in offs:
            rows.append(bytes([1]) + offs[n].to_bytes(2, "big") + b"\x00")
        elif n in compressed:
            rows.append(bytes([2]) + (9).to_bytes(2, "big") + bytes([[p for p, _ in packed].index(n)]))
        else:
            rows.append(b"\x00\x00\x00\x00")
    raw, d = b"".join(rows), b"<</Type/XRef/Size %d/W[1 2 1]/Root 1 0 R>>" % (xnum + 1)
    if filt:
        # PNG "Up" predictor, as most writers do.
        pred, prev = b"", bytes(4)
        for r in rows:
            pred += b"\x02" + bytes((a - p) % 256 for a, p in zip(r, prev))
            prev = r
        raw = zlib.compress(pred)
        d = d.replace(b">>", b"/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns 4>>>>")
    return b + b"%d 0 obj\n" % xnum + stream(d, raw) + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % offs[xnum]


PAGE = [
    (1, b"<</Type/Catalog/Pages 2 0 R>>"),
    (2, b"<</Type/Pages/Kids[3 0 R]/Count 1>>"),
    (3, b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 400]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>"),
    (4, stream(b"<<>>", TEXT)),
    (5, FONT),
]

INHERIT = [
    (1, b"<</Type/Catalog/Pages 2 0 R>>"),
    (2, b"<</Type/Pages/Kids[6 0 R 3 0 R]/Count 2/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>>>"),
    (3, b"<</Type/Page/Parent 2 0 R/Contents 4 0 R/CropBox[10 10 500 800]>>"),
    (4, stream(b"<<>>", TEXT)),
    (5, FONT),
    (6, b"<</Type/Pages/Parent 2 0 R/Kids[7 0 R]/Count 1/Rotate 90>>"),
    (7, b"<</Type/Page/Parent 6 0 R/Contents 4 0 R>>"),
]

FORM = [
    (1, b"<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[6 0 R]>>>>"),
    (2, b"<</Type/Pages/Kids[3 0 R]/Count 1>>"),
    (3, b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 400]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>/Annots[6 0 R]>>"),
    (4, stream(b"<<>>", TEXT)),
    (5, FONT),
    (6, b"<</Type/Annot/Subtype/Widget/FT/Sig/T(Signatura1)/Rect[0 0 0 0]/F 132/P 3 0 R>>"),
]


def update(base):
    """base plus an incremental update that replaces the page."""
    start = base.rindex(b"startxref\n") + len(b"startxref\n")
    prev = int(base[start:base.index(b"\n", start)])
    page = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 400]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>/Rotate 180>>"
    b, offs = body([(3, page)], head=b"", start=len(base))
    return base + b + table(offs, b"<</Size 6/Root 1 0 R/Prev %d>>" % prev, len(base) + len(b))


SEEDS = {
    "page.pdf": xref_table(PAGE),
    "inherit.pdf": xref_table(INHERIT),
    "form.pdf": xref_table(FORM),
    "update.pdf": update(xref_table(PAGE)),
    "xrefstm.pdf": xref_stream(PAGE),
    "objstm.pdf": xref_stream(PAGE, compressed=(1, 2, 5)),
    "flate.pdf": xref_stream(PAGE, compressed=(2, 5), filt=True),
}

if __name__ == "__main__":
    for name, data in SEEDS.items():
        with open(name, "wb") as f:
            f.write(data)
