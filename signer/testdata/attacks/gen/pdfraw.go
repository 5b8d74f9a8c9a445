package main

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// doc is a PDF that the generator extends by hand, one incremental update
// at a time. It reads only what it needs with regular expressions: every
// file it works on was written by the corpus tools, segell or itself, with
// classic cross-reference tables.
type doc struct{ b []byte }

// clone returns a copy that can be extended without touching d.
func (d doc) clone() doc { return doc{append([]byte(nil), d.b...)} }

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	sizeRE      = regexp.MustCompile(`/Size\s+(\d+)`)
)

// startxref is the offset the file's last startxref names.
func (d doc) startxref() int64 {
	m := startxrefRE.FindSubmatch(d.b)
	if m == nil {
		panic("no startxref at the end of the file")
	}
	n, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return n
}

// size is the /Size of the last trailer.
func (d doc) size() int {
	all := sizeRE.FindAllSubmatch(d.b, -1)
	n, _ := strconv.Atoi(string(all[len(all)-1][1]))
	return n
}

// obj returns the body of the newest definition of object num (between
// "num 0 obj" and "endobj"), the one an update would replace.
func (d doc) obj(num int) string {
	re := regexp.MustCompile(fmt.Sprintf(`(?:^|[\r\n])%d 0 obj\s*`, num))
	locs := re.FindAllIndex(d.b, -1)
	if locs == nil {
		panic(fmt.Sprintf("object %d not found", num))
	}
	start := locs[len(locs)-1][1]
	end := bytes.Index(d.b[start:], []byte("endobj"))
	return strings.TrimSpace(string(d.b[start : start+end]))
}

// objOffset is the offset of the newest "num 0 obj".
func (d doc) objOffset(num int) int {
	re := regexp.MustCompile(fmt.Sprintf(`(?:^|[\r\n])%d 0 obj`, num))
	locs := re.FindAllIndex(d.b, -1)
	loc := locs[len(locs)-1]
	if d.b[loc[0]] == '\n' || d.b[loc[0]] == '\r' {
		return loc[0] + 1
	}
	return loc[0]
}

// object is one object of an update: a dictionary or other value, or a
// stream when data is not nil (dict then holds the entries without /Length).
type object struct {
	num  int
	body string
	data []byte
}

func stream(num int, dict string, data []byte) object {
	return object{num: num, body: dict, data: data}
}

func (o object) bytes() []byte {
	if o.data == nil {
		return fmt.Appendf(nil, "%d 0 obj\n%s\nendobj\n", o.num, o.body)
	}
	b := fmt.Appendf(nil, "%d 0 obj\n<<%s/Length %d>>\nstream\n", o.num, o.body, len(o.data))
	b = append(b, o.data...)
	return append(b, "\nendstream\nendobj\n"...)
}

// update appends objs, a cross-reference table and a trailer. trailer holds
// extra trailer entries (/Info, a replaced /Root); prev, when not nil,
// overrides /Prev (the /Prev 0 attack). It returns the offsets written.
func (d *doc) update(objs []object, trailer string, prev *int64) map[int]int {
	offs := map[int]int{}
	if len(d.b) > 0 && d.b[len(d.b)-1] != '\n' {
		d.b = append(d.b, '\n')
	}
	p := d.startxref()
	if prev != nil {
		p = *prev
	}
	size := d.size()
	for _, o := range objs {
		offs[o.num] = len(d.b)
		d.b = append(d.b, o.bytes()...)
		size = max(size, o.num+1)
	}
	d.finish(offs, size, p, trailer)
	return offs
}

