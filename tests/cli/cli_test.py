#!/usr/bin/python3
# Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
"""Black-box tests of the couler command line.

    cli_test.py COULER DATA_DIR WORK_DIR CASE SHARED_DIR

CASE is one of:
  help      `couler --help` and `couler <cmd> [<sub>] --help` for every subcommand (found in the
            help text itself, so new commands are covered) exit 0 and name the command;
            no subcommand or an unknown one is a usage error (exit 2).
  validate  `couler validate`: a good file (or one whose entrypoint is a container) exits 0; malformed JSON, a wrong type, a cycle, an
            unknown template or step exits 1 with `FILE: $.path: message` lines; a missing file
            fails with a clear message; standard input and --quiet work.
  dot       `couler dot FILE` prints a Graphviz digraph with every step and edge; -o writes it.
  workload  a WfCommons file from ../shared (task names like `cpuhog_chain_00000001`) validates
            with a note on the renamed names, and `couler emit` makes a workflow that passes the
            strict schema and the linter.
  emit      every option of `couler emit`: --format json|yaml, -o, --target (argo, tekton),
            --no-caps (a workflow over Argo's template cap is refused without it).
  import    every option of `couler import argo`: -o, --strict (names the unmodelled field).
  split     every option of `couler split`: the budgets (--max-steps, --max-bytes, --max-pods)
            bound every document or exit 1 listing the documents over them (--allow-oversize
            accepts them, the report lists them either way); --method (algorithm3's cyclic
            parts as Argo YAML with no parent), --objective (refused with another method),
            --children and --format in every combination (IR JSON is the IR of the same
            documents, parents of parents included); bad values are usage errors naming them.

Every check runs; the failures are listed together and the exit status is 1 if there were any.
"""
import os
import re
import subprocess
import sys

COULER, DATA, WORK, CASE, SHARED = sys.argv[1:6]
failures = []


def check(cond, what, result=None):
    if cond:
        return
    msg = "FAIL: " + what
    if result is not None:
        msg += "\n  command: %s\n  exit: %d\n  stdout: %s\n  stderr: %s" % (
            " ".join(result.args), result.returncode, result.stdout.strip()[:2000], result.stderr.strip()[:2000])
    failures.append(msg)
    print(msg, file=sys.stderr)


def couler(*args, stdin=None, cwd=None):
    return subprocess.run([COULER, *args], input=stdin, capture_output=True, text=True, timeout=60, cwd=cwd)


class Missing:
    """A report field that is not there: false in every comparison, so checks fail, not crash."""
    __lt__ = __le__ = __gt__ = __ge__ = __eq__ = lambda self, other: False
    __ne__ = lambda self, other: True
    __bool__ = lambda self: False
    __len__ = lambda self: 0
    __iter__ = lambda self: iter(())
    __getitem__ = lambda self, k: self
    __hash__ = None


class Report(dict):
    def __getitem__(self, k):
        return dict.get(self, k, Missing())


def json_of(r):
    """The JSON report a command printed, or None (and a failure)."""
    import json
    try:
        return json.loads(r.stdout, object_hook=Report)
    except ValueError:
        check(False, "the command printed a JSON report", r)
        return None


def tool(name, *args):
    return subprocess.run([sys.executable, os.path.join(SHARED, "tools", name), *args],
                          capture_output=True, text=True, timeout=300)


def argo_valid(files, template=False, what="documents"):
    """validate.py (Workflow or WorkflowTemplate schema) and lint_argo.py accept every file."""
    if not files:
        return
    schema = os.path.join(SHARED, "schemas", "workflowtemplate_v1alpha1.json" if template else "workflow_v1alpha1.json")
    r = tool("validate.py", schema, *files)
    check(r.returncode == 0, "validate.py accepts the %s (%d files)" % (what, len(files)), r)
    r = tool("lint_argo.py", *files)
    check(r.returncode == 0, "lint_argo.py accepts the %s (%d files)" % (what, len(files)), r)


