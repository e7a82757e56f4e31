#!/usr/bin/python3
# Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
"""A TO RUN program of the default step zoo (image `couler/table-stats:1`): per numeric column
of the SELECT's result, its count, mean, minimum and maximum, written to the first INTO table
(or printed). It reads what SQLFlow gives a TO RUN image: SQLFLOW_TO_RUN_SELECT,
SQLFLOW_TO_RUN_INTO and SQLFLOW_DATASOURCE (`sqlite://DIR`, as sqlflow_step.py). CMD arguments
name the columns to describe (default: all numeric ones)."""
import os
import re
import sqlite3
import sys

select = os.environ["SQLFLOW_TO_RUN_SELECT"]
into = [t for t in os.environ.get("SQLFLOW_TO_RUN_INTO", "").split(",") if t]
ds = os.environ.get("SQLFLOW_DATASOURCE", "")
if not ds.startswith("sqlite://"):
    sys.exit("table-stats: data source %r is not sqlite://DIR" % ds)
d = ds[len("sqlite://"):]
con = sqlite3.connect(os.path.join(d, "main.db"))
names = {m.group(1).lower() for m in re.finditer(r"([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*[A-Za-z_]", select + " " + " ".join(into))}
for n in sorted(names):
    path = os.path.join(d, n + ".db")
    if n != "main" and (os.path.exists(path) or any(t.lower().startswith(n + ".") for t in into)):
        con.execute('ATTACH DATABASE ? AS "%s"' % n, (path,))
cur = con.execute(select)
cols = [c[0] for c in cur.description]
rows = cur.fetchall()
wanted = sys.argv[1:] or [c for i, c in enumerate(cols) if rows and all(isinstance(r[i], (int, float)) for r in rows)]
out = []
for c in wanted:
    if c not in cols:
        sys.exit("table-stats: no column %s in %s" % (c, ", ".join(cols)))
    v = [r[cols.index(c)] for r in rows if r[cols.index(c)] is not None]
    out.append((c, len(v), sum(v) / len(v) if v else None, min(v) if v else None, max(v) if v else None))
print("column\tcount\tmean\tmin\tmax")
for r in out:
    print("\t".join(str(x) for x in r))
if into:
    t = ".".join('"%s"' % p for p in into[0].split("."))
    con.execute("DROP TABLE IF EXISTS %s" % t)
    con.execute("CREATE TABLE %s (column TEXT, count INTEGER, mean REAL, min REAL, max REAL)" % t)
    con.executemany("INSERT INTO %s VALUES (?, ?, ?, ?, ?)" % t, out)
    con.commit()
