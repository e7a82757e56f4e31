// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_FRONTEND_SQLFLOW_JSON_HPP
#define COULER_FRONTEND_SQLFLOW_JSON_HPP

/// @file
/// @brief Parsed statements as JSON: what `couler sql --parse` prints (one object per
/// statement) and what the step programs receive.
///
/// Keys: `kind`, `select`, `estimator`, `attributes`, `columns`, `label`, `using`, `into`,
/// `reads`, `writes` (null where the statement has none), and `line`, `model`, `image`, `cmd`,
/// `objective`, `constraints`. Attribute values: numbers as numbers, strings as their content,
/// the identifiers `true`/`false` (any case) as booleans, other identifiers as strings, lists as
/// arrays, anything else as its text (`a + b`). Columns: `{FOR name: [text, ...]}`, the name
/// being `feature_columns` when FOR is left out (as in SQLFlow). `into` is a string, except for
/// TO RUN where it is the list of tables.

#include <couler/frontend/sqlflow/statement.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace couler {
namespace sqlflow {

/// @brief An attribute value as JSON (see the file's description).
inline boost::json::value attribute_to_json(const expr& e)
{
    switch (e.k) {
    case expr::kind::number: {
        bool integral = e.value.find_first_of(".eE") == std::string::npos;
        errno = 0;
        if (integral) {
            long long v = std::strtoll(e.value.c_str(), nullptr, 10);
            if (errno == 0)
                return static_cast<std::int64_t>(v);
            errno = 0;
        }
        double d = std::strtod(e.value.c_str(), nullptr);
        if (errno == 0)
            return d;
        return boost::json::string(e.value);
    }
    case expr::kind::string: return boost::json::string(e.value);
    case expr::kind::identifier: {
        std::string l;
        for (char c : e.value)
            l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (l == "true" || l == "false")
            return l == "true";
        return boost::json::string(e.value);
    }
    case expr::kind::list: {
        boost::json::array a;
        for (const auto& x : e.args)
            a.push_back(attribute_to_json(x));
        return a;
    }
    default: return boost::json::string(e.to_string());
    }
}

/// @brief An expression as a tree, for programs that evaluate it (the optimizer step):
/// `{"k": "binary", "v": "*", "args": [...]}`; `k` is number, identifier, string, list,
/// paren, call, unary or binary.
inline boost::json::value expr_tree(const expr& e)
{
    static const char* const kinds[] = {"number", "identifier", "string", "list", "paren", "call", "unary", "binary"};
    boost::json::object o;
    o["k"] = kinds[static_cast<int>(e.k)];
    o["v"] = e.value;
    if (!e.args.empty()) {
        boost::json::array a;
        for (const auto& x : e.args)
            a.push_back(expr_tree(x));
        o["args"] = std::move(a);
    }
    return o;
}

/// @brief The statement as `couler sql --parse` prints it.
inline boost::json::object to_json(const statement& st)
{
    auto str_or_null = [](const std::string& s) -> boost::json::value {
        if (s.empty())
            return nullptr;
        return boost::json::string(s);
    };
    auto strings = [](const std::vector<std::string>& v) {
        boost::json::array a;
        for (const auto& s : v)
            a.push_back(boost::json::string(s));
        return a;
    };
    boost::json::object o;
    o["kind"] = to_string(st.kind);
    o["line"] = st.line;
    o["select"] = str_or_null(st.select);
    o["estimator"] = str_or_null(st.estimator);
    if (st.attributes.empty()) {
        o["attributes"] = nullptr;
    } else {
        boost::json::object a;
        for (const auto& at : st.attributes)
            a[at.key] = attribute_to_json(at.value);
        o["attributes"] = std::move(a);
    }
    if (st.columns.empty()) {
        o["columns"] = nullptr;
    } else {
        boost::json::object c;
        for (const auto& g : st.columns) {
            boost::json::array a;
            for (const auto& e : g.columns)
                a.push_back(boost::json::string(e.to_string()));
            c[g.target] = std::move(a);
        }
        o["columns"] = std::move(c);
    }
    o["label"] = str_or_null(st.label);
    o["using"] = str_or_null(st.using_);
    if (st.kind == statement_kind::run)
        o["into"] = st.into.empty() ? boost::json::value(nullptr) : boost::json::value(strings(st.into));
    else
        o["into"] = st.into.empty() ? boost::json::value(nullptr) : boost::json::value(boost::json::string(st.into[0]));
    o["model"] = str_or_null(st.model);
    o["image"] = str_or_null(st.image);
    o["cmd"] = st.cmd.empty() ? boost::json::value(nullptr) : boost::json::value(strings(st.cmd));
    o["objective"] = st.objective ? boost::json::value(boost::json::string(st.objective->to_string()))
                                  : boost::json::value(nullptr);
    if (st.constraints.empty()) {
        o["constraints"] = nullptr;
    } else {
        boost::json::array a;
        for (const auto& c : st.constraints)
            a.push_back(boost::json::object{{"expr", c.e.to_string()}, {"group_by", str_or_null(c.group_by)}});
        o["constraints"] = std::move(a);
    }
    o["reads"] = strings(st.reads);
    o["writes"] = strings(st.writes);
    return o;
}

/// @brief What a step program receives: to_json(st) plus the statement's `text`, and the
/// objective and constraints as trees (`objective_tree`, `constraints[i].tree`).
inline boost::json::object to_step_json(const statement& st)
{
    boost::json::object o = to_json(st);
    o["text"] = st.text;
    if (st.objective)
        o["objective_tree"] = expr_tree(*st.objective);
    if (!st.constraints.empty()) {
        auto& a = o["constraints"].as_array();
        for (std::size_t i = 0; i < st.constraints.size(); ++i)
            a[i].as_object()["tree"] = expr_tree(st.constraints[i].e);
    }
    return o;
}

} // namespace sqlflow
} // namespace couler

#endif