def ir_dag(name, n, fanin=2, items=None, huge=None, seed=7):
    """An IR workflow: n container steps, each after up to `fanin` earlier ones (fixed seed);
    `items` gives step 0 a withItems loop of that many items; `huge` gives step 1 a template
    with an argument of that many bytes."""
    import json
    import random
    rng = random.Random(seed)
    steps = []
    for v in range(n):
        s = {"name": "s%d" % v, "template": "echo"}
        if v > 0:
            s["dependencies"] = sorted({"s%d" % rng.randrange(max(0, v - 10), v) for _ in range(fanin)})
        if v == 0 and items:
            s["with_items"] = list(range(items))
        if v == 1 and huge:
            s["template"] = "huge"
        steps.append(s)
    wf = {"couler_ir": 1, "settings": {"name": name}, "entrypoint": "main",
          "templates": [{"name": "main", "graph": {"style": "dag", "steps": steps}},
                        {"name": "echo", "container": {"image": "alpine:3.18", "command": ["echo"], "args": ["x" * 200]}},
                        {"name": "huge", "container": {"image": "alpine:3.18", "command": ["echo"], "args": ["y" * (huge or 1)]}}]}
    path = os.path.join(WORK, name + ".ir.json")
    with open(path, "w") as f:
        json.dump(wf, f)
    return path


def split(src, out, *args):
    """couler split SRC -o WORK/out ARGS (the directory emptied first)."""
    import shutil
    d = os.path.join(WORK, out)
    shutil.rmtree(d, ignore_errors=True)
    return couler("split", src, "-o", d, *args), d


def split_valid(d, rep, what):
    """Every document of a split in `d` passes validate.py and lint_argo.py: children (Workflow or
    WorkflowTemplate, as the report says), intermediate parents (WorkflowTemplate), the top."""
    if not rep:
        return
    argo_valid(files_in(d, r"part-\d{4}\.yaml"), rep["children_kind"] == "WorkflowTemplate", what + ": children")
    argo_valid(files_in(d, r"parent-\d+-\d{4}\.yaml"), True, what + ": intermediate parents")
    argo_valid(files_in(d, r"parent\.yaml"), False, what + ": parent")


def files_in(d, pattern):
    return sorted(os.path.join(d, f) for f in os.listdir(d) if re.fullmatch(pattern, f)) if os.path.isdir(d) else []


def subcommands(help_text):
    """The names listed under `Subcommands:` in CLI11's help."""
    names, inside = [], False
    for line in help_text.splitlines():
        if line.strip() == "Subcommands:":
            inside = True
            continue
        if inside:
            m = re.match(r"^  (\S+)\s", line + " ")
            if m:
                names.append(m.group(1))
            elif line.strip() and not line.startswith("   "):
                inside = False
    return names


def case_help():
    r = couler("--help")
    check(r.returncode == 0, "couler --help exits 0", r)
    check("Usage:" in r.stdout and "couler" in r.stdout, "couler --help prints a usage line", r)
    top = subcommands(r.stdout)
    expected = {"validate", "dot", "emit", "run", "resume", "runs", "split", "cache-sim", "import"}
    check(expected <= set(top), "couler --help lists %s (found %s)" % (sorted(expected), top), r)
    # Breadth first over nested subcommands (e.g. `import argo`).
    todo = [[c] for c in top]
    seen = 0
    while todo:
        path = todo.pop(0)
        seen += 1
        r = couler(*path, "--help")
        name = " ".join(path)
        check(r.returncode == 0, "couler %s --help exits 0" % name, r)
        usage = [l for l in r.stdout.splitlines() if l.startswith("Usage:")]
        check(usage and ("couler " + name) in usage[0], "couler %s --help has a usage line naming 'couler %s'" % (name, name), r)
        todo.extend(path + [s] for s in subcommands(r.stdout))
    check(seen > len(top), "nested subcommands (import argo) were found and checked")
    r = couler("--version")
    check(r.returncode == 0 and "couler" in r.stdout, "couler --version exits 0 and names the tool", r)
    r = couler()
    check(r.returncode == 2 and "subcommand" in r.stderr, "couler without a subcommand is a usage error (exit 2)", r)
    r = couler("no-such-command")
    check(r.returncode == 2, "an unknown subcommand is a usage error (exit 2)", r)
    r = couler("validate")
    check(r.returncode == 2 and "FILE" in r.stderr, "couler validate without FILE is a usage error naming FILE", r)


