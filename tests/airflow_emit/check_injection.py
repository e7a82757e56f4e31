#!/usr/bin/env python3
"""check_injection.py SHARED MANIFEST.jsonl
For each DAG file of the injection property test (injection_test.cpp):
 1. the file is ASCII and compiles; its AST holds only imports from airflow/datetime, one
    `with DAG(...)` block of `tN = KubernetesPodOperator(...)` assignments and `tA >> tB`
    lines, whose arguments are literals, Param(...), datetime calls and TriggerRule members;
 2. executing it under the offline stub runs nothing else: an audit hook fails the run on any
    process, exec/compile, write, socket or import outside airflow/datetime;
 3. tools/check_airflow_dag.py passes;
 4. every value, rendered by Jinja as Airflow renders templated fields (the operator's
    template_fields) and encoded back with surrogateescape, equals the input bytes."""
import ast, json, os, runpy, subprocess, sys

SHARED, MANIFEST = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(SHARED, "tools", "airflow_stub"))
import jinja2, jinja2.sandbox  # noqa: E402
import airflow._core as core  # noqa: E402
import importlib  # noqa: E402
# Loaded before the audit hook is armed: the DAG file's imports then find them loaded.
for m in ("airflow", "airflow.sdk", "airflow.models.param", "airflow.utils.trigger_rule",
          "airflow.providers.cncf.kubernetes.operators.pod"):
    importlib.import_module(m)

ALLOWED_CALLS = {"DAG", "KubernetesPodOperator", "Param"}
ALLOWED_ATTR_CALLS = {("datetime", "datetime"), ("datetime", "timedelta")}
ALLOWED_MODULES = {"datetime", "airflow", "airflow.sdk", "airflow.models.param", "airflow.utils.trigger_rule",
                   "airflow.providers.cncf.kubernetes.operators.pod"}

def check_ast(src):
    tree = ast.parse(src)
    for node in tree.body:
        if isinstance(node, ast.Import):
            assert all(a.name in ALLOWED_MODULES for a in node.names), ast.dump(node)
        elif isinstance(node, ast.ImportFrom):
            assert node.module in ALLOWED_MODULES, node.module
        elif isinstance(node, ast.With):
            assert len(node.items) == 1 and isinstance(node.items[0].context_expr, ast.Call)
            check_call(node.items[0].context_expr)
            for st in node.body:
                if isinstance(st, ast.Assign):
                    assert len(st.targets) == 1 and isinstance(st.targets[0], ast.Name)
                    check_call(st.value)
                elif isinstance(st, ast.Expr) and isinstance(st.value, ast.BinOp):
                    assert isinstance(st.value.op, ast.RShift)
                    assert isinstance(st.value.left, ast.Name) and isinstance(st.value.right, ast.Name)
                else:
                    raise AssertionError("unexpected statement " + ast.dump(st))
        else:
            raise AssertionError("unexpected top-level statement " + ast.dump(node))

def check_call(c):
    assert isinstance(c, ast.Call), ast.dump(c)
    f = c.func
    if isinstance(f, ast.Name):
        assert f.id in ALLOWED_CALLS, f.id
    else:
        assert isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name), ast.dump(f)
        assert (f.value.id, f.attr) in ALLOWED_ATTR_CALLS, ast.dump(f)
    for a in c.args:
        check_value(a)
    for k in c.keywords:
        assert k.arg is not None
        check_value(k.value)

def check_value(v):
    if isinstance(v, ast.Constant):
        return
    if isinstance(v, (ast.List, ast.Tuple)):
        for x in v.elts: check_value(x)
    elif isinstance(v, ast.Dict):
        for k in v.keys: check_value(k)
        for x in v.values: check_value(x)
    elif isinstance(v, ast.Call):
        check_call(v)
    elif isinstance(v, ast.Attribute):
        assert isinstance(v.value, ast.Name) and v.value.id == "TriggerRule", ast.dump(v)
    else:
        raise AssertionError("unexpected value " + ast.dump(v))

