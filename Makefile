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

.PHONY: build demo test vet bench clean fuzz test-spark

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

$(BIN): $(ECHARTS) $(shell find . -name '*.go' -o -name '*.sql' -o -name '*.csv' -o -name '*.tmpl' | grep -v node_modules) go.mod go.sum
	@mkdir -p bin
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $@ ./cmd/svhub

demo: $(BIN)
	./$(BIN) demo --out svhub-demo

test: $(ECHARTS)
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...
	$(MAKE) --no-print-directory fuzz

# Each fuzz target runs briefly on every `make test` (its committed seed
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
	rm -rf bin svhub-demo node_modules $(ECHARTS) report/html/assets/echarts.min.js