# name -> (path prefixes that must appear, message fragments that must appear)
BAD = {
    "malformed.json": (["$: "], ["malformed JSON", "line 4"]),
    "wrong_type.json": (["$.templates[0].container.image: ", "$.templates[0].container.args[1]: "],
                        ["expected a string, found an integer", "expected a string, found a boolean"]),
    "cycle.json": (["$.templates[0].graph.steps: "], ["dependency cycle", "a -> b -> c -> a"]),
    "unknown_template.json": (["$.templates[0].graph.steps[1].template: "], ["unknown template 'no-such-template'"]),
    "unknown_step.json": (["$.templates[0].graph.steps[1].dependencies[1]: "], ["unknown step 'ghost'"]),
}


def case_validate():
    good = os.path.join(DATA, "good.ir.json")
    r = couler("validate", good)
    check(r.returncode == 0, "validate on a good file exits 0", r)
    check("valid" in r.stdout and "4 steps" in r.stdout, "validate reports the good file valid with its 4 steps", r)
    check(r.stderr == "", "validate prints nothing to stderr for a good file", r)
    r = couler("validate", "--quiet", good)
    check(r.returncode == 0 and r.stdout == "" and r.stderr == "", "validate --quiet prints nothing for a good file", r)
    # The entrypoint may be a plain container template (validate used to print half a line, then
    # fail with "entrypoint is not a graph template").
    r = couler("validate", os.path.join(DATA, "single_container.ir.json"))
    check(r.returncode == 0 and "valid" in r.stdout and r.stderr == "",
          "validate on a workflow whose entrypoint is a container exits 0", r)
    with open(good) as f:
        r = couler("validate", "-", stdin=f.read())
    check(r.returncode == 0 and "valid" in r.stdout, "validate - reads standard input", r)

    for name, (paths, fragments) in BAD.items():
        r = couler("validate", name, cwd=DATA)
        check(r.returncode == 1, "validate %s exits 1" % name, r)
        check(r.stdout == "", "validate %s prints nothing to stdout" % name, r)
        lines = r.stderr.splitlines()
        for p in paths:
            check(any(l.startswith(name + ": " + p) for l in lines),
                  "validate %s reports a problem at '%s' as 'FILE: PATH: message'" % (name, p.rstrip(": ")), r)
        for frag in fragments:
            check(frag in r.stderr, "validate %s says '%s'" % (name, frag), r)

    # Argo YAML is read through the importer; an IR document that merely mentions Argo in a
    # string stays IR.
    argo = os.path.join(DATA, "argo_dag.yaml")
    r = couler("validate", argo)
    check(r.returncode == 0, "validate reads an Argo Workflow in YAML", r)
    r = couler("import", "argo", argo, "-o", os.path.join(WORK, "argo_dag.ir.json"))
    check(r.returncode == 0, "import argo writes IR JSON", r)
    r = couler("validate", os.path.join(WORK, "argo_dag.ir.json"))
    check(r.returncode == 0, "the imported IR (whose command mentions apiVersion: argoproj.io) validates as IR", r)

    missing = os.path.join(WORK, "no-such-file.json")
    r = couler("validate", missing)
    check(r.returncode == 2, "validate on a missing file exits 2 (an I/O error, not invalid input)", r)
    check("cannot read" in r.stderr and missing in r.stderr, "validate on a missing file says it cannot read it", r)
    check("Traceback" not in r.stderr and "terminate" not in r.stderr, "a missing file is not a crash", r)


