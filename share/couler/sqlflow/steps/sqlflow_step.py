#!/usr/bin/python3
# Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
"""The default step programs of couler's SQLFlow frontend (docs/sqlflow.md).

    sqlflow_step.py KIND      KIND: query extract train predict evaluate explain optimize show_train
    sqlflow_step.py --list-estimators

The statement comes as JSON in SQLFLOW_STATEMENT (couler::sqlflow::to_step_json), the data
source in SQLFLOW_DATASOURCE (`sqlite://DIR`: table `db.table` is table `table` of the SQLite
file DIR/db.db, unqualified tables live in DIR/main.db), and the extracted data at SQLFLOW_DATA.
With SQLFLOW_EXTRACT=in_step the step runs the statement's SELECT itself first, into a temporary
file (for engines that pass no files between steps: couler::sqlflow::compile_options::extract_in_step).
Models are pickled into a table of the database (columns id, block), as SQLFlow stores models
in its database. Loading a model unpickles it: only use databases you trust.
"""
import json
import os
import pickle
import re
import sqlite3
import subprocess
import sys
import tempfile

BLOCK = 1 << 20


def fail(msg):
    print("sqlflow: " + msg, file=sys.stderr)
    sys.exit(1)


def statement():
    text = os.environ.get("SQLFLOW_STATEMENT")
    if not text:
        fail("SQLFLOW_STATEMENT is not set")
    return json.loads(text)


def data_dir():
    ds = os.environ.get("SQLFLOW_DATASOURCE", "")
    if not ds.startswith("sqlite://"):
        fail("data source %r is not sqlite://DIR (the default step programs only know SQLite)" % ds)
    d = ds[len("sqlite://"):]
    os.makedirs(d, exist_ok=True)
    return d


IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def connect(st, *texts):
    """The main database with every database the statement names attached (SQLite attaches
    at most 10, so only the named ones)."""
    d = data_dir()
    con = sqlite3.connect(os.path.join(d, "main.db"))
    names = set()
    for t in texts:
        for m in re.finditer(r"([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*[A-Za-z_`\"]", t or ""):
            names.add(m.group(1).lower())
    for n in st.get("reads", []) + st.get("writes", []):
        if "." in n:
            names.add(n.split(".")[0])
    writes = {n.split(".")[0] for n in st.get("writes", []) if "." in n}
    for n in sorted(names):
        path = os.path.join(d, n + ".db")
        if n != "main" and (os.path.exists(path) or n in writes):
            con.execute("ATTACH DATABASE ? AS %s" % quote(n), (path,))
    return con


def quote(name):
    return ".".join('"%s"' % p.replace('"', '""') for p in name.split("."))


def rows_of(con, sql):
    cur = con.execute(sql)
    cols = [c[0] for c in cur.description] if cur.description else []
    return cols, cur.fetchall()


def print_table(cols, rows):
    print("\t".join(cols))
    for r in rows:
        print("\t".join("NULL" if v is None else str(v) for v in r))


def write_table(con, name, cols, rows):
    con.execute("DROP TABLE IF EXISTS %s" % quote(name))
    con.execute("CREATE TABLE %s (%s)" % (quote(name), ", ".join('"%s"' % c for c in cols)))
    con.executemany("INSERT INTO %s VALUES (%s)" % (quote(name), ", ".join("?" * len(cols))), rows)
    con.commit()


def load_data():
    path = os.environ.get("SQLFLOW_DATA", "/sqlflow/data.sqlite")
    con = sqlite3.connect(path)
    return rows_of(con, "SELECT * FROM data")


# ---------------------------------------------------------------------------------- steps

def step_query(st):
    con = connect(st, st["select"])
    cols, rows = rows_of(con, st["select"])
    con.commit()
    if cols:
        print_table(cols, rows)


def step_extract(st):
    out = os.environ.get("SQLFLOW_DATA", "/sqlflow/data.sqlite")
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    if os.path.exists(out):
        os.remove(out)
    con = connect(st, st["select"])
    con.execute("ATTACH DATABASE ? AS sqlflow_extract", (out,))
    con.execute("CREATE TABLE sqlflow_extract.data AS " + st["select"])
    con.commit()
    n = con.execute("SELECT COUNT(*) FROM sqlflow_extract.data").fetchone()[0]
    print("extracted %d rows" % n)


