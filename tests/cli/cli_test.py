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


os.makedirs(WORK, exist_ok=True)
{"help": case_help, "validate": case_validate, "dot": case_dot, "workload": case_workload}[CASE]()
if failures:
    print("%d check(s) failed" % len(failures), file=sys.stderr)
    sys.exit(1)
print("cli %s: all checks passed" % CASE)