def case_dot():
    good = os.path.join(DATA, "good.ir.json")
    r = couler("dot", good)
    check(r.returncode == 0, "dot on a good file exits 0", r)
    text = r.stdout
    check(re.match(r'^\s*digraph\b', text) is not None, "dot prints a digraph", r)
    check(text.count("{") == text.count("}") and text.rstrip().endswith("}"), "the digraph's braces balance", r)
    for step in ("fetch", "train", "evaluate", "report"):
        check(re.search(r'label="%s"' % step, text) is not None, "the digraph has a node for step '%s'" % step, r)
    for a, b in (("fetch", "train"), ("fetch", "evaluate"), ("train", "report"), ("evaluate", "report")):
        check(re.search(r'"[^"]*%s"\s*->\s*"[^"]*%s"' % (a, b), text) is not None,
              "the digraph has the edge %s -> %s" % (a, b), r)
    check(len(re.findall(r"->", text)) == 4, "the digraph has exactly the 4 edges", r)

    out = os.path.join(WORK, "good.dot")
    if os.path.exists(out):
        os.remove(out)
    r2 = couler("dot", good, "-o", out)
    check(r2.returncode == 0 and r2.stdout == "", "dot -o exits 0 and prints nothing", r2)
    check(os.path.exists(out) and open(out).read() == text, "dot -o writes the same digraph to the file", r2)

    r = couler("dot", os.path.join(DATA, "argo_dag.yaml"))
    check(r.returncode == 0 and re.search(r'"[^"]*fetch"\s*->\s*"[^"]*train"', r.stdout) is not None,
          "dot reads Argo YAML and draws its edge", r)

    r = couler("dot", os.path.join(DATA, "malformed.json"))
    check(r.returncode == 1 and "malformed JSON" in r.stderr, "dot on malformed JSON exits 1 with the problem", r)


def case_workload():
    wl = os.path.join(SHARED, "workloads", "wfcommons", "helloworld", "helloworld-chain-5-chameleon.json")
    check(os.path.exists(wl), "the shared workload %s exists (COULER_SHARED_DIR)" % wl)
    r = couler("validate", wl)
    check(r.returncode == 0 and "valid (6 templates, 5 steps" in r.stdout, "validate accepts a WfCommons file", r)
    check(re.search(r"note: \d+ task, file or template names of the workload renamed", r.stderr) is not None,
          "validate says that it renamed the workload's names", r)
    out = os.path.join(WORK, "helloworld-chain.yaml")
    r = couler("emit", "--target", "argo", wl, "-o", out)
    check(r.returncode == 0 and os.path.exists(out), "emit writes the workload as an Argo workflow", r)
    if not os.path.exists(out):
        return
    text = open(out).read()
    check("cpuhog-chain-00000005" in text and
          re.search(r"(name: |template: |- |tasks\.)cpuhog_chain", text) is None,
          "every task and template is renamed, consistently (names, templates, dependencies); "
          "images keep the source's names")
    check("{{tasks.cpuhog-chain-00000004.outputs.artifacts.chain_00000004_output-txt}}" in text,
          "artifact references follow the renamed task and file")
    tools = os.path.join(SHARED, "tools")
    for cmd in ([sys.executable, os.path.join(tools, "validate.py"),
                 os.path.join(SHARED, "schemas", "workflow_v1alpha1.json"), out],
                [sys.executable, os.path.join(tools, "lint_argo.py"), out]):
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        check(r.returncode == 0, "%s accepts the emitted workload" % os.path.basename(cmd[1]), r)
    # An IR file keeps its names: a bad one is still an error there.
    r = couler("validate", "-", stdin='{"couler_ir": 1, "entrypoint": "m", "templates": [{"name": "m", '
               '"graph": {"style": "dag", "steps": [{"name": "a_b", "template": "m"}]}}]}')
    check(r.returncode == 1 and "a_b" in r.stderr, "an IR step named a_b is still refused", r)


