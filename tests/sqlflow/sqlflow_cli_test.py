#!/usr/bin/python3
# Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
"""`couler sql` end to end.

    sqlflow_cli_test.py COULER SOURCE_DIR WORK_DIR CASE SHARED_DIR

CASE is one of:
  parse     --parse on every statement of ../shared/conformance/sqlflow/statements.jsonl gives
            the result docs/sqlflow.md lists for it (one JSON line per statement with the keys
            of the issue; errors: exit 1 and `line L, column C` on stderr)
  errors    parse and compile errors: exit status, file, line and column in the message
  iris      SQLFlow's README example: TO TRAIN DNNClassifier then TO PREDICT, on SQLite made
            from examples/model_selection/data/iris.csv; the predictions' accuracy is checked
  kinds     TO EVALUATE, TO EXPLAIN, SHOW TRAIN, TO RUN, xgboost.gbtree; a failing step fails the run
  optimize  TO MAXIMIZE (woodcarving) and TO MINIMIZE with GROUP BY (transportation) with GLPK
  emit      --emit argo passes the strict schema and the linter; --emit ir is IR JSON
  engines   the README example and a nine-statement program through --emit tekton, airflow,
            airflow2 and airflow3: validate_tekton.py and check_airflow_dag.py accept them and
            their edges equal the statement dependencies (the IR's); the artifact-passing IR is
            refused by Airflow naming each step and the feature; --extract-in-step (what
            --emit airflow compiles) trains and predicts locally with the same accuracy
  table     (not a test) print the docs/sqlflow.md conformance table
"""
import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys

import yaml

COULER, SOURCE, WORK, CASE, SHARED = sys.argv[1:6]
sys.path.insert(0, os.path.join(SOURCE, "tests", "common"))
from engine_edges import airflow_dag, airflow_step_edges, ir_edges, tekton_edges  # noqa: E402
failures = []
KEYS = ["kind", "select", "estimator", "attributes", "columns", "label", "using", "into", "reads", "writes"]


def check(cond, what, result=None):
    if cond:
        return
    msg = "FAIL: " + what
    if result is not None:
        msg += "\n  command: %s\n  exit: %d\n  stdout: %s\n  stderr: %s" % (
            " ".join(result.args), result.returncode, result.stdout.strip()[-3000:], result.stderr.strip()[-3000:])
    failures.append(msg)
    print(msg, file=sys.stderr)


def couler(*args, stdin=None):
    return subprocess.run([COULER, *args], input=stdin, capture_output=True, text=True, timeout=240, cwd=WORK)


def fresh():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(os.path.join(WORK, "data"))


def write(name, text):
    with open(os.path.join(WORK, name), "w") as f:
        f.write(text)


def db(name):
    return sqlite3.connect(os.path.join(WORK, "data", name + ".db"))


def run_sql(name, *extra):
    return couler("sql", name, "--datasource", "sqlite://data", "--state-dir", "state", *extra)


def conformance():
    out = []
    for line in open(os.path.join(SHARED, "conformance/sqlflow/statements.jsonl")):
        d = json.loads(line)
        # Go format templates: placeholders become identifiers, as SQLFlow's tests fill them.
        out.append((re.sub(r"%\[(\d)\]s", r"tmpl\1", d["sql"]), d["source"]))
    return out


def parse_result(sql):
    r = couler("sql", "--parse", "-", stdin=sql)
    if r.returncode == 0:
        objs = [json.loads(l) for l in r.stdout.splitlines()]
        return r, "ok: " + " ".join(o["kind"] for o in objs), objs
    m = re.search(r"line \d+, column \d+: .*", r.stderr)
    return r, "error: " + (m.group(0).replace("|", "\\|") if m else r.stderr.strip()), None


def table_rows():
    rows = []
    for i, (sql, source) in enumerate(conformance()):
        _, result, _ = parse_result(sql)
        rows.append("| %d | %s | %s |" % (i, source, result))
    return rows


def case_table():
    print("| # | source | result |\n|---|---|---|")
    print("\n".join(table_rows()))


