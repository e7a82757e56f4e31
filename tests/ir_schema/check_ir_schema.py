#!/usr/bin/python3
# Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
"""Checks IR JSON documents against docs/ir.schema.json (and, optionally, against couler's reader).

  check_ir_schema.py [--schema FILE] [--reader PROG [--validate | --agree]] [--expect-invalid]
                     [--cmd "PROG ARGS"]... [--fuzz N] [--seed S] [PATH...]

First the schema itself is checked against the JSON Schema 2020-12 metaschema (and every property
must have a description). Then every document is validated. Documents are parsed as couler's reader
parses them, which plain JSON Schema cannot express: duplicate keys, numbers beyond a double, and
1.0 where an integer is expected are refused.

  PATH               an IR JSON file, or a directory: every *.json below it (recursively), or a
                     Markdown file: every ```json block in it that parses and has "couler_ir"
  --cmd "PROG ARGS"  runs a program and checks the document it writes: its standard output, or the
                     file named by the placeholder {out} if ARGS contain it
                     (e.g. --cmd "model_selection --emit {out}")
  --expect-invalid   every document must be REJECTED by the schema (negative cases). With --reader,
                     a file whose name starts with "reader-" must be rejected by the reader too, and
                     one starting with "validate-" by the reader or by couler::validate.
  --reader PROG      PROG is ir_schema_read (built from tests/ir_schema/ir_schema_read.cpp). Every
                     schema-valid document must then also be read without problems, and what the
                     writer writes back must be schema-valid; a --cmd document (written by
                     couler::to_json) must come back unchanged.
  --validate         with --reader: schema-valid documents must also pass couler::validate.
  --agree            with --reader, for documents that may be valid or not (other tests' fixtures):
                     only checks that the schema agrees with the code. A schema-valid document must
                     have no structural reader problem; a schema-invalid one must be refused by the
                     reader or by couler::validate. Files that are not JSON are skipped.
  --fuzz N           with --reader: N random documents generated from the schema must be accepted by
                     the reader (except for duplicate names and unknown references, which the schema
                     cannot express) and written back schema-valid, and N random mutations of the
                     documents given must pass the --agree check.

Exit status 0 if every check passed, 1 otherwise. Uses only the standard library and Debian's
python3-jsonschema (4.10).
"""
import argparse
import copy
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.join(HERE, "..", "..", "docs", "ir.schema.json")

# Reader problems the schema cannot express (uniqueness and references between objects).
SEMANTIC_CODES = {"duplicate_name", "unknown_reference", "cycle", "invalid_name"}


def load_schema(path):
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    # JSON Schema counts 1.0 as an integer; the reader (Boost.JSON) does not. Checking the
    # documents as the reader reads them, an integer is a number written without a fraction.
    strict_int = cls.TYPE_CHECKER.redefine(
        "integer", lambda checker, x: isinstance(x, int) and not isinstance(x, bool))
    cls = jsonschema.validators.extend(cls, type_checker=strict_int)
    missing = []

    def walk(x, p):
        if isinstance(x, dict):
            if not (p.endswith("/if") or p.endswith("/then")):
                for k, v in x.get("properties", {}).items():
                    if not isinstance(v, dict) or "description" not in v:
                        missing.append(p + "/properties/" + k)
            for k, v in x.items():
                walk(v, p + "/" + k)
        elif isinstance(x, list):
            for i, v in enumerate(x):
                walk(v, p + "/" + str(i))

    walk(schema, "#")
    if missing:
        raise SystemExit("schema: properties without a description: " + ", ".join(missing))
    return schema, cls(schema)


def schema_errors(validator, doc):
    out = []
    for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        path = "$" + "".join("[%d]" % p if isinstance(p, int) else "." + str(p) for p in e.absolute_path)
        out.append("%s: %s" % (path, e.message[:300]))
    return out


class NotIR(ValueError):
    pass


