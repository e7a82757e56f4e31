#!/usr/bin/env python3
"""The Python Couler SDK and couler's builder, side by side in one run, on the SDK benchmark's shapes.

  sdk_side_by_side.py [--bench build-rel/benchmarks/emit/bench_sdk_shapes] [--peer /tmp/peer-couler]
                      [--sdk-bench SHARED/tools/peer-couler/bench_5000.py] [--shapes seq,chain,fan]
                      [--sizes 5000,20000] [--rounds 3] [--cpp-trials 5]

The SDK side is exactly the SDK's benchmark (bench_5000.py SHAPE N, one fresh /usr/bin/python3 per
run because the SDK keeps global state; PYTHONPATH=$PEER/src:$PEER/shims as
tools/peer-couler/setup.sh sets up); its in-process total is build + workflow_yaml() + pyaml.dump.
The C++ side is bench_sdk_shapes SHAPE N: the same steps built through couler::builder the same way
(run_container with step_name; set_dependencies for chain and fan) and written as Argo YAML, timed
in-process. Each round runs, for each shape and size, the SDK once, then the C++ benchmark twice:
warm (after a warm-up, --cpp-trials trials) and cold (--cold: the first build of a fresh process,
as each SDK run is). Medians and [min, max] are over the rounds (SDK, C++ cold) and over every
warm C++ trial of every round.

Once per shape (at the first size), both YAML outputs are read back and compared after the
normalisation the SDK's own tests use (the run's name and entry template name), plus one more:
the SDK suffixes a `steps` step's name with the line number of its caller (s0-52), the C++
builder does not (s0). `same_workflow` says whether they are then equal, key order included.

Prints one JSON line per shape and size, then one growth line per shape (time at the largest
size over time at the smallest). Exits 3 with a message if the SDK is not installed, 2 if the C++
benchmark is not built, 1 if a comparison fails.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def default_shared():
    for d in (os.environ.get("COULER_SHARED_DIR"), os.path.join(REPO, "..", "shared"), "/work/shared"):
        if d and os.path.isdir(os.path.join(d, "tools", "peer-couler")):
            return os.path.abspath(d)
    return os.path.join(REPO, "..", "shared")


def fail(code, msg):
    print("sdk_side_by_side: " + msg, file=sys.stderr)
    sys.exit(code)


def spread(xs):
    return {"median": round(statistics.median(xs), 6), "min": min(xs), "max": max(xs), "n": len(xs)}


def normalise(doc):
    """The SDK's tests' normalisation (names of the run and of the entry), and steps names
    without the SDK's caller-line suffix."""
    meta = doc.get("metadata", {})
    meta.pop("name", None)
    meta.pop("generateName", None)
    spec = doc.get("spec", {})
    templates = spec.get("templates", [])
    if templates and templates[0].get("name") == spec.get("entrypoint"):
        templates[0]["name"] = "ENTRY"
    spec["entrypoint"] = "ENTRY"
    for t in templates:
        for group in t.get("steps", []):
            for s in group:
                tmpl = s.get("template", "")
                if re.fullmatch(re.escape(tmpl) + r"-[0-9]+", s.get("name", "")):
                    s["name"] = tmpl
    return doc


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return path
    if isinstance(a, dict):
        if list(a.keys()) != list(b.keys()):
            return path + " keys %s vs %s" % (list(a.keys())[:8], list(b.keys())[:8])
        for k in a:
            d = first_difference(a[k], b[k], path + "." + str(k))
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return path + " length %d vs %d" % (len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r vs %r" % (path, a, b)


def same_workflow(sdk_yaml, cpp_yaml):
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(sdk_yaml, encoding="utf-8") as f:
        a = normalise(yaml.load(f, Loader=loader))
    with open(cpp_yaml, encoding="utf-8") as f:
        b = normalise(yaml.load(f, Loader=loader))
    return first_difference(a, b)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", default=os.path.join(REPO, "build-rel", "benchmarks", "emit", "bench_sdk_shapes"))
    ap.add_argument("--peer", default=os.environ.get("PEER", "/tmp/peer-couler"))
    ap.add_argument("--sdk-bench", default=os.path.join(default_shared(), "tools", "peer-couler", "bench_5000.py"))
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--shapes", default="seq,chain,fan")
    ap.add_argument("--sizes", default="5000,20000")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cpp-trials", type=int, default=5)
    ap.add_argument("--no-compare", action="store_true")
    o = ap.parse_args()
    shapes = [s for s in o.shapes.split(",") if s]
    sizes = [int(n) for n in o.sizes.split(",") if n]
    if any(s not in ("seq", "chain", "fan") for s in shapes) or not sizes or min(sizes) < 3 or o.rounds < 1:
        fail(2, "shapes are seq, chain, fan; sizes at least 3; rounds at least 1")

    env = dict(os.environ, PYTHONPATH=os.path.join(o.peer, "src") + os.pathsep + os.path.join(o.peer, "shims"))
    if not os.path.isfile(o.sdk_bench):
        fail(3, "the SDK's benchmark %s is missing (it lives in shared/tools/peer-couler; give --sdk-bench)" % o.sdk_bench)
    probe = subprocess.run([o.python, "-c", "import couler.argo, pyaml"], env=env, capture_output=True, text=True)
    if probe.returncode != 0:
        fail(3, "the Python Couler SDK is not installed at %s (%s). Install it with "
                "shared/tools/peer-couler/setup.sh GIT_DIR_OF_couler-proj+couler, or give --peer DIR."
             % (o.peer, (probe.stderr.strip().splitlines() or ["import failed"])[-1]))
    if not os.access(o.bench, os.X_OK):
        fail(2, "the C++ benchmark %s is not built: cmake -S . -B build-rel -G Ninja -DCMAKE_BUILD_TYPE=Release "
                "-DCOULER_BUILD_BENCHMARKS=ON -DCOULER_BUILD_TESTS=OFF && cmake --build build-rel --target "
                "bench_sdk_shapes, or give --bench PATH" % o.bench)

    tmp = tempfile.mkdtemp(prefix="sdk_side_by_side.")
    bad = 0
    cpp_median = {}
    cold_median = {}
    sdk_median = {}
    for shape in shapes:
        for k, n in enumerate(sizes):
            compare = not o.no_compare and k == 0
            sdk_file = os.path.join(tmp, "sdk_%s_%d.yaml" % (shape, n))
            cpp_file = os.path.join(tmp, "cpp_%s_%d.yaml" % (shape, n))
            sdk_runs, cpp_trials, cpp_runs, cold_trials = [], [], [], []
            for r in range(o.rounds):
                dump = compare and r == 0
                cmd = [o.python, o.sdk_bench, shape, str(n)] + (["--dump=" + sdk_file] if dump else [])
                p = subprocess.run(cmd, env=env, capture_output=True, text=True)
                if p.returncode != 0:
                    fail(1, "the SDK's benchmark failed: %s\n%s" % (" ".join(cmd), p.stderr[-2000:]))
                sdk_runs.append(json.loads(p.stdout.strip().splitlines()[-1]))
                cmd = [o.bench, shape, str(n), "--trials", str(o.cpp_trials)] + (["--dump", cpp_file] if dump else [])
                p = subprocess.run(cmd, capture_output=True, text=True)
                if p.returncode != 0:
                    fail(1, "the C++ benchmark failed: %s\n%s" % (" ".join(cmd), p.stderr[-2000:]))
                c = json.loads(p.stdout.strip().splitlines()[-1])
                cpp_runs.append(c)
                cpp_trials += c["total_trials_s"]
                cmd = [o.bench, shape, str(n), "--cold", "--trials", "1"]
                p = subprocess.run(cmd, capture_output=True, text=True)
                if p.returncode != 0:
                    fail(1, "the C++ benchmark failed: %s\n%s" % (" ".join(cmd), p.stderr[-2000:]))
                cold_trials += json.loads(p.stdout.strip().splitlines()[-1])["total_trials_s"]
            same = None
            if compare:
                d = same_workflow(sdk_file, cpp_file)
                same = d is None
                if d:
                    bad += 1
                    print("sdk_side_by_side: %s %d: the workflows differ at %s" % (shape, n, d), file=sys.stderr)
            sdk_total = [x["total_s"] for x in sdk_runs]
            cpp = spread(cpp_trials)
            sdk = spread(sdk_total)
            cold = spread(cold_trials)
            cpp_median[(shape, n)] = cpp["median"]
            cold_median[(shape, n)] = cold["median"]
            sdk_median[(shape, n)] = sdk["median"]
            print(json.dumps({
                "bench": "sdk_side_by_side", "shape": shape, "N": n,
                "sdk_total_s": sdk,
                "sdk_phases_median_s": {ph: round(statistics.median(x[ph] for x in sdk_runs), 4)
                                        for ph in ("build_s", "to_dict_s", "pyaml_dump_s")},
                "cpp_total_s": cpp,
                "cpp_phases_median_s": {ph: round(statistics.median(x[ph]["median"] for x in cpp_runs), 6)
                                        for ph in ("build_s", "yaml_s")},
                "speedup_median": round(sdk["median"] / cpp["median"], 1),
                "speedup_range": [round(sdk["min"] / cpp["max"], 1), round(sdk["max"] / cpp["min"], 1)],
                "cpp_cold_total_s": cold,
                "speedup_cold_median": round(sdk["median"] / cold["median"], 1),
                "sdk_yaml_bytes": sdk_runs[0]["yaml_bytes"], "cpp_yaml_bytes": cpp_runs[0]["yaml_bytes"],
                "templates": cpp_runs[0]["templates"], "same_workflow": same,
            }), flush=True)
    if len(sizes) > 1:
        lo, hi = min(sizes), max(sizes)
        for shape in shapes:
            c = cpp_median[(shape, hi)] / cpp_median[(shape, lo)]
            k = cold_median[(shape, hi)] / cold_median[(shape, lo)]
            s = sdk_median[(shape, hi)] / sdk_median[(shape, lo)]
            print(json.dumps({"bench": "sdk_side_by_side_growth", "shape": shape, "from": lo, "to": hi,
                              "size_ratio": hi / lo, "cpp_time_ratio": round(c, 2), "cpp_cold_time_ratio": round(k, 2),
                              "sdk_time_ratio": round(s, 2)}),
                  flush=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