def case_parse():
    fresh()
    doc = open(os.path.join(SOURCE, "docs/sqlflow.md")).read()
    documented = [l for l in doc.splitlines() if re.match(r"^\| \d+ \| go/", l)]
    actual = table_rows()
    check(len(documented) == len(actual), "docs/sqlflow.md lists %d statements, the data has %d" % (len(documented), len(actual)))
    for d, a in zip(documented, actual):
        check(d == a, "docs/sqlflow.md says\n  %s\nbut couler sql --parse gives\n  %s" % (d, a))
    for sql, source in conformance():
        r, result, objs = parse_result(sql)
        if objs is None:
            check(r.returncode == 1 and re.search(r"line \d+, column \d+", r.stderr), "%s: error exit/message" % source, r)
            continue
        for o in objs:
            check(all(k in o for k in KEYS), "%s: a --parse line lacks one of %s" % (source, KEYS), r)
    # The README example's fields.
    r, _, objs = parse_result("SELECT * FROM iris.train TO TRAIN DNNClassifier WITH model.n_classes = 3, "
                              "model.hidden_units = [10, 10] COLUMN sepal_length, sepal_width, petal_length, "
                              "petal_width LABEL class INTO sqlflow_models.my_dnn_model;\n"
                              "SELECT * FROM iris.test TO PREDICT iris.predict.class USING sqlflow_models.my_dnn_model;")
    check(objs is not None and len(objs) == 2, "README example parses to 2 statements", r)
    if objs:
        t, p = objs
        check(t["kind"] == "train" and t["estimator"] == "DNNClassifier" and t["label"] == "class", "train fields", r)
        check(t["attributes"] == {"model.n_classes": 3, "model.hidden_units": [10, 10]}, "train attributes", r)
        check(t["columns"] == {"feature_columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"]}, "columns", r)
        check(t["select"] == "SELECT * FROM iris.train" and t["into"] == "sqlflow_models.my_dnn_model", "select/into", r)
        check(t["reads"] == ["iris.train"] and t["writes"] == ["sqlflow_models.my_dnn_model"], "reads/writes", r)
        check(p["kind"] == "predict" and p["using"] == "sqlflow_models.my_dnn_model" and p["into"] == "iris.predict.class", "predict", r)
        check(p["estimator"] is None and p["label"] is None, "absent fields are null", r)


def case_errors():
    fresh()
    write("bad.sql", "SELECT 1;\nSELECT * FROM t\nTO TRAIN DNNClassifier\n  LABLE class INTO m;\n")
    for args in (["--parse"], [], ["--emit", "argo"]):
        r = couler("sql", "bad.sql", *args)
        check(r.returncode == 1, "parse error exits 1 (%s)" % args, r)
        check("bad.sql: line 4, column 3: unexpected 'LABLE' (expected WITH, COLUMN, LABEL, USING or INTO)" in r.stderr,
              "parse error names file, line, column and expected tokens", r)
    write("unknown.sql", "SELECT 1;\n\nSELECT * FROM t TO TRAIN NoSuchNet LABEL c INTO m;\n")
    r = couler("sql", "unknown.sql", "--emit", "argo")
    check(r.returncode == 1 and "unknown.sql: line 3: unknown estimator 'NoSuchNet'" in r.stderr, "unknown estimator", r)
    write("noselect.sql", "TO PREDICT a.b.c USING m;")
    r = couler("sql", "noselect.sql")
    check(r.returncode == 1 and "TO PREDICT needs a standard SELECT" in r.stderr, "extended clause without SELECT", r)
    # The zoo's estimator list is the train program's own.
    zoo_dir = os.path.join(SOURCE, "share/couler/sqlflow")
    listed = subprocess.run(["/usr/bin/python3", os.path.join(zoo_dir, "steps/sqlflow_step.py"), "--list-estimators"],
                            capture_output=True, text=True).stdout.split()
    check(listed == json.load(open(os.path.join(zoo_dir, "zoo.json")))["estimators"], "zoo.json estimators %s" % listed)
    r = couler("sql", "missing.sql")
    check(r.returncode == 2 and "cannot read" in r.stderr, "missing file", r)
    r = couler("sql", "unknown.sql", "--zoo", "nope.json")
    check(r.returncode == 2 and "nope.json" in r.stderr, "missing zoo", r)