def case_emit():
    import json
    good = os.path.join(DATA, "good.ir.json")
    r = couler("emit", good)
    check(r.returncode == 0 and r.stdout.startswith("apiVersion: argoproj.io/v1alpha1"), "emit writes YAML by default", r)
    r = couler("emit", "--format", "json", good)
    ok = r.returncode == 0
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        doc, ok = None, False
    check(ok and doc["kind"] == "Workflow" and len(doc["spec"]["templates"]) == 2, "emit --format json writes the Workflow as JSON", r)
    out = os.path.join(WORK, "emit.yaml")
    r = couler("emit", good, "-f", "yaml", "-o", out)
    check(r.returncode == 0 and r.stdout == "" and os.path.exists(out), "emit -o writes the file and prints nothing", r)
    argo_valid([out], what="emitted workflow")
    r = couler("emit", "--target", "nowhere", good)
    check(r.returncode == 2 and "--target" in r.stderr, "emit --target of an unknown engine is a usage error naming --target", r)
    r = couler("emit", "--target", "tekton", good)
    check(r.returncode == 0 and r.stdout.startswith("---\napiVersion: tekton.dev/v1\nkind: Pipeline"),
          "emit --target tekton writes a Pipeline and a PipelineRun", r)
    r = couler("emit", "--format", "xml", good)
    check(r.returncode == 2 and "--format" in r.stderr, "emit --format xml is a usage error naming --format", r)
    # 210 distinct templates: over Argo's CRD cap of 200, refused unless --no-caps
    wf = {"couler_ir": 1, "settings": {"name": "caps"}, "entrypoint": "main",
          "templates": [{"name": "main", "graph": {"style": "dag", "steps": [
              {"name": "s%d" % i, "template": "t%d" % i} for i in range(210)]}}] +
          [{"name": "t%d" % i, "container": {"image": "alpine:3.18", "args": [str(i)]}} for i in range(210)]}
    src = os.path.join(WORK, "caps.ir.json")
    with open(src, "w") as f:
        json.dump(wf, f)
    r = couler("emit", src)
    check(r.returncode == 0 and r.stdout.count("\n    - name: ") <= 200,
          "emit keeps a workflow of 210 templates within Argo's cap of 200 (shared templates)", r)
    r = couler("emit", "--no-caps", src)
    check(r.returncode == 0 and r.stdout.count("\n    - name: t") == 210,
          "emit --no-caps writes every one of the 210 templates", r)


def case_import():
    src = os.path.join(DATA, "argo_pdb.yaml")
    r = couler("import", "argo", src)
    check(r.returncode == 0 and "podDisruptionBudget" in r.stdout,
          "import argo keeps a field the IR does not model as an extension", r)
    r = couler("import", "argo", "--strict", src)
    check(r.returncode == 1 and "$.spec.podDisruptionBudget" in r.stderr and r.stdout == "",
          "import argo --strict refuses the unmodelled field, naming its path", r)
    out = os.path.join(WORK, "pdb.ir.json")
    if os.path.exists(out):
        os.remove(out)
    r = couler("import", "argo", src, "-o", out)
    check(r.returncode == 0 and r.stdout == "" and os.path.exists(out), "import argo -o writes the file", r)
    r = couler("validate", out)
    check(r.returncode == 0, "the imported IR validates", r)


