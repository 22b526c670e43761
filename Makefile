# svhub build. `make demo` and `make test` are the two commands a new
# machine needs; everything else they fetch through the Go proxy and npm.

GO      ?= go
ECHARTS := report/html/assets/echarts.common.min.js
BIN     := bin/svhub
# The version svhub reports (--version, export manifests, run logs).
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# Only the DuckDB library for this platform is fetched: never a bare
# `go mod download`, which pulls every platform's (~570 MB).
export CGO_ENABLED := 1

.PHONY: build demo test test-all vet bench clean fuzz test-spark

build: $(BIN)

# The ECharts JavaScript comes from the echarts npm package pinned in
# package-lock.json and is embedded into the binary; it is never committed.
# The "common" build (bar, line, tooltip, legend, SVG renderer: all the
# dashboard draws) is 664 KB against the full build's 1,034 KB, which a
# national dashboard needs to stay under 3 MB. The full build an older
# checkout copied is removed so it is not embedded too.
$(ECHARTS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	cp node_modules/echarts/dist/echarts.common.min.js $@
	rm -f report/html/assets/echarts.min.js

$(BIN): $(ECHARTS) $(shell find . -name '*.go' -o -name '*.sql' -o -name '*.csv' -o -name '*.tmpl' -o -name '*.py' | grep -v node_modules) go.mod go.sum
	@mkdir -p bin
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $@ ./cmd/svhub

demo: $(BIN)
	./$(BIN) demo --out svhub-demo

# Every test binary that reaches the database links DuckDB's static library
# (eight of them): LLVM's lld (Debian's lld, which .ci/run installs) links
# one in about half the time GNU ld takes. It is used when the machine has
# it, else the default linker; the tests are the same either way. -w leaves
# out the DWARF debug tables no test run reads (a failing test's stack
# trace comes from the runtime's own tables): a quarter of each DuckDB
# link's CPU (2.1 -> 1.6 s). Debug a test binary with `go test -c`.
FAST_LD      := $(if $(shell command -v ld.lld 2>/dev/null),lld)
TEST_LDFLAGS := -ldflags='-w$(if $(FAST_LD), -extldflags=-fuse-ld=$(FAST_LD))'

# make test is the fast suite a developer runs after each change (about a
# minute on two idle cores: README "Tests"): vet and every package's tests
# under -short, which skips the browser tests, the kill -9 crash tests and
# the slowest end-to-end runs. make test-all runs everything (.ci/run runs
# it, then test-windows and test-spark): every test in full and the fuzz
# targets.
test: $(ECHARTS)
	$(GO) vet ./...
	$(GO) test $(TEST_LDFLAGS) -short -count=1 -timeout 20m ./...

test-all: $(ECHARTS)
	$(GO) vet ./...
	$(GO) test $(TEST_LDFLAGS) -count=1 -timeout 20m ./...
	$(MAKE) --no-print-directory fuzz

# Each fuzz target runs briefly on every `make test-all` (its committed seed
# corpus, in code and under testdata/fuzz/, also runs in plain `go test`).
# FUZZTIME counts inputs (a time limit can run out while the seeds are
# still being measured on a busy machine); run longer by hand with
# make fuzz FUZZTIME=5m. FuzzXLSX (crafted workbooks, each opened by
# excelize) runs a few hundred inputs a second, so it gets the same count.
FUZZTIME ?= 1000x
FUZZ_TARGETS := internal/safename:FuzzName ingest/value:FuzzNumber ingest/value:FuzzNumberDecimalComma ingest/value:FuzzDate \
	ingest/value:FuzzPeriod ingest/schema:FuzzClassify ingest/tabular:FuzzCSV ingest/tabular:FuzzXLSX ingest/tabular:FuzzSheetXML \
	ingest/tabular:FuzzSheetCells
fuzz:
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
	  echo "fuzz $$fn in ./$$pkg for $(FUZZTIME)"; \
	  $(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) -parallel 1 ./$$pkg || exit 1; \
	done

# The Spark conformance test: the sql/ models rendered for Spark SQL, run by
# the export's own runner on a local Spark (local[2]) over svhub's exports of
# the demo, a generated data set and seven regional hubs combined, give
# DuckDB's marts row for row (internal/sparkcheck). pyspark (which bundles
# Spark) is pinned in testdata/spark/requirements.txt and installed with pip
# into a virtual environment kept between runs, named by the requirements'
# hash; Spark 3.5 runs on Java 17, taken from the machine.
SPARK_REQ  := testdata/spark/requirements.txt
SPARK_VENV ?= $(HOME)/.cache/svhub-spark/venv-$(shell sha256sum $(SPARK_REQ) 2>/dev/null | cut -c1-12)
JAVA17     := $(firstword $(wildcard /usr/lib/jvm/java-17-openjdk-*))
test-spark: $(BIN)
	@$(SPARK_VENV)/bin/python -c 'import pyspark' 2>/dev/null || { \
	  rm -rf $(SPARK_VENV) && python3 -m venv $(SPARK_VENV) && \
	  $(SPARK_VENV)/bin/pip install --quiet --disable-pip-version-check -r $(SPARK_REQ); }
	JAVA_HOME=$${JAVA_HOME:-$(JAVA17)} SVHUB_SPARK_PYTHON=$(SPARK_VENV)/bin/python SVHUB_BIN=$(CURDIR)/$(BIN) \
	  $(GO) test -count=1 -v -timeout 40m -run 'TestSparkConformance|TestCompare' ./internal/sparkcheck/

bench: $(ECHARTS)
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin dist svhub-demo node_modules $(ECHARTS) report/html/assets/echarts.min.js

# ---------------------------------------------------------------------------
# Windows (issue 23): a native svhub.exe cross-built here, shipped beside
# DuckDB's own Windows library. See packaging/windows/README.md for the why.
#
# duckdb.dll comes from the npm package DuckDB publishes for Node on Windows;
# its version must be the DuckDB release of go.mod's duckdb-go-bindings
# (v0.1MMPP.x is DuckDB 1.MM.PP), and its SHA-256 is pinned here. Bump all
# three together, and check `select source_id from pragma_version()` under
# `make test-windows` after an upgrade.
WIN_CC          ?= x86_64-w64-mingw32-gcc
WIN_DIR         := dist/windows
WIN_DUCKDB_PKG  := @duckdb/node-bindings-win32-x64
WIN_DUCKDB_VER  := 1.5.6-r.1
WIN_DUCKDB_SHA  := 7e90bdef028d57b45490d6f53530e3c012a5d9abdc4c6723449200663dc84ed0
WIN_ZIP         := dist/svhub-$(VERSION)-windows-amd64.zip

.PHONY: windows test-windows vet-windows

windows: $(WIN_ZIP)

# The DuckDB release in go.mod's bindings and in the dll's npm version agree.
$(WIN_DIR)/duckdb.dll: Makefile go.mod
	@mkdir -p $(WIN_DIR)/npm
	@v=$$($(GO) list -m -f '{{.Version}}' github.com/duckdb/duckdb-go-bindings); n=$${v#v0.}; n=$${n%%.*}; \
	  want=$$(awk -v n="$$n" 'BEGIN { printf "%d.%d.%d", substr(n, 1, 1), substr(n, 2, 2), substr(n, 4, 2) }'); \
	  if [ "$${want}" != "$(firstword $(subst -, ,$(WIN_DUCKDB_VER)))" ]; then \
	    echo "go.mod's duckdb-go-bindings $$v is DuckDB $$want, but WIN_DUCKDB_VER is $(WIN_DUCKDB_VER): bump them together" >&2; exit 1; fi
	npm pack --silent --pack-destination $(WIN_DIR)/npm $(WIN_DUCKDB_PKG)@$(WIN_DUCKDB_VER) >/dev/null
	tar -xzf $(WIN_DIR)/npm/duckdb-node-bindings-win32-x64-$(WIN_DUCKDB_VER).tgz -C $(WIN_DIR)/npm package/duckdb.dll package/LICENSE
	echo "$(WIN_DUCKDB_SHA)  $(WIN_DIR)/npm/package/duckdb.dll" | sha256sum --check --quiet
	cp $(WIN_DIR)/npm/package/LICENSE $(WIN_DIR)/LICENSE-duckdb.txt
	cp $(WIN_DIR)/npm/package/duckdb.dll $@

# Debian's mingw links against msvcrt.dll by default, but duckdb.dll uses the
# UCRT, and the Go bindings free in the dll memory the exe allocated: one C
# runtime (one heap) is required. The specs file is mingw's own with the
# UCRT swapped in.
$(WIN_DIR)/ucrt.specs:
	@mkdir -p $(WIN_DIR)
	$(WIN_CC) -dumpspecs | sed -e 's/-lmsvcrt/-lucrt/g' -e '/^\*cpp:$$/{n;s/$$/ -D_UCRT/}' > $@.tmp
	grep -q -- '-lucrt' $@.tmp && ! grep -q -- '-lmsvcrt' $@.tmp
	mv $@.tmp $@

WIN_ENV = GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC="$(WIN_CC)" \
	CGO_CFLAGS="-O2 -specs=$(abspath $(WIN_DIR)/ucrt.specs)" \
	CGO_LDFLAGS="-specs=$(abspath $(WIN_DIR)/ucrt.specs) -L$(abspath $(WIN_DIR))"

# duckdb_use_lib: link duckdb.dll (-lduckdb) instead of the bindings' static
# library, whose module is then never downloaded.
$(WIN_DIR)/svhub.exe: $(ECHARTS) $(WIN_DIR)/duckdb.dll $(WIN_DIR)/ucrt.specs $(shell find . -name '*.go' -o -name '*.sql' -o -name '*.csv' -o -name '*.tmpl' | grep -v -e node_modules -e '^./dist/') go.mod go.sum
	$(WIN_ENV) $(GO) build -tags duckdb_use_lib -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o $@ ./cmd/svhub
	@if x86_64-w64-mingw32-objdump -p $@ | grep -qi 'DLL Name: msvcrt'; then echo "$@ imports msvcrt.dll: the UCRT specs were not used" >&2; exit 1; fi

$(WIN_ZIP): $(WIN_DIR)/svhub.exe $(WIN_DIR)/duckdb.dll packaging/windows/README.txt packaging/windows/licences.sh
	rm -rf $(WIN_DIR)/zip && mkdir -p $(WIN_DIR)/zip/svhub/licences
	cp $(WIN_DIR)/svhub.exe $(WIN_DIR)/duckdb.dll $(WIN_DIR)/zip/svhub/
	sed 's/$$/\r/' packaging/windows/README.txt > $(WIN_DIR)/zip/svhub/README.txt
	cp $(WIN_DIR)/LICENSE-duckdb.txt $(WIN_DIR)/zip/svhub/licences/duckdb.txt
	cp node_modules/echarts/LICENSE $(WIN_DIR)/zip/svhub/licences/echarts.txt
	GO="$(GO)" sh packaging/windows/licences.sh $(WIN_DIR)/svhub.exe $(WIN_DIR)/zip/svhub/licences
	rm -f $@ && cd $(WIN_DIR)/zip && zip -q -r -9 -X $(abspath $@) svhub
	@size=$$(stat -c %s $@); echo "$@: $$((size / 1024 / 1024)) MB"; \
	  if [ $$size -gt 26214400 ]; then echo "$@ is over 25 MB" >&2; exit 1; fi

# Every package, tests included, compiles for Windows: vetted, and each test
# binary cross-linked (they are run on Linux; under Wine only the smoke test).
# -trimpath as for the exe, so the two builds share compiled packages.
vet-windows: $(ECHARTS) $(WIN_DIR)/duckdb.dll $(WIN_DIR)/ucrt.specs
	$(WIN_ENV) $(GO) vet -tags duckdb_use_lib ./...
	@rm -rf $(WIN_DIR)/tests && mkdir -p $(WIN_DIR)/tests
	$(WIN_ENV) $(GO) test -tags duckdb_use_lib -trimpath -c -o $(WIN_DIR)/tests/ \
	  $$($(GO) list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' ./...)

# The Windows build under Wine beside the Linux build (packaging/windows/test.sh).
# bin/svhub is built again here (go build does nothing when it is current)
# so both carry the same VERSION: it is printed in the outputs compared.
test-windows: vet-windows $(ECHARTS) $(WIN_ZIP)
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/svhub
	sh packaging/windows/test.sh
