// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_FRONTEND_SQLFLOW_IMPL_PARSER_HPP
#define COULER_FRONTEND_SQLFLOW_IMPL_PARSER_HPP

// A hand-written recursive-descent parser. Why not a library: Debian has no kept-up C++ SQL
// parser that could be extended with SQLFlow's clauses (SQLFlow itself uses goyacc for them
// and each database's own parser for the rest), and the extended grammar is small; a hand
// parser also gives the line, column and expected tokens of an error directly.

#include <couler/frontend/sqlflow/detail/lexer.hpp>
#include <couler/frontend/sqlflow/detail/tables.hpp>

#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace couler {
namespace sqlflow {

COULER_INLINE std::string expr::to_string() const
{
    auto join = [](const std::vector<expr>& v) {
        std::string s;
        for (std::size_t i = 0; i < v.size(); ++i)
            s += (i ? ", " : "") + v[i].to_string();
        return s;
    };
    switch (k) {
    case kind::number:
    case kind::identifier: return value;
    case kind::string: return quote + value + quote;
    case kind::list: return "[" + join(args) + "]";
    case kind::paren: return "(" + (args.empty() ? std::string() : args[0].to_string()) + ")";
    case kind::call: return value + "(" + join(args) + ")";
    case kind::unary: return value == "NOT" ? "NOT " + args.at(0).to_string() : value + args.at(0).to_string();
    case kind::binary: return args.at(0).to_string() + " " + value + " " + args.at(1).to_string();
    }
    return value;
}

namespace detail {

COULER_INLINE bool is_keyword(const token& t)
{
    static const char* const words[] = {"SELECT", "FROM", "WHERE", "LIMIT", "TRAIN", "PREDICT", "EXPLAIN",
                                        "EVALUATE", "RUN", "MAXIMIZE", "MINIMIZE", "USING", "WITH", "CMD",
                                        "COLUMN", "FOR", "LABEL", "INTO", "CONSTRAINT", "AND", "OR", "NOT",
                                        "AS", "TO", "SHOW", "GROUP", "BY"};
    if (t.type != tok::ident)
        return false;
    for (const char* w : words)
        if (is_word(t, w))
            return true;
    return false;
}

COULER_INLINE bool is_verb(const token& t)
{
    for (const char* w : {"TRAIN", "PREDICT", "EXPLAIN", "EVALUATE", "RUN", "MAXIMIZE", "MINIMIZE"})
        if (is_word(t, w))
            return true;
    return false;
}

COULER_INLINE std::string trim(std::string_view s)
{
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return std::string(s.substr(b, e - b));
}

/// The parser of one extended clause, from `TO` (or `SHOW`) to its `;`.
class clause_parser {
public:
    clause_parser(const lexer& lx, std::size_t pos, const parse_options& opt) : lx_(lx), pos_(pos), opt_(opt)
    {
        advance();
    }