def _pairs(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise NotIR("duplicate key %r (the reader refuses it; JSON Schema cannot see it)" % k)
        obj[k] = v
    return obj


def _float(text):
    x = float(text)
    if x != x or x in (float("inf"), float("-inf")):
        raise NotIR("the number %s is too large for a double (the reader refuses it)" % text[:40])
    return x


def _constant(name):
    raise NotIR("%s is not JSON" % name)


def parse_ir_text(text):
    """Parses JSON text as the reader does: duplicate keys and numbers beyond a double are errors.
    Raises NotIR for those, ValueError for text that is not JSON."""
    return json.loads(text, object_pairs_hook=_pairs, parse_float=_float, parse_constant=_constant)


def collect_files(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in sorted(os.walk(p)):
                files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".json")]
        else:
            files.append(p)
    return files


def run_cmd(cmd):
    """Runs cmd; returns the JSON text it writes (stdout, or the file {out})."""
    args = shlex.split(cmd)
    if any("{out}" in a for a in args):
        fd, out = tempfile.mkstemp(suffix=".json")
        os.close(fd)
        try:
            subprocess.run([a.replace("{out}", out) for a in args], check=True, stdout=subprocess.DEVNULL)
            with open(out, encoding="utf-8") as f:
                return f.read()
        finally:
            os.unlink(out)
    return subprocess.run(args, check=True, stdout=subprocess.PIPE).stdout.decode("utf-8")


class Reader:
    """couler's reader, through ir_schema_read in its one-document-per-line mode."""

    def __init__(self, prog):
        self.prog = prog

    def read_all(self, docs):
        """docs: JSON values, or JSON texts given as str (sent as they are, so duplicate keys survive)."""
        def line(d):
            if isinstance(d, str):  # a raw newline in JSON text can only be white space
                return d.replace("\r", " ").replace("\n", " ")
            return json.dumps(d, ensure_ascii=True)
        text = "".join(line(d) + "\n" for d in docs)
        p = subprocess.run([self.prog, "-"], input=text.encode(), stdout=subprocess.PIPE, check=True)
        lines = p.stdout.decode("utf-8").split("\n")[:-1]  # not splitlines(): strings may hold U+2028
        if len(lines) != len(docs):
            raise SystemExit("reader: %d results for %d documents" % (len(lines), len(docs)))
        return [json.loads(l) for l in lines]


# ------------------------------------------------------------------ random documents from the schema

