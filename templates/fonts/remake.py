#!/usr/bin/python3
"""Remakes SegellSans-{Regular,Bold,Italic}.ttf from Debian's Liberation Sans.

Run from this folder with Debian's Python and fontTools:

    apt-get install -y fonts-liberation2 python3-fonttools
    /usr/bin/python3 remake.py [DIR]

With DIR, it also writes there the Windows-1252 subsets that cp1252/ turns
into the .z and .json files of the fast path (see README.md).

See README.md for what the subset holds and why.
"""

import sys

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = "/usr/share/fonts/truetype/liberation2/LiberationSans-%s.ttf"
STYLES = ("Regular", "Bold", "Italic")
FAMILY = "Segell Sans"
RESERVED = "Liberation"

# Code points to keep, where the source has a glyph for them.
UNICODES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x0180, 0x024F),  # Latin Extended-B
    (0x0259, 0x0259),  # ə (Azerbaijani)
    (0x02B9, 0x02DD),  # modifier letters and spacing accents: ʻ ʼ ˆ ˇ ˘ ˙ ˚ ˛ ˜ ˝
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x0400, 0x0482),  # Cyrillic, without the combining marks U+0483-0489,
    (0x048A, 0x04FF),  # which fpdf cannot place over a letter
    (0x0500, 0x052F),  # Cyrillic Supplement
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese, ẞ, Welsh ẁ ẃ ẅ)
    (0x2010, 0x2027),  # dashes, quotes, dagger, bullet, ellipsis
    (0x2030, 0x203A),  # per mille, primes, ‹ ›
    (0x20AC, 0x20AC),  # €
    (0x2116, 0x2116),  # №
    (0x2122, 0x2122),  # ™
]


# The Windows-1252 repertoire, for the fast path of documents whose text
# needs nothing else (see README.md).
CP1252 = [(0x0020, 0x007E), (0x00A0, 0x00FF), (0x0152, 0x0153), (0x0160, 0x0161),
          (0x0178, 0x0178), (0x017D, 0x017E), (0x0192, 0x0192), (0x02C6, 0x02C6),
          (0x02DC, 0x02DC), (0x2013, 0x2014), (0x2018, 0x201A), (0x201C, 0x201E),
          (0x2020, 0x2022), (0x2026, 0x2026), (0x2030, 0x2030), (0x2039, 0x203A),
          (0x20AC, 0x20AC), (0x2122, 0x2122)]


def unicodes(ranges=UNICODES):
    return [u for lo, hi in ranges for u in range(lo, hi + 1)]


def rename(font, style):
    """Gives the subset its own name, as the OFL asks of modified versions."""
    postscript = FAMILY.replace(" ", "") + ("" if style == "Regular" else "-" + style)
    full = FAMILY if style == "Regular" else FAMILY + " " + style
    names = {1: FAMILY, 3: "Segell: " + full, 4: full, 6: postscript}
    table = font["name"]
    for rec in table.names:
        if rec.nameID in names:
            rec.string = names[rec.nameID]
    for rec in table.names:
        if rec.nameID != 0 and RESERVED in rec.toUnicode():
            sys.exit("%s: name %d still says %r" % (style, rec.nameID, rec.toUnicode()))


def main():
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.notdef_outline = True
    options.glyph_names = False
    out1252 = sys.argv[1] if len(sys.argv) > 1 else None
    for style in STYLES:
        for ranges, path in ((UNICODES, "SegellSans-%s.ttf" % style),
                             (CP1252, out1252 and "%s/SegellSans-%s.ttf" % (out1252, style))):
            if path is None:
                continue
            font = TTFont(SOURCE % style, recalcTimestamp=False)
            sub = subset.Subsetter(options)
            sub.populate(unicodes=unicodes(ranges))
            sub.subset(font)
            # go-pdf/fpdf reads only these tables; the rest would be dead weight.
            for tag in ("GDEF", "GPOS", "GSUB", "kern", "FFTM", "gasp"):
                if tag in font:
                    del font[tag]
            rename(font, style)
            font.save(path)


if __name__ == "__main__":
    main()