// finish writes a cross-reference table for offs and a trailer.
func (d *doc) finish(offs map[int]int, size int, prev int64, trailer string) {
	nums := make([]int, 0, len(offs))
	for n := range offs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	xref := len(d.b)
	d.b = append(d.b, "xref\n"...)
	for i := 0; i < len(nums); {
		j := i
		for j+1 < len(nums) && nums[j+1] == nums[j]+1 {
			j++
		}
		d.b = fmt.Appendf(d.b, "%d %d\n", nums[i], j-i+1)
		for _, n := range nums[i : j+1] {
			d.b = fmt.Appendf(d.b, "%010d 00000 n \n", offs[n])
		}
		i = j + 1
	}
	root := "/Root 1 0 R"
	if strings.Contains(trailer, "/Root") {
		root = ""
	}
	d.b = fmt.Appendf(d.b, "trailer\n<</Size %d%s/Prev %d%s>>\nstartxref\n%d\n%%%%EOF\n", size, root, prev, trailer, xref)
}

// ref is "num 0 R".
func ref(num int) string { return fmt.Sprintf("%d 0 R", num) }

// set replaces or adds the entry key (with its leading slash) of a
// dictionary body written on one level, as the generator's and segell's are.
// It works on the top level only: nested dictionaries are skipped.
func set(dict, key, value string) string {
	body := strings.TrimSpace(dict)
	body = strings.TrimSuffix(strings.TrimPrefix(body, "<<"), ">>")
	if i := topLevelKey(body, key); i >= 0 {
		end := valueEnd(body, i+len(key))
		body = body[:i] + body[end:]
	}
	return "<<" + body + key + " " + value + ">>"
}

// del removes the top-level entry key.
func del(dict, key string) string {
	body := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(dict), "<<"), ">>")
	if i := topLevelKey(body, key); i >= 0 {
		body = body[:i] + body[valueEnd(body, i+len(key)):]
	}
	return "<<" + body + ">>"
}

// topLevelKey finds key at nesting depth 0 of a dictionary body.
func topLevelKey(body, key string) int {
	depth := 0
	for i := 0; i < len(body); i++ {
		switch {
		case strings.HasPrefix(body[i:], "<<"):
			depth++
			i++
		case strings.HasPrefix(body[i:], ">>"):
			depth--
			i++
		case body[i] == '[':
			depth++
		case body[i] == ']':
			depth--
		case body[i] == '(':
			i = stringEnd(body, i) - 1
		case depth == 0 && strings.HasPrefix(body[i:], key):
			if e := i + len(key); e == len(body) || strings.IndexByte("/[<( \n\r\t", body[e]) >= 0 {
				return i
			}
		}
	}
	return -1
}

// valueEnd returns where the value starting after a key ends.
func valueEnd(body string, i int) int {
	for i < len(body) && strings.IndexByte(" \n\r\t", body[i]) >= 0 {
		i++
	}
	depth := 0
	for j := i; j < len(body); j++ {
		switch {
		case strings.HasPrefix(body[j:], "<<"):
			depth++
			j++
		case strings.HasPrefix(body[j:], ">>"):
			depth--
			j++
			if depth == 0 {
				return j + 1
			}
		case body[j] == '[':
			depth++
		case body[j] == ']':
			depth--
			if depth == 0 {
				return j + 1
			}
		case body[j] == '(':
			j = stringEnd(body, j) - 1
			if depth == 0 {
				return j + 1
			}
		case depth == 0 && j > i && strings.IndexByte("/ \n\r\t", body[j]) >= 0:
			// the end of a name, number or reference ("7 0 R" has spaces)
			if body[j] == '/' || !refContinues(body[i:j], body[j:]) {
				return j
			}
		}
	}
	return len(body)
}

// refContinues says whether "7" or "7 0" is followed by the rest of a reference.
func refContinues(sofar, rest string) bool {
	f := strings.Fields(sofar)
	r := strings.TrimLeft(rest, " \n\r\t")
	switch len(f) {
	case 1:
		return len(r) > 0 && r[0] >= '0' && r[0] <= '9'
	case 2:
		return strings.HasPrefix(r, "R")
	}
	return false
}

// stringEnd returns the index after the literal string starting at i.
func stringEnd(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(s)
}
