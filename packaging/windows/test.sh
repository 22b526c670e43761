#!/bin/sh
# make test-windows: the Windows build, run under Wine, gives the same outputs
# as the Linux build. Run from the repository root after `make build windows`.
#
#   1. svhub.exe's DLL imports: KERNEL32, the UCRT (api-ms-win-crt-*) and
#      duckdb.dll, never msvcrt.dll (two C runtimes would mean two heaps, and
#      the Go bindings free in duckdb.dll memory the exe allocated).
#   2. Under Wine, in fresh folders: `demo`, `query`, `report html`,
#      `report excel`, `run` and `export`, each beside the same command of
#      the Linux build; the dashboard and board pack must be byte-identical,
#      query output and every table equal.
#   3. What only Windows does: `run` again into its folder (the old one cannot
#      be removed: a note, not a failure), a board pack held open as Excel
#      holds it, a database held by another program (exit 3, what to do);
#      the holder is holdopen.c, test-only, built here.
#
# Wine 8 (Debian 12's wine64) is not Windows; this test works around two of
# its gaps, neither of which exists on the Windows 10 1809+ and 11 svhub
# supports:
#   - Go >= 1.22 needs ProcessPrng from bcryptprimitives.dll to start; Wine 8
#     lacks it. A test-only dll (processprng.c, built here, never shipped)
#     goes into the throwaway Wine prefix. Windows 10 and 11 have the real one.
#   - Go's os.RemoveAll fails under Wine 8 ("Invalid function": Wine does not
#     implement the delete call Go uses). Every comparison here is of
#     commands writing into fresh folders; the one rerun into an existing
#     folder (3.) meets the failure as Windows meets an open file, and must
#     come through it.
# And one of its reporting gaps: Wine's Restart Manager is a stub, so a
# locked database's holder PID is not checked here (internal/store's unit
# test covers Windows' wording).
set -eu

WINE=${WINE:-/usr/lib/wine/wine64}
WIN_CC=${WIN_CC:-x86_64-w64-mingw32-gcc}
root=$(pwd)
lin=$root/bin/svhub
exe=$root/dist/windows/svhub.exe
dll=$root/dist/windows/duckdb.dll
for f in "$lin" "$exe" "$dll" "$WINE"; do
  [ -e "$f" ] || { echo "test-windows: $f is missing (make build windows; apt-get install wine64)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/svhub-wine.XXXXXX")