ARMED = [False]
CODE = [None]  # the DAG file's own code object: executing it is the one exec allowed
def audit(event, args):
    if not ARMED[0]:
        return
    if event == "exec" and args and args[0] is CODE[0]:
        return
    bad = event in ("os.system", "subprocess.Popen", "os.posix_spawn", "os.spawn", "os.exec", "os.fork",
                    "socket.connect", "socket.bind", "ctypes.dlopen", "os.remove", "os.rename", "shutil.rmtree",
                    "exec", "compile", "builtins.input")
    if event == "open" and len(args) > 1 and isinstance(args[1], str) and any(m in args[1] for m in "wax+"):
        bad = True
    if event == "import" and args[0].split(".")[0] not in ("airflow", "datetime", "enum", "_strptime", "time"):
        bad = True
    if bad:
        raise RuntimeError(f"DAG file did {event} {args!r:.200}")
sys.addaudithook(audit)

ENV = jinja2.sandbox.SandboxedEnvironment(extensions=["jinja2.ext.do"], cache_size=0)  # as Airflow's DAG

def render(v, ctx):
    if isinstance(v, str):
        return ENV.from_string(v).render(**ctx)
    if isinstance(v, list):
        return [render(x, ctx) for x in v]
    if isinstance(v, dict):
        return {k: render(x, ctx) for k, x in v.items()}
    return v

def b(s):
    return s.encode("utf-8", "surrogateescape")

def main():
    failures, n = [], 0
    for line in open(MANIFEST):
        e = json.loads(line); n += 1
        path, exp = e["py"], {k: (bytes.fromhex(v) if isinstance(v, str) else [bytes.fromhex(x) for x in v])
                              for k, v in e["expect"].items()}
        try:
            raw = open(path, "rb").read()
            raw.decode("ascii")
            src = raw.decode("ascii")
            compile(src, path, "exec")
            check_ast(src)
            core.REGISTRY.clear()
            code = compile(src, path, "exec")
            CODE[0] = code
            ARMED[0] = True
            try:
                exec(code, {"__name__": "__couler_injection__"})
            finally:
                ARMED[0] = False
            assert len(core.REGISTRY) == 1, "one DAG"
            dag = core.REGISTRY[0]
            assert b(dag.kwargs["dag_display_name"]) == exp["dag_display_name"], "dag_display_name"
            (pname, param), = dag.params.items()
            assert b(pname) == exp["param_name"], "param name"
            assert b(param.value) == exp["param_value"], "param value"
            (tid, op), = dag.tasks.items()
            ctx = {"params": {pname: param.value}, "run_id": "run", "ti": None}
            args = {f: render(op.args.get(f), ctx) if f in op.template_fields else op.args.get(f) for f in op.args}
            assert b(args["task_display_name"]) == exp["task_display_name"], "task_display_name"
            assert b(args["image"]) == exp["image"], "image"
            assert [b(x) for x in args["cmds"]] == exp["cmds"], f"cmds {args['cmds']!r}"
            assert [b(x) for x in args["arguments"]] == exp["arguments"], f"arguments {args['arguments']!r}"
            (ename, evalue), = args["env_vars"].items()
            assert b(ename) == exp["env_name"] and b(evalue) == exp["env_value"], "env"
            r = subprocess.run([sys.executable, os.path.join(SHARED, "tools", "check_airflow_dag.py"), path],
                               capture_output=True, text=True)
            assert r.returncode == 0, "check_airflow_dag.py: " + r.stdout[-500:] + r.stderr[-500:]
        except Exception as ex:  # noqa: BLE001
            failures.append(f"{path}: {type(ex).__name__}: {ex}")
    for f in failures:
        print("FAIL", f)
    print(f"{n} DAG files, {len(failures)} failures")
    sys.exit(1 if failures or n == 0 else 0)

if __name__ == "__main__":
    main()