def make_iris():
    rows = list(csv.DictReader(open(os.path.join(SOURCE, "examples/model_selection/data/iris.csv"))))
    classes = {"setosa": 0, "versicolor": 1, "virginica": 2}
    con = db("iris")
    for t in ("train", "test"):
        con.execute("CREATE TABLE %s (sepal_length REAL, sepal_width REAL, petal_length REAL, petal_width REAL, "
                    "class INTEGER)" % t)
    for i, r in enumerate(rows):  # every fifth row to test: 120 train, 30 test
        con.execute("INSERT INTO %s VALUES (?, ?, ?, ?, ?)" % ("test" if i % 5 == 0 else "train"),
                    (float(r["sepal_length"]), float(r["sepal_width"]), float(r["petal_length"]),
                     float(r["petal_width"]), classes[r["species"]]))
    con.commit()


README_EXAMPLE = """SELECT * FROM iris.train TO TRAIN DNNClassifier WITH model.n_classes = 3, model.hidden_units = [10, 10] COLUMN sepal_length, sepal_width, petal_length, petal_width LABEL class INTO sqlflow_models.my_dnn_model;
SELECT * FROM iris.test TO PREDICT iris.predict.class USING sqlflow_models.my_dnn_model;
"""


def accuracy(table):
    con = db("iris")
    n, acc = con.execute("SELECT COUNT(*), AVG(p.class = t.class) FROM %s p JOIN test t ON p.rowid = t.rowid" % table).fetchone()
    return n, acc


def case_iris():
    fresh()
    make_iris()
    write("iris.sql", README_EXAMPLE)
    r = run_sql("iris.sql")
    check(r.returncode == 0, "the README example runs", r)
    check("trained DNNClassifier on 120 rows, 4 features" in r.stdout, "training on 120 rows", r)
    n, acc = accuracy("predict")
    check(n == 30, "30 predictions written to iris.predict (got %s)" % n)
    check(acc is not None and acc >= 0.9, "test accuracy of the DNNClassifier >= 0.9 (got %s)" % acc)
    print("iris DNNClassifier test accuracy: %s" % acc)
    con = db("sqlflow_models")
    blocks = con.execute("SELECT COUNT(*), SUM(LENGTH(block)) FROM my_dnn_model").fetchone()
    check(blocks[0] >= 1 and blocks[1] > 1000, "the model is stored in the database (%s)" % (blocks,))
    cols = [c[1] for c in db("iris").execute("PRAGMA table_info(predict)")]
    check(cols == ["sepal_length", "sepal_width", "petal_length", "petal_width", "class"], "predict columns %s" % cols)


