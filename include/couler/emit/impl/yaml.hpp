// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_IMPL_YAML_HPP
#define COULER_EMIT_IMPL_YAML_HPP

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace couler {
namespace detail {

/// Decodes one UTF-8 code point at `i`; returns its length, or 0 if the bytes are not valid UTF-8.
inline std::size_t utf8_decode(std::string_view s, std::size_t i, char32_t& cp) noexcept
{
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size())
        return 0;
    cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
        unsigned char d = static_cast<unsigned char>(s[i + k]);
        if ((d >> 6) != 0x2)
            return 0;
        cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/// Code points a YAML reader must not see raw: controls, C1 (NEL is a line break), the
/// Unicode line and paragraph separators, the byte-order mark and the non-characters.
constexpr bool yaml_needs_escape(char32_t cp) noexcept
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

[[noreturn]] inline void throw_bad_utf8()
{
    throw std::invalid_argument("YAML writer: string is not valid UTF-8");
}

/// Words some YAML reader resolves to a boolean or null (YAML 1.1 and 1.2, any case).
inline bool yaml_reserved_word(std::string_view s) noexcept
{
    auto is = [&](const char* w) {
        for (std::size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            if ((c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c) != w[i])
                return false;
        }
        return true;
    };
    switch (s.size()) {
    case 1: return is("y") || is("n");
    case 2: return is("no") || is("on");
    case 3: return is("yes") || is("off") || is("nan") || is("inf");
    case 4: return is("true") || is("null");
    case 5: return is("false");
    default: return false;
    }
}

/// True if `s` can be a plain scalar that every reader takes as this exact string. Deliberately
/// narrow: it starts with a letter, `_` or `/` (so never a number, an indicator or `.inf`), uses
/// a small ASCII set, and a `:` is never followed by a space (that would start a mapping).
inline bool yaml_plain_ok(std::string_view s) noexcept
{
    // 1: may appear anywhere; 2: may also start the scalar. ':' and ' ' are checked by context.
    static constexpr auto table = [] {
        struct t_ {
            unsigned char v[256] = {};
        } t{};
        for (int c = 'a'; c <= 'z'; ++c)
            t.v[c] = t.v[c - 'a' + 'A'] = 2;
        for (int c = '0'; c <= '9'; ++c)
            t.v[c] = 1;
        t.v[static_cast<unsigned char>('_')] = t.v[static_cast<unsigned char>('/')] = 2;
        for (char c : {'.', '-', '+', '='})
            t.v[static_cast<unsigned char>(c)] = 1;
        return t;
    }();
    if (s.empty() || s.size() > 1000 || table.v[static_cast<unsigned char>(s[0])] != 2)
        return false;
    for (std::size_t i = 1; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (table.v[c])
            continue;
        if (c == ':' && i + 1 < s.size() && s[i + 1] != ' ')
            continue;
        if (c == ' ' && i + 1 < s.size() && s[i + 1] != ' ' && s[i + 1] != '#')
            continue;
        return false;
    }
    return !yaml_reserved_word(s);
}

inline void yaml_double_quoted(std::string& out, std::string_view s)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        // Fast path: a run of printable ASCII that needs no escape is copied at once.
        std::size_t run = i;
        while (run < s.size()) {
            unsigned char c = static_cast<unsigned char>(s[run]);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\')
                break;
            ++run;
        }
        if (run > i) {
            out.append(s.data() + i, run - i);
            i = run;
            continue;
        }
        char32_t cp = 0;
        std::size_t n = utf8_decode(s, i, cp);
        if (n == 0)
            throw_bad_utf8();
        if (cp == '"')
            out += "\\\"";
        else if (cp == '\\')
            out += "\\\\";
        else if (cp == '\n')
            out += "\\n";
        else if (cp == '\t')
            out += "\\t";
        else if (yaml_needs_escape(cp)) {
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4)
                out += hex[(cp >> shift) & 0xF];
        } else
            out.append(s.data() + i, n);
        i += n;
    }
    out += '"';
}

/// True if `s` reads back exactly as a `|` literal block: several lines, nothing a literal
/// block would change (leading spaces that shift the detected indentation, trailing spaces,
/// tabs, carriage returns, escapes-only characters), and at least one non-empty line.
inline bool yaml_literal_ok(std::string_view s)
{
    if (s.find('\n') == std::string_view::npos || s.size() < 2)
        return false;
    bool content = false;
    bool line_start = true;
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        std::size_t n = utf8_decode(s, i, cp);
        if (n == 0)
            throw_bad_utf8();
        if (cp == '\n') {
            if (i > 0 && s[i - 1] == ' ')
                return false;
            line_start = true;
        } else {
            if (yaml_needs_escape(cp) || (line_start && cp == ' '))
                return false;
            content = true;
            line_start = false;
        }
        i += n;
    }
    return content && s.back() != ' ';
}

inline void yaml_indent(std::string& out, std::size_t n)
{
    static const std::string spaces(128, ' ');
    for (; n > spaces.size(); n -= spaces.size())
        out.append(spaces);
    out.append(spaces.data(), n);
}

