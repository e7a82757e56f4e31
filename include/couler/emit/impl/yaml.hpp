// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_IMPL_YAML_HPP
#define COULER_EMIT_IMPL_YAML_HPP

#include <couler/ir/detail/utf8.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace couler {
namespace detail {

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
COULER_INLINE bool yaml_reserved_word(std::string_view s) noexcept
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
COULER_INLINE bool yaml_plain_ok(std::string_view s) noexcept
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

/// Output buffer of the writer: small writes go to a fixed buffer, appended to the string in
/// 16 KiB blocks. std::string's own push_back and append are not inlined (libstdc++ declares
/// them extern templates), and the writer makes several tiny writes per scalar: with them
/// it was 2.2x boost::json::serialize, which writes through a buffer the same way.
class yaml_sink {
public:
    explicit yaml_sink(std::string& out) noexcept : out_(out) {}
    yaml_sink(const yaml_sink&) = delete;
    yaml_sink& operator=(const yaml_sink&) = delete;
    // No flush on destruction: appending may throw. After an exception the string holds an
    // unspecified prefix of the text, as it would without the buffer.

    void put(char c)
    {
        if (n_ == sizeof buf_)
            flush();
        buf_[n_++] = c;
    }
    void put(const char* p, std::size_t n)
    {
        if (n > sizeof buf_ - n_) {
            flush();
            if (n > sizeof buf_) {
                out_.append(p, n);
                return;
            }
        }
        std::memcpy(buf_ + n_, p, n);
        n_ += n;
    }
    void put(std::string_view s) { put(s.data(), s.size()); }
    template <std::size_t N> void put(const char (&lit)[N]) { put(lit, N - 1); }
    void flush()
    {
        out_.append(buf_, n_);
        n_ = 0;
    }

private:
    std::string& out_;
    std::size_t n_ = 0;
    char buf_[16384];
};

COULER_INLINE void yaml_double_quoted(yaml_sink& out, std::string_view s)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    out.put('"');
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
            out.put(s.data() + i, run - i);
            i = run;
            continue;
        }
        char32_t cp = 0;
        std::size_t n = utf8_decode(s, i, cp);
        if (n == 0)
            throw_bad_utf8();
        if (cp == '"')
            out.put("\\\"");
        else if (cp == '\\')
            out.put("\\\\");
        else if (cp == '\n')
            out.put("\\n");
        else if (cp == '\t')
            out.put("\\t");
        else if (yaml_needs_escape(cp)) {
            out.put("\\u");
            for (int shift = 12; shift >= 0; shift -= 4)
                out.put(hex[(cp >> shift) & 0xF]);
        } else
            out.put(s.data() + i, n);
        i += n;
    }
    out.put('"');
}

/// True if `s` reads back exactly as a `|` literal block: several lines, nothing a literal
/// block would change (leading spaces that shift the detected indentation, trailing spaces,
/// tabs, carriage returns, escapes-only characters), and at least one non-empty line.
COULER_INLINE bool yaml_literal_ok(std::string_view s)
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

COULER_INLINE void yaml_indent(yaml_sink& out, std::size_t n)
{
    static constexpr char spaces[] = "                                                                ";
    constexpr std::size_t width = sizeof spaces - 1;
    for (; n > width; n -= width)
        out.put(spaces, width);
    out.put(spaces, n);
}

COULER_INLINE void yaml_literal(yaml_sink& out, std::string_view s, std::size_t indent)
{
    std::size_t trailing = 0;
    while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n')
        ++trailing;
    out.put(trailing == 0 ? std::string_view("|-\n") : trailing == 1 ? std::string_view("|\n") : std::string_view("|+\n"));
    std::string_view body = s.substr(0, s.size() - trailing);
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t nl = body.find('\n', start);
        std::string_view line = body.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        if (!line.empty()) {
            yaml_indent(out, indent);
            out.put(line);
        }
        out.put('\n');
        if (nl == std::string_view::npos)
            break;
        start = nl + 1;
    }
    // Kept trailing newlines past the first one are empty lines of the block.
    for (std::size_t k = 1; k < trailing; ++k)
        out.put('\n');
}

COULER_INLINE void yaml_string(yaml_sink& out, std::string_view s)
{
    if (yaml_plain_ok(s))
        out.put(s);
    else
        yaml_double_quoted(out, s);
}

COULER_INLINE void yaml_double(yaml_sink& out, double d)
{
    if (std::isnan(d)) {
        out.put(".nan");
        return;
    }
    if (std::isinf(d)) {
        out.put(d < 0 ? std::string_view("-.inf") : std::string_view(".inf"));
        return;
    }
    char buf[40];
    for (int prec = 15; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (std::strtod(buf, nullptr) == d)
            break;
    }
    // Both YAML 1.1 (PyYAML) and 1.2 read `1.0`, `1.5e+20`: a dot is needed, and %g gives a sign.
    std::string_view t = buf;
    std::size_t e = t.find('e');
    if (t.find('.') == std::string_view::npos) {
        std::size_t at = e == std::string_view::npos ? t.size() : e;
        out.put(t.substr(0, at));
        out.put(".0");
        out.put(t.substr(at));
    } else
        out.put(t);
}