ESTIMATORS = ["DNNClassifier", "DNNRegressor", "LinearClassifier", "LinearRegressor",
              "DNNLinearCombinedClassifier", "DNNLinearCombinedRegressor",
              "BoostedTreesClassifier", "BoostedTreesRegressor", "xgboost.*", "sklearn.*"]


def attrs_with(st, prefix):
    out = {}
    for k, v in (st.get("attributes") or {}).items():
        if k.startswith(prefix):
            out[k[len(prefix):]] = v
    return out


def make_estimator(st):
    """A scikit-learn (or XGBoost) estimator for SQLFlow's name, and whether it classifies."""
    name = st["estimator"]
    attrs = st.get("attributes") or {}
    model = attrs_with(st, "model.")
    epochs = attrs.get("train.epoch")
    try:
        from sklearn import linear_model, neural_network, ensemble, pipeline, preprocessing
    except ImportError:
        fail("scikit-learn is not installed (Debian: apt-get install python3-sklearn)")

    def scaled(est):
        return pipeline.make_pipeline(preprocessing.StandardScaler(), est)

    if name in ("DNNClassifier", "DNNRegressor", "DNNLinearCombinedClassifier", "DNNLinearCombinedRegressor"):
        units = model.get("hidden_units", model.get("dnn_hidden_units", [10, 10]))
        cls = neural_network.MLPClassifier if name.endswith("Classifier") else neural_network.MLPRegressor
        kw = dict(hidden_layer_sizes=tuple(int(u) for u in units), random_state=0,
                  max_iter=int(epochs) if epochs else 2000)
        if "learning_rate" in model:
            kw["learning_rate_init"] = float(model["learning_rate"])
        return scaled(cls(**kw)), name.endswith("Classifier")
    if name == "LinearClassifier":
        return scaled(linear_model.LogisticRegression(max_iter=int(epochs) if epochs else 1000)), True
    if name == "LinearRegressor":
        return linear_model.LinearRegression(), False
    if name in ("BoostedTreesClassifier", "BoostedTreesRegressor"):
        cls = ensemble.GradientBoostingClassifier if name.endswith("Classifier") else ensemble.GradientBoostingRegressor
        kw = {"random_state": 0}
        if "n_trees" in model:
            kw["n_estimators"] = int(model["n_trees"])
        if "max_depth" in model:
            kw["max_depth"] = int(model["max_depth"])
        return cls(**kw), name.endswith("Classifier")
    if name.lower().startswith("xgboost."):
        try:
            import xgboost
        except ImportError:
            fail("XGBoost is not installed (Debian: apt-get install python3-xgboost)")
        booster = name.split(".", 1)[1]
        objective = str(attrs.get("objective", "reg:squarederror"))
        kw = {"booster": booster, "objective": objective, "random_state": 0}
        if "train.num_boost_round" in attrs:
            kw["n_estimators"] = int(attrs["train.num_boost_round"])
        for k in ("max_depth", "eta", "subsample", "colsample_bytree", "min_child_weight", "gamma"):
            if k in attrs:
                kw["learning_rate" if k == "eta" else k] = attrs[k]
        classify = objective.startswith(("binary:", "multi:"))
        if classify and "num_class" in attrs and objective.startswith("multi:"):
            kw["num_class"] = int(attrs["num_class"])
        return (xgboost.XGBClassifier if classify else xgboost.XGBRegressor)(**kw), classify
    if name.startswith("sklearn."):
        import importlib
        module, _, cls = name[len("sklearn."):].rpartition(".")
        try:
            est = getattr(importlib.import_module("sklearn." + module), cls)(**model)
        except (ImportError, AttributeError, TypeError) as e:
            fail("cannot make estimator %s: %s" % (name, e))
        from sklearn.base import is_classifier
        return est, is_classifier(est)
    fail("unknown estimator %r: the local step programs know %s" % (name, ", ".join(ESTIMATORS)))


