#!/usr/bin/env python3
"""check_conformance.py SHARED MANIFEST.jsonl SUMMARY.json
For each emitted DAG in the manifest (written by conformance_test.cpp): runs
SHARED/tools/check_airflow_dag.py --json, requires it to pass, and requires the DAG's edges,
with condition tasks contracted into their step and exit-handler tasks left out, to equal the
IR's dependency edges. Prints per-target counts and the refusals by feature; exits 1 on any
failure."""
import collections, json, os, re, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from engine_edges import airflow_step_edges  # noqa: E402

def feature(msg):
    # one name per refused feature: drop the quoted names and references a message carries
    msg = re.sub(r"\{\{.*?\}\}: ", "", msg)
    msg = re.sub(r"'[^']*'", "'…'", msg)
    msg = re.sub(r"\(([^()]*)\)$", "", msg).strip()
    return msg

def main():
    shared, manifest, summary_path = sys.argv[1:4]
    checker = f"{shared}/tools/check_airflow_dag.py"
    failures = []
    counts = collections.defaultdict(lambda: collections.Counter())
    refusals = collections.defaultdict(collections.Counter)
    not_workflows = []
    for line in open(manifest):
        e = json.loads(line)
        if "import_failed" in e:
            not_workflows.append(e["name"]); continue
        t = e["target"]; counts[t]["workflows"] += 1
        if "refused" in e:
            counts[t]["refused"] += 1
            for f in sorted({feature(p["message"]) for p in e["refused"]}):
                refusals[t][f] += 1
            continue
        counts[t]["emitted"] += 1
        r = subprocess.run([sys.executable, checker, e["py"], "--json"], capture_output=True, text=True)
        try:
            out = json.loads(r.stdout)
        except ValueError:
            failures.append(f"{e['name']} ({t}): checker output is not JSON: {r.stdout[:300]} {r.stderr[:300]}"); continue
        if r.returncode != 0 or out["errors"] or len(out["dags"]) != 1:
            failures.append(f"{e['name']} ({t}): {e['py']}: {out['errors']}"); continue
        dag = out["dags"][0]
        exits = {x["task_id"] for x in e["tasks"] if x["role"] == "exit"}
        if sorted(dag["tasks"]) != sorted(x["task_id"] for x in e["tasks"]):
            failures.append(f"{e['name']} ({t}): tasks differ: {dag['tasks']}"); continue
        got = airflow_step_edges(dag, e["tasks"])
        want = {tuple(x) for x in e["ir_edges"]}
        if got != want:
            failures.append(f"{e['name']} ({t}): edges {sorted(got)} != IR {sorted(want)}"); continue
        # exit-handler tasks hang below the DAG's last tasks, nothing hangs below them
        if any(a in exits for a, b in dag["edges"]):
            failures.append(f"{e['name']} ({t}): an edge leaves an exit-handler task"); continue
        counts[t]["passed"] += 1
    summary = {"counts": counts, "refusals": refusals, "not_workflows": not_workflows, "failures": failures}
    with open(summary_path, "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
    for t in sorted(counts):
        c = counts[t]
        print(f"{t}: {c['workflows']} workflows, {c['emitted']} emitted, {c['passed']} pass check_airflow_dag.py "
              f"with IR-equal edges, {c['refused']} refused")
        for f, n in refusals[t].most_common():
            print(f"  {n:4d}  {f}")
    print(f"not workflows (skipped): {len(not_workflows)}")
    for f in failures:
        print("FAIL", f)
    sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main()