def case_kinds():
    fresh()
    make_iris()
    write("iris.sql", README_EXAMPLE)
    r = run_sql("iris.sql", "-q")
    check(r.returncode == 0, "train + predict", r)
    _, dnn_acc = accuracy("predict")
    write("kinds.sql", """
SELECT * FROM iris.test TO EVALUATE sqlflow_models.my_dnn_model WITH validation.metrics = "Accuracy,F1" LABEL class INTO iris.evaluation;
SELECT * FROM iris.train TO EXPLAIN sqlflow_models.my_dnn_model INTO iris.explanation;
SHOW TRAIN sqlflow_models.my_dnn_model;
SELECT * FROM iris.train TO TRAIN xgboost.gbtree WITH objective = "multi:softmax", num_class = 3, train.num_boost_round = 30
  LABEL class INTO sqlflow_models.my_xgb;
SELECT * FROM iris.test TO PREDICT iris.xgb_predict.class USING sqlflow_models.my_xgb;
SELECT * FROM iris.train TO EXPLAIN sqlflow_models.my_xgb USING TreeExplainer INTO iris.xgb_explanation;
SELECT * FROM iris.train TO RUN couler/table-stats:1 CMD "petal_length" INTO iris.stats;
""")
    r = run_sql("kinds.sql")
    check(r.returncode == 0, "evaluate/explain/show/xgboost/run program runs", r)
    con = db("iris")
    ev = con.execute('SELECT "Accuracy", "F1" FROM evaluation').fetchone()
    check(ev is not None and abs(ev[0] - dnn_acc) < 1e-9, "EVALUATE's accuracy %s equals the predictions' %s" % (ev, dnn_acc))
    ex = con.execute("SELECT feature, importance FROM explanation ORDER BY importance DESC").fetchall()
    check(sorted(f for f, _ in ex) == ["petal_length", "petal_width", "sepal_length", "sepal_width"], "EXPLAIN rows %s" % ex)
    check(ex and ex[0][0].startswith("petal"), "a petal measure explains the species best: %s" % ex)
    check("SELECT * FROM iris.train TO TRAIN DNNClassifier WITH model.n_classes = 3" in r.stdout, "SHOW TRAIN prints the train statement", r)
    _, xgb_acc = accuracy("xgb_predict")
    check(xgb_acc is not None and xgb_acc >= 0.9, "XGBoost test accuracy >= 0.9 (got %s)" % xgb_acc)
    print("iris xgboost.gbtree test accuracy: %s" % xgb_acc)
    check(con.execute("SELECT COUNT(*) FROM xgb_explanation").fetchone()[0] == 4, "XGBoost explanation table")
    mean = con.execute("SELECT mean FROM stats WHERE column = 'petal_length'").fetchone()
    want = con.execute("SELECT AVG(petal_length) FROM train").fetchone()[0]
    check(mean is not None and abs(mean[0] - want) < 1e-9, "TO RUN table-stats mean %s == %s" % (mean, want))
    # A failing step fails the run, with the step's message.
    write("fail.sql", "SELECT * FROM iris.train TO TRAIN DNNClassifier LABEL no_such_column INTO sqlflow_models.x;\n")
    r = run_sql("fail.sql")
    check(r.returncode == 1, "a failing step fails couler sql", r)
    log = ""
    for root, _, files in os.walk(os.path.join(WORK, "state")):
        for f in files:
            if f == "stderr.log":
                log += open(os.path.join(root, f)).read()
    check("LABEL 'no_such_column' is not a column" in log, "the step says why it failed: %r" % log[-500:])


def case_optimize():
    fresh()
    write("wood.sql", """
CREATE TABLE opt.woodcarving (product TEXT, price REAL, materials_cost REAL, other_cost REAL, finishing REAL, carpentry REAL, max_num REAL);
INSERT INTO opt.woodcarving VALUES ('soldier', 27, 10, 14, 2, 1, 40), ('train', 21, 9, 10, 1, 1, 10000);
SELECT * FROM opt.woodcarving
TO MAXIMIZE SUM((price - materials_cost - other_cost) * amount)
CONSTRAINT SUM(finishing * amount) <= 100, SUM(carpentry * amount) <= 80, amount <= max_num
WITH variables="amount(product)", var_type="NonNegativeIntegers"
USING glpk
INTO opt.woodcarving_result;
""")
    r = run_sql("wood.sql")
    check(r.returncode == 0, "woodcarving runs", r)
    check("maximize: optimal, objective 180" in r.stdout, "woodcarving optimum 180", r)
    got = dict(db("opt").execute("SELECT product, amount FROM woodcarving_result").fetchall())
    check(got == {"soldier": 20, "train": 60}, "woodcarving solution %s" % got)
    write("transport.sql", """
CREATE TABLE t.transportation (plants TEXT, markets TEXT, distance REAL);
CREATE TABLE t.plants (plants TEXT, capacity REAL);
CREATE TABLE t.markets (markets TEXT, demand REAL);
INSERT INTO t.transportation VALUES ('seattle','new-york',2.5),('seattle','chicago',1.7),('seattle','topeka',1.8),
  ('san-diego','new-york',2.5),('san-diego','chicago',1.8),('san-diego','topeka',1.4);
INSERT INTO t.plants VALUES ('seattle',350),('san-diego',600);
INSERT INTO t.markets VALUES ('new-york',325),('chicago',300),('topeka',275);
SELECT tr.plants AS plants, tr.markets AS markets, tr.distance AS distance, p.capacity AS capacity, m.demand AS demand
FROM t.transportation AS tr LEFT JOIN t.plants AS p ON tr.plants = p.plants LEFT JOIN t.markets AS m ON tr.markets = m.markets
TO MINIMIZE SUM(shipment * distance * 90 / 1000)
CONSTRAINT SUM(shipment) <= capacity GROUP BY plants, SUM(shipment) >= demand GROUP BY markets
WITH variables="shipment(plants,markets)", var_type="NonNegativeIntegers"
INTO t.result;
""")
    r = run_sql("transport.sql")
    check(r.returncode == 0, "transportation runs", r)
    con = db("t")
    rows = con.execute("SELECT r.plants, r.markets, r.shipment, tr.distance FROM result r JOIN transportation tr "
                       "ON r.plants = tr.plants AND r.markets = tr.markets").fetchall()
    cost = sum(s * d * 90 / 1000 for _, _, s, d in rows)
    check(abs(cost - 153.675) < 1e-6, "transportation cost %s is the known optimum 153.675" % cost)
    for plant, cap in con.execute("SELECT plants, capacity FROM plants"):
        check(sum(s for p, _, s, _ in rows if p == plant) <= cap, "capacity of %s" % plant)
    for market, dem in con.execute("SELECT markets, demand FROM markets"):
        check(sum(s for _, m, s, _ in rows if m == market) >= dem, "demand of %s" % market)


