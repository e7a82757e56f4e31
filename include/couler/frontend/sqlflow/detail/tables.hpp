// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_FRONTEND_SQLFLOW_DETAIL_TABLES_HPP
#define COULER_FRONTEND_SQLFLOW_DETAIL_TABLES_HPP

// The tables a standard-SQL text reads and writes, found from its tokens, not from a full SQL
// grammar (SQLFlow hands this part to each database's own parser; there is no such parser for
// every dialect here). Approximate by design: it knows FROM and JOIN lists (with aliases and
// subqueries), INSERT/REPLACE INTO, CREATE TABLE/VIEW, DROP, ALTER, UPDATE, DELETE FROM and
// names bound by WITH (common table expressions, which are not tables). Table-valued functions,
// `USE db` and dialect-specific statements are not followed (see docs/sqlflow.md).

#include <couler/frontend/sqlflow/detail/lexer.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace couler {
namespace sqlflow {
namespace detail {

inline std::string lower(std::string_view s)
{
    std::string r(s);
    for (auto& c : r)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

inline void add_name(std::vector<std::string>& v, std::string name)
{
    if (!name.empty() && std::find(v.begin(), v.end(), name) == v.end())
        v.push_back(std::move(name));
}

// The words after a table name that are not its alias.
inline bool clause_word(const token& t)
{
    static const char* const words[] = {"WHERE", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "CROSS", "FULL",
                                        "NATURAL", "ON", "USING", "GROUP", "ORDER", "LIMIT", "UNION", "EXCEPT",
                                        "INTERSECT", "HAVING", "WINDOW", "TO", "SET", "VALUES", "SELECT", "OFFSET",
                                        "AS", "LATERAL", "STRAIGHT_JOIN", "FOR", "INTO", "DEFAULT"};
    for (const char* w : words)
        if (is_word(t, w))
            return true;
    return false;
}

inline std::string unquote_ident(std::string_view s)
{
    if (s.size() >= 2 && (s.front() == '`' || s.front() == '"'))
        return std::string(s.substr(1, s.size() - 2));
    return std::string(s);
}

/// Adds to `reads` and `writes` the (lower-cased) tables `sql` names. Never throws: text it
/// cannot tokenize adds nothing more.
inline void find_tables(std::string_view sql, std::vector<std::string>& reads, std::vector<std::string>& writes)
{
    std::vector<token> ts;
    lexer lx(sql);
    try {
        std::size_t pos = 0;
        for (token t = lx.next_standard(pos); t.type != tok::eof; t = lx.next_standard(pos))
            ts.push_back(t);
    } catch (const parse_error&) {
    }
    auto name_at = [&](std::size_t& i) -> std::string {
        // ident ( '.' ident )*
        if (i >= ts.size() || !(ts[i].type == tok::ident || (ts[i].type == tok::string && ts[i].text[0] == '"')))
            return {};
        std::string n = lower(unquote_ident(ts[i].text));
        ++i;
        while (i + 1 < ts.size() && ts[i].text == "." && ts[i + 1].type != tok::op) {
            n += "." + lower(unquote_ident(ts[i + 1].text));
            i += 2;
        }
        return n;
    };
    auto skip_if_exists = [&](std::size_t& i) {
        if (i + 1 < ts.size() && is_word(ts[i], "IF") && is_word(ts[i + 1], "EXISTS"))
            i += 2;
        else if (i + 2 < ts.size() && is_word(ts[i], "IF") && is_word(ts[i + 1], "NOT") && is_word(ts[i + 2], "EXISTS"))
            i += 3;
    };
    std::set<std::string> ctes;
    std::vector<std::string> found_reads;
    for (std::size_t i = 0; i < ts.size(); ++i) {
        const token& t = ts[i];
        if (t.type != tok::ident)
            continue;
        if ((is_word(t, "WITH") || (i > 0 && ts[i - 1].text == ",")) && i + 2 < ts.size() && ts[i + 1].type == tok::ident &&
            is_word(ts[i + 2], "AS") && i + 3 < ts.size() && ts[i + 3].text == "(") {
            ctes.insert(lower(ts[i + 1].text)); // WITH name AS (...)
        } else if (is_word(t, "FROM") || is_word(t, "JOIN")) {
            bool deleting = is_word(t, "FROM") && i > 0 && is_word(ts[i - 1], "DELETE");
            std::size_t j = i + 1;
            for (;;) {
                if (j < ts.size() && ts[j].text == "(")
                    break; // a subquery: its own FROM is found later
                std::string n = name_at(j);
                if (n.empty() || (j < ts.size() && ts[j].text == "("))
                    break; // nothing, or a table-valued function
                add_name(deleting ? writes : found_reads, n);
                if (j < ts.size() && is_word(ts[j], "AS"))
                    ++j;
                if (j < ts.size() && ts[j].type == tok::ident && !clause_word(ts[j]))
                    ++j; // alias
                if (j < ts.size() && ts[j].text == "," && is_word(t, "FROM")) {
                    ++j;
                    continue;
                }
                break;
            }
        } else if ((is_word(t, "INTO") && i > 0 && (is_word(ts[i - 1], "INSERT") || is_word(ts[i - 1], "REPLACE") ||
                                                   is_word(ts[i - 1], "IGNORE"))) ||
                   (is_word(t, "UPDATE") && i == 0)) {
            std::size_t j = i + 1;
            add_name(writes, name_at(j));
        } else if ((is_word(t, "TABLE") || is_word(t, "VIEW")) && i > 0 &&
                   (is_word(ts[i - 1], "CREATE") || is_word(ts[i - 1], "DROP") || is_word(ts[i - 1], "ALTER") ||
                    is_word(ts[i - 1], "TEMP") || is_word(ts[i - 1], "TEMPORARY") || is_word(ts[i - 1], "TRUNCATE"))) {
            std::size_t j = i + 1;
            skip_if_exists(j);
            add_name(writes, name_at(j));
        }
    }
    for (auto& n : found_reads)
        if (!ctes.count(n))
            add_name(reads, n);
}

} // namespace detail
} // namespace sqlflow
} // namespace couler

#endif
