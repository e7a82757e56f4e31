#!/usr/bin/env python3
"""check_argo.py SHARED_DIR MANIFEST
MANIFEST lines: `<case> <emitted.yaml> <kind> <expected> [<subpath>]` where kind is
  golden    expected = a golden YAML file of the Python SDK (GOLDEN_INDEX.txt)
  generated expected = a generated/*.json capture: its last snapshot's "semantic" document
  golden-differs  a golden file the emitted workflow is known to differ from (the reason is in
            docs/argo-conformance.md): equality is a failure, so that the list stays true
  generated-differs  the same for a generated capture
  none      no comparison, only the schema and the linter
subpath (optional) compares only that part, e.g. spec.templates.1.container.resources.
Every emitted file is also validated with tools/validate.py (strict CRD schema; a CronWorkflow's
workflowSpec is validated as a Workflow) and tools/lint_argo.py. Comparison follows upstream's
check_argo_yaml: generateName, entrypoint and templates[0].name := "pytest", json.dumps(indent=2)
(key order matters), regex -[0-9]* -> -***. Prints one line per failure; exit 1 if any."""
import json, os, re, subprocess, sys, tempfile, yaml

shared, manifest = sys.argv[1], sys.argv[2]
cases = [l.split() for l in open(manifest) if l.strip()]

def normalise(doc):
    spec = doc.get("spec", {})
    if doc.get("kind") == "CronWorkflow":
        spec = spec.get("workflowSpec", {})
    if "generateName" in doc.get("metadata", {}):
        doc["metadata"]["generateName"] = "pytest"
    if "entrypoint" in spec:
        spec["entrypoint"] = "pytest"
    if spec.get("templates"):
        spec["templates"][0]["name"] = "pytest"
    return doc

def sub(doc, path):
    parts = path.split(".")
    for i, p in enumerate(parts):
        if p == "*":  # every element of a list
            rest = ".".join(parts[i + 1:])
            return [sub(x, rest) if rest else x for x in doc]
        doc = doc[int(p)] if isinstance(doc, list) else doc[p]
    return doc

def text(doc):
    return re.sub(r"-[0-9]*", "-***", json.dumps(doc, indent=2))

failures = []
tmp = tempfile.mkdtemp(prefix="couler-argo-check-")
workflows, templates = [], []
for c in cases:
    name, emitted, kind = c[0], c[1], c[2]
    try:
        got = yaml.safe_load(open(emitted))
    except Exception as e:
        failures.append(f"{name}: emitted YAML does not load: {e}")
        continue
    k = got.get("kind")
    if k == "CronWorkflow":
        wrapped = {"apiVersion": got["apiVersion"], "kind": "Workflow", "metadata": {"name": got["metadata"]["name"]},
                   "spec": got["spec"]["workflowSpec"]}
        path = os.path.join(tmp, name + ".workflow.json")
        json.dump(wrapped, open(path, "w"))
        workflows.append(path)
    elif k in ("WorkflowTemplate", "ClusterWorkflowTemplate"):
        templates.append(emitted)
    else:
        workflows.append(emitted)
    if kind == "none":
        continue
    expected_path = c[3]
    if kind in ("golden", "golden-differs"):
        want = yaml.safe_load(open(expected_path))
    else:
        want = json.load(open(expected_path))["snapshots"][-1]["semantic"]
    got, want = normalise(got), normalise(want)
    if len(c) > 4:
        try:
            got, want = sub(got, c[4]), sub(want, c[4])
        except (KeyError, IndexError, TypeError) as e:
            failures.append(f"{name}: subpath {c[4]} missing: {e!r}")
            continue
    a, b = text(got), text(want)
    if kind.endswith("-differs"):
        if a == b:
            failures.append(f"{name}: listed as differing from {expected_path} but now equal: update the docs and the test")
        else:
            print(f"known difference {name}")
        continue
    if a != b:
        import difflib
        diff = "\n".join(list(difflib.unified_diff(b.splitlines(), a.splitlines(), "expected", "emitted", lineterm=""))[:40])
        failures.append(f"{name}: differs from {expected_path}\n{diff}")

def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        failures.append(" ".join(cmd[:3]) + " ...:\n" + (r.stdout + r.stderr).strip())

py = sys.executable
for files, schema in ((workflows, "workflow_v1alpha1.json"), (templates, "workflowtemplate_v1alpha1.json")):
    for i in range(0, len(files), 200):
        chunk = files[i:i + 200]
        run([py, os.path.join(shared, "tools/validate.py"), os.path.join(shared, "schemas", schema)] + chunk)
        run([py, os.path.join(shared, "tools/lint_argo.py")] + chunk)
for f in failures:
    print("FAIL " + f)
print(f"{len(cases)} cases, {len(failures)} failures")
sys.exit(1 if failures else 0)
