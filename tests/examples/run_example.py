#!/usr/bin/python3
# Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
"""Runs one example program and checks what it prints.

    run_example.py EXAMPLE COULER OUT

The example must exit 0 and print a non-empty IR JSON document (`{"couler_ir": 1, ...}`) on
standard output, which is saved to OUT; `couler validate OUT` must then exit 0.
"""
import json
import subprocess
import sys

example, couler, out = sys.argv[1:4]
r = subprocess.run([example], capture_output=True, text=True, timeout=120)
if r.returncode != 0:
    sys.exit("FAIL: %s exited %d\n%s" % (example, r.returncode, r.stderr))
if not r.stdout.strip():
    sys.exit("FAIL: %s printed nothing on standard output" % example)
try:
    doc = json.loads(r.stdout)
except ValueError as e:
    sys.exit("FAIL: %s did not print JSON: %s\n%s" % (example, e, r.stdout[:2000]))
if not isinstance(doc, dict) or doc.get("couler_ir") != 1 or not doc.get("templates"):
    sys.exit("FAIL: %s printed JSON that is not an IR document with templates" % example)
with open(out, "w") as f:
    f.write(r.stdout)
v = subprocess.run([couler, "validate", out], capture_output=True, text=True, timeout=60)
if v.returncode != 0:
    sys.exit("FAIL: couler validate %s exited %d\n%s%s" % (out, v.returncode, v.stdout, v.stderr))
print(v.stdout.strip())
