#!/usr/bin/env bash
# Rebuilds the signing corpus in this folder from real producers. The PDFs are
# committed (small), so tests do not need the producers; run this to refresh.
# Needs: go, ghostscript, qpdf, mupdf-tools, groff, chromium,
# poppler-utils and libnss3-tools (pdfsig signs one file as "another tool").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cd "$here"

# Go producers: fpdf, pdfcpu (object streams), hand-built hybrid and form files.
(cd "$root" && go run ./signer/testdata/corpus/gen "$here")

# Ghostscript from PostScript: classic xref, and PDF 2.0.
cat > "$tmp/doc.ps" <<'PS'
%!PS
/Helvetica findfont 16 scalefont setfont
72 740 moveto (Decret d'Alcaldia - document de prova) show
/Helvetica findfont 11 scalefont setfont
0 1 30 { /i exch def 72 700 i 18 mul sub moveto (Linia de text generada per Ghostscript.) show } for
showpage
72 740 moveto (Segona pagina) show showpage
PS
gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -dCompatibilityLevel=1.7 -o ghostscript.pdf "$tmp/doc.ps"
gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -dCompatibilityLevel=2.0 -o ghostscript-pdf20.pdf "$tmp/doc.ps"

# qpdf: object streams, linearized, linearized with object streams, rotated page.
qpdf --object-streams=generate ghostscript.pdf qpdf-objstm.pdf
qpdf --linearize ghostscript.pdf qpdf-linearized.pdf
qpdf --linearize --object-streams=generate fpdf-20pages.pdf qpdf-linearized-objstm.pdf
qpdf --rotate=+90:1 ghostscript.pdf qpdf-rotated.pdf

# MuPDF: a page from a content stream; mutool clean with compression.
cat > "$tmp/page.txt" <<'TXT'
%%MediaBox 0 0 595 842
%%Font Helv Helvetica
BT /Helv 14 Tf 72 760 Td (Diligencia d'arxiu - MuPDF) Tj ET
TXT
mutool create -o mutool.pdf "$tmp/page.txt"
mutool clean -gg -z ghostscript-pdf20.pdf mutool-clean.pdf

# groff (gropdf).
printf '.TL\nNota de visita domiciliaria\n.PP\nText generat amb groff.\n' | groff -ms -Tpdf > groff.pdf

# Chromium printing HTML.
cat > "$tmp/page.html" <<'HTML'
<!doctype html><meta charset="utf-8"><title>Volant</title>
<h1>Volant d'empadronament</h1><p>Document imprès amb Chromium: à è é í ï ò ó ú ü ç l·l ñ.</p>
HTML
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync --user-data-dir="$tmp/chrome" \
	--no-pdf-header-footer --print-to-pdf="$here/chromium.pdf" "file://$tmp/page.html" 2>/dev/null

# Already signed by another tool: poppler's pdfsig with an example signer's key in NSS.
mkdir "$tmp/nss"
certutil -N -d "sql:$tmp/nss" --empty-password
certutil -A -d "sql:$tmp/nss" -n root -t "CT,C,C" -i "$root/certs-example/root-ca.pem"
pk12util -i "$root/certs-example/vocal-sbas.p12" -d "sql:$tmp/nss" -W 6666 -K "" >/dev/null
nick="$(certutil -L -d "sql:$tmp/nss" | awk '/u,u,u/ {sub(/ +u,u,u$/, ""); print; exit}')"
pdfsig -nssdir "sql:$tmp/nss" -add-signature -nick "$nick" -reason "Signat amb pdfsig" \
	ghostscript.pdf signed-pdfsig.pdf

rm -f fpdf-20pages.pdf.tmp
ls -la "$here"/*.pdf
