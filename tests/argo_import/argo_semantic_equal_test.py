#!/usr/bin/python3
# Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
# The comparison tool is itself tested: it must accept the documented normalisations and
# nothing else. argv[1]: the shared schemas folder.
import copy
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import argo_semantic_equal as ase  # noqa: E402

SCHEMAS = None

BASE = {
    "apiVersion": "argoproj.io/v1alpha1",
    "kind": "Workflow",
    "metadata": {"generateName": "x-", "labels": {"a": "b"}},
    "spec": {
        "entrypoint": "main",
        "templates": [
            {"name": "main", "dag": {"failFast": False, "tasks": [
                {"name": "a", "template": "c", "dependencies": ["b", "c"]},
                {"name": "b", "template": "c"},
                {"name": "c", "template": "c", "withItems": [1, "1", True]}]}},
            {"name": "c", "retryStrategy": {"limit": 3}, "activeDeadlineSeconds": 10,
             "inputs": {"parameters": [{"name": "p", "value": "1"}]},
             "container": {"image": "alpine", "args": ["echo", "hi"], "env": [{"name": "E", "value": ""}],
                           "resources": {"limits": {"cpu": 1}}}},
            {"name": "s", "suspend": {}},
        ],
        "volumes": [{"name": "w", "emptyDir": {}}],
    },
}


def variant(f):
    d = copy.deepcopy(BASE)
    f(d)
    return d


def tmpl(d, name):
    return next(t for t in d["spec"]["templates"] if t["name"] == name)


class Normalisations(unittest.TestCase):
    def same(self, f):
        self.assertEqual(ase.diff(BASE, variant(f), SCHEMAS), [])

    def differ(self, f):
        self.assertNotEqual(ase.diff(BASE, variant(f), SCHEMAS), [])

    def test_identity(self):
        self.same(lambda d: None)

    def test_key_order_and_template_order(self):
        def f(d):
            d["spec"] = dict(reversed(list(d["spec"].items())))
            d["spec"]["templates"].reverse()
        self.same(f)

    def test_int_or_string(self):
        self.same(lambda d: tmpl(d, "c")["retryStrategy"].update(limit="3"))
        self.same(lambda d: tmpl(d, "c").update(activeDeadlineSeconds="10"))
        self.same(lambda d: tmpl(d, "c")["container"]["resources"]["limits"].update(cpu="1"))

    def test_defaults(self):
        self.same(lambda d: d["metadata"].update(annotations={}))
        self.same(lambda d: tmpl(d, "c")["container"].update(command=[]))
        self.same(lambda d: tmpl(d, "c").update(daemon=False))
        self.same(lambda d: tmpl(d, "c").update(outputs=None))
        self.same(lambda d: tmpl(d, "c")["container"]["env"][0].pop("value"))

    def test_real_differences(self):
        self.differ(lambda d: tmpl(d, "c")["container"].update(image="busybox"))
        self.differ(lambda d: tmpl(d, "c")["container"]["args"].reverse())
        self.differ(lambda d: tmpl(d, "main")["dag"]["tasks"][0]["dependencies"].reverse())
        self.differ(lambda d: tmpl(d, "main")["dag"]["tasks"].pop())
        self.differ(lambda d: d["metadata"]["labels"].update(a="c"))
        self.differ(lambda d: d["metadata"].update(name="x"))
        self.differ(lambda d: tmpl(d, "c")["retryStrategy"].update(limit=4))
        # string fields are not int-or-string: "1" and 1 differ there
        self.differ(lambda d: tmpl(d, "c")["inputs"]["parameters"][0].update(value=1))
        self.differ(lambda d: tmpl(d, "main")["dag"]["tasks"][2]["withItems"].__setitem__(1, 1))
        self.differ(lambda d: tmpl(d, "main")["dag"]["tasks"][2]["withItems"].__setitem__(2, "true"))
        self.differ(lambda d: tmpl(d, "c").update(daemon=True))

    def test_meaningful_empties_and_falses(self):
        self.differ(lambda d: tmpl(d, "s").pop("suspend"))
        self.differ(lambda d: d["spec"]["volumes"][0].pop("emptyDir"))
        self.differ(lambda d: tmpl(d, "main")["dag"].pop("failFast"))
        self.differ(lambda d: tmpl(d, "c").update(retryStrategy={}))
        self.differ(lambda d: tmpl(d, "c").pop("retryStrategy"))


class CommandLine(unittest.TestCase):
    def test_exit_codes(self):
        import json
        import tempfile
        with tempfile.TemporaryDirectory() as t:
            a, b, c = (os.path.join(t, n) for n in ("a.json", "b.yaml", "c.json"))
            with open(a, "w") as f:
                json.dump(BASE, f)
            with open(b, "w") as f:
                f.write("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n"
                        "metadata: {labels: {a: b}, generateName: x-}\n")
            with open(c, "w") as f:
                json.dump({"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",
                           "metadata": {"generateName": "x-", "labels": {"a": "b"}}}, f)
            self.assertEqual(ase.main(["--schema-dir", SCHEMA_DIR, a, a]), 0)
            self.assertEqual(ase.main(["--schema-dir", SCHEMA_DIR, b, c]), 0)
            self.assertEqual(ase.main(["--schema-dir", SCHEMA_DIR, a, c]), 1)
            self.assertEqual(ase.main(["--schema-dir", SCHEMA_DIR, a]), 2)


if __name__ == "__main__":
    SCHEMA_DIR = sys.argv.pop(1)
    SCHEMAS = ase.load_schemas(SCHEMA_DIR)
    if not SCHEMAS:
        print(f"no schemas in {SCHEMA_DIR}", file=sys.stderr)
        sys.exit(1)
    unittest.main()
