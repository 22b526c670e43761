#!/usr/bin/env bash
# same-outputs: the architecture redesign (issue 19) must change structure,
# not results. This script builds svhub from the checkout it stands in, runs
# the demo and a `svhub run` over `svhub gen --contracts 4400`, and writes a
# manifest of every output's SHA-256. Compare the manifests of two checkouts:
#
#   bench/same-outputs/run.sh /tmp/before      # on the old commit
#   bench/same-outputs/run.sh /tmp/after       # on the new one
#   diff /tmp/before/manifest.txt /tmp/after/manifest.txt
#
# or in one go: bench/same-outputs/run.sh --compare OLD_COMMIT
#
# Both runs happen under the same fixed folder and with the same version
# string and reference date, so paths, the version and "today" cannot differ.
# Run logs (wall-clock times; inputs.json lists them with their hashes) and the databases (DuckDB's file layout) are
# left out; everything a user opens is in.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
# Outputs name the files they came from by path, so every run works under
# the same path. To run several at once (one per worktree), give each its
# own folder in SAME_OUTPUTS_WORK: it is bound onto that path in a private
# mount namespace (root only), so paths stay equal and runs stay apart.
work=/tmp/svhub-same-outputs
if [ -n "${SAME_OUTPUTS_WORK:-}" ] && [ "${SAME_OUTPUTS_BOUND:-}" != 1 ] && [ "${1:-}" != --compare ]; then
  mkdir -p "$SAME_OUTPUTS_WORK" "$work"
  exec unshare -m --propagation private env SAME_OUTPUTS_BOUND=1 bash -c \
    'mount --bind "$SAME_OUTPUTS_WORK" /tmp/svhub-same-outputs && exec bash "$0" "$@"' "$0" "$@"
fi
contracts=${SAME_OUTPUTS_CONTRACTS:-4400}

if [ "${1:-}" = --compare ]; then
  old=${2:?usage: run.sh --compare COMMIT}
  tmp=$(mktemp -d)
  git -C "$root" worktree add -q --detach "$tmp/old" "$old"
  trap 'git -C "$root" worktree remove --force "$tmp/old"' EXIT
  (cd "$tmp/old" && cp "$root/bench/same-outputs/run.sh" "$tmp/run.sh" && \
    ln -sfn "$root/node_modules" node_modules 2>/dev/null; \
    mkdir -p report/html/assets && cp -n "$root"/report/html/assets/*.js report/html/assets/ 2>/dev/null; \
    bash "$tmp/run.sh" "$tmp/before")
  bash "$root/bench/same-outputs/run.sh" "$tmp/after"
  if diff "$tmp/before/manifest.txt" "$tmp/after/manifest.txt"; then
    echo "same outputs: $(wc -l < "$tmp/after/manifest.txt") files byte-identical to $old"
  else
    echo "outputs differ from $old (manifests above; copies in $tmp)"; exit 1
  fi
  exit 0
fi

dest=${1:?usage: run.sh OUTDIR | --compare COMMIT}
mkdir -p "$work" "$dest" && find "$work" -mindepth 1 -delete
(cd "$root" && go build -ldflags "-X main.version=same-outputs" -o "$work/svhub" ./cmd/svhub)
export SVHUB_TODAY=2026-11-15 TZ=UTC SOURCE_DATE_EPOCH=1780000000
sv="$work/svhub -q"
$sv demo --out "$work/demo" >/dev/null
$sv gen --contracts "$contracts" --months 12 --out "$work/gen-inbox" >/dev/null
# Every supplier's page and workbook, as before the national batch wrote
# none by default (issue 24), where this svhub has --suppliers.
all_suppliers=""; $work/svhub run --help 2>/dev/null | grep -- --suppliers >/dev/null && all_suppliers="--suppliers all"
$sv --db "$work/gen.duckdb" run --inbox "$work/gen-inbox" --out "$work/gen-out" $all_suppliers >/dev/null 2>&1 || {
  code=$?; [ $code -eq 1 ] || { echo "run failed ($code)"; exit $code; }; }
# A region's and an ICS's reports, a financial year and a supplier page,
# besides the national outputs `run` writes.
db="$work/gen.duckdb"
q() { $sv --db "$db" query --format csv "$1" | tail -1; }
region=$(q "select min(region_code) from organisations")
ics=$(q "select min(ics_code) from organisations")
$sv --db "$db" report html --region "$region" --out "$work/gen-out/region.html" >/dev/null
$sv --db "$db" report excel --region "$region" --out "$work/gen-out/region.xlsx" >/dev/null
$sv --db "$db" report html --ics "$ics" --period fy2025 --out "$work/gen-out/ics-fy2025.html" >/dev/null
$sv --db "$db" report excel --ics "$ics" --period fy2025 --out "$work/gen-out/ics-fy2025.xlsx" >/dev/null
$sv --db "$work/demo/svhub.duckdb" report html --per-supplier "$work/demo/suppliers" --out "$work/demo/again.html" >/dev/null
$sv --db "$work/demo/svhub.duckdb" export --out "$work/demo/export" >/dev/null
# Parquet is compared by content (its rows, sorted), not by bytes: DuckDB
# writes row groups in the order its threads finish, so the bytes of a large
# file may differ between two runs of the same commit.
(cd "$work" && find demo gen-out -type f \
   ! -path '*/logs/*' ! -name run-log.jsonl ! -name inputs.json ! -name '*.duckdb' ! -name '*.duckdb.wal' ! -path 'demo/inbox/*' -print0 \
 | sort -z | while IFS= read -r -d '' f; do
     case $f in
       *.parquet) h=$($sv --db "$work/demo/svhub.duckdb" query --allow-files "$work" --format csv \
                      "select * from read_parquet('$work/$f') order by all" | sha256sum | cut -d' ' -f1)
                  echo "$h  $f (rows)";;
       *) sha256sum "$f";;
     esac
   done) > "$dest/manifest.txt"
echo "$(wc -l < "$dest/manifest.txt") outputs hashed into $dest/manifest.txt"