def feature_spec(st, cols, label):
    """The feature columns: the COLUMN clause's plain columns (and NUMERIC/DENSE/CATEGORY_ID of
    one column), or every selected column but the label."""
    groups = st.get("columns") or {}
    if not groups:
        return [c for c in cols if c != label]
    out = []
    for group in groups.values():
        for c in group:
            m = re.fullmatch(r"(?i)(?:(NUMERIC|DENSE|CATEGORY_ID)\()?\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:,[^()]*)?\)?", c)
            if not m or (m.group(1) is None and c != m.group(2)):
                fail("column expression %s is not supported by the local step programs "
                     "(plain columns, NUMERIC, DENSE and CATEGORY_ID of one column are)" % c)
            if m.group(2) not in cols:
                fail("column %s is not in the SELECT's result (%s)" % (m.group(2), ", ".join(cols)))
            out.append(m.group(2))
    return out


def matrix(cols, rows, features, encoders):
    """Rows as float features; text columns become category codes (kept in `encoders`)."""
    idx = [cols.index(f) for f in features]
    X = []
    for r in rows:
        x = []
        for f, i in zip(features, idx):
            v = r[i]
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                x.append(float(v))
            else:
                codes = encoders.setdefault(f, {})
                x.append(float(codes.setdefault(v, len(codes))))
        X.append(x)
    return X


