#!/usr/bin/env bash
# Compile cost of typical translation units, header-only versus compiled mode (couler/config.hpp).
#
# For each optimisation level (-O0, -O2), mode (header_only, compiled) and unit:
#   floor         only <boost/json.hpp> and <boost/graph/adjacency_list.hpp> (couler's dependencies)
#   builder_only  a builder program (pipeline.hpp)
#   argo          builder + Argo emission (to_argo_yaml)
#   engine        builder + the local engine
#   umbrella      <couler/couler.hpp>, empty main
# it runs `g++ -c` under `/usr/bin/time -v` TRIALS times and keeps the wall time ("Elapsed (wall
# clock) time") and the peak memory ("Maximum resident set size"): median, min and max.
# Whole programs, built clean with their link, units one after the other (one core):
#   model_selection  examples/model_selection (one unit: builder, engine, IR JSON)
#   three_units      program_main.cpp (builder, IR JSON), program_emit.cpp (validate, Argo),
#                    program_run.cpp (engine)
# in the compiled mode plus src/src.cpp, the couler/src.hpp unit (the whole library, once).
#
# Output: one JSON object per measurement on stdout; a table on stderr. Ratios: x_floor = median
# wall time / the floor's at the same -O; whole programs: header-only / compiled.
# Usage: benchmarks/compile/run.sh [TRIALS] [CXX]     (default: 3 trials, g++)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
trials=${1:-3}
cxx=${2:-g++}
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
flags=(-std=c++17 -I"$root/include")
libs=(-lboost_json -lyaml-cpp -pthread)

# measure <label> <cmd...>: runs the command under /usr/bin/time -v; prints "wall_s rss_mib".
measure() {
    /usr/bin/time -v -o "$tmp/time.txt" "$@" > /dev/null 2> "$tmp/err.txt" || { cat "$tmp/err.txt" >&2; exit 1; }
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; ++i) s = s * 60 + p[i]; w = s }
                /Maximum resident set size/ { r = $2 / 1024 }
                END { printf "%.2f %.0f\n", w, r }' "$tmp/time.txt"
}

# stats <values...>: "median min max" of the numbers.
stats() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f %.2f %.2f\n", m, v[1], v[NR] }'; }

# run_trials <name> <cmd...>: sets med/min/max wall time and the median peak memory.
run_trials() {
    local walls=() rsss=() out
    shift # the name is for the reader of the call
    for ((t = 0; t < trials; ++t)); do
        out=$(measure "$@")
        walls+=("${out% *}")
        rsss+=("${out#* }")
    done
    read -r med min max <<< "$(stats "${walls[@]}")"
    read -r rss _ _ <<< "$(stats "${rsss[@]}")"
}

meta="\"cxx\":\"$($cxx --version | head -1)\",\"commit\":\"$(git -C "$root" rev-parse --short HEAD)\",\"trials\":$trials"
printf '%-4s %-12s %-13s %8s %8s %8s %9s %8s\n' opt mode unit median_s min_s max_s rss_mib x_floor >&2
for opt in O0 O2; do
    floor=
    for mode in header_only compiled; do
        defs=()
        [ "$mode" = compiled ] && defs=(-DCOULER_SEPARATE_COMPILATION)
        for unit in floor builder_only argo engine umbrella; do
            [ "$unit" = floor ] && [ "$mode" = compiled ] && continue
            run_trials "$unit" "$cxx" "${flags[@]}" "-$opt" "${defs[@]}" -c "$here/$unit.cpp" -o "$tmp/$unit.o"
            [ "$unit" = floor ] && floor=$med
            ratio=$(awk -v a="$med" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')
            m=$mode; [ "$unit" = floor ] && m=-
            printf '%-4s %-12s %-13s %8s %8s %8s %9s %8s\n' "$opt" "$m" "$unit" "$med" "$min" "$max" "$rss" "$ratio" >&2
            echo "{\"bench\":\"compile_unit\",\"opt\":\"-$opt\",\"mode\":\"$m\",\"unit\":\"$unit\",\"median_s\":$med,\"min_s\":$min,\"max_s\":$max,\"peak_rss_mib\":$rss,\"x_floor\":$ratio,$meta}"
        done
    done
    # Whole programs: each unit compiled, one after the other (a clean build on one core), then
    # the link; in the compiled mode, src/src.cpp (the couler/src.hpp unit) too.
    whole() { # whole <mode> <sources...>: prints "wall_s peak_rss_mib"
        local mode=$1 total=0 peak=0 out objs=() defs=() srcs=("${@:2}") i=0
        [ "$mode" = compiled ] && defs=(-DCOULER_SEPARATE_COMPILATION) && srcs+=("$root/src/src.cpp")
        for src in "${srcs[@]}"; do
            out=$(measure "$cxx" "${flags[@]}" "-$opt" "${defs[@]}" \
                -DCOULER_MODEL_SELECTION_DIR="\"$root/examples/model_selection\"" -c "$src" -o "$tmp/p$i.o")
            total=$(awk -v a="$total" -v b="${out% *}" 'BEGIN { print a + b }')
            peak=$(( ${out#* } > peak ? ${out#* } : peak ))
            objs+=("$tmp/p$i.o"); i=$((i + 1))
        done
        out=$(measure "$cxx" "${objs[@]}" -o "$tmp/program" "${libs[@]}")
        total=$(awk -v a="$total" -v b="${out% *}" 'BEGIN { print a + b }')
        peak=$(( ${out#* } > peak ? ${out#* } : peak ))
        echo "$total $peak"
    }
    for program in model_selection three_units; do
        if [ "$program" = model_selection ]; then
            sources=("$root/examples/model_selection/model_selection.cpp")
        else
            sources=("$here/program_main.cpp" "$here/program_emit.cpp" "$here/program_run.cpp")
        fi
        declare -A whole_med
        for mode in header_only compiled; do
            units=${#sources[@]}
            [ "$mode" = compiled ] && units=$((units + 1))
            walls=() rsss=()
            for ((t = 0; t < trials; ++t)); do
                out=$(whole "$mode" "${sources[@]}")
                walls+=("${out% *}"); rsss+=("${out#* }")
            done
            read -r med min max <<< "$(stats "${walls[@]}")"
            read -r rss _ _ <<< "$(stats "${rsss[@]}")"
            whole_med[$mode]=$med
            printf '%-4s %-12s %-13s %8s %8s %8s %9s %8s\n' "$opt" "$mode" "$program" "$med" "$min" "$max" "$rss" - >&2
            echo "{\"bench\":\"compile_program\",\"opt\":\"-$opt\",\"mode\":\"$mode\",\"program\":\"$program\",\"units\":$units,\"median_s\":$med,\"min_s\":$min,\"max_s\":$max,\"peak_rss_mib\":$rss,$meta}"
        done
        speedup=$(awk -v a="${whole_med[header_only]}" -v b="${whole_med[compiled]}" 'BEGIN { printf "%.2f", a / b }')
        printf '%-4s %s: header-only / compiled = %s\n' "$opt" "$program" "$speedup" >&2
        echo "{\"bench\":\"compile_program_speedup\",\"opt\":\"-$opt\",\"program\":\"$program\",\"header_only_over_compiled\":$speedup,$meta}"
    done
done
