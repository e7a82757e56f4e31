#!/usr/bin/env bash
# CI: builds and runs the whole test suite twice, with g++:
#   1. build-test:    Debug, AddressSanitizer + UBSan (-fno-sanitize-recover=all; leaks fail too),
#                     every test built as C++20;
#   2. build-release: Release (-O3), every test built as C++17, every public header on its own, the
#                     benchmarks, and the tests that build with other compilers.
# So every test is built and run in both standards, each once: a second copy of each test in the
# same build would double the compile time of a 2-core machine (COULER_TEST_STD, COULER_TEST_CXX20).
# What runs in the Release phase only: the header check (GCC 12's optimiser warnings appear at -O2
# and above), the clang++ build (label clang), the libFuzzer runs (label libfuzzer; they are
# ASan + UBSan builds of their own, with clang++), the installed-package test (label package), and
# the benchmarks (performance programs, built but not run), and the Slurm executor's tests on a
# real local cluster (label slurm: minutes of waiting on Slurm, which run beside the clang build).
# Usage: bash scripts/test.sh [debug|release]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
shared="$(cd .. && pwd)/shared"
which=${1:-all}
start=$SECONDS
stamp() { echo "== $1 ($((SECONDS - start)) s since the start)"; }

if [ "$which" = all ] || [ "$which" = debug ]; then
  stamp "Debug + ASan/UBSan: configure and build"
  cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCOULER_SHARED_DIR="$shared" \
    -DCOULER_SANITIZE=ON -DCOULER_TEST_STD=20 -DCOULER_TEST_CXX20=OFF -DCOULER_TEST_HEADERS=OFF \
    -DCOULER_BUILD_BENCHMARKS=OFF
  cmake --build build-test -j2
  stamp "Debug + ASan/UBSan: ctest"
  ctest --test-dir build-test --output-on-failure -j2 -LE '^(clang|libfuzzer|package|slurm)$'
fi

if [ "$which" = all ] || [ "$which" = release ]; then
  stamp "Release: configure and build"
  cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOULER_SHARED_DIR="$shared" \
    -DCOULER_TEST_STD=17 -DCOULER_TEST_CXX20=OFF
  cmake --build build-release -j2
  stamp "Release: ctest"
  ctest --test-dir build-release --output-on-failure -j2
fi
stamp "done"
