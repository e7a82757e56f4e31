#!/usr/bin/env python3
# yaml_equal.py YAML JSON [YAML JSON ...]: each YAML file, read by PyYAML (YAML 1.1), equals the JSON file.
import json, math, sys, yaml

def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a.keys()) == list(b.keys()) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b and isinstance(a, float) == isinstance(b, float)
    return type(a) is type(b) and a == b

bad = 0
args = sys.argv[1:]
for y, j in zip(args[::2], args[1::2]):
    with open(y, encoding="utf-8") as f:
        got = yaml.safe_load(f)
    with open(j, encoding="utf-8") as f:
        want = json.load(f)
    if not same(got, want):
        bad += 1
        print(f"{y}: differs from {j}", file=sys.stderr)
        if isinstance(got, dict) and isinstance(want, dict):
            for k in want:
                if k not in got or not same(got[k], want[k]):
                    print(f"  key {k!r}: want {want[k]!r} got {got.get(k)!r}", file=sys.stderr)
sys.exit(1 if bad else 0)
