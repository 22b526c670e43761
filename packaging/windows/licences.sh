#!/bin/sh
# licences.sh EXE DIR: copies the licence of every Go module linked into EXE
# (as `go version -m` lists them) into DIR, one file per module, so the zip
# carries the notices the licences ask for. Run from the repository root.
set -eu
exe=$1 dir=$2
GO=${GO:-go}
cat "$($GO env GOROOT)/LICENSE" > "$dir/go.txt" # the Go runtime and standard library
$GO version -m "$exe" | awk '$1 == "dep" || $1 == "=>" { print $2 }' | while read -r mod; do
  src=$($GO list -m -f '{{.Dir}}' "$mod")
  found=
  for f in "$src"/LICENSE* "$src"/LICENCE* "$src"/COPYING* "$src"/license* ; do
    [ -f "$f" ] || continue
    name=$(echo "$mod" | tr '/' '_')
    cat "$f" > "$dir/$name.txt"
    found=1
    break
  done
  if [ -z "$found" ]; then
    echo "licences.sh: no licence file in $mod ($src)" >&2
    exit 1
  fi
done
