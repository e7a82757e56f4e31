# Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
"""The dependency edges of a workflow as each engine's output states them, for tests that check
they equal the IR's (tests/sqlflow, tests/engines, tests/airflow_emit).

    ir_edges(ir)                      IR JSON (couler_ir) -> {(before, after)} of the entry graph
    tekton_edges(docs, steps)         Tekton documents -> {(before, after)}: runAfter plus
                                      $(tasks.X.results...) references of the Pipeline's tasks
    airflow_dag(shared, py)           check_airflow_dag.py --json on a DAG file -> (rc, json)
    airflow_step_edges(dag, tasks)    the checker's edges over IR steps (condition tasks
                                      contracted into their step, exit-handler tasks left out)
"""
import json
import re
import subprocess
import sys

RESULT_REF = re.compile(r"\$\(tasks\.([A-Za-z0-9_-]+)\.results")


def ir_edges(ir):
    """The edges of the entry graph of an IR document (dict)."""
    entry = next(t for t in ir["templates"] if t["name"] == ir["entrypoint"])
    out = set()
    for s in entry.get("graph", {}).get("steps", []):
        for d in s.get("dependencies", []):
            out.add((d if isinstance(d, str) else d["step"], s["name"]))
    return out


def pipeline_spec(docs):
    """The pipeline of a list of Tekton documents: the Pipeline's spec, else the inlined one."""
    for d in docs:
        if d.get("kind") == "Pipeline":
            return d["spec"]
    for d in docs:
        if d.get("kind") == "PipelineRun" and "pipelineSpec" in d.get("spec", {}):
            return d["spec"]["pipelineSpec"]
    raise ValueError("no Pipeline in the Tekton documents")


def tekton_edges(docs, steps):
    """runAfter plus result references between the tasks named in `steps` (lower case, as
    Tekton names them); a task that is not a step (a condition task `<step>-cond`) is folded
    into the task that reads it: its own dependencies become that task's."""
    deps = {}
    for t in pipeline_spec(docs).get("tasks", []):
        deps[t["name"]] = set(t.get("runAfter", [])) | set(RESULT_REF.findall(json.dumps(t)))
    out = set()
    for t, ds in deps.items():
        if t not in steps:
            continue
        for d in ds:
            if d in steps:
                out.add((d, t))
            else:
                out.update((dd, t) for dd in deps.get(d, ()))
    return out


def airflow_dag(shared, py):
    """Runs the shared checker with --json: (exit status, its JSON or None, the raw output)."""
    r = subprocess.run([sys.executable, shared + "/tools/check_airflow_dag.py", py, "--json"],
                       capture_output=True, text=True)
    try:
        return r.returncode, json.loads(r.stdout), r.stdout + r.stderr
    except ValueError:
        return r.returncode, None, r.stdout + r.stderr


def airflow_step_edges(dag, tasks=None):
    """The edges of one DAG of the checker's JSON over IR steps. `tasks` is the emitter's task
    list ({task_id, step, role}); without it every task is its own step."""
    if tasks is None:
        return {tuple(e) for e in dag["edges"]}
    step_of = {x["task_id"]: x["step"] for x in tasks if x["role"] != "exit"}
    exits = {x["task_id"] for x in tasks if x["role"] == "exit"}
    return {(step_of[a], step_of[b]) for a, b in dag["edges"]
            if a not in exits and b not in exits and step_of[a] != step_of[b]}