class Generator:
    """Random instances of the IR schema. Knows only the constructs docs/ir.schema.json uses."""

    def __init__(self, schema, rng):
        self.schema, self.rng = schema, rng

    def resolve(self, s):
        while "$ref" in s:
            name = s["$ref"].split("/")[-1]
            s = self.schema["$defs"][name]
        return s

    def name(self, pattern, max_len):
        r = self.rng
        alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        if pattern in ("^[a-zA-Z0-9][-a-zA-Z0-9]*$", "^([a-zA-Z0-9][-a-zA-Z0-9]*)?$"):
            n = r.choice([1, 3, 8, max_len])
            return r.choice(alnum) + "".join(r.choice(alnum + "-") for _ in range(n - 1))
        if pattern == "^[-a-zA-Z0-9_]+$":
            n = r.choice([1, 4, 10, max_len])
            return "".join(r.choice(alnum + "-_") for _ in range(n))
        low = "abcdefghijklmnopqrstuvwxyz0123456789"
        label = lambda: r.choice(low) + "".join(r.choice(low + "-") for _ in range(r.randint(0, 8))) + r.choice(low)
        if "\\.)*(" in pattern:  # generate_name: a DNS-1123 subdomain prefix
            return ".".join(label() for _ in range(r.randint(1, 2))) + r.choice(["", "-", "."])
        if "(\\.[a-z0-9]" in pattern:  # DNS-1123 subdomain
            return ".".join(label() for _ in range(r.randint(1, 3)))
        raise ValueError("no generator for pattern " + pattern)

    def string(self, s):
        if "pattern" in s:
            return self.name(s["pattern"], s.get("maxLength", 64))
        r = self.rng
        pool = ["", "x", "{{inputs.parameters.p}}", "{{steps.a.outputs.result}} == heads", "a: b", "\u00e9\u4e2d",
                "line\nbreak \"quoted\" \\ \t", "0 * * * *", "1Gi", "/tmp/out.txt"]
        v = r.choice(pool)
        if s.get("minLength", 0) > len(v):
            v = "nonempty"
        return v

    def any_json(self, depth=0):
        r = self.rng
        c = r.choice(["null", "bool", "int", "num", "str"] + (["arr", "obj"] if depth < 3 else []))
        if c == "arr":
            return [self.any_json(depth + 1) for _ in range(r.randint(0, 2))]
        if c == "obj":
            return {"k%d" % i: self.any_json(depth + 1) for i in range(r.randint(0, 2))}
        return {"null": None, "bool": r.random() < 0.5, "int": r.randint(-5, 5), "num": 2.5, "str": "s\u00e9"}[c]

    def gen(self, s, depth=0):
        r = self.rng
        s = self.resolve(s)
        if "const" in s:
            return s["const"]
        if "enum" in s:
            return r.choice(s["enum"])
        if "anyOf" in s:
            return self.gen(r.choice(s["anyOf"]), depth)
        if "allOf" in s:
            v = self.gen(s["allOf"][0], depth)
            for extra in s["allOf"][1:]:
                if "if" in extra and jsonschema.Draft202012Validator(extra["if"]).is_valid(v):
                    for k in extra["then"].get("required", []):
                        v[k] = "https://example.com/" + k
            return v
        t = s.get("type")
        if t == "object":
            props = s.get("properties")
            if props is None:  # a free object (extensions, security_context) or a string map
                extra = s.get("additionalProperties")
                if isinstance(extra, dict):
                    if extra.get("type") == "string":
                        return {"k%d" % i: self.string({}) for i in range(r.randint(0, 2))}
                    return {"k%d" % i: self.gen(extra, depth + 1) for i in range(r.randint(0, 2))}
                return {"argo": self.any_json(1)} if r.random() < 0.5 else {}
            alternatives = s.get("oneOf", [])
            exclusive = [o["required"][0] for o in alternatives if "required" in o]
            out = {}
            # An alternative without "required" (e.g. "none of the bodies") may be chosen too.
            body = r.choice(exclusive + ([None] if len(exclusive) < len(alternatives) else [])) if exclusive else None
            for k, ps in props.items():
                if k in exclusive and k != body:
                    continue
                if ps.get("not") == {}:
                    continue
                if k in s.get("required", []) or k == body or r.random() < 0.5:
                    out[k] = self.gen(ps, depth + 1)
            # if/then/else on the object: satisfy the branch that applies (its required keys,
            # and its constraints on the properties generated, by drawing them again).
            if "if" in s:
                branch = s.get("then") if jsonschema.Draft202012Validator(s["if"]).is_valid(out) else s.get("else")
                for k in (branch or {}).get("required", []):
                    if k not in out:
                        out[k] = self.gen(props[k], depth + 1)
                for k, sub in (branch or {}).get("properties", {}).items():
                    for _ in range(50):
                        if k not in out or jsonschema.Draft202012Validator(sub).is_valid(out[k]):
                            break
                        out[k] = self.gen(props[k], depth + 1)
            return out
        if t == "array":
            n = r.randint(s.get("minItems", 0), max(s.get("minItems", 0), 3))
            items = [self.gen(s["items"], depth + 1) if "type" in s["items"] or "$ref" in s["items"]
                     else self.any_json(1) for _ in range(n)]
            if s.get("uniqueItems"):
                seen, uniq = set(), []
                for x in items:
                    key = json.dumps(x, sort_keys=True)
                    if key not in seen:
                        seen.add(key)
                        uniq.append(x)
                items = uniq
            return items
        if t == "string":
            return self.string(s)
        if t == "integer":
            lo, hi = s.get("minimum", -1000), s.get("maximum", 1000)
            return r.choice([lo, hi, max(lo, min(hi, 0)), max(lo, min(hi, 1)), r.randint(max(lo, -1000), min(hi, 1000))])
        if t == "number":
            return r.choice([0, 1, 2.5, 1e-3, 12345678901])
        if t == "boolean":
            return r.random() < 0.5
        return self.any_json(1)


