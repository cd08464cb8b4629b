#!/usr/bin/env bash
# Builds and runs rtneural_step.cpp: ns per time step of RTNeural's compile-time GRU and LSTM layers
# (ModelT, Eigen backend, float) for n = 8, 16, 32, 64.
#
# Usage: run.sh <RTNeural source dir> [Eigen include dir]
#   <RTNeural source dir>  a checkout of https://github.com/jatinchowdhury18/RTNeural
#   [Eigen include dir]    the directory holding Eigen/Dense; defaults to RTNeural's vendored
#                          modules/Eigen, else /usr/include/eigen3
# Environment: CXX (default g++).
#
# Nothing is downloaded; the binary is built in a temporary directory and removed afterwards.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 <RTNeural source dir> [Eigen include dir]" >&2
    exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rtneural="$(cd "$1" && pwd)"
if [[ ! -f "$rtneural/RTNeural/RTNeural.h" ]]; then
    echo "error: $rtneural/RTNeural/RTNeural.h not found" >&2
    exit 1
fi

if [[ $# -eq 2 ]]; then
    eigen="$2"
elif [[ -f "$rtneural/modules/Eigen/Eigen/Dense" ]]; then
    eigen="$rtneural/modules/Eigen"
else
    eigen=/usr/include/eigen3
fi
if [[ ! -f "$eigen/Eigen/Dense" ]]; then
    echo "error: $eigen/Eigen/Dense not found; pass an Eigen include dir as the second argument" >&2
    exit 1
fi

cxx="${CXX:-g++}"
flags=(-O3 -march=native -std=c++17 -DRTNEURAL_USE_EIGEN=1)

build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT

"$cxx" "${flags[@]}" -I"$rtneural" -I"$eigen" "$here/rtneural_step.cpp" -o "$build/rtneural_step"

commit="$(git -C "$rtneural" rev-parse HEAD 2>/dev/null || echo unknown)"
eigen_version="$(sed -n 's/^#define EIGEN_\(WORLD\|MAJOR\|MINOR\)_VERSION \([0-9]*\).*/\2/p' \
    "$eigen/Eigen/src/Core/util/Macros.h" 2>/dev/null | paste -sd. -)"
echo "RTNeural: $rtneural (commit $commit)"
echo "Eigen:    $eigen (${eigen_version:-unknown version})"
echo "Compiler: $("$cxx" --version | head -n 1)"
echo "Flags:    ${flags[*]}"
echo "CPU:      $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)"
echo

"$build/rtneural_step"
