#!/usr/bin/python3
# Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
"""argo_semantic_equal.py [--schema-dir DIR] [--max N] A B [A B ...]

Compares Argo documents (YAML or JSON files) pairwise: each A must be semantically equal to
its B. Prints every difference with its path, and exits 1 if any pair differs (2 on a usage or
read error). Also a module: normalize(doc, schemas) and diff(a, b, schemas).

"Semantically equal" means equal after these normalisations, and no others:
  1. key order is ignored; spec.templates (workflowSpec.templates) is a set keyed by name, so
     its order is ignored too (Argo finds templates by name);
  2. a key whose value is null is absent (Kubernetes reads null as "not set");
  3. an empty list is absent, and so is an empty mapping, except under the keys where an empty
     mapping means something (suspend: {}, emptyDir: {}, archive none: {}, supplied: {},
     retryStrategy: {} (retry until success), tar/zip, podGC);
  4. `false` is absent for booleans whose default is false; booleans whose default is true or
     unset-means-inherited (failFast, archiveLogs, automountServiceAccountToken,
     enableServiceLinks, allowPrivilegeEscalation) are compared as written;
  5. fields the schema marks int-or-string (x-kubernetes-int-or-string: retryStrategy.limit,
     activeDeadlineSeconds, resource quantities, withSequence...) compare as text: 3 == "3";
  6. an env var's `value: ""` is absent (Kubernetes treats both as the empty value).
Anything else, including list order, string content and number-vs-string in string fields,
is a difference.
"""
import json
import math
import os
import sys

import yaml

PRESENCE_KEYS = {"suspend", "emptyDir", "none", "supplied", "retryStrategy", "tar", "zip", "podGC"}
FALSE_MATTERS = {"failFast", "archiveLogs", "automountServiceAccountToken", "enableServiceLinks",
                 "allowPrivilegeEscalation"}

_SCHEMA_CACHE = {}


def load_schemas(schema_dir):
    """{'Workflow': spec schema, 'WorkflowTemplate': spec schema} from the shared CRD schemas."""
    if schema_dir in _SCHEMA_CACHE:
        return _SCHEMA_CACHE[schema_dir]
    out = {}
    if schema_dir:
        for kind, name in (("Workflow", "workflow_v1alpha1.json"), ("WorkflowTemplate", "workflowtemplate_v1alpha1.json")):
            p = os.path.join(schema_dir, name)
            if os.path.exists(p):
                with open(p, encoding="utf-8") as f:
                    out[kind] = json.load(f)["properties"]["spec"]
    _SCHEMA_CACHE[schema_dir] = out
    return out


def _is_int_or_string(s):
    return isinstance(s, dict) and s.get("x-kubernetes-int-or-string") is True


def _sub(schema, key=None, item=False):
    """The subschema of a property (key) or of a list item / map value (item=True)."""
    if not isinstance(schema, dict):
        return None
    cands = [schema] + [x for x in schema.get("anyOf", []) + schema.get("oneOf", []) if isinstance(x, dict)]
    for c in cands:
        if item:
            if isinstance(c.get("items"), dict):
                return c["items"]
            if isinstance(c.get("additionalProperties"), dict):
                return c["additionalProperties"]
        elif key in c.get("properties", {}):
            return c["properties"][key]
    if key is not None:
        for c in cands:
            if isinstance(c.get("additionalProperties"), dict):
                return c["additionalProperties"]
    return None


def _text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _norm(v, schema, key, parent_key):
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            nx = _norm(x, _sub(schema, k), k, key)
            if nx is None:
                continue
            if nx is False and k not in FALSE_MATTERS:
                continue
            if nx == [] or (nx == {} and k not in PRESENCE_KEYS):
                continue
            if parent_key == "env" and k == "value" and nx == "":
                continue
            out[k] = nx
        return out
    if isinstance(v, list):
        items = [_norm(x, _sub(schema, item=True), None, key) for x in v]
        if key == "templates" and all(isinstance(t, dict) for t in items):
            items.sort(key=lambda t: str(t.get("name", "")))
        return items
    if _is_int_or_string(schema) and isinstance(v, (int, float)) and not isinstance(v, bool):
        return _text(v)
    return v


def normalize(doc, schemas=None):
    """The canonical form of one Argo document (see the module comment)."""
    schemas = schemas or {}
    if not isinstance(doc, dict):
        return doc
    kind = doc.get("kind")
    spec_schema = schemas.get("WorkflowTemplate" if kind in ("WorkflowTemplate", "ClusterWorkflowTemplate") else "Workflow")
    root_schema = {"properties": {"spec": spec_schema}} if spec_schema else None
    if kind == "CronWorkflow" and spec_schema:
        root_schema = {"properties": {"spec": {"properties": {"workflowSpec": spec_schema}}}}
    return _norm(doc, root_schema, None, None)


def _same_scalar(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        return a == b
    return type(a) is type(b) and a == b


def _diff(a, b, path, out, limit):
    if len(out) >= limit:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if k not in b:
                out.append(f"{path}.{k}: only in the first: {json.dumps(a[k])[:200]}")
            else:
                _diff(a[k], b[k], f"{path}.{k}", out, limit)
        for k in b:
            if k not in a:
                out.append(f"{path}.{k}: only in the second: {json.dumps(b[k])[:200]}")
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items vs {len(b)} items")
        for i, (x, y) in enumerate(zip(a, b)):
            name = x.get("name") if isinstance(x, dict) and isinstance(x.get("name"), str) else None
            _diff(x, y, f"{path}[{i}]" + (f"<{name}>" if name else ""), out, limit)
        return
    if not _same_scalar(a, b):
        out.append(f"{path}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}")


def diff(a, b, schemas=None, limit=50):
    """Differences between two documents after normalisation, as 'path: what' lines."""
    out = []
    _diff(normalize(a, schemas), normalize(b, schemas), "$", out, limit)
    return out


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        return json.loads(text)
    docs = [d for d in yaml.safe_load_all(text) if d is not None]
    if len(docs) != 1:
        raise ValueError(f"{path}: expected one document, found {len(docs)}")
    return docs[0]


def main(argv):
    schema_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "schemas")
    limit = 50
    files = []
    i = 0
    while i < len(argv):
        if argv[i] == "--schema-dir":
            schema_dir = argv[i + 1]
            i += 2
        elif argv[i] == "--max":
            limit = int(argv[i + 1])
            i += 2
        else:
            files.append(argv[i])
            i += 1
    if not files or len(files) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    schemas = load_schemas(schema_dir)
    if not schemas:
        print(f"argo_semantic_equal: no schemas in {schema_dir}", file=sys.stderr)
        return 2
    bad = 0
    for a, b in zip(files[::2], files[1::2]):
        try:
            d = diff(load(a), load(b), schemas, limit)
        except (OSError, ValueError, yaml.YAMLError) as e:
            print(f"DIFFER {a} {b}: cannot read: {e}")
            bad += 1
            continue
        if d:
            bad += 1
            print(f"DIFFER {a} {b}")
            for line in d:
                print("  " + line)
        else:
            print(f"EQUAL {a} {b}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