ALL_PROGRAM = README_EXAMPLE + """
SELECT * FROM iris.test TO EVALUATE sqlflow_models.my_dnn_model LABEL class INTO iris.evaluation;
SELECT * FROM iris.train TO EXPLAIN sqlflow_models.my_dnn_model;
SHOW TRAIN sqlflow_models.my_dnn_model;
SELECT * FROM iris.train TO RUN someone/processor:1.0 CMD "go" INTO iris.out;
SELECT * FROM w TO MAXIMIZE SUM(x * p) CONSTRAINT SUM(x) <= 10 WITH variables = "x" INTO r;
SELECT * FROM iris.evaluation;
"""


def case_emit():
    fresh()
    write("all.sql", ALL_PROGRAM)
    out = os.path.join(WORK, "all.yaml")
    r = couler("sql", "all.sql", "--emit", "argo", "-o", out)
    check(r.returncode == 0, "--emit argo", r)
    for tool, args in (("validate.py", [os.path.join(SHARED, "schemas/workflow_v1alpha1.json"), out]),
                       ("lint_argo.py", [out])):
        v = subprocess.run(["/usr/bin/python3", os.path.join(SHARED, "tools", tool), *args], capture_output=True, text=True)
        check(v.returncode == 0, "%s accepts the emitted workflow" % tool, v)
    text = open(out).read()
    for step in ("s1-data", "s1-train", "s2-predict", "s3-evaluate", "s4-explain", "s5-show-train", "s6-run", "s7-optimize", "s8-query"):
        check("name: " + step in text, "step %s in the Argo workflow" % step)
    r = couler("sql", "all.sql", "--emit", "ir")
    check(r.returncode == 0 and json.loads(r.stdout)["couler_ir"] == 1, "--emit ir", r)
    r = couler("sql", "all.sql", "--emit", "nosuchengine")
    check(r.returncode != 0 and "tekton" in r.stderr and "airflow3" in r.stderr, "an unknown target lists the targets", r)



# The statement dependencies of ALL_PROGRAM (each statement's last step; with --extract-in-step
# there is one step per statement): what the Tekton and Airflow outputs must state.
ALL_EDGES = {("s1-train", "s2-predict"), ("s1-train", "s3-evaluate"), ("s1-train", "s4-explain"),
             ("s1-train", "s5-show-train"), ("s3-evaluate", "s8-query")}