def mutate(doc, rng):
    """One random change somewhere in doc: remove, add or retype a field."""
    doc = copy.deepcopy(doc)
    nodes = []

    def walk(x):
        if isinstance(x, (dict, list)):
            nodes.append(x)
            for v in (x.values() if isinstance(x, dict) else x):
                walk(v)

    walk(doc)
    node = rng.choice(nodes)
    keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
    replacements = [None, True, 7, -1, 2.5, 1.0, 0, "", "bogus", [], {}, ["x"], {"x": 1}, 2 ** 64, -(2 ** 63) - 1,
                    2 ** 63, 2 ** 31]
    op = rng.randint(0, 3)
    if isinstance(node, dict) and (op == 0 or not keys):
        node["zz_" + rng.choice(["unknown", "name", "kind"])] = rng.choice(replacements)
    elif isinstance(node, dict) and op == 1:
        del node[rng.choice(keys)]
    elif keys:
        node[rng.choice(keys)] = rng.choice(replacements)
    return doc


def agreement(errs, res):
    """None if the schema's verdict (errs) agrees with the reader's and validate()'s (res), else why not."""
    structural = [p for p in res["problems"] if p["code"] not in SEMANTIC_CODES]
    if not errs and structural:
        p = structural[0]
        return "schema-valid, but the reader says %s %s: %s" % (p["code"], p["path"], p["message"])
    if errs and not res["problems"] and not res["validate"]:
        return "the reader and validate() accept it, but the schema says " + errs[0]
    return None


