#!/usr/bin/env bash
# CI: builds and runs the whole test suite twice, with g++:
#   1. build-test:    Debug, AddressSanitizer + UBSan (-fno-sanitize-recover=all; leaks fail too),
#                     every test as C++17;
#   2. build-release: Release (-O3), everything: tests as C++17 and C++20, every public header on
#                     its own, the benchmarks, and the tests that build with other compilers.
# What runs in one of the two only, to stay within the time budget of a 2-core machine:
#   - in Release only: the C++20 duplicates of the tests and the header check (they add compile
#     checks, not run-time ones: GCC 12's optimiser warnings appear at -O2 and above), the clang++
#     build (label clang; it builds in the outer build type, so Release), the libFuzzer runs (label
#     libfuzzer; they are ASan + UBSan builds of their own, with clang++), the installed-package
#     test (label package), and the benchmarks (performance programs, built but not run);
#   - in the sanitizer build only: nothing; every other test runs in both.
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
    -DCOULER_SANITIZE=ON -DCOULER_TEST_CXX20=OFF -DCOULER_TEST_HEADERS=OFF -DCOULER_BUILD_BENCHMARKS=OFF
  cmake --build build-test -j2
  stamp "Debug + ASan/UBSan: ctest"
  ctest --test-dir build-test --output-on-failure -j2 -LE '^(clang|libfuzzer|package)$'
fi

if [ "$which" = all ] || [ "$which" = release ]; then
  stamp "Release: configure and build"
  cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOULER_SHARED_DIR="$shared"
  cmake --build build-release -j2
  stamp "Release: ctest"
  ctest --test-dir build-release --output-on-failure -j2
fi
stamp "done"