export WINEPREFIX="$work/prefix" WINEDEBUG=-all
# No Mono or Gecko (no network, not needed); the shim before Wine's own dll.
export WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n,b"
cleanup() {
  WINEPREFIX="$work/prefix" "$(dirname "$WINE")/wineserver" -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

fail=0
pass=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1" >&2; }
same() { # same NAME FILE_A FILE_B: byte-identical
  if cmp -s "$2" "$3"; then ok "$1"; else bad "$1: $2 and $3 differ"; cmp "$2" "$3" >&2 || true; fi
}

# 1. Imports.
imports=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z' | sort)
others=$(echo "$imports" | grep -v -x -e kernel32.dll -e duckdb.dll -e 'api-ms-win-crt-.*\.dll' || true)
if echo "$imports" | grep -q -x msvcrt.dll; then
  bad "imports: msvcrt.dll is linked: $(echo $imports)"
elif [ -n "$others" ] || ! echo "$imports" | grep -q -x duckdb.dll || ! echo "$imports" | grep -q -x 'api-ms-win-crt-heap-l1-1-0.dll'; then
  bad "imports: want only kernel32.dll, api-ms-win-crt-* and duckdb.dll, got: $(echo $imports)"
else
  ok "imports: kernel32.dll, $(echo "$imports" | grep -c api-ms-win-crt) UCRT api sets, duckdb.dll"
fi

# 2. A Wine prefix with the ProcessPrng shim.
"$WIN_CC" -shared -O2 -s -o "$work/bcryptprimitives.dll" packaging/windows/processprng.c -lbcrypt
timeout 300 "$WINE" wineboot --init >"$work/wineboot.log" 2>&1 </dev/null
"$(dirname "$WINE")/wineserver" -w
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
mkdir -p "$work/app" "$work/win" "$work/lin"
cp "$exe" "$dll" "$work/app/"

# Both builds run the same commands in folders of the same shape, with the
# clock fixed (SOURCE_DATE_EPOCH: 2026-10-20 09:30 UTC) so stamps agree.
export SOURCE_DATE_EPOCH=1792488600 SVHUB_TODAY=2026-10-20
linux() { (cd "$work/lin" && "$lin" "$@"); }
# Each command is bounded, so a hang under Wine fails the test instead of CI.
windows() { (cd "$work/win" && timeout 600 "$WINE" "$work/app/svhub.exe" "$@" </dev/null); }
both() { # both NAME ARGS...: run on each; stdout to NAME.out, stderr to NAME.err
  name=$1; shift
  linux "$@" >"$work/lin/$name.out" 2>"$work/lin/$name.err" || { bad "$name on Linux: $(tail -3 "$work/lin/$name.err")"; return 1; }
  windows "$@" >"$work/win/$name.out" 2>"$work/win/$name.err" || { bad "$name under Wine: $(tail -3 "$work/win/$name.err")"; return 1; }
  ok "$name runs on both"
}

# Outputs print svhub's version: the two builds must be of one version.
vl=$("$lin" --version) vw=$(cd "$work/app" && "$WINE" ./svhub.exe --version </dev/null | tr -d '\r')
if [ "$vl" = "$vw" ]; then ok "one version: $vl"; else bad "versions differ: $vl (Linux), $vw (Windows): build both again"; fi

start=$(date +%s)
if both demo demo --out demo; then
  same "demo: dashboard.html" "$work/lin/demo/dashboard.html" "$work/win/demo/dashboard.html"
  same "demo: board-pack.xlsx" "$work/lin/demo/board-pack.xlsx" "$work/win/demo/board-pack.xlsx"
  for f in $(cd "$work/lin/demo/inbox" && ls); do
    cmp -s "$work/lin/demo/inbox/$f" "$work/win/demo/inbox/$f" || bad "demo: inbox/$f differs"
  done
  ok "demo: $(ls "$work/lin/demo/inbox" | wc -l) inbox files compared"
  # The demo's summary: the same, forward slashes included, but for the hint,
  # which names the command as each platform runs it.
  grep -v '^Explore: ' "$work/lin/demo.out" >"$work/lin/demo.summary"
  grep -v '^Explore: ' "$work/win/demo.out" >"$work/win/demo.summary"
  same "demo: summary" "$work/lin/demo.summary" "$work/win/demo.summary"
  if grep -q -x -F 'Explore: .\svhub --db demo/svhub.duckdb query "select rag, count(*) from commitment_status_latest group by 1"' "$work/win/demo.out"; then
    ok "demo: the hint runs .\svhub"
  else
    bad "demo: hint: $(grep '^Explore: ' "$work/win/demo.out")"
  fi
fi

db="--db demo/svhub.duckdb"
q="select rag, count(*) as n from commitment_status_latest group by 1 order by 1"
if both query $db query --format csv "$q"; then
  same "query: RAG split" "$work/lin/query.out" "$work/win/query.out"
fi
# The same DuckDB build on both sides.
if both version $db query --format csv "select library_version, source_id from pragma_version()"; then
  same "query: DuckDB version and source id" "$work/lin/version.out" "$work/win/version.out"
fi
if both report-html $db report html --out dashboard.html; then
  same "report html" "$work/lin/dashboard.html" "$work/win/dashboard.html"
fi
if both report-excel $db report excel --out board-pack.xlsx; then
  same "report excel" "$work/lin/board-pack.xlsx" "$work/win/board-pack.xlsx"
fi

# The monthly batch into a fresh folder with a fresh database, then export.
rdb="--db run/svhub.duckdb"
if both run $rdb run --inbox demo/inbox --out run/out; then
  for f in dashboard.html board-pack.xlsx; do
    same "run: 2026-09/$f" "$work/lin/run/out/2026-09/$f" "$work/win/run/out/2026-09/$f"
  done
  if diff -r "$work/lin/run/out/2026-09/feedback" "$work/win/run/out/2026-09/feedback" >/dev/null; then
    ok "run: feedback workbooks"
  else
    bad "run: feedback workbooks differ"
  fi
  if python3 packaging/windows/compare.py inputs "$work/lin/run/out/2026-09/inputs.json" "$work/win/run/out/2026-09/inputs.json"; then
    ok "run: inputs.json (outputs' hashes aside: the run log holds timings)"
  else
    bad "run: inputs.json differs"
  fi
fi
if both export $rdb export --format csv --out export; then
  # Doubles summed at export time may differ in the 16th digit (compare.py says why).
  if python3 packaging/windows/compare.py csvdir "$work/lin/export" "$work/win/export"; then
    ok "export: every table's CSV (numbers to 1e-9) and the manifest"
  else
    bad "export: differs"
  fi
fi
# Every table of the run's database, both files read by the Linux build (a
# database written on Windows opens on Linux).
tables=$(linux $rdb query --format csv "select table_name from duckdb_tables() where not internal order by 1" | tail -n +2)
n=0
for t in $tables; do
  sql="select * from \"$t\" order by all"
  a=$(cd "$work/lin" && "$lin" $rdb query --format csv "$sql" | sha256sum)
  b=$(cd "$work/win" && "$lin" $rdb query --format csv "$sql" | sha256sum)
  if [ "$a" = "$b" ]; then n=$((n + 1)); else bad "run database: table $t differs"; fi
done
[ "$n" -gt 0 ] && ok "run database: $n tables equal"

# What only Windows does, met for real under Wine.
# Rerunning into the same folder: the old month folder is moved aside and
# removed. Wine 8 cannot remove it (os.RemoveAll, above), as Windows cannot
# while a file in it is open: the run must succeed and say the new outputs
# are in place. (Were Wine to remove it, the run simply succeeds.)
if windows $rdb run --inbox demo/inbox --out run/out --force >"$work/win/rerun.out" 2>&1; then
  if grep -q "note      the new run/out/2026-09 is in place" "$work/win/rerun.out"; then
    ok "run again: the new outputs in place, the old folder's removal reported as a note"
  else
    ok "run again: rebuilt"
  fi
else
  bad "run again: $(tail -3 "$work/win/rerun.out")"
fi
# An output open in Excel (held with read sharing only, as Excel does) and a
# database held by another program: exit 3 with what to do.
"$WIN_CC" -O2 -s -o "$work/app/holdopen.exe" packaging/windows/holdopen.c
hold() { # hold FILE read|none: open under Wine in the background for 60 s
  (cd "$work/win" && timeout 120 "$WINE" "$work/app/holdopen.exe" "$1" "$2" 60 </dev/null >/dev/null 2>&1) &
  i=0
  while [ ! -e "$work/win/$1.held" ] && [ $i -lt 150 ]; do sleep 0.2; i=$((i + 1)); done
}
expect3() { # expect3 NAME TEXT ARGS...: exit 3 and TEXT in the message
  name=$1 text=$2; shift 2
  code=0
  windows "$@" >"$work/win/$name.out" 2>&1 || code=$?
  if [ "$code" -eq 3 ] && grep -q -F "$text" "$work/win/$name.out"; then
    ok "$name: exit 3, \"$text\""
  else
    bad "$name: exit $code: $(cat "$work/win/$name.out")"
  fi
}
# internal/atomicfile's Windows code run for real: the liveness check that
# keeps a running svhub's temporary files (running_windows.go) and the
# mapping of Windows' "file is open" errors. Its test binary comes from make
# vet-windows; only tests without t.TempDir run, as its clean-up meets the
# RemoveAll gap above.
tests=$root/dist/windows/tests/atomicfile.test.exe
if [ -e "$tests" ] && (cd "$work/win" && timeout 300 "$WINE" "$tests" -test.run '^(TestRunning|TestHeldOpen|TestInUseError_SaysWhatToClose)$' -test.v </dev/null >"$work/atomicfile.out" 2>&1) &&
  [ "$(grep -c -- '--- PASS' "$work/atomicfile.out")" -eq 3 ]; then
  ok "internal/atomicfile under Wine: TestRunning, TestHeldOpen, TestInUseError_SaysWhatToClose"
else
  bad "internal/atomicfile under Wine: $(tail -5 "$work/atomicfile.out" 2>/dev/null || echo "$tests missing")"
fi

hold board-pack.xlsx read
expect3 "board pack open in Excel" "close board-pack.xlsx in Excel" $db report excel --out board-pack.xlsx
cmp -s "$work/win/board-pack.xlsx" "$work/lin/board-pack.xlsx" && ok "board pack open in Excel: the previous one kept" || bad "board pack open in Excel: the file changed"
hold demo/svhub.duckdb none
expect3 "database in use" "the database is in use by another process" $db query "select 1"
"$(dirname "$WINE")/wineserver" -k 2>/dev/null || true # end the holders

echo "test-windows: Wine commands took $(($(date +%s) - start)) s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
