// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Text pieces of the Airflow emitter: Python string literals, Jinja-escaped text, task ids,
// and the fixed shell / Python programs the lowered steps run (user data reaches them only as
// arguments, never inside their text).
#ifndef COULER_EMIT_DETAIL_AIRFLOW_TEXT_HPP
#define COULER_EMIT_DETAIL_AIRFLOW_TEXT_HPP

#include <couler/config.hpp>

#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>

namespace couler::detail {

/// Length of the valid UTF-8 sequence at s[i] and its code point, or 0 if there is none
/// (Python's strict decoder: no overlong forms, no surrogates, nothing past U+10FFFF).
inline std::size_t af_utf8_at(std::string_view s, std::size_t i, std::uint32_t& cp)
{
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size())
        return 0;
    unsigned char lo = 0x80, hi = 0xBF; // range of the second byte
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (b(i + 1) < lo || b(i + 1) > hi)
        return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (b(i + k) < 0x80 || b(i + k) > 0xBF)
            return 0;
    cp = n == 2 ? c & 0x1Fu : n == 3 ? c & 0x0Fu : c & 0x07u;
    for (std::size_t k = 1; k < n; ++k)
        cp = (cp << 6) | (b(i + k) & 0x3Fu);
    return n;
}

/// True if a Python identifier of ASCII letters, digits and `_` (not starting with a digit).
inline bool af_identifier(std::string_view s)
{
    if (s.empty() || (s[0] >= '0' && s[0] <= '9'))
        return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    return true;
}

/// An Airflow task or DAG id (`[A-Za-z0-9_.-]`, at most 250 characters) for `name`, unique in
/// `taken` (which it joins). Other characters become `_`; the original name is kept, as data,
/// in the display name.
inline std::string af_task_id(std::string_view name, std::set<std::string>& taken)
{
    std::string id;
    for (char c : name.substr(0, 200)) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '-' || c == '.';
        id += ok ? c : '_';
    }
    if (id.empty())
        id = "task";
    std::string out = id;
    for (int n = 2; taken.count(out); ++n)
        out = id + "_" + std::to_string(n);
    taken.insert(out);
    return out;
}

/// A Kubernetes pod name stem (DNS-1123 label) for `name`; the operator adds a random suffix.
inline std::string af_pod_name(std::string_view name)
{
    std::string out;
    for (char c : name.substr(0, 50)) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        out += ok ? c : '-';
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    while (!out.empty() && out.front() == '-')
        out.erase(0, 1);
    return out.empty() ? std::string("step") : out;
}

/// The wrapper that turns a step's outputs into its XCom value: `sh -c WRAPPER couler N name1
/// path1 ... nameN pathN -- command args...`. It runs the command, copies its standard output,
/// and writes {"result": stdout, name: file content...} to /airflow/xcom/return.json (one
/// trailing newline dropped, as `$(...)` does). The names and paths are arguments ("$1"...),
/// never part of this text. Values may hold any text but control characters other than tab,
/// carriage return and newline (they would make the JSON invalid and the push fail).
inline const char* af_output_wrapper()
{
    return R"SH(n=$1; shift; i=0
while [ "$i" -lt "$n" ]; do eval "name_$i=\$1 path_$i=\$2"; shift 2; i=$((i+1)); done
[ "${1-}" = -- ] && shift
"$@" > /tmp/couler-stdout; rc=$?
cat /tmp/couler-stdout
[ "$rc" -eq 0 ] || exit "$rc"
esc() { sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/	/\\t/g' -e 's/)SH"
           "\r"
           R"SH(/\\r/g' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n/\\n/g'; }
mkdir -p /airflow/xcom
v=$(esc < /tmp/couler-stdout)
out="{\"result\": \"$v\""
i=0
while [ "$i" -lt "$n" ]; do
  eval "nm=\$name_$i p=\$path_$i"
  [ -f "$p" ] || { echo "couler: output parameter $nm: file $p is missing" >&2; exit 1; }
  v=$(esc < "$p")
  out="$out, \"$nm\": \"$v\""
  i=$((i+1))
done
printf '%s}' "$out" > /airflow/xcom/return.json
)SH";
}

/// The condition pod's program: `python3 -c PROGRAM OP LEFT RIGHT`. Exits 0 if `LEFT OP RIGHT`
/// holds and SKIP (argv[4]) otherwise. Both sides compare as numbers when both are numbers,
/// else as strings (as Argo's govaluate does after substitution); quotes around a side are
/// stripped.
inline const char* af_condition_program()
{
    return R"PY(import sys
op, a, b, skip = sys.argv[1], sys.argv[2].strip(), sys.argv[3].strip(), int(sys.argv[4])
def unq(s):
    return s[1:-1] if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"" else s
def num(s):
    try:
        return float(s)
    except ValueError:
        return None
a, b = unq(a), unq(b)
x, y = num(a), num(b)
if x is None or y is None:
    x, y = a, b
ok = {"==": x == y, "!=": x != y, ">": x > y, "<": x < y, ">=": x >= y, "<=": x <= y}[op]
print("condition", repr(a), op, repr(b), "is", ok)
sys.exit(0 if ok else skip)
)PY";
}

} // namespace couler::detail

#endif
