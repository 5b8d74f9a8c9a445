package templates_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
	"github.com/segell/segell/stamp"
	"github.com/segell/segell/templates"
)

func sealKey(t testing.TB) *signer.Key {
	t.Helper()
	k, err := signer.LoadPKCS12File(filepath.Join(testenv.RepoRoot(t), "certs-example", "segell-organ.p12"), "1111")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// volantPipeline renders a volant, stamps it and seals it visibly in its slot.
func volantPipeline(t testing.TB, r *templates.Renderer, st *stamp.Stamper, sg *signer.Signer, v *templates.VolantEmpadronament, w io.Writer) {
	rendered, err := r.Render(v)
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := stamp.NewCSV(nil)
	eni, _ := stamp.NewENI("L01170950", 2026, nil)
	h := stamp.Header{DocumentType: rendered.Meta.Title, Organ: templates.Lloret.Name, CSV: csv, ENI: eni,
		Origin: stamp.OriginAdministration, Date: time.Now(), ValidationURL: "https://seu.lloret.cat/validacio"}
	var stamped bytes.Buffer
	if _, err := st.Stamp(context.Background(), bytes.NewReader(rendered.PDF), &stamped, h, stamp.Options{KeepLayout: true}); err != nil {
		t.Fatal(err)
	}
	slot := rendered.Slots[0]
	if _, err := sg.Sign(context.Background(), bytes.NewReader(stamped.Bytes()), w, signer.Options{
		Reason: "Segell d'òrgan", Visible: &signer.Placement{Page: slot.Page, X: slot.X, Y: slot.Y, W: slot.W, H: slot.H},
	}); err != nil {
		t.Fatal(err)
	}
}

func volantData() *templates.VolantEmpadronament {
	return &templates.VolantEmpadronament{
		Person:  templates.Resident{Name: "Núria Puigdemont i Solà", IDDocument: "40000011K", BirthDate: templates.D(1985, 4, 2), Since: templates.D(2026, 11, 17)},
		Address: "C. de la Riera, 14, 2n 1a, 17310 Lloret de Mar",
		Issued:  templates.D(2026, 11, 22),
	}
}

// TestVolantSealed: render → stamp → seal; pdfsig says the seal is valid and
// trusted and covers the document, and the text is still the volant's.
func TestVolantSealed(t *testing.T) {
	pdfsig := testenv.Tool(t, "pdfsig")
	nss := testenv.NSSDB(t, filepath.Join(testenv.RepoRoot(t), "certs-example", "root-ca.pem"))
	st, _ := stamp.New(stamp.Config{})
	sg, err := signer.New(signer.Config{Key: sealKey(t)})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	volantPipeline(t, templates.New(templates.Config{}), st, sg, volantData(), &out)
	path := filepath.Join(t.TempDir(), "volant.pdf")
	os.WriteFile(path, out.Bytes(), 0o644)
	res, _ := exec.Command(pdfsig, "-nssdir", nss, path).CombinedOutput()
	for _, want := range []string{"Signature is Valid.", "Certificate is Trusted.", "Total document signed"} {
		if !strings.Contains(string(res), want) {
			t.Fatalf("pdfsig lacks %q:\n%s", want, res)
		}
	}
	if text := strings.Join(pagesText(t, out.Bytes()), ""); !strings.Contains(text, "Núria Puigdemont i Solà") {
		t.Fatal("the sealed volant lost its text")
	}
}

// Run with: go test -run '^$' -bench . -benchmem ./templates/

func BenchmarkRenderVolant(b *testing.B) {
	r := templates.New(templates.Config{})
	v := volantData()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVolantPipeline is the whole automatic volant: render, stamp, seal.
func BenchmarkVolantPipeline(b *testing.B) {
	r := templates.New(templates.Config{})
	st, _ := stamp.New(stamp.Config{})
	sg, err := signer.New(signer.Config{Key: sealKey(b)})
	if err != nil {
		b.Fatal(err)
	}
	v := volantData()
	b.ReportAllocs()
	for b.Loop() {
		volantPipeline(b, r, st, sg, v, io.Discard)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "volants/s")
}