def save_model(con, name, obj):
    blob = pickle.dumps(obj)
    con.execute("DROP TABLE IF EXISTS %s" % quote(name))
    con.execute("CREATE TABLE %s (id INTEGER PRIMARY KEY, block BLOB)" % quote(name))
    for i in range(0, max(len(blob), 1), BLOCK):
        con.execute("INSERT INTO %s VALUES (?, ?)" % quote(name), (i // BLOCK, blob[i:i + BLOCK]))
    con.commit()


def load_model(con, name):
    try:
        blocks = con.execute("SELECT block FROM %s ORDER BY id" % quote(name)).fetchall()
    except sqlite3.OperationalError as e:
        fail("cannot read model %s: %s" % (name, e))
    return pickle.loads(b"".join(b[0] for b in blocks))


def score(est, classify, X, y):
    from sklearn import metrics
    p = est.predict(X)
    if classify:
        return "accuracy", metrics.accuracy_score(y, p)
    return "mean_squared_error", metrics.mean_squared_error(y, p)


def step_train(st):
    cols, rows = load_data()
    label = st.get("label")
    if not label or label not in cols:
        fail("LABEL %r is not a column of the SELECT's result (%s)" % (label, ", ".join(cols)))
    features = feature_spec(st, cols, label)
    encoders = {}
    X = matrix(cols, rows, features, encoders)
    li = cols.index(label)
    y = [r[li] for r in rows]
    est, classify = make_estimator(st)
    if classify and type(est).__module__.startswith("xgboost"):
        # XGBoost wants labels 0..n-1.
        classes = sorted(set(y), key=str)
        y = [classes.index(v) for v in y]
    else:
        classes = None
    est.fit(X, y)
    con = connect(st, st["select"], st["into"])
    name, value = score(est, classify, X, y)
    print("trained %s on %d rows, %d features; training %s: %.4f" % (st["estimator"], len(rows), len(features), name, value))
    vsel = (st.get("attributes") or {}).get("validation.select")
    if isinstance(vsel, str):
        vcols, vrows = rows_of(connect(st, vsel), vsel)
        vX = matrix(vcols, vrows, features, encoders)
        vy = [r[vcols.index(label)] for r in vrows]
        if classes is not None:
            vy = [classes.index(v) if v in classes else -1 for v in vy]
        name, value = score(est, classify, vX, vy)
        print("validation %s: %.4f (%d rows)" % (name, value, len(vrows)))
    save_model(con, st["into"], {"estimator": st["estimator"], "model": est, "classify": classify,
                                  "features": features, "encoders": encoders, "label": label,
                                  "classes": classes, "train_sql": st["text"]})
    print("saved model %s" % st["into"])


def predictions(m, cols, rows):
    X = matrix(cols, rows, m["features"], dict(m["encoders"]))
    p = list(m["model"].predict(X))
    if m["classes"] is not None:
        p = [m["classes"][int(v)] for v in p]
    return [v.item() if hasattr(v, "item") else v for v in p]


def step_predict(st):
    cols, rows = load_data()
    con = connect(st, st["select"], st["model"], st["into"])
    m = load_model(con, st["model"])
    target = st["into"]
    table, _, column = target.rpartition(".")
    if not table:
        table, column = target, m["label"]
    missing = [f for f in m["features"] if f not in cols]
    if missing:
        fail("the SELECT does not give the model's features %s" % ", ".join(missing))
    p = predictions(m, cols, rows)
    keep = [i for i, c in enumerate(cols) if c != column]
    write_table(con, table, [cols[i] for i in keep] + [column], [[r[i] for i in keep] + [v] for r, v in zip(rows, p)])
    print("wrote %d predictions of %s to %s" % (len(rows), column, table))


METRICS = {"accuracy": "accuracy_score", "accuracy_score": "accuracy_score", "auc": "roc_auc_score",
           "precision": "precision_score", "recall": "recall_score", "f1": "f1_score",
           "mse": "mean_squared_error", "mae": "mean_absolute_error", "r2": "r2_score",
           "meansquarederror": "mean_squared_error", "meanabsoluteerror": "mean_absolute_error"}


def step_evaluate(st):
    from sklearn import metrics
    cols, rows = load_data()
    con = connect(st, st["select"], st["model"], st["into"])
    m = load_model(con, st["model"])
    label = st["label"]
    if label not in cols:
        fail("LABEL %s is not a column of the SELECT's result" % label)
    y = [r[cols.index(label)] for r in rows]
    p = predictions(m, cols, rows)
    wanted = str((st.get("attributes") or {}).get("validation.metrics", "Accuracy" if m["classify"] else "MSE"))
    names, values = [], []
    for w in [x.strip() for x in wanted.split(",") if x.strip()]:
        fn = METRICS.get(w.lower())
        if not fn:
            fail("unknown metric %r (known: %s)" % (w, ", ".join(sorted(METRICS))))
        if fn == "roc_auc_score":
            X = matrix(cols, rows, m["features"], dict(m["encoders"]))
            v = metrics.roc_auc_score(y, m["model"].predict_proba(X)[:, 1])
        elif fn in ("precision_score", "recall_score", "f1_score"):
            v = getattr(metrics, fn)(y, p, average="macro")
        else:
            v = getattr(metrics, fn)(y, p)
        names.append(w)
        values.append(float(v))
        print("%s: %.4f" % (w, v))
    write_table(con, st["into"], names, [values])


def step_explain(st):
    cols, rows = load_data()
    con = connect(st, st["select"], st["model"], *(st.get("into") and [st["into"]] or []))
    m = load_model(con, st["model"])
    est = m["model"]
    inner = est.steps[-1][1] if hasattr(est, "steps") else est
    how = "feature_importances_"
    if hasattr(inner, "feature_importances_"):
        imp = list(inner.feature_importances_)
    elif hasattr(inner, "coef_"):
        import numpy
        imp = list(numpy.abs(numpy.atleast_2d(inner.coef_)).mean(axis=0))
        how = "mean |coefficient|"
    else:
        from sklearn.inspection import permutation_importance
        label = m["label"]
        if label not in cols:
            fail("EXPLAIN of a %s model needs the label column %s in the SELECT" % (m["estimator"], label))
        X = matrix(cols, rows, m["features"], dict(m["encoders"]))
        y = [r[cols.index(label)] for r in rows]
        if m["classes"] is not None:
            y = [m["classes"].index(v) for v in y]
        imp = list(permutation_importance(est, X, y, n_repeats=5, random_state=0).importances_mean)
        how = "permutation importance"
    result = sorted(zip(m["features"], [float(v) for v in imp]), key=lambda t: -t[1])
    print("explainer: %s (%s)" % (st.get("using") or "default", how))
    print_table(["feature", "importance"], result)
    if st.get("into"):
        write_table(con, st["into"], ["feature", "importance"], result)


def step_show_train(st):
    con = connect(st, st["model"])
    m = load_model(con, st["model"])
    print_table(["model", "train_statement"], [[st["model"], m["train_sql"]]])


# ----------------------------------------------------------------- TO MAXIMIZE / MINIMIZE

def lin_add(a, b, s=1.0):
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0.0) + s * v
    return out


class Linear(Exception):
    pass


def evaluate(t, row, cols, var, vindex, rows_in):
    """A linear form {var index or None (constant): coefficient} of tree `t` over `rows_in`
    (SUM) or one row."""
    k, v = t["k"], t["v"]
    args = t.get("args", [])
    if k == "number":
        return {None: float(v)}
    if k == "string":
        raise Linear("a string in an objective or constraint: %r" % v)
    if k == "identifier":
        if v == var:
            if row is None:
                raise Linear("the variable %s outside SUM() needs a row" % v)
            return {vindex[id(row)]: 1.0}
        if v not in cols:
            raise Linear("unknown column %s (columns: %s)" % (v, ", ".join(cols)))
        if row is None:
            raise Linear("column %s outside SUM() in a constraint over groups" % v)
        x = row[cols.index(v)]
        return {None: float(x)}
    if k == "paren":
        return evaluate(args[0], row, cols, var, vindex, rows_in)
    if k == "call":
        if v.upper() != "SUM":
            raise Linear("only SUM() is supported, not %s()" % v)
        total = {}
        for r in rows_in:
            total = lin_add(total, evaluate(args[0], r, cols, var, vindex, rows_in))
        return total
    if k == "unary" and v == "-":
        return {kk: -vv for kk, vv in evaluate(args[0], row, cols, var, vindex, rows_in).items()}
    if k == "binary" and v in "+-*/":
        a = evaluate(args[0], row, cols, var, vindex, rows_in)
        b = evaluate(args[1], row, cols, var, vindex, rows_in)
        if v == "+":
            return lin_add(a, b)
        if v == "-":
            return lin_add(a, b, -1.0)
        const_a, const_b = set(a) <= {None}, set(b) <= {None}
        if v == "*":
            if not const_a and not const_b:
                raise Linear("a product of two variable terms is not linear")
            c, lin = (a.get(None, 0.0), b) if const_a else (b.get(None, 0.0), a)
            return {kk: c * vv for kk, vv in lin.items()}
        if not const_b:
            raise Linear("division by a variable term is not linear")
        return {kk: vv / b.get(None, 0.0) for kk, vv in a.items()}
    raise Linear("operator %s is not supported in an objective" % v)


def step_optimize(st):
    cols, rows = load_data()
    attrs = st.get("attributes") or {}
    spec = str(attrs.get("variables", ""))
    m = re.fullmatch(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([^)]*)\))?\s*", spec)
    if not m:
        fail('WITH variables="name" or "name(column, ...)" is required, got %r' % spec)
    var = m.group(1)
    index_cols = [c.strip() for c in (m.group(2) or "").split(",") if c.strip()]
    for c in index_cols:
        if c not in cols:
            fail("variables index column %s is not in the SELECT's result" % c)
    var_type = str(attrs.get("var_type", "NonNegativeReals"))
    vindex = {id(r): i for i, r in enumerate(rows)}
    try:
        obj = evaluate(st["objective_tree"], None, cols, var, vindex, rows)
        cons = []
        for c in st.get("constraints") or []:
            t = c["tree"]
            if t["k"] != "binary" or t["v"] not in ("<=", ">=", "=", "<", ">"):
                fail("constraint %s is not a comparison" % c["expr"])
            groups = [rows]
            if c.get("group_by"):
                g = c["group_by"]
                if g not in cols:
                    fail("GROUP BY %s: not a column" % g)
                by = {}
                for r in rows:
                    by.setdefault(r[cols.index(g)], []).append(r)
                groups = list(by.values())
            has_sum = '"SUM"' in json.dumps(t).upper()
            for grp in groups:
                targets = [None] if has_sum else grp
                for r in targets:
                    left = evaluate(t["args"][0], r if r is not None else grp[0], cols, var, vindex, grp)
                    right = evaluate(t["args"][1], r if r is not None else grp[0], cols, var, vindex, grp)
                    cons.append((lin_add(left, right, -1.0), t["v"]))
    except Linear as e:
        fail(str(e))
    sense = "Maximize" if st["kind"] == "maximize" else "Minimize"

    def form(lin):
        terms = ["%s %r x%d" % ("+" if c >= 0 else "-", abs(c), i) for i, c in sorted(lin.items(), key=lambda t: (t[0] is None, t[0] or 0)) if i is not None and c != 0]
        return " ".join(terms) if terms else "0 x0"

    # Every column in index order in the objective, so glpsol numbers them x0, x1, ... as we do.
    full = " ".join("%s %r x%d" % ("+" if obj.get(i, 0.0) >= 0 else "-", abs(obj.get(i, 0.0)), i) for i in range(len(rows)))
    lines = [sense, " obj: " + (full or "0 x0"), "Subject To"]
    for n, (lin, op) in enumerate(cons):
        op = {"<": "<=", ">": ">=", "=": "="}.get(op, op)
        lines.append(" c%d: %s %s %r" % (n, form(lin), op, -lin.get(None, 0.0)))
    lines.append("Bounds")
    for i in range(len(rows)):
        if var_type in ("Integers", "Reals"):
            lines.append(" x%d free" % i)
        elif var_type == "Binary":
            lines.append(" 0 <= x%d <= 1" % i)
        else:
            lines.append(" x%d >= 0" % i)
    if var_type in ("Integers", "NonNegativeIntegers", "Binary", "PositiveIntegers"):
        lines.append("General")
        lines.append(" " + " ".join("x%d" % i for i in range(len(rows))))
    lines.append("End")
    with tempfile.TemporaryDirectory() as tmp:
        lp, out = os.path.join(tmp, "model.lp"), os.path.join(tmp, "solution.txt")
        open(lp, "w").write("\n".join(lines) + "\n")
        solver = (st.get("using") or "glpk").lower()
        if solver != "glpk":
            fail("unknown solver %r: the local step programs use glpk (glpsol)" % solver)
        try:
            r = subprocess.run(["glpsol", "--lp", lp, "-w", out], capture_output=True, text=True)
        except FileNotFoundError:
            fail("glpsol is not installed (Debian: apt-get install glpk-utils)")
        if r.returncode != 0:
            fail("glpsol failed:\n" + r.stdout + r.stderr)
        values, status = parse_glpk_solution(open(out).read(), len(rows))
    if status not in ("optimal", "feasible"):
        fail("the problem has no optimal solution (glpsol: %s)" % status)
    objective = sum(c * values[i] for i, c in obj.items() if i is not None) + obj.get(None, 0.0)
    print("%s: %s, objective %.6g" % (sense.lower(), status, objective))
    out_cols = index_cols + [var] if index_cols else cols + ([var] if var not in cols else [])
    result = []
    for i, r in enumerate(rows):
        base = [r[cols.index(c)] for c in index_cols] if index_cols else [v for c, v in zip(cols, r) if c != var]
        result.append(base + [values[i]])
    if not index_cols and var in cols:
        out_cols = [c for c in cols if c != var] + [var]
    con = connect(st, st["select"], st["into"])
    write_table(con, st["into"], out_cols, result)
    print_table(out_cols, result)