def case_engines():
    fresh()
    for name, text, want in (("iris", README_EXAMPLE, {("s1-train", "s2-predict")}), ("all", ALL_PROGRAM, ALL_EDGES)):
        write(name + ".sql", text)
        for extract in (False, True):
            # The IR the engines get (Airflow's is the --extract-in-step one).
            flags = ["--extract-in-step"] if extract else []
            r = couler("sql", name + ".sql", "--emit", "ir", *flags)
            check(r.returncode == 0, "%s: --emit ir %s" % (name, flags), r)
            ir = json.loads(r.stdout) if r.returncode == 0 else {"templates": [], "entrypoint": ""}
            edges = ir_edges(ir) if r.returncode == 0 else set()
            order = [s["name"] for t in ir["templates"] if t["name"] == ir["entrypoint"] for s in t["graph"]["steps"]]
            steps = set(order)
            if not extract:
                # sN-data before sN-<kind>; a statement waits from its first step (its data step).
                first = {}
                for st in order:
                    first.setdefault(st[:st.index("-")], st)
                want_ir = {(a, first[b[:b.index("-")]]) for a, b in want}
                want_ir |= {(st, st[:st.index("-")] + "-" + o.split("-", 1)[1]) for st in order if st.endswith("-data")
                            for o in order if o.startswith(st[:st.index("-") + 1]) and o != st}
            check(edges == (want if extract else want_ir),
                  "%s %s: IR edges %s, expected %s" % (name, flags, sorted(edges), sorted(want if extract else want_ir)))
            out = os.path.join(WORK, "%s%s.tekton.yaml" % (name, "-x" if extract else ""))
            r = couler("sql", name + ".sql", "--emit", "tekton", "-o", out, *flags)
            check(r.returncode == 0, "%s: --emit tekton %s" % (name, flags), r)
            v = subprocess.run(["/usr/bin/python3", os.path.join(SHARED, "tools/validate_tekton.py"), out],
                               capture_output=True, text=True)
            check(v.returncode == 0 and "valid=2 invalid=0" in v.stdout, "%s: validate_tekton.py accepts it" % out, v)
            if r.returncode == 0:
                got = tekton_edges(list(yaml.safe_load_all(open(out))), steps)
                check(got == edges, "%s: Tekton edges %s != IR %s" % (out, sorted(got), sorted(edges)))
        for target in ("airflow", "airflow2", "airflow3"):
            out = os.path.join(WORK, "%s.%s.py" % (name, target))
            r = couler("sql", name + ".sql", "--emit", target, "-o", out)
            check(r.returncode == 0, "%s: --emit %s" % (name, target), r)
            rc, dag, log = airflow_dag(SHARED, out)
            check(rc == 0 and dag is not None and not dag["errors"] and len(dag["dags"]) == 1,
                  "%s: check_airflow_dag.py accepts it: %s" % (out, log[-2000:]))
            if dag and dag["dags"]:
                got = airflow_step_edges(dag["dags"][0])
                check(got == want, "%s: Airflow edges %s != the statement dependencies %s" % (out, sorted(got), sorted(want)))
                check(sorted(dag["dags"][0]["tasks"]) == sorted(steps), "%s: one task per step %s" % (out, dag["dags"][0]["tasks"]))
            text = open(out).read() if os.path.exists(out) else ""
            check(("from airflow.sdk import" in text) == (target != "airflow2"), "%s: Airflow 2 or 3 imports" % out)
    # What Airflow refuses in the artifact-passing compilation: each step, by name, and the feature.
    r = couler("sql", "iris.sql", "--emit", "ir", "-o", os.path.join(WORK, "iris.ir.json"))
    check(r.returncode == 0, "iris --emit ir", r)
    r = couler("emit", "--target", "airflow", os.path.join(WORK, "iris.ir.json"))
    check(r.returncode == 1, "Airflow refuses the artifact-passing IR", r)
    for step in ("s1-data", "s1-train", "s2-data", "s2-predict"):
        check(re.search(r"steps\.%s\b.*artifacts" % step, r.stderr), "the refusal names step %s and artifacts" % step, r)
    # The in-step extraction really runs: train and predict locally, same accuracy as with sN-data.
    make_iris()
    r = run_sql("iris.sql", "--extract-in-step")
    check(r.returncode == 0, "the README example runs with --extract-in-step", r)
    check("-- statement 1 (line 1, train)" in r.stdout and "trained DNNClassifier on 120 rows" in r.stdout,
          "each statement's output is printed", r)
    n, acc = accuracy("predict")
    check(n == 30 and acc is not None and acc >= 0.9, "30 predictions, accuracy >= 0.9 (got %s, %s)" % (n, acc))
    print("iris DNNClassifier test accuracy with --extract-in-step: %s" % acc)


if CASE == "table":
    os.makedirs(WORK, exist_ok=True)
    case_table()
    sys.exit(0)
{"parse": case_parse, "errors": case_errors, "iris": case_iris, "kinds": case_kinds, "optimize": case_optimize,
 "emit": case_emit, "engines": case_engines}[CASE]()
if failures:
    print("%d failure(s)" % len(failures), file=sys.stderr)
    sys.exit(1)
print("ok")