# ------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", help="IR JSON files, or directories of them")
    ap.add_argument("--schema", default=DEFAULT_SCHEMA)
    ap.add_argument("--reader", help="the ir_schema_read program")
    ap.add_argument("--cmd", action="append", default=[], help="a program whose output is an IR document")
    ap.add_argument("--expect-invalid", action="store_true", help="every document must be rejected")
    ap.add_argument("--validate", action="store_true", help="documents must pass couler::validate too")
    ap.add_argument("--agree", action="store_true", help="the schema's verdict must agree with the code's")
    ap.add_argument("--fuzz", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()

    schema, validator = load_schema(a.schema)
    print("schema %s: valid under %s" % (a.schema, schema.get("$schema")))
    reader = Reader(a.reader) if a.reader else None
    failures = []

    docs = []  # (label, text, document or None, errors found while parsing, written by couler::to_json)

    def add(label, text, written):
        try:
            docs.append((label, text, parse_ir_text(text), [], written))
        except NotIR as e:
            docs.append((label, text, None, ["$: " + str(e)], written))
        except ValueError as e:
            if a.agree:
                print("skipped %s: not JSON (%s)" % (label, e))
            else:
                failures.append("%s: not JSON: %s" % (label, e))

    for f in collect_files(a.paths):
        try:
            with open(f, encoding="utf-8") as fh:
                text = fh.read()
            if not f.endswith(".md"):
                add(f, text, False)
                continue
            for i, block in enumerate(text.split("```json\n")[1:]):
                block = block.split("```")[0]
                try:
                    if "couler_ir" in json.loads(block):
                        add("%s (json block %d)" % (f, i + 1), block, False)
                except ValueError:
                    pass  # a fragment with "...", not a document
        except (OSError, UnicodeDecodeError) as e:
            failures.append("%s: %s" % (f, e))
    for c in a.cmd:
        try:
            add(c, run_cmd(c), True)
        except (OSError, subprocess.CalledProcessError) as e:
            failures.append("%s: %s" % (c, e))
    if not docs and not a.fuzz:
        failures.append("no documents to check")

    results = reader.read_all([t for _, t, _, _, _ in docs]) if reader and docs else [None] * len(docs)
    for (label, _, doc, errs, written), res in zip(docs, results):
        errs = errs or schema_errors(validator, doc)
        if a.agree and res is not None:
            verdict = agreement(errs, res)
            if verdict:
                failures.append("%s: %s" % (label, verdict))
            else:
                print("ok %s %s" % ("(rejected)" if errs else "(accepted)", label))
            continue
        if a.expect_invalid:
            if not errs:
                failures.append("%s: the schema accepts it, but it must be rejected" % label)
            elif res is not None and os.path.basename(label).startswith("reader-") and not res["problems"]:
                failures.append("%s: the reader accepts it, but it must be rejected" % label)
            elif (res is not None and os.path.basename(label).startswith("validate-") and not res["problems"]
                  and not res["validate"]):
                failures.append("%s: the reader and validate() accept it, but it must be rejected" % label)
            else:
                print("ok (rejected) %s: %s" % (label, errs[0]))
                if a.verbose and res is not None:
                    for p in res["problems"]:
                        print("    reader: %s %s: %s" % (p["code"], p["path"], p["message"]))
                    for p in res["validate"]:
                        print("    validate: %s %s: %s" % (p["code"], p["path"], p["message"]))
            continue
        if errs:
            failures += ["%s: %s" % (label, e) for e in errs]
            continue
        if res is not None:
            if res["problems"]:
                failures += ["%s: schema-valid, but the reader says %s %s: %s" % (label, p["code"], p["path"], p["message"])
                             for p in res["problems"]]
                continue
            if a.validate and res["validate"]:
                failures += ["%s: validate() says %s %s: %s" % (label, p["code"], p["path"], p["message"])
                             for p in res["validate"]]
            rt = res["roundtrip"]
            failures += ["%s (written back): %s" % (label, e) for e in schema_errors(validator, rt)]
            if written and rt != doc:
                failures.append("%s: reading and writing again changed the document" % label)
        print("ok %s" % label)

    if a.fuzz:
        if not reader:
            raise SystemExit("--fuzz needs --reader")
        rng = random.Random(a.seed)
        gen = Generator(schema, rng)
        generated = [gen.gen(schema) for _ in range(a.fuzz)]
        for i, g in enumerate(generated):
            for e in schema_errors(validator, g)[:3]:
                failures.append("fuzz: generated document %d is not schema-valid (generator bug): %s" % (i, e))
        bad = 0
        gen_results = reader.read_all(generated)
        for i, (g, res) in enumerate(zip(generated, gen_results)):
            structural = [p for p in res["problems"] if p["code"] not in SEMANTIC_CODES]
            if structural and bad < 10:
                bad += 1
                failures.append("fuzz: generated document %d is schema-valid, but the reader says %s %s: %s\n    %s"
                                % (i, structural[0]["code"], structural[0]["path"], structural[0]["message"],
                                   json.dumps(g)[:2000]))
            if res["roundtrip"] is not None:
                for e in schema_errors(validator, res["roundtrip"])[:3]:
                    failures.append("fuzz: generated document %d, written back, is not schema-valid: %s" % (i, e))
        print("fuzz: %d documents generated from the schema, %d read without any problem"
              % (len(generated), sum(1 for r in gen_results if r["roundtrip"] is not None)))
        seeds = [d for _, _, d, e, _ in docs if not e and not a.expect_invalid] + generated[:50]
        mutants = [mutate(rng.choice(seeds), rng) for _ in range(a.fuzz)] if seeds else []
        accepted = 0
        bad = 0
        for m, res in zip(mutants, reader.read_all(mutants) if mutants else []):
            errs = schema_errors(validator, m)
            accepted += not errs
            verdict = agreement(errs, res)
            if verdict and bad < 10:
                bad += 1
                failures.append("fuzz: mutant: %s\n    %s" % (verdict, json.dumps(m)[:2000]))
        print("fuzz: %d mutants, %d of them schema-valid" % (len(mutants), accepted))

    for f in failures:
        print("FAIL " + f)
    print("%d failure%s" % (len(failures), "" if len(failures) == 1 else "s"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
