// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_FRONTEND_SQLFLOW_DETAIL_LEXER_HPP
#define COULER_FRONTEND_SQLFLOW_DETAIL_LEXER_HPP

// The tokenizer of SQLFlow programs. It has two modes over the same text:
//  - standard: enough of SQL to find where a statement ends (`;` outside strings and comments)
//    and where its extended clause starts (`TO TRAIN`...), and to read table names;
//  - extended: SQLFlow's own lexer rules for the clauses after TO, where an identifier may hold
//    `.`, `/`, `:` and `-` (`a_data_scientist/regressors:v0.2/MyDNNRegressor`), strings take
//    either quote and backslash escapes, and numbers start with a digit.

#include <couler/frontend/sqlflow/statement.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace couler {
namespace sqlflow {
namespace detail {

enum class tok { eof, ident, number, string, op, semicolon };

struct token {
    tok type = tok::eof;
    std::string_view text; ///< as written (strings with their quotes)
    std::size_t offset = 0;
};

inline bool ident_start(char c)
{
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
inline bool ident_char(char c) { return ident_start(c) || std::isdigit(static_cast<unsigned char>(c)); }
inline bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

/// Case-insensitive comparison of a token's text with an upper-case word.
inline bool is_word(const token& t, std::string_view upper)
{
    if (t.type != tok::ident || t.text.size() != upper.size())
        return false;
    for (std::size_t i = 0; i < upper.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(t.text[i])) != upper[i])
            return false;
    return true;
}

/// What a token looks like in an error message.
inline std::string describe(const token& t)
{
    if (t.type == tok::eof)
        return "end of input";
    std::string s(t.text.substr(0, 40));
    return "'" + s + (t.text.size() > 40 ? "...'" : "'");
}

class lexer {
public:
    explicit lexer(std::string_view src) : src_(src)
    {
        line_starts_.push_back(0);
        for (std::size_t i = 0; i < src.size(); ++i)
            if (src[i] == '\n')
                line_starts_.push_back(i + 1);
    }

    std::string_view source() const { return src_; }

    /// 1-based line and column (in bytes) of an offset.
    std::pair<std::size_t, std::size_t> line_col(std::size_t offset) const
    {
        auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
        std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());
        return {line, offset - line_starts_[line - 1] + 1};
    }

    [[noreturn]] void fail(std::size_t offset, std::vector<std::string> expected, const std::string& found,
                           const std::string& message) const
    {
        auto [line, col] = line_col(offset);
        std::string what = "line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + message;
        if (!expected.empty()) {
            what += " (expected ";
            for (std::size_t i = 0; i < expected.size(); ++i)
                what += (i == 0 ? "" : i + 1 == expected.size() ? " or " : ", ") + expected[i];
            what += ")";
        }
        throw parse_error(line, col, std::move(expected), found, what);
    }

    /// Skips spaces and comments from `pos`; an unterminated `/*` is an error.
    std::size_t skip(std::size_t pos) const
    {
        for (;;) {
            while (pos < src_.size() && std::isspace(static_cast<unsigned char>(src_[pos])))
                ++pos;
            if (src_.compare(pos, 2, "--") == 0) {
                while (pos < src_.size() && src_[pos] != '\n')
                    ++pos;
            } else if (src_.compare(pos, 2, "/*") == 0) {
                auto end = src_.find("*/", pos + 2);
                if (end == std::string_view::npos)
                    fail(pos, {"'*/'"}, "end of input", "the comment /* is not closed");
                pos = end + 2;
            } else {
                return pos;
            }
        }
    }

    /// The next token of standard SQL at or after `pos`; `pos` moves past it.
    token next_standard(std::size_t& pos) const { return next(pos, false); }

    /// The next token of an extended clause (SQLFlow's lexer rules) at or after `pos`.
    token next_extended(std::size_t& pos) const { return next(pos, true); }

private:
    token next(std::size_t& pos, bool extended) const
    {
        pos = skip(pos);
        token t;
        t.offset = pos;
        if (pos >= src_.size())
            return t;
        char c = src_[pos];
        std::size_t end = pos + 1;
        if (c == '\'' || c == '"' || (c == '`' && !extended)) {
            end = quoted_end(pos, c == '`' ? 0 : '\\');
            t.type = c == '`' ? tok::ident : tok::string;
        } else if (ident_start(c)) {
            end = extended ? extended_ident_end(end) : standard_ident_end(end);
            t.type = tok::ident;
        } else if (is_digit(c)) {
            end = number_end(pos);
            t.type = tok::number;
        } else if (c == ';') {
            t.type = tok::semicolon;
        } else if (!extended) {
            t.type = tok::op;
        } else if (std::string_view("+-*/%<>=()[]{},!").find(c) != std::string_view::npos) {
            t.type = tok::op;
            if (end < src_.size()) {
                char d = src_[end];
                if ((c == '*' && d == '*') || (c == '<' && (d == '=' || d == '>')) || (c == '>' && d == '=') ||
                    (c == '!' && d == '='))
                    ++end;
            }
        } else {
            std::string ch(1, c);
            fail(pos, {}, "'" + ch + "'", "unexpected character '" + ch + "'");
        }
        t.text = src_.substr(pos, end - pos);
        pos = end;
        return t;
    }

    std::size_t standard_ident_end(std::size_t end) const
    {
        while (end < src_.size() && (ident_char(src_[end]) || src_[end] == '$'))
            ++end;
        return end;
    }

    // SQLFlow: letters, digits, _ / : - and dots that are followed by more of them.
    std::size_t extended_ident_end(std::size_t end) const
    {
        for (;;) {
            while (end < src_.size() && (ident_char(src_[end]) || src_[end] == '/' || src_[end] == ':' || src_[end] == '-'))
                ++end;
            if (end + 1 < src_.size() && src_[end] == '.' && (ident_char(src_[end + 1]) || src_[end + 1] == '/'))
                ++end;
            else
                return end;
        }
    }

    // The end of a quoted string or identifier starting at `pos`; a doubled quote stands for
    // one (SQL), and `escape` (if not 0) escapes the next character (MySQL, SQLFlow).
    std::size_t quoted_end(std::size_t pos, char escape) const
    {
        char q = src_[pos];
        std::size_t i = pos + 1;
        while (i < src_.size()) {
            if (escape && src_[i] == escape) {
                i += 2;
                continue;
            }
            if (src_[i] == q) {
                if (i + 1 < src_.size() && src_[i + 1] == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            ++i;
        }
        std::string qs(1, q);
        fail(pos, {"a closing " + qs}, "end of input", "the quotation mark " + qs + " is not closed");
    }

    // `[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?` from `pos`.
    std::size_t number_end(std::size_t pos) const
    {
        std::size_t i = pos;
        while (i < src_.size() && is_digit(src_[i]))
            ++i;
        if (i + 1 < src_.size() && src_[i] == '.' && is_digit(src_[i + 1])) {
            ++i;
            while (i < src_.size() && is_digit(src_[i]))
                ++i;
        }
        if (i < src_.size() && (src_[i] == 'e' || src_[i] == 'E')) {
            std::size_t j = i + 1;
            if (j < src_.size() && (src_[j] == '+' || src_[j] == '-'))
                ++j;
            if (j < src_.size() && is_digit(src_[j])) {
                i = j;
                while (i < src_.size() && is_digit(src_[i]))
                    ++i;
            }
        }
        return i;
    }

    std::string_view src_;
    std::vector<std::size_t> line_starts_;
};

} // namespace detail
} // namespace sqlflow
} // namespace couler

#endif