inline void yaml_literal(std::string& out, std::string_view s, std::size_t indent)
{
    std::size_t trailing = 0;
    while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n')
        ++trailing;
    out += trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+";
    out += '\n';
    std::string_view body = s.substr(0, s.size() - trailing);
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t nl = body.find('\n', start);
        std::string_view line = body.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        if (!line.empty()) {
            yaml_indent(out, indent);
            out.append(line.data(), line.size());
        }
        out += '\n';
        if (nl == std::string_view::npos)
            break;
        start = nl + 1;
    }
    // Kept trailing newlines past the first one are empty lines of the block.
    for (std::size_t k = 1; k < trailing; ++k)
        out += '\n';
}

inline void yaml_string(std::string& out, std::string_view s)
{
    if (yaml_plain_ok(s))
        out.append(s.data(), s.size());
    else
        yaml_double_quoted(out, s);
}

inline void yaml_double(std::string& out, double d)
{
    if (std::isnan(d)) {
        out += ".nan";
        return;
    }
    if (std::isinf(d)) {
        out += d < 0 ? "-.inf" : ".inf";
        return;
    }
    char buf[40];
    for (int prec = 15; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (std::strtod(buf, nullptr) == d)
            break;
    }
    // Both YAML 1.1 (PyYAML) and 1.2 read `1.0`, `1.5e+20`: a dot is needed, and %g gives a sign.
    std::string t = buf;
    std::size_t e = t.find('e');
    if (t.find('.') == std::string::npos)
        t.insert(e == std::string::npos ? t.size() : e, ".0");
    out += t;
}

/// A scalar in value position (after `key: ` or `- `); literal blocks are allowed there.
inline void yaml_scalar(std::string& out, const boost::json::value& v, std::size_t indent, const yaml_options& opt)
{
    switch (v.kind()) {
    case boost::json::kind::null: out += "null"; break;
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case boost::json::kind::int64: out += std::to_string(v.get_int64()); break;
    case boost::json::kind::uint64: out += std::to_string(v.get_uint64()); break;
    case boost::json::kind::double_: yaml_double(out, v.get_double()); break;
    case boost::json::kind::string: {
        std::string_view s(v.get_string().data(), v.get_string().size());
        if (yaml_plain_ok(s))
            out.append(s.data(), s.size());
        else if (opt.literal_blocks && indent > 0 && yaml_literal_ok(s)) {
            yaml_literal(out, s, indent);
            return;
        } else
            yaml_double_quoted(out, s);
        out += '\n';
        return;
    }
    default: break;
    }
    out += '\n';
}

inline bool yaml_is_block(const boost::json::value& v) noexcept
{
    return (v.is_object() && !v.get_object().empty()) || (v.is_array() && !v.get_array().empty());
}

inline void yaml_node(std::string& out, const boost::json::value& v, std::size_t indent, bool inline_first,
                      const yaml_options& opt);

/// After `key:` or `- `: a scalar or empty collection on the same line, else a nested block.
inline void yaml_value_after(std::string& out, const boost::json::value& v, std::size_t indent,
                             const yaml_options& opt)
{
    if (!yaml_is_block(v)) {
        out += ' ';
        if (v.is_object())
            out += "{}\n";
        else if (v.is_array())
            out += "[]\n";
        else
            yaml_scalar(out, v, indent, opt);
        return;
    }
    out += '\n';
    yaml_node(out, v, indent, false, opt);
}

inline void yaml_node(std::string& out, const boost::json::value& v, std::size_t indent, bool inline_first,
                      const yaml_options& opt)
{
    if (v.is_object() && !v.get_object().empty()) {
        bool first = true;
        for (const auto& kv : v.get_object()) {
            if (!(first && inline_first))
                yaml_indent(out, indent);
            first = false;
            std::string_view k(kv.key().data(), kv.key().size());
            std::size_t mark = out.size();
            yaml_string(out, k);
            if (out.size() - mark > 1000) {
                // Implicit keys are limited to 1024 characters: use the explicit `? key` form.
                out.insert(mark, "? ");
                out += '\n';
                yaml_indent(out, indent);
            }
            out += ':';
            yaml_value_after(out, kv.value(), indent + 2, opt);
        }
    } else if (v.is_array() && !v.get_array().empty()) {
        bool first = true;
        for (const auto& item : v.get_array()) {
            if (!(first && inline_first))
                yaml_indent(out, indent);
            first = false;
            out += '-';
            if (yaml_is_block(item)) {
                out += ' ';
                yaml_node(out, item, indent + 2, true, opt);
            } else
                yaml_value_after(out, item, indent + 2, opt);
        }
    } else if (v.is_object())
        out += "{}\n";
    else if (v.is_array())
        out += "[]\n";
    else
        yaml_scalar(out, v, indent, opt);
}

} // namespace detail

COULER_INLINE void write_yaml(std::string& out, const boost::json::value& v, const yaml_options& opt)
{
    detail::yaml_node(out, v, 0, false, opt);
}

COULER_INLINE std::string to_yaml(const boost::json::value& v, const yaml_options& opt)
{
    std::string out;
    write_yaml(out, v, opt);
    return out;
}

COULER_INLINE void write_yaml(std::ostream& os, const boost::json::value& v, const yaml_options& opt)
{
    std::string out = to_yaml(v, opt);
    os.write(out.data(), static_cast<std::streamsize>(out.size()));
}

COULER_INLINE std::string yaml_quote(std::string_view s)
{
    std::string out;
    detail::yaml_string(out, s);
    return out;
}

} // namespace couler

#endif