template <class Int> void yaml_integer(yaml_sink& out, Int i)
{
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, i); // no allocation, unlike std::to_string
    out.put(buf, static_cast<std::size_t>(r.ptr - buf));
}

/// A scalar in value position (after `key: ` or `- `); literal blocks are allowed there.
COULER_INLINE void yaml_scalar(yaml_sink& out, const boost::json::value& v, std::size_t indent, const yaml_options& opt)
{
    switch (v.kind()) {
    case boost::json::kind::null: out.put("null"); break;
    case boost::json::kind::bool_: out.put(v.get_bool() ? std::string_view("true") : std::string_view("false")); break;
    case boost::json::kind::int64: yaml_integer(out, v.get_int64()); break;
    case boost::json::kind::uint64: yaml_integer(out, v.get_uint64()); break;
    case boost::json::kind::double_: yaml_double(out, v.get_double()); break;
    case boost::json::kind::string: {
        std::string_view s(v.get_string().data(), v.get_string().size());
        if (yaml_plain_ok(s))
            out.put(s);
        else if (opt.literal_blocks && indent > 0 && yaml_literal_ok(s)) {
            yaml_literal(out, s, indent);
            return;
        } else
            yaml_double_quoted(out, s);
        out.put('\n');
        return;
    }
    default: break;
    }
    out.put('\n');
}

COULER_INLINE bool yaml_is_block(const boost::json::value& v) noexcept
{
    return (v.is_object() && !v.get_object().empty()) || (v.is_array() && !v.get_array().empty());
}

COULER_INLINE void yaml_node(yaml_sink& out, const boost::json::value& v, std::size_t indent, bool inline_first,
                      const yaml_options& opt);

/// After `key:` or `- `: a scalar or empty collection on the same line, else a nested block.
COULER_INLINE void yaml_value_after(yaml_sink& out, const boost::json::value& v, std::size_t indent,
                             const yaml_options& opt)
{
    if (!yaml_is_block(v)) {
        out.put(' ');
        if (v.is_object())
            out.put("{}\n");
        else if (v.is_array())
            out.put("[]\n");
        else
            yaml_scalar(out, v, indent, opt);
        return;
    }
    out.put('\n');
    yaml_node(out, v, indent, false, opt);
}

/// A long key (see yaml_key), written aside first. Out of line: its own 16 KiB sink must not
/// land in the frame of the recursive yaml_node.
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
COULER_INLINE void yaml_long_key(yaml_sink& out, std::string_view k, std::size_t indent)
{
    std::string text;
    yaml_sink aside(text);
    yaml_string(aside, k);
    aside.flush();
    if (text.size() > 1000) {
        out.put("? ");
        out.put(text);
        out.put('\n');
        yaml_indent(out, indent);
    } else
        out.put(text);
}

/// A mapping key. Implicit keys are limited to 1024 characters: a longer one gets the
/// explicit `? key` form. A key of at most 160 bytes is at most 962 characters written
/// (6 per escaped byte, plus quotes), so only longer ones are written aside first.
COULER_INLINE void yaml_key(yaml_sink& out, std::string_view k, std::size_t indent)
{
    if (k.size() <= 160)
        yaml_string(out, k);
    else
        yaml_long_key(out, k, indent);
}

COULER_INLINE void yaml_node(yaml_sink& out, const boost::json::value& v, std::size_t indent, bool inline_first,
                      const yaml_options& opt)
{
    if (v.is_object() && !v.get_object().empty()) {
        bool first = true;
        for (const auto& kv : v.get_object()) {
            if (!(first && inline_first))
                yaml_indent(out, indent);
            first = false;
            yaml_key(out, std::string_view(kv.key().data(), kv.key().size()), indent);
            out.put(':');
            yaml_value_after(out, kv.value(), indent + 2, opt);
        }
    } else if (v.is_array() && !v.get_array().empty()) {
        bool first = true;
        for (const auto& item : v.get_array()) {
            if (!(first && inline_first))
                yaml_indent(out, indent);
            first = false;
            if (yaml_is_block(item)) {
                out.put("- ");
                yaml_node(out, item, indent + 2, true, opt);
            } else {
                out.put('-');
                yaml_value_after(out, item, indent + 2, opt);
            }
        }
    } else if (v.is_object())
        out.put("{}\n");
    else if (v.is_array())
        out.put("[]\n");
    else
        yaml_scalar(out, v, indent, opt);
}

} // namespace detail

COULER_INLINE void write_yaml(std::string& out, const boost::json::value& v, const yaml_options& opt)
{
    detail::yaml_sink sink(out);
    detail::yaml_node(sink, v, 0, false, opt);
    sink.flush();
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
    detail::yaml_sink sink(out);
    detail::yaml_string(sink, s);
    sink.flush();
    return out;
}

} // namespace couler

#endif
