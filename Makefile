# segell — make help lists the targets.
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)
GO      ?= go

.PHONY: help build run test fuzz bench lint fmt certs clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

build: ## build bin/segell
	$(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o bin/segell ./cmd/segell

run: build ## serve on http://127.0.0.1:8080 (SQLite and ./data; demo data on first run); Ctrl-C stops it
	./bin/segell serve --demo --certs certs-example

test: ## the whole test suite with -race, then every fuzz target for FUZZTIME_CI (tools missing: skip locally, fail with CI=true)
	$(GO) test -race -count=1 -timeout 40m ./...
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME_CI)

# Fuzzing budgets per target, as counts of executions: with a duration
# (-fuzztime 60s) Go 1.26 sometimes fails a target with "context deadline
# exceeded" when the time runs out, without any failing input
# (go.dev/issue/75804, fixed in Go 1.27). The targets run 3,000 to 6,000
# times a second on two cores, so 300000x is about a minute and 40000x about
# ten seconds. FUZZTIME=10m works too, with that risk.
FUZZTIME    ?= 300000x
FUZZTIME_CI ?= 40000x
# Minimizing a new input is bounded by a count, not a time: when a timed
# minimization runs out, go test kills the worker process and the executions
# it made are lost, which left the fuzzers at a few executions a second.
FUZZMIN     ?= 200x

fuzz: ## every fuzz target for FUZZTIME each (go test -fuzz takes one package and one target at a time)
	@set -e; for file in $$(grep -rl --include='*_test.go' --exclude-dir=testdata --exclude-dir=.git '^func Fuzz' . | sort); do \
		for target in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$file); do \
			echo "$(GO) test -run '^$$' -fuzz '^$$target$$' -fuzztime $(FUZZTIME) $$(dirname $$file)"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMIN) $$(dirname $$file); \
		done; \
	done

bench: ## benchmarks (figures for notes and the README)
	$(GO) test -run '^$$' -bench . -benchmem ./...

GOBIN_DIR := $(shell $(GO) env GOPATH)/bin

lint: ## go vet, gofmt, staticcheck and govulncheck when installed (also looked for in GOPATH/bin)
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	@PATH="$(GOBIN_DIR):$$PATH"; if command -v staticcheck >/dev/null; then staticcheck ./...; else echo "staticcheck not installed (go install honnef.co/go/tools/cmd/staticcheck@latest)"; fi
	@PATH="$(GOBIN_DIR):$$PATH"; if command -v govulncheck >/dev/null; then govulncheck ./...; else echo "govulncheck not installed"; fi

fmt: ## gofmt the tree
	gofmt -w $$(git ls-files '*.go')

certs: ## regenerate the example PKI in certs-example/
	$(GO) run ./cmd/segell certs init certs-example

clean: ## remove build output and local data
	rm -rf bin data