def case_split():
    big = ir_dag("split-big", 60)
    # Budgets bound every document; the report says so.
    r, d = split(big, "steps", "--max-steps", "7")
    rep = json_of(r)
    check(r.returncode == 0 and rep and rep["parts"] >= 9 and rep["largest_part_steps"] <= 7 and rep["over_budget"] == []
          and rep["top_tasks"] <= 7, "--max-steps 7 splits 60 steps into children of at most 7, and the parent too", r)
    kids = files_in(d, r"part-\d{4}\.yaml")
    check(rep and len(kids) == rep["parts"] and os.path.exists(os.path.join(d, "parent.yaml")),
          "the children and the parent are written as YAML", r)
    split_valid(d, rep, "--max-steps 7")
    r, d = split(ir_dag("split-loop", 30, items=9), "pods", "--max-pods", "5")
    rep = json_of(r)
    check(r.returncode == 1 and rep and rep["parts"] >= 7 and
          [(o["file"], o["budget"], o["size"], o["limit"]) for o in rep["over_budget"]] == [("part-0001.yaml", "pods", 9, 5)]
          and "part-0001.yaml is over budget: 9 pods, --max-pods is 5" in r.stderr,
          "--max-pods 5: a loop of 9 pods gets a child of its own, reported over budget (exit 1)", r)
    if rep:
        check(rep["largest_part_pods"] == 9, "largest_part_pods is the loop's 9", r)
    r, d = split(ir_dag("split-chain-pods", 30), "pods-ok", "--max-pods", "5")
    rep = json_of(r)
    check(r.returncode == 0 and rep and rep["parts"] == 6 and rep["largest_part_pods"] == 5, "--max-pods 5 bounds every child", r)

    # A document over a budget is an error unless allowed; the report lists it either way.
    huge = ir_dag("split-huge", 60, huge=8000)
    r, d = split(huge, "bytes", "--max-bytes", "6000")
    rep = json_of(r)
    check(r.returncode == 1, "a step over --max-bytes alone exits 1", r)
    if rep:
        over = rep["over_budget"]
        check(len(over) == 1 and all(o["budget"] == "bytes" and o["size"] > 6000 and o["limit"] == 6000
                                     and o["option"] == "--max-bytes" for o in over),
              "the report lists the one document over --max-bytes with its size and the budget", r)
        for o in over:
            p = os.path.join(d, o["file"])
            check(os.path.exists(p) and os.path.getsize(p) == o["size"] and "y" * 8000 in open(p).read(),
                  "%s is written, holds the huge step, and is the size reported" % o["file"], r)
            check(re.search(r"%s is over budget: %d bytes of Argo YAML, --max-bytes is 6000" % (re.escape(o["file"]), o["size"]),
                            r.stderr) is not None, "stderr names %s, its size and the budget" % o["file"], r)
        check(rep["parts_over_budget"] == 1 and rep["oversize_allowed"] is False, "parts_over_budget counts it", r)
        check("--allow-oversize" in r.stderr, "the message says how to accept it", r)
        others = [f for f in files_in(d, r".*\.yaml") if os.path.basename(f) not in {o["file"] for o in over}]
        check(others and all(os.path.getsize(f) <= 6000 for f in others), "every other document is within --max-bytes")
    split_valid(d, rep, "--max-bytes 6000")
    r2, d = split(huge, "bytes-ok", "--max-bytes", "6000", "--allow-oversize")
    rep2 = json_of(r2)
    check(r2.returncode == 0 and rep2 and rep and rep2["over_budget"] == rep["over_budget"] and rep2["oversize_allowed"] is True,
          "--allow-oversize exits 0 and still lists the same documents over budget", r2)
    check("warning: " in r2.stderr, "--allow-oversize still warns on standard error", r2)
    # Children of 3 steps fit 1500 bytes, but a parent creating even one of them does not: the
    # parent cannot be split into smaller ones, so it stays, listed (it used to be an exception).
    r, d = split(big, "tiny", "--max-bytes", "1500")
    rep = json_of(r)
    check(r.returncode == 1 and rep and [(o["file"], o["budget"]) for o in rep["over_budget"]] == [("parent.yaml", "bytes")]
          and rep["intermediate_parents"] == 0, "--max-bytes 1500: the parent is listed over budget", r)

    # --children inline: the parent holds every child, so it can be over --max-bytes.
    r, d = split(big, "inline-sizes", "--max-steps", "20", "--children", "inline")
    rep = json_of(r)
    budget = str(2 * rep["largest_part_bytes"]) if rep else "1"
    r, d = split(big, "inline", "--max-steps", "20", "--max-bytes", budget, "--children", "inline")
    rep = json_of(r)
    check(r.returncode == 1 and rep and [o["file"] for o in rep["over_budget"]] == ["parent.yaml"]
          and "--children templates" in r.stderr, "--children inline with a parent over --max-bytes exits 1 naming parent.yaml", r)
    r, d = split(big, "inline-ok", "--max-steps", "20", "--max-bytes", budget, "--children", "inline", "--allow-oversize")
    rep = json_of(r)
    check(r.returncode == 0 and rep and [o["file"] for o in rep["over_budget"]] == ["parent.yaml"]
          and rep["children_kind"] == "Workflow", "... and exits 0 with --allow-oversize, still listing parent.yaml", r)
    split_valid(d, rep, "--children inline")
    r, d = split(big, "auto", "--max-steps", "20", "--max-bytes", budget)
    rep = json_of(r)
    check(r.returncode == 0 and rep and rep["children_kind"] == "WorkflowTemplate" and rep["over_budget"] == [],
          "--children auto switches to WorkflowTemplates when the inline parent would be over budget", r)
    split_valid(d, rep, "--children auto")

    # --method algorithm3 with --format argo: Argo YAML children (no IR), no parent, exit 1;
    # --children is honoured.
    a3 = os.path.join(WORK, "a3.ir.json")
    with open(a3, "w") as f:
        f.write('{"couler_ir": 1, "settings": {"name": "a3"}, "entrypoint": "main", "templates": ['
                '{"name": "main", "graph": {"style": "dag", "steps": [{"name": "a", "template": "echo"}, '
                '{"name": "x", "template": "echo", "dependencies": ["a", "y"]}, '
                '{"name": "y", "template": "echo", "dependencies": ["a"]}]}}, '
                '{"name": "echo", "container": {"image": "alpine:3.18"}}]}')
    for children, kind in (("auto", "Workflow"), ("templates", "WorkflowTemplate")):
        r, d = split(a3, "a3-" + children, "--method", "algorithm3", "--max-steps", "2", "--format", "argo",
                     "--children", children)
        rep = json_of(r)
        kids = files_in(d, r"part-\d{4}\.yaml")
        check(r.returncode == 1 and "cycle" in r.stderr and rep and rep["acyclic"] is False and rep["method"] == "algorithm3",
              "algorithm3's cyclic parts are reported (exit 1)", r)
        check(len(kids) == 2 and not files_in(d, r".*\.json") and not os.path.exists(os.path.join(d, "parent.yaml")),
              "--method algorithm3 --format argo writes the 2 children as YAML and no parent", r)
        check(all(("\nkind: %s\n" % kind) in open(k).read() for k in kids),
              "--children %s with algorithm3 gives %s children" % (children, kind), r)
        argo_valid(kids, template=kind == "WorkflowTemplate", what="algorithm3 children")
    r, d = split(big, "a3-acyclic", "--method", "algorithm3", "--max-steps", "60", "--children", "templates")
    rep = json_of(r)
    check(r.returncode == 0 and rep and rep["acyclic"] and os.path.exists(os.path.join(d, "parent.yaml"))
          and rep["children_kind"] == "WorkflowTemplate", "algorithm3 with acyclic parts gets a parent, --children honoured", r)

    # --method and --objective: each changes the split as it says; --objective with another method is refused.
    montage = os.path.join(SHARED, "workloads", "pegasus-synthetic-dax", "Montage_100.xml")
    reps = {}
    for args in (("--objective", "balanced"), ("--objective", "cut"), ("--objective", "parallelism"),
                 ("--method", "topo-chunks"), ("--method", "algorithm3")):
        r, d = split(montage, "montage", "--max-steps", "13", *args)
        reps[args[1]] = json_of(r)
        check(r.returncode in (0, 1) and reps[args[1]], "split %s runs" % " ".join(args), r)
    if all(reps.values()):
        check(reps["cut"]["cut_edges"] < reps["balanced"]["cut_edges"], "--objective cut cuts fewer edges than balanced")
        check(reps["parallelism"]["quotient_critical_path"] < reps["cut"]["quotient_critical_path"],
              "--objective parallelism has a shorter quotient critical path than cut")
        check(reps["topo-chunks"]["method"] == "topo-chunks" and reps["topo-chunks"]["acyclic"]
              and reps["algorithm3"]["acyclic"] is False, "--method picks the algorithm (algorithm3 is cyclic here)")
    for m in ("topo-chunks", "algorithm3"):
        r, d = split(big, "objective", "--method", m, "--objective", "cut")
        check(r.returncode == 2 and "--objective" in r.stderr and m in r.stderr and not os.path.isdir(d),
              "--objective with --method %s is refused, naming both" % m, r)

    # --format ir: the IR of the same documents, parents of parents included, --children honoured.
    r, d = split(big, "ir-tree", "--max-steps", "3", "--format", "ir")
    rep = json_of(r)
    check(r.returncode == 0 and rep and rep["parent_levels"] >= 2 and rep["intermediate_parents"] >= 2,
          "--format ir builds parents of parents like argo (20 children, --max-steps 3)", r)
    inter = files_in(d, r"parent-\d+-\d{4}\.json")
    check(rep and len(inter) == rep["intermediate_parents"] and os.path.exists(os.path.join(d, "parent.json"))
          and not files_in(d, r".*\.yaml"), "--format ir writes the intermediate parents and the top as IR JSON", r)
    ra, da = split(big, "argo-tree", "--max-steps", "3", "--format", "argo")
    for f in files_in(d, r".*\.json"):
        e = couler("emit", f)
        twin = os.path.join(da, os.path.basename(f)[:-5] + ".yaml")
        check(e.returncode == 0 and os.path.exists(twin) and e.stdout == open(twin).read(),
              "couler emit %s gives exactly the Argo file %s" % (os.path.basename(f), os.path.basename(twin)), e)
    for children, kind in (("inline", "workflow"), ("templates", "workflow_template")):
        r, d = split(big, "ir-" + children, "--max-steps", "20", "--format", "ir", "--children", children)
        kids = files_in(d, r"part-\d{4}\.json")
        texts = [open(k).read() for k in kids]
        check(r.returncode == 0 and len(kids) == 3 and all(('"kind": "workflow_template"' in t) == (kind == "workflow_template")
                                                           for t in texts),
              "--format ir --children %s gives %s children" % (children, kind), r)
        p = os.path.join(d, "parent.json")
        check(os.path.exists(p) and (("workflowTemplateRef" in open(p).read()) == (children == "templates")),
              "--format ir --children %s: the parent %s" % (children, "references templates" if children == "templates"
                                                             else "holds the children"), r)

    # Bad values are usage errors naming the option; FILE may be standard input.
    for args, name in ((("--max-steps", "0"), "--max-steps"), (("--max-steps", "-3"), "--max-steps"),
                       (("--max-bytes", "0"), "--max-bytes"), (("--max-pods", "1.5"), "--max-pods"),
                       (("--method", "dfs2"), "method"), (("--objective", "speed"), "objective"),
                       (("--children", "nested"), "--children"), (("--format", "yaml"), "format")):
        r, d = split(big, "bad", *args)
        check(r.returncode == 2 and name in r.stderr and r.stdout == "", "split %s is a usage error naming %s" % (" ".join(args), name), r)
    with open(big) as f:
        r = subprocess.run([COULER, "split", "-", "-o", os.path.join(WORK, "stdin"), "--max-steps", "30"],
                           input=f.read(), capture_output=True, text=True, timeout=60)
    rep = json_of(r)
    check(r.returncode == 0 and rep and rep["parts"] == 2, "split - reads standard input", r)


os.makedirs(WORK, exist_ok=True)
{"help": case_help, "validate": case_validate, "dot": case_dot, "workload": case_workload, "emit": case_emit,
 "import": case_import, "split": case_split}[CASE]()
if failures:
    print("%d check(s) failed" % len(failures), file=sys.stderr)
    sys.exit(1)
print("cli %s: all checks passed" % CASE)
