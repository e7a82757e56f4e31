#!/usr/bin/env python3
"""table.py FILE.jsonl: bench_split's JSON lines as the Markdown tables of docs/splitting.md."""
import json, sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    by.setdefault(r["input"], {})[r["method"]] = r
methods = ["algorithm3", "topo-chunks", "refined", "refined-cut"]
print("| input | steps | edges | β | ⌈n/β⌉ | method | acyclic | parts | cut edges | quotient CP / CP | depth | time median [min, max] |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for inp, ms in by.items():
    for m in methods:
        if m not in ms:
            continue
        r = ms[m]
        q = r["quotient_critical_path"]
        ratio = "—" if q is None else f"{q / r['critical_path']:.2f}"
        print(f"| {inp.split(':', 1)[1]} | {r['steps']} | {r['edges']} | {r['max_steps']} | {r['lower_bound_parts']} | {m} | "
              f"{'yes' if r['acyclic'] else '**no**'} | {r['parts']} | {r['cut_edges']} | {ratio} | {r['quotient_depth'] or '—'} | "
              f"{r['seconds_median'] * 1000:.1f} ms [{r['seconds_min'] * 1000:.1f}, {r['seconds_max'] * 1000:.1f}] |")
