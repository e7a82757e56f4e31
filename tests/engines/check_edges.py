#!/usr/bin/env python3
# Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
"""check_edges.py SHARED MANIFEST.jsonl
For each workflow of the manifest (written by dependency_graph_test.cpp: name, steps, ir_edges,
and the Tekton YAML and/or Airflow DAG file that were emitted): the Tekton edges (runAfter plus
result references; a result reference to a step the IR orders before only transitively is
counted apart) and the Airflow edges (check_airflow_dag.py --json, which must pass) equal the
IR's. Prints the counts; exits 1 on any difference."""
import json
import os
import sys

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from engine_edges import airflow_dag, airflow_step_edges, tekton_edges  # noqa: E402


def reach(edges):
    """Transitive closure of the edges."""
    succ = {}
    for a, b in edges:
        succ.setdefault(a, set()).add(b)
    out = set()
    for a in list(succ):
        stack, seen = list(succ[a]), set()
        while stack:
            b = stack.pop()
            if b in seen:
                continue
            seen.add(b)
            out.add((a, b))
            stack.extend(succ.get(b, ()))
    return out


def main():
    shared, manifest = sys.argv[1:3]
    failures = []
    n = both = tk_checked = af_checked = transitive = edges_total = 0
    for line in open(manifest):
        e = json.loads(line)
        n += 1
        ir = {tuple(x) for x in e["ir_edges"]}
        edges_total += len(ir)
        both += "tekton" in e and "airflow" in e
        if "tekton" in e:
            tk_checked += 1
            low = {(a.lower(), b.lower()) for a, b in ir}
            docs = list(yaml.safe_load_all(open(e["tekton"])))
            got = tekton_edges([d for d in docs if d], {s.lower() for s in e["steps"]})
            closure = reach(low)
            extra = got - low
            if low - got or any(x not in closure for x in extra):
                failures.append(f"{e['name']}: Tekton edges {sorted(got)} != IR {sorted(low)}")
            transitive += len(extra)
        if "airflow" in e:
            af_checked += 1
            rc, out, log = airflow_dag(shared, e["airflow"])
            if rc != 0 or out is None or out["errors"] or len(out["dags"]) != 1:
                failures.append(f"{e['name']}: check_airflow_dag.py: {log[-500:]}")
                continue
            got = airflow_step_edges(out["dags"][0], e["tasks"])
            if got != ir:
                failures.append(f"{e['name']}: Airflow edges {sorted(got)} != IR {sorted(ir)}")
    print(f"workflows emitted by more than one engine (with an entry graph): {n}")
    print(f"  Tekton outputs compared: {tk_checked}; Airflow outputs compared: {af_checked}; both: {both}")
    print(f"  IR edges: {edges_total}; Tekton result references to transitively ordered steps: {transitive}")
    for f in failures:
        print("FAIL", f)
    print(f"{len(failures)} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
