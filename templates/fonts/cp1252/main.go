// Command cp1252 turns the Windows-1252 subsets of Segell Sans into the
// compressed font and metrics files of go-pdf/fpdf's single-byte TrueType
// support, the fast path of documents that print nothing else (see
// ../README.md):
//
//	go run ./templates/fonts/cp1252 -map FPDF/font/cp1252.map -o templates/fonts DIR/SegellSans-*.ttf
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/go-pdf/fpdf"
)

func main() {
	encoding := flag.String("map", "", "fpdf's cp1252.map")
	out := flag.String("o", ".", "output folder")
	flag.Parse()
	for _, ttf := range flag.Args() {
		if err := fpdf.MakeFont(ttf, *encoding, *out, os.Stderr, true); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
