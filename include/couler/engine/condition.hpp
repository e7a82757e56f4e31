// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_CONDITION_HPP
#define COULER_ENGINE_CONDITION_HPP

/// @file
/// @brief Evaluating `when` conditions and Argo durations, after `{{...}}` substitution.
///
/// Grammar (Argo's govaluate subset): `or := and ('||' and)*`, `and := cmp ('&&' cmp)*`,
/// `cmp := '!'? operand (op operand)?` with op one of `== != > < >= <= =~ !~` (the last two:
/// regular-expression search, ECMAScript syntax), and parentheses.
/// Operands are bare words or quoted strings. Two operands that both parse as numbers are
/// compared numerically (`10 > 9`, `0.95 >= 0.9`), otherwise as strings. A lone operand is
/// true unless it is `false`, `0` or empty.

#include <couler/config.hpp>

#include <cctype>
#include <cstdlib>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <string_view>

namespace couler {
namespace engine {

namespace detail {

class condition_parser {
public:
    explicit condition_parser(std::string_view s) : s_(s) {}

    bool parse()
    {
        bool v = parse_or();
        skip_ws();
        if (i_ != s_.size())
            throw std::invalid_argument("unexpected '" + std::string(s_.substr(i_)) + "' in condition '" +
                                        std::string(s_) + "'");
        return v;
    }

private:
    void skip_ws()
    {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_])))
            ++i_;
    }
    bool eat(std::string_view tok)
    {
        skip_ws();
        if (s_.substr(i_, tok.size()) == tok) {
            i_ += tok.size();
            return true;
        }
        return false;
    }
    bool parse_or()
    {
        bool v = parse_and();
        while (eat("||"))
            v = parse_and() || v;
        return v;
    }
    bool parse_and()
    {
        bool v = parse_cmp();
        while (eat("&&"))
            v = parse_cmp() && v;
        return v;
    }
    bool parse_cmp()
    {
        skip_ws();
        if (i_ < s_.size() && s_[i_] == '!' && s_.substr(i_, 2) != "!=") {
            ++i_;
            return !parse_cmp();
        }
        if (eat("(")) {
            bool v = parse_or();
            if (!eat(")"))
                throw std::invalid_argument("missing ')' in condition '" + std::string(s_) + "'");
            return v;
        }
        std::string a = operand();
        skip_ws();
        static const char* ops[] = {"==", "!=", "=~", "!~", ">=", "<=", ">", "<"};
        for (const char* op : ops)
            if (eat(op)) {
                std::string b = operand();
                return compare(a, op, b);
            }
        return truthy(a);
    }
    std::string operand()
    {
        skip_ws();
        if (i_ < s_.size() && (s_[i_] == '"' || s_[i_] == '\'')) {
            char q = s_[i_++];
            std::string out;
            while (i_ < s_.size() && s_[i_] != q)
                out.push_back(s_[i_++]);
            if (i_ == s_.size())
                throw std::invalid_argument("unterminated string in condition '" + std::string(s_) + "'");
            ++i_;
            return out;
        }
        // A bare word runs to the next operator; inner spaces are kept (substituted values may have them).
        std::size_t start = i_;
        while (i_ < s_.size()) {
            char c = s_[i_];
            if (c == '=' || c == '>' || c == '<' || c == ')' || c == '(' ||
                (c == '!' && i_ + 1 < s_.size() && (s_[i_ + 1] == '=' || s_[i_ + 1] == '~')) ||
                s_.substr(i_, 2) == "&&" || s_.substr(i_, 2) == "||")
                break;
            ++i_;
        }
        std::string w(s_.substr(start, i_ - start));
        while (!w.empty() && std::isspace(static_cast<unsigned char>(w.back())))
            w.pop_back();
        return w;
    }
    static std::optional<double> number(const std::string& s)
    {
        if (s.empty())
            return std::nullopt;
        char* end = nullptr;
        double d = std::strtod(s.c_str(), &end);
        if (end != s.c_str() + s.size())
            return std::nullopt;
        return d;
    }
    static bool truthy(const std::string& a) { return !(a.empty() || a == "false" || a == "0"); }
    static bool compare(const std::string& a, std::string_view op, const std::string& b)
    {
        if (op == "=~" || op == "!~") {
            // govaluate's regex match: true if the pattern matches anywhere in the left side.
            bool m;
            try {
                m = std::regex_search(a, std::regex(b, std::regex::ECMAScript));
            } catch (const std::regex_error&) {
                throw std::invalid_argument("bad regular expression '" + b + "'");
            }
            return op == "=~" ? m : !m;
        }
        auto x = number(a), y = number(b);
        int c;
        if (x && y)
            c = *x < *y ? -1 : (*x > *y ? 1 : 0);
        else
            c = a < b ? -1 : (a > b ? 1 : 0);
        if (op == "==")
            return c == 0;
        if (op == "!=")
            return c != 0;
        if (op == ">")
            return c > 0;
        if (op == "<")
            return c < 0;
        if (op == ">=")
            return c >= 0;
        return c <= 0;
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

} // namespace detail

/// @brief Evaluates a substituted condition; throws std::invalid_argument if malformed.
inline bool evaluate_condition(std::string_view expr) { return detail::condition_parser(expr).parse(); }

/// @brief Parses an Argo duration (`"30s"`, `"1m30s"`, `"2h"`, `"500ms"`, or plain seconds)
/// into seconds; nullopt if malformed.
inline std::optional<double> parse_duration(std::string_view s)
{
    if (s.empty())
        return std::nullopt;
    double total = 0;
    std::size_t i = 0;
    bool any = false;
    while (i < s.size()) {
        std::size_t start = i;
        while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'))
            ++i;
        if (start == i)
            return std::nullopt;
        double v = std::strtod(std::string(s.substr(start, i - start)).c_str(), nullptr);
        std::size_t ustart = i;
        while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i])))
            ++i;
        std::string_view unit = s.substr(ustart, i - ustart);
        if (unit.empty() || unit == "s")
            total += v;
        else if (unit == "ms")
            total += v / 1000;
        else if (unit == "m")
            total += v * 60;
        else if (unit == "h")
            total += v * 3600;
        else if (unit == "d")
            total += v * 86400;
        else
            return std::nullopt;
        any = true;
    }
    if (!any)
        return std::nullopt;
    return total;
}

} // namespace engine
} // namespace couler

#endif
