#!/usr/bin/python3
# Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
"""Hostile workflows against `couler run`: nothing may be written outside the state directory.

    hostile_corpus.py COULER CORPUS_DIR WORK_DIR

For each workflow in CORPUS_DIR (IR JSON or Argo YAML; expect.tsv says how each must end), a
fresh directory T = WORK_DIR/<file> holds a sentinel directory (a secret file and a victim
file) and the state directory T/state, so a step's work dir is six levels below T: the corpus
aims its `..` paths and links at T/sentinel and T/pwned*. `couler run FILE --state-dir T/state`
must refuse the workflow up front or fail cleanly (the exit status and a message naming the
field, as expect.tsv says; no signal, no hang), and afterwards
  - every file outside T/state (all of T, the entries of WORK_DIR, /tmp/couler-hostile-canary)
    is as it was: same paths, types, sizes, modification times and contents;
  - no file under T/state holds the sentinel's secret.
Then `couler resume` with hostile run ids must be refused without touching anything.

Every check runs; failures are listed together and the exit status is 1 if there were any.
"""
import os
import shutil
import subprocess
import sys

COULER, CORPUS, WORK = sys.argv[1:4]
SECRET = "COULER-HOSTILE-SECRET-7f3a"
CANARY = "/tmp/couler-hostile-canary"
failures = []


def check(cond, what, result=None):
    if cond:
        return
    msg = "FAIL: " + what
    if result is not None:
        msg += "\n  exit: %s\n  stdout: %s\n  stderr: %s" % (
            result.returncode, result.stdout.strip()[-2000:], result.stderr.strip()[-2000:])
    failures.append(msg)
    print(msg, file=sys.stderr)


def snapshot(root, skip=None):
    """(path, type, size, mtime_ns, content) of everything under root, except under skip."""
    out = {}
    if not os.path.lexists(root):
        return out
    for dirpath, dirnames, filenames in os.walk(root):
        if skip and os.path.abspath(dirpath) == os.path.abspath(skip):
            dirnames[:] = []
            continue
        dirnames[:] = [d for d in dirnames if not (skip and os.path.abspath(os.path.join(dirpath, d)) == os.path.abspath(skip))]
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            kind = "link" if os.path.islink(p) else "dir" if os.path.isdir(p) else "file"
            content = None
            if kind == "file":
                with open(p, "rb") as f:
                    content = f.read()
            elif kind == "link":
                content = os.readlink(p)
            mtime = st.st_mtime_ns if kind != "dir" else None  # a dir's mtime moves with the state dir
            out[p] = (kind, st.st_size if kind == "file" else None, mtime, content)
    return out


def diff(before, after):
    changes = []
    for p in sorted(set(before) | set(after)):
        if before.get(p) != after.get(p):
            changes.append("%s: %s -> %s" % (p, "absent" if p not in before else before[p][:3],
                                             "absent" if p not in after else after[p][:3]))
    return changes


def top_level(d):
    return {e: os.lstat(os.path.join(d, e)).st_mtime_ns for e in os.listdir(d)} if os.path.isdir(d) else {}


def secret_holders(root):
    hits = []
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            p = os.path.join(dirpath, name)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            with open(p, "rb") as f:
                if SECRET.encode() in f.read():
                    hits.append(p)
    return hits


def expectations():
    exp = {}
    with open(os.path.join(CORPUS, "expect.tsv")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, status, text = line.rstrip("\n").split("\t")
            exp[name] = (int(status), None if text == "-" else text)
    return exp


def fresh(name):
    t = os.path.join(WORK, name)
    shutil.rmtree(t, ignore_errors=True)
    os.makedirs(os.path.join(t, "sentinel"))
    with open(os.path.join(t, "sentinel", "secret.txt"), "w") as f:
        f.write(SECRET + "\n")
    with open(os.path.join(t, "sentinel", "victim.txt"), "w") as f:
        f.write("ORIGINAL\n")
    return t


def guarded_run(t, args, what, expect_status, expect_text):
    """Runs couler with the file system outside T/state watched."""
    state = os.path.join(t, "state")
    before, parent_before = snapshot(t, skip=state), top_level(WORK)
    canary_before = os.path.lexists(CANARY)
    try:
        r = subprocess.run([COULER, *args, "--state-dir", state], capture_output=True, text=True,
                           timeout=60, errors="replace")
    except subprocess.TimeoutExpired:
        check(False, "%s: `couler %s` finished within 60 s" % (what, args[0]))
        return
    check(r.returncode >= 0, "%s: couler was not killed by a signal" % what, r)
    check(r.returncode == expect_status, "%s: exit status %d" % (what, expect_status), r)
    check("terminate called" not in r.stderr and "Assertion" not in r.stderr, "%s: no crash" % what, r)
    if expect_text:
        check(expect_text in r.stdout + r.stderr, "%s: the output says %r" % (what, expect_text), r)
    changes = diff(before, snapshot(t, skip=state))
    check(not changes, "%s: nothing outside the state dir changed:\n    %s" % (what, "\n    ".join(changes)), r)
    parent_after = top_level(WORK)
    new = sorted(set(parent_after) - set(parent_before) - {os.path.basename(t)})
    check(not new, "%s: nothing new beside the test dir (%s)" % (what, new), r)
    check(os.path.lexists(CANARY) == canary_before, "%s: %s not created" % (what, CANARY), r)
    check(not secret_holders(state), "%s: no file in the state dir holds the sentinel's secret (%s)" %
          (what, secret_holders(state)), r)


def main():
    os.makedirs(WORK, exist_ok=True)
    if os.path.lexists(CANARY):
        os.remove(CANARY)
    exp = expectations()
    files = sorted(f for f in os.listdir(CORPUS) if f.endswith((".json", ".yaml")))
    check(len(files) >= 10, "the corpus has its files (%d)" % len(files))
    for f in files:
        check(f in exp, "%s has a line in expect.tsv" % f)
        if f not in exp:
            continue
        t = fresh(f)
        guarded_run(t, ["run", os.path.join(CORPUS, f)], f, *exp[f])
    # Run ids given by the user: refused before they become a path.
    t = fresh("resume")
    for rid in ["../../sentinel", "../../../pwned-run", "/tmp/couler-hostile-canary", "..", "a/b"]:
        guarded_run(t, ["resume", rid], "resume %r" % rid, 1, "is not a plain directory name")
    if failures:
        print("\n%d failure(s)" % len(failures), file=sys.stderr)
        return 1
    print("hostile corpus: %d workflows and 5 run ids, nothing written outside the state dir" % len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