    /// Parses the clause into `st`; returns the offset just past its `;` (or the end of input)
    /// and sets `end` to where the statement's text ends.
    std::size_t parse(statement& st, std::size_t& end)
    {
        if (accept_kw("SHOW")) {
            need_kw("TRAIN");
            st.kind = statement_kind::show_train;
            st.model = ident();
        } else {
            need_kw("TO");
            if (accept_kw("TRAIN"))
                train(st);
            else if (accept_kw("PREDICT"))
                predict(st);
            else if (accept_kw("EVALUATE"))
                evaluate(st);
            else if (accept_kw("EXPLAIN"))
                explain(st);
            else if (accept_kw("RUN"))
                run(st);
            else if (accept_kw("MAXIMIZE"))
                optimize(st, statement_kind::maximize);
            else if (accept_kw("MINIMIZE"))
                optimize(st, statement_kind::minimize);
            else
                fail();
        }
        end = prev_end_;
        if (cur_.type == tok::semicolon)
            return cur_.offset + 1;
        if (cur_.type == tok::eof)
            return cur_.offset;
        expecting("';'");
        fail();
    }

private:
    void advance()
    {
        prev_end_ = cur_.offset + cur_.text.size();
        cur_ = lx_.next_extended(pos_);
    }
    void expecting(std::string what)
    {
        if (cur_.offset != expected_at_) {
            expected_.clear();
            expected_at_ = cur_.offset;
        }
        for (const auto& e : expected_)
            if (e == what)
                return;
        expected_.push_back(std::move(what));
    }
    [[noreturn]] void fail(const std::string& message = {})
    {
        std::vector<std::string> e;
        if (expected_at_ == cur_.offset)
            e = expected_;
        lx_.fail(cur_.offset, e, describe(cur_), message.empty() ? "unexpected " + describe(cur_) : message);
    }
    bool accept_kw(const char* kw)
    {
        if (is_word(cur_, kw)) {
            advance();
            return true;
        }
        expecting(kw);
        return false;
    }
    void need_kw(const char* kw)
    {
        if (!accept_kw(kw))
            fail();
    }
    bool at_op(std::string_view op) const { return cur_.type == tok::op && cur_.text == op; }
    bool accept_op(std::string_view op)
    {
        if (at_op(op)) {
            advance();
            return true;
        }
        expecting("'" + std::string(op) + "'");
        return false;
    }
    void need_op(std::string_view op)
    {
        if (!accept_op(op))
            fail();
    }
    std::string ident()
    {
        if (cur_.type == tok::ident && !is_keyword(cur_)) {
            std::string s(cur_.text);
            advance();
            return s;
        }
        expecting("an identifier");
        fail();
    }
    std::string string_literal()
    {
        if (cur_.type == tok::string) {
            std::string s(cur_.text.substr(1, cur_.text.size() - 2));
            advance();
            return s;
        }
        expecting("a string");
        fail();
    }

    // expr: or/and < comparisons < + - < * / % < NOT, unary minus < primary (SQLFlow's precedence).
    expr expression(std::size_t depth)
    {
        if (depth > opt_.max_depth)
            fail("the expression is nested too deeply (more than " + std::to_string(opt_.max_depth) + " levels)");
        expr e = comparison(depth);
        while (is_word(cur_, "AND") || is_word(cur_, "OR")) {
            std::string op = is_word(cur_, "AND") ? "AND" : "OR";
            advance();
            e = binary(std::move(op), std::move(e), comparison(depth));
        }
        return e;
    }
    expr comparison(std::size_t depth)
    {
        expr e = additive(depth);
        while (cur_.type == tok::op &&
               (cur_.text == "=" || cur_.text == "<" || cur_.text == ">" || cur_.text == "<=" || cur_.text == ">=" ||
                cur_.text == "!=" || cur_.text == "<>")) {
            std::string op(cur_.text);
            advance();
            e = binary(std::move(op), std::move(e), additive(depth));
        }
        return e;
    }
    expr additive(std::size_t depth)
    {
        expr e = multiplicative(depth);
        while (at_op("+") || at_op("-")) {
            std::string op(cur_.text);
            advance();
            e = binary(std::move(op), std::move(e), multiplicative(depth));
        }
        return e;
    }
    expr multiplicative(std::size_t depth)
    {
        expr e = unary(depth);
        while (at_op("*") || at_op("/") || at_op("%")) {
            std::string op(cur_.text);
            advance();
            e = binary(std::move(op), std::move(e), unary(depth));
        }
        return e;
    }
    expr unary(std::size_t depth)
    {
        if (depth > opt_.max_depth)
            fail("the expression is nested too deeply (more than " + std::to_string(opt_.max_depth) + " levels)");
        if (is_word(cur_, "NOT") || at_op("-")) {
            expr e;
            e.k = expr::kind::unary;
            e.value = at_op("-") ? "-" : "NOT";
            advance();
            e.args.push_back(unary(depth + 1));
            return e;
        }
        return primary(depth);
    }
    expr primary(std::size_t depth)
    {
        expr e;
        if (cur_.type == tok::number) {
            e.k = expr::kind::number;
            e.value = std::string(cur_.text);
            advance();
        } else if (cur_.type == tok::string) {
            e.k = expr::kind::string;
            e.quote = cur_.text[0];
            e.value = std::string(cur_.text.substr(1, cur_.text.size() - 2));
            advance();
        } else if (cur_.type == tok::ident && !is_keyword(cur_)) {
            e.k = expr::kind::identifier;
            e.value = std::string(cur_.text);
            advance();
            if (at_op("(")) {
                e.k = expr::kind::call;
                call_arguments(e, depth);
            }
        } else if (at_op("[")) {
            e.k = expr::kind::list;
            advance();
            if (!accept_op("]")) {
                list_items(e.args, depth + 1);
                need_op("]");
            }
        } else if (at_op("(")) {
            e.k = expr::kind::paren;
            advance();
            e.args.push_back(expression(depth + 1));
            need_op(")");
        } else {
            expecting("an expression");
            fail();
        }
        return e;
    }
    void call_arguments(expr& call, std::size_t depth)
    {
        need_op("(");
        if (!accept_op(")")) {
            list_items(call.args, depth + 1);
            need_op(")");
        }
    }
    void list_items(std::vector<expr>& out, std::size_t depth)
    {
        do
            out.push_back(expression(depth));
        while (accept_op(","));
    }
    static expr binary(std::string op, expr a, expr b)
    {
        expr e;
        e.k = expr::kind::binary;
        e.value = std::move(op);
        e.args.push_back(std::move(a));
        e.args.push_back(std::move(b));
        return e;
    }

