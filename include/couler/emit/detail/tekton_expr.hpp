// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_DETAIL_TEKTON_EXPR_HPP
#define COULER_EMIT_DETAIL_TEKTON_EXPR_HPP

// Text-level pieces of the Tekton emitter: spotting Tekton variable references in user text
// (Tekton would substitute them), splitting an IR `when` into comparisons, durations.

#include <couler/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace couler {
namespace detail {

/// The offset of the first `$(ROOT.` or `$(ROOT[` in `s` whose ROOT is a name Tekton
/// substitutes, or npos. Tekton replaces these in nearly every string of a Task and Pipeline and
/// has no escape for them; any other `$(` (a shell `$(date)`) it leaves alone.
inline std::size_t tekton_variable_at(std::string_view s)
{
    static const char* const roots[] = {"params",  "tasks",   "results", "workspaces", "context", "steps",
                                        "step",    "inputs",  "outputs", "resources",  "credentials", "finally"};
    for (std::size_t p = s.find("$("); p != std::string_view::npos; p = s.find("$(", p + 1)) {
        std::size_t q = p + 2;
        while (q < s.size() && (s[q] == ' ' || s[q] == '\t'))
            ++q;
        for (const char* r : roots) {
            std::string_view root(r);
            if (s.substr(q, root.size()) == root && q + root.size() < s.size() &&
                (s[q + root.size()] == '.' || s[q + root.size()] == '['))
                return p;
        }
    }
    return std::string_view::npos;
}

/// One comparison of an IR condition: `lhs op rhs`, operands as written (quotes removed).
struct tekton_comparison {
    std::string lhs, op, rhs;
};

inline std::string_view tekton_trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

inline std::string tekton_unquote(std::string_view s)
{
    s = tekton_trim(s);
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
        s = s.substr(1, s.size() - 2);
    return std::string(s);
}

/// Splits `when` into comparisons joined by `&&` (Tekton ANDs its `when` expressions). False if
/// the condition uses anything else (`||`, `!`, parentheses, `=~`, a lone operand): the caller
/// refuses it. `&&`, `||` and operators inside `{{...}}` or quotes do not count.
inline bool tekton_split_condition(std::string_view when, std::vector<tekton_comparison>& out)
{
    std::vector<std::string_view> clauses;
    std::size_t start = 0;
    char quote = 0;
    for (std::size_t i = 0; i < when.size(); ++i) {
        char c = when[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '{' && when.substr(i, 2) == "{{") {
            std::size_t e = when.find("}}", i + 2);
            if (e == std::string_view::npos)
                return false;
            i = e + 1;
        } else if (c == '(' || c == ')' || c == '|' || (c == '!' && when.substr(i, 2) != "!=") ||
                   (c == '=' && when.substr(i, 2) == "=~")) {
            return false;
        } else if (c == '&') {
            if (when.substr(i, 2) != "&&")
                return false;
            clauses.push_back(when.substr(start, i - start));
            start = i + 2;
            ++i;
        }
    }
    if (quote)
        return false;
    clauses.push_back(when.substr(start));
    for (auto cl : clauses) {
        // The first operator outside braces and quotes; two-character ones first.
        std::size_t at = std::string_view::npos, len = 0;
        char q = 0;
        for (std::size_t i = 0; i < cl.size() && at == std::string_view::npos; ++i) {
            char c = cl[i];
            if (q) {
                if (c == q)
                    q = 0;
                continue;
            }
            if (c == '"' || c == '\'') {
                q = c;
            } else if (c == '{' && cl.substr(i, 2) == "{{") {
                i = cl.find("}}", i + 2) + 1;
            } else if (cl.substr(i, 2) == "==" || cl.substr(i, 2) == "!=" || cl.substr(i, 2) == ">=" ||
                       cl.substr(i, 2) == "<=") {
                at = i;
                len = 2;
            } else if (c == '<' || c == '>') {
                at = i;
                len = 1;
            }
        }
        if (at == std::string_view::npos)
            return false;
        tekton_comparison cmp{tekton_unquote(cl.substr(0, at)), std::string(cl.substr(at, len)),
                              tekton_unquote(cl.substr(at + len))};
        if (cmp.lhs.empty() || tekton_trim(cl.substr(at + len)).empty())
            return false;
        out.push_back(std::move(cmp));
    }
    return true;
}

} // namespace detail
} // namespace couler

#endif
