#!/usr/bin/env bash
# Shows each received snapshot's difference from its verified file and asks whether to accept it
# (move *.received.cs over *.verified.cs). `--all` accepts every one without asking, for scripts;
# the differences are still shown.
set -euo pipefail
cd "$(dirname "$0")"

all=false
case "${1:-}" in
  --all) all=true ;;
  "") ;;
  *) echo "usage: $0 [--all]" >&2; exit 2 ;;
esac

mapfile -d '' received_files < <(find . -name '*.received.cs' -print0 | sort -z)
if [ "${#received_files[@]}" -eq 0 ]; then
  echo "No received snapshots."
  exit 0
fi

for received in "${received_files[@]}"; do
  verified="${received%.received.cs}.verified.cs"
  if [ -f "$verified" ]; then
    git --no-pager diff --no-index -- "$verified" "$received" || true
  else
    echo "new snapshot $verified:"
    cat "$received"
  fi

  answer=y
  if [ "$all" = false ]; then
    read -r -p "Accept $verified? [y/n] " answer < /dev/tty
  fi

  if [ "$answer" = y ] || [ "$answer" = Y ]; then
    mv "$received" "$verified"
    echo "accepted $verified"
  else
    echo "kept $received, $verified unchanged"
  fi
done