    std::vector<attribute> attributes()
    {
        std::vector<attribute> out;
        do {
            std::size_t at = cur_.offset;
            attribute a;
            a.key = ident();
            need_op("=");
            a.value = expression(0);
            for (const auto& b : out)
                if (b.key == a.key)
                    lx_.fail(at, {}, "'" + a.key + "'", "the attribute '" + a.key + "' is given twice");
            out.push_back(std::move(a));
        } while (accept_op(","));
        return out;
    }
    expr column()
    {
        expr e;
        if (accept_op("*")) {
            e.value = "*";
            return e;
        }
        e.value = ident();
        if (at_op("(")) {
            e.k = expr::kind::call;
            call_arguments(e, 1);
        }
        return e;
    }
    std::string label()
    {
        if (cur_.type == tok::string)
            return string_literal();
        return ident();
    }

    void train(statement& st)
    {
        st.kind = statement_kind::train;
        st.estimator = ident();
        if (accept_kw("WITH"))
            st.attributes = attributes();
        while (accept_kw("COLUMN")) {
            column_group g;
            do
                g.columns.push_back(column());
            while (accept_op(","));
            if (accept_kw("FOR"))
                g.target = ident();
            else if (!st.columns.empty())
                fail("a COLUMN clause after the first needs FOR name");
            st.columns.push_back(std::move(g));
        }
        if (accept_kw("LABEL"))
            st.label = label();
        if (accept_kw("USING"))
            st.using_ = ident();
        need_kw("INTO");
        st.into.push_back(ident());
    }
    void predict(statement& st)
    {
        st.kind = statement_kind::predict;
        st.into.push_back(ident());
        if (accept_kw("WITH"))
            st.attributes = attributes();
        need_kw("USING");
        st.using_ = st.model = ident();
    }
    void evaluate(statement& st)
    {
        st.kind = statement_kind::evaluate;
        st.model = ident();
        if (accept_kw("WITH"))
            st.attributes = attributes();
        need_kw("LABEL");
        st.label = label();
        need_kw("INTO");
        st.into.push_back(ident());
    }
    void explain(statement& st)
    {
        st.kind = statement_kind::explain;
        st.model = ident();
        if (accept_kw("WITH"))
            st.attributes = attributes();
        if (accept_kw("USING"))
            st.using_ = ident();
        if (accept_kw("INTO"))
            st.into.push_back(ident());
    }
    void run(statement& st)
    {
        st.kind = statement_kind::run;
        st.image = ident();
        if (accept_kw("CMD"))
            do
                st.cmd.push_back(string_literal());
            while (accept_op(","));
        if (accept_kw("INTO"))
            do
                st.into.push_back(ident());
            while (accept_op(","));
    }
    void optimize(statement& st, statement_kind k)
    {
        st.kind = k;
        st.objective = expression(0);
        if (accept_kw("CONSTRAINT")) {
            do {
                constraint c;
                c.e = expression(0);
                if (accept_kw("GROUP")) {
                    need_kw("BY");
                    c.group_by = ident();
                }
                st.constraints.push_back(std::move(c));
            } while (accept_op(","));
        }
        need_kw("WITH");
        st.attributes = attributes();
        if (accept_kw("USING"))
            st.using_ = ident();
        need_kw("INTO");
        st.into.push_back(ident());
    }

