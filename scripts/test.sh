#!/usr/bin/env bash
# Builds everything and runs the whole test suite with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCOULER_SHARED_DIR="$(cd .. && pwd)/shared"
cmake --build build-test -j2
ctest --test-dir build-test --output-on-failure -j2
