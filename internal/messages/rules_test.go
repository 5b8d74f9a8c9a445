package messages

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/storage"
	"github.com/segell/segell/workflow"
)

// TestEveryRuleSaid reads the workflow's source for every rule it can
// refuse with (the first argument of ruleErr, a RuleError's Rule, as a
// literal or a constant) and requires a Catalan text for each, so that the
// table cannot fall behind the code.
func TestEveryRuleSaid(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(testenv.RepoRoot(t), "workflow", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]string{}
	var found []ast.Expr
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch v := n.(type) {
			case *ast.ValueSpec:
				for i, name := range v.Names {
					if i < len(v.Values) {
						if lit, ok := v.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[name.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			case *ast.CallExpr:
				if id, ok := v.Fun.(*ast.Ident); ok && id.Name == "ruleErr" && len(v.Args) > 0 {
					found = append(found, v.Args[0])
				}
			case *ast.KeyValueExpr:
				if k, ok := v.Key.(*ast.Ident); ok && k.Name == "Rule" {
					found = append(found, v.Value)
				}
			}
			return true
		})
	}
	n := 0
	for _, e := range found {
		var rule string
		switch v := e.(type) {
		case *ast.BasicLit:
			rule, _ = strconv.Unquote(v.Value)
		case *ast.Ident:
			var ok bool
			if rule, ok = consts[v.Name]; !ok {
				continue // a parameter (ruleErr's own body)
			}
		default:
			continue // built at run time (the transition table): Rule says it generically
		}
		n++
		if _, ok := rules[rule]; !ok {
			t.Errorf("no Catalan text for the rule %q", rule)
		}
	}
	if n < 20 {
		t.Fatalf("found only %d rules in the workflow's source", n)
	}
}

// TestDescribe: a rule error is said in Catalan with its detail; typed
// errors get their sentence; an encrypted file is spoken of for what the
// operation does.
func TestDescribe(t *testing.T) {
	rule := &workflow.RuleError{Rule: "§6.12 two visits on different days and time bands", What: "expedient 2666/2026/000001"}
	for _, c := range []struct {
		op   string
		err  error
		want string
	}{
		{"", fmt.Errorf("visit: %w", rule), "dues visites en dies i franges horàries diferents (expedient 2666/2026/000001)"},
		{"", &workflow.RuleError{Rule: `from "registrat" only "assignat"`, What: "x"}, "no pot fer aquest pas"},
		{"get", fmt.Errorf("lookup: %w", storage.ErrNotFound), "no hi ha cap document amb aquest CSV"},
		{"verify", errors.Join(errors.New("x"), storage.ErrUnavailable), "no respon"},
	} {
		if got := Describe(c.op, c.err); !strings.Contains(got, c.want) {
			t.Errorf("Describe(%q, %v) = %q, want it to contain %q", c.op, c.err, got, c.want)
		}
	}
}
