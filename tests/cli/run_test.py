#!/usr/bin/python3
# Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
"""Black-box tests of `couler run` and `couler resume`.

    run_test.py COULER WORK_DIR CASE

CASE is one of:
  flush   progress written to a file is flushed line by line: the engine killed with SIGKILL
          while a step runs leaves the lines of the steps that had finished.
  resume  `couler resume` keeps the run's --keep-going and --jobs unless given again, and takes
          -k itself.
  stop    SIGINT (Ctrl-C) and --timeout stop the run and its running step, the exit status is 1
          and stderr says why; a second SIGINT is not needed; `--timeout xyz` is a usage error.

Every check runs; the failures are listed together and the exit status is 1 if there were any.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

COULER, WORK, CASE = sys.argv[1:4]
WORK = os.path.abspath(WORK)  # steps run in their own work dirs
failures = []


def check(cond, what, detail=""):
    if cond:
        return
    msg = "FAIL: " + what + ("\n  " + detail if detail else "")
    failures.append(msg)
    print(msg, file=sys.stderr)


def workflow(name, steps, templates):
    """An IR file: a dag of `steps` [(name, template, [deps])], shell `templates` {name: script}."""
    return {
        "couler_ir": 1,
        "settings": {"name": name},
        "entrypoint": "main",
        "templates": [{"name": "main", "graph": {"style": "dag", "steps": [
            {"name": s, "template": t, **({"dependencies": d} if d else {})} for s, t, d in steps]}}] +
        [{"name": t, "container": {"image": "alpine:3.18", "command": ["sh", "-c", src]}}
         for t, src in templates.items()],
    }


def write(path, wf):
    with open(path, "w") as f:
        json.dump(wf, f)


def fresh(name):
    d = os.path.join(WORK, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def case_flush():
    d = fresh("flush")
    wf = os.path.join(d, "wf.json")
    write(wf, workflow("flush", [("quick", "quick", []), ("slow", "slow", ["quick"])],
                       {"quick": "true", "slow": "sleep 60"}))
    log = os.path.join(d, "log")
    with open(log, "w") as out:
        p = subprocess.Popen([COULER, "run", wf, "--state-dir", os.path.join(d, "state"), "--no-cache"],
                             stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        seen = ""
        for _ in range(200):  # the quick step's line, while the slow step runs
            time.sleep(0.05)
            with open(log) as f:
                seen = f.read()
            if "quick" in seen:
                break
        os.killpg(p.pid, signal.SIGKILL)  # the engine and its step
        p.wait()
    check("Succeeded quick" in seen, "the killed run's log has the finished step's line", repr(seen))


def case_resume():
    d = fresh("resume")
    once, marker = os.path.join(d, "once"), os.path.join(d, "y-ran")
    wf = os.path.join(d, "wf.json")
    # bad always fails; x fails the first time only; y needs x.
    write(wf, workflow("keepgoing", [("bad", "bad", []), ("x", "x", []), ("y", "y", ["x"])],
                       {"bad": "exit 1",
                        # slow to succeed: forgetting --keep-going, bad's failure would stop y
                        "x": "if [ -e %s ]; then sleep 0.5; exit 0; fi; touch %s; exit 1" % (once, once),
                        "y": "touch " + marker}))
    state = os.path.join(d, "state")
    r = subprocess.run([COULER, "run", wf, "--state-dir", state, "-k", "-j", "1", "--no-cache"],
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 1 and not os.path.exists(marker), "the first run fails and y does not run", r.stdout)
    runs = os.listdir(os.path.join(state, "runs"))
    check(len(runs) == 1, "one run recorded", str(runs))
    r = subprocess.run([COULER, "resume", runs[0], "--state-dir", state], capture_output=True, text=True, timeout=60)
    check(r.returncode == 1 and os.path.exists(marker),
          "resume without -k keeps the run's --keep-going: x and y run although bad fails again", r.stdout)
    # -k on resume itself, on a run made without it.
    os.remove(once)
    os.remove(marker)
    shutil.rmtree(state)
    r = subprocess.run([COULER, "run", wf, "--state-dir", state, "-j", "1", "--no-cache"],
                       capture_output=True, text=True, timeout=60)
    runs = os.listdir(os.path.join(state, "runs"))
    check(r.returncode == 1 and not os.path.exists(once), "without -k, bad stops x", r.stdout)
    open(once, "w").close()  # x succeeds from now on
    r = subprocess.run([COULER, "resume", runs[0], "--state-dir", state, "-k", "-j", "1"],
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 1 and os.path.exists(marker), "couler resume -k keeps going", r.stdout + r.stderr)


def case_stop():
    d = fresh("stop")
    pidf = os.path.join(d, "nap.pid")
    wf = os.path.join(d, "wf.json")
    write(wf, workflow("stop", [("nap", "nap", []), ("after", "after", ["nap"])],
                       {"nap": "echo $$ > %s; exec sleep 60" % pidf, "after": "true"}))

    def gone(pid):
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
            time.sleep(0.02)
        return False

    # Ctrl-C: the engine stops the step, records the run and exits 1, saying why.
    p = subprocess.Popen([COULER, "run", wf, "--state-dir", os.path.join(d, "state"), "--no-cache", "-q"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(200):
        if os.path.exists(pidf) and os.path.getsize(pidf) > 0:
            break
        time.sleep(0.05)
    t0 = time.time()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    check(p.returncode == 1, "SIGINT: exit status 1", "%d %s" % (p.returncode, err))
    check(time.time() - t0 < 10, "SIGINT: the run stops at once")
    check("stopped: interrupted by signal 2 (SIGINT)" in err, "SIGINT: stderr says why", err)
    check(gone(int(open(pidf).read())), "SIGINT: the running step is stopped")
    # --timeout: the same after the time limit.
    os.remove(pidf)
    t0 = time.time()
    r = subprocess.run([COULER, "run", wf, "--state-dir", os.path.join(d, "state"), "--no-cache", "-q",
                        "--timeout", "1s"], capture_output=True, text=True, timeout=60)
    check(r.returncode == 1 and time.time() - t0 < 15, "--timeout 1s: the run fails within seconds", r.stderr)
    check("stopped: the run's time limit of 1s passed" in r.stderr, "--timeout: stderr says why", r.stderr)
    check(gone(int(open(pidf).read())), "--timeout: the running step is stopped")
    r = subprocess.run([COULER, "run", wf, "--timeout", "xyz"], capture_output=True, text=True, timeout=60)
    check(r.returncode == 2 and "'xyz' is not a duration" in r.stderr, "--timeout xyz: a usage error naming it",
          "%d %s" % (r.returncode, r.stderr))


os.makedirs(WORK, exist_ok=True)
{"flush": case_flush, "resume": case_resume, "stop": case_stop}[CASE]()
if failures:
    print("%d check(s) failed" % len(failures), file=sys.stderr)
    sys.exit(1)
print("cli run %s: all checks passed" % CASE)
