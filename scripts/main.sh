#!/usr/bin/env bash
# The main job: install, build, and run the model-selection workflow on the local engine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOULER_BUILD_TESTS=OFF -DCOULER_BUILD_BENCHMARKS=OFF
cmake --build build --target couler_cli model_selection
build/examples/model_selection/model_selection --emit build/model_selection.json
build/tools/couler/couler run build/model_selection.json
# The workflow's result: the report it exported as a global output.
run_dir=$(ls -td .couler/runs/*/ | head -1)
echo
cat "${run_dir}outputs/report"
