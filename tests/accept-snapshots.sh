#!/usr/bin/env bash
# Accepts every received snapshot: moves each *.received.cs over its *.verified.cs.
# Review the differences first (git diff after running this shows them too).
set -euo pipefail
cd "$(dirname "$0")"
find . -name '*.received.cs' -print0 | while IFS= read -r -d '' received; do
  mv "$received" "${received%.received.cs}.verified.cs"
  echo "accepted ${received%.received.cs}.verified.cs"
done