def parse_glpk_solution(text, n):
    """glpsol -w (GLPK 5) writes `s mip ROWS COLS STATUS OBJ` or `s bas ...`, then `j COL ...`."""
    values, status = [0.0] * n, "unknown"
    kinds = {"o": "optimal", "f": "feasible", "n": "no feasible solution", "u": "undefined", "i": "infeasible"}
    mip = False
    for line in text.splitlines():
        p = line.split()
        if not p:
            continue
        if p[0] == "s":
            mip = p[1] == "mip"
            status = kinds.get(p[4], p[4])
        elif p[0] == "j":
            j = int(p[1]) - 1
            if 0 <= j < n:
                values[j] = float(p[2] if mip else p[3])
    return [int(round(v)) if abs(v - round(v)) < 1e-9 else v for v in values], status


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--list-estimators":
        print("\n".join(ESTIMATORS))
        return
    if len(sys.argv) != 2:
        fail("usage: sqlflow_step.py KIND")
    steps = {"query": step_query, "extract": step_extract, "train": step_train, "predict": step_predict,
             "evaluate": step_evaluate, "explain": step_explain, "optimize": step_optimize,
             "show_train": step_show_train}
    if sys.argv[1] not in steps:
        fail("unknown step kind %r" % sys.argv[1])
    try:
        st = statement()
        if os.environ.get("SQLFLOW_EXTRACT") == "in_step" and sys.argv[1] != "extract":
            with tempfile.TemporaryDirectory(prefix="sqlflow-") as d:
                os.environ["SQLFLOW_DATA"] = os.path.join(d, "data.sqlite")
                step_extract(st)
                steps[sys.argv[1]](st)
        else:
            steps[sys.argv[1]](st)
    except sqlite3.Error as e:
        fail("SQLite: %s" % e)


if __name__ == "__main__":
    main()
