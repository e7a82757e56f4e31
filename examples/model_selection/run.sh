#!/bin/sh
# Build couler and run the model-selection example with `couler run`. Run it twice: the second
# run is all cache hits.
#   examples/model_selection/run.sh [BUILD_DIR] [couler run options...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-"$root/build"}
[ $# -gt 0 ] && shift
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" --target couler_cli model_selection
"$build/examples/model_selection/model_selection" --emit "$build/model_selection.json"
exec "$build/tools/couler/couler" run "$build/model_selection.json" "$@"