    const lexer& lx_;
    std::size_t pos_;
    const parse_options& opt_;
    token cur_;
    std::size_t prev_end_ = 0;
    std::vector<std::string> expected_;
    std::size_t expected_at_ = static_cast<std::size_t>(-1);
};

/// The tables and models a parsed statement reads and writes.
COULER_INLINE void find_names(statement& st)
{
    find_tables(st.select, st.reads, st.writes);
    for (const auto& a : st.attributes) // validation.select and the like name more inputs
        if (a.value.k == expr::kind::string && a.key.size() >= 6 && lower(a.key.substr(a.key.size() - 6)) == "select") {
            std::vector<std::string> ignored;
            find_tables(a.value.value, st.reads, ignored);
        }
    switch (st.kind) {
    case statement_kind::train:
        add_name(st.writes, lower(st.into.at(0)));
        add_name(st.reads, lower(st.using_));
        break;
    case statement_kind::predict: {
        add_name(st.reads, lower(st.model));
        std::string target = lower(st.into.at(0));
        auto dot = target.rfind('.');
        add_name(st.writes, dot == std::string::npos ? target : target.substr(0, dot));
        break;
    }
    case statement_kind::evaluate:
    case statement_kind::explain:
    case statement_kind::show_train:
        add_name(st.reads, lower(st.model));
        for (const auto& t : st.into)
            add_name(st.writes, lower(t));
        break;
    case statement_kind::run:
    case statement_kind::maximize:
    case statement_kind::minimize:
        for (const auto& t : st.into)
            add_name(st.writes, lower(t));
        break;
    case statement_kind::query: break;
    }
}

} // namespace detail

COULER_INLINE program parse(std::string_view text, const parse_options& opt)
{
    using namespace detail;
    lexer lx(text);
    program prog;
    std::size_t pos = 0;
    for (;;) {
        std::size_t p = pos;
        token first = lx.next_standard(p);
        if (first.type == tok::eof)
            break;
        if (first.type == tok::semicolon) {
            pos = p;
            continue;
        }
        statement st;
        std::tie(st.line, st.column) = lx.line_col(first.offset);
        std::size_t start = first.offset;
        std::size_t clause = std::string_view::npos; // where the extended clause starts
        std::size_t end = 0, next = 0;
        {
            std::size_t q = p;
            token second = lx.next_standard(q);
            if ((is_word(first, "SHOW") && is_word(second, "TRAIN")) || (is_word(first, "TO") && is_verb(second)))
                clause = start;
        }
        if (clause == std::string_view::npos) {
            // Standard SQL up to `;` or to `TO <verb>` outside parentheses.
            int depth = 0;
            end = p;
            for (std::size_t q = p;;) {
                token t = lx.next_standard(q);
                if (t.type == tok::eof) {
                    next = q;
                    break;
                }
                if (t.type == tok::semicolon && depth == 0) {
                    next = q;
                    break;
                }
                if (t.type == tok::op && t.text == "(")
                    ++depth;
                else if (t.type == tok::op && t.text == ")" && depth > 0)
                    --depth;
                else if (depth == 0 && is_word(t, "TO")) {
                    std::size_t r = q;
                    if (is_verb(lx.next_standard(r))) {
                        clause = t.offset;
                        break;
                    }
                }
                end = q;
            }
        }
        if (clause != std::string_view::npos) {
            st.select = trim(text.substr(start, clause - start));
            clause_parser cp(lx, clause, opt);
            next = cp.parse(st, end);
        } else {
            st.select = trim(text.substr(start, end - start));
        }
        st.text = trim(text.substr(start, end - start));
        find_names(st);
        prog.statements.push_back(std::move(st));
        pos = next;
    }
    return prog;
}

} // namespace sqlflow
} // namespace couler

#endif
