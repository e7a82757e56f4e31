// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_IMAGE_REFERENCE_HPP
#define COULER_IR_IMAGE_REFERENCE_HPP

/// @file
/// @brief Container image references checked against the grammar of
/// github.com/distribution/reference, the one container runtimes parse:
///
///     reference := name [ ":" tag ] [ "@" digest ]
///     name      := [ host [ ":" port ] "/" ] path-component [ "/" path-component ]*
///     host      := domain-component [ "." domain-component ]* | "[" IPv6 "]"
///     path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
///     tag       := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
///     digest    := algorithm ":" at least 32 hex digits
///
/// and a name of at most 255 characters. A reference holding an Argo expression (`{{...}}`)
/// is only known at run time and is not checked.
///
/// @code
/// couler::image_reference_problem("python:3.11-slim");  // ""
/// couler::image_reference_problem("Python:3.11 slim");  // "has the upper-case letter 'P' in 'Python': ..."
/// @endcode

#include <couler/config.hpp>
#include <couler/ir/names.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace couler {

/// Longest image name (without tag and digest) the grammar accepts.
constexpr std::size_t max_image_name_length = 255;

namespace detail {

inline bool image_lower_alnum(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
inline bool image_alnum(char c) noexcept { return image_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
inline bool image_hex(char c) noexcept
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// Why `c` is not a path component; empty if it is one.
inline std::string path_component_problem(std::string_view c)
{
    if (c.empty())
        return "has an empty path component (a '/' at an end, or two in a row)";
    for (char ch : c)
        if (ch >= 'A' && ch <= 'Z')
            return "has the upper-case letter '" + std::string(1, ch) + "' in '" + std::string(c) +
                   "': repository names are lower-case";
    for (std::size_t i = 0; i < c.size(); ++i)
        if (const char ch = c[i]; !(image_lower_alnum(ch) || ch == '.' || ch == '_' || ch == '-'))
            return "has " + (ch == ' ' ? std::string("a space") : quoted_char(c, i)) + " in '" + std::string(c) +
                   "': repository names hold lower-case letters, digits, '.', '_' and '-'";
    const std::string rule = "': a repository path component starts and ends with a letter or digit, with one '.', "
                             "one '_', '__' or dashes between them";
    if (!image_lower_alnum(c.front()) || !image_lower_alnum(c.back()))
        return "has the path component '" + std::string(c) + rule;
    for (std::size_t i = 0; i < c.size();) {
        if (image_lower_alnum(c[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < c.size() && !image_lower_alnum(c[j]))
            ++j;
        std::string_view sep = c.substr(i, j - i);
        bool ok = sep == "." || sep == "_" || sep == "__" || sep.find_first_not_of('-') == std::string_view::npos;
        if (!ok)
            return "has the path component '" + std::string(c) + rule;
        i = j;
    }
    return {};
}

/// True if `h` is `host[:port]` as the grammar's domain allows.
inline bool is_image_domain(std::string_view h)
{
    std::string_view host = h;
    if (!h.empty() && h.front() == '[') { // [IPv6][:port]
        auto close = h.find(']');
        if (close == std::string_view::npos || close == 1)
            return false;
        for (char ch : h.substr(1, close - 1))
            if (!(image_hex(ch) || ch == ':'))
                return false;
        std::string_view rest = h.substr(close + 1);
        if (rest.empty())
            return true;
        if (rest.front() != ':' || rest.size() == 1)
            return false;
        return rest.substr(1).find_first_not_of("0123456789") == std::string_view::npos;
    }
    if (auto colon = h.find(':'); colon != std::string_view::npos) {
        std::string_view port = h.substr(colon + 1);
        if (port.empty() || port.find_first_not_of("0123456789") != std::string_view::npos)
            return false;
        host = h.substr(0, colon);
    }
    if (host.empty())
        return false;
    std::size_t start = 0;
    while (true) {
        auto dot = host.find('.', start);
        std::string_view part = host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (part.empty() || !image_alnum(part.front()) || !image_alnum(part.back()))
            return false;
        for (char ch : part)
            if (!(image_alnum(ch) || ch == '-'))
                return false;
        if (dot == std::string_view::npos)
            return true;
        start = dot + 1;
    }
}

} // namespace detail

/// @brief Why `ref` is not a valid image reference, as a phrase naming the first rule it
/// breaks ("has the upper-case letter 'P' in 'Python': repository names are lower-case");
/// empty if it is valid, or if it holds an Argo expression.
inline std::string image_reference_problem(std::string_view ref)
{
    if (ref.empty())
        return "is empty";
    if (ref.find("{{") != std::string_view::npos)
        return {};
    // Split first, then check in reading order: name, tag, digest.
    std::string_view rest = ref, tag, digest;
    bool has_tag = false, has_digest = false;
    if (auto at = rest.find('@'); at != std::string_view::npos) {
        digest = rest.substr(at + 1);
        rest = rest.substr(0, at);
        has_digest = true;
    }
    auto slash = rest.rfind('/');
    auto colon = rest.rfind(':');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
        tag = rest.substr(colon + 1);
        rest = rest.substr(0, colon);
        has_tag = true;
    }
    if (rest.empty())
        return "has no repository name";
    if (rest.size() > max_image_name_length)
        return "has a name of " + std::to_string(rest.size()) + " characters, more than " +
               std::to_string(max_image_name_length);
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        auto s = rest.find('/', start);
        parts.push_back(rest.substr(start, s == std::string_view::npos ? std::string_view::npos : s - start));
        if (s == std::string_view::npos)
            break;
        start = s + 1;
    }
    // The first part is a registry host when it parses as one and a path follows.
    std::size_t first = parts.size() > 1 && detail::is_image_domain(parts.front()) ? 1 : 0;
    for (std::size_t i = first; i < parts.size(); ++i)
        if (auto why = detail::path_component_problem(parts[i]); !why.empty())
            return why;
    if (has_tag) {
        bool ok = !tag.empty() && tag.size() <= 128 && (detail::image_alnum(tag.front()) || tag.front() == '_');
        for (char ch : tag)
            ok = ok && (detail::image_alnum(ch) || ch == '_' || ch == '.' || ch == '-');
        if (!ok)
            return "has the invalid tag '" + std::string(tag) +
                   "': a tag is a letter, digit or '_', then up to 127 letters, digits, '_', '.' and '-'";
    }
    if (has_digest) {
        auto c = digest.find(':');
        bool ok = c != std::string_view::npos && c > 0 && digest.size() - c - 1 >= 32;
        if (ok) {
            // algorithm := [A-Za-z][A-Za-z0-9]* ([-_+.][A-Za-z][A-Za-z0-9]*)*
            std::string_view algo = digest.substr(0, c);
            auto letter = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); };
            ok = letter(algo.front());
            for (std::size_t i = 0; ok && i < algo.size(); ++i) {
                char ch = algo[i];
                if (ch == '-' || ch == '_' || ch == '+' || ch == '.')
                    ok = i + 1 < algo.size() && letter(algo[i + 1]);
                else
                    ok = detail::image_alnum(ch);
            }
            for (char ch : digest.substr(c + 1))
                ok = ok && detail::image_hex(ch);
        }
        if (!ok)
            return "has the invalid digest '" + std::string(digest) +
                   "': a digest is an algorithm, ':' and at least 32 hexadecimal digits (sha256:...)";
    }
    return {};
}

/// @brief A repository path component made from any text, for images named after something
/// else (a WfCommons task's program, `mProject_ID0001` -> `mproject-id0001`): lower-cased,
/// every other character `-`, no `-` at either end, at most `max_length` characters; empty or
/// nothing left gives `fallback`.
inline std::string image_path_component(std::string_view text, std::string_view fallback = "image",
                                               std::size_t max_length = 128)
{
    std::string out;
    for (char c : text) {
        if (out.size() == max_length)
            break;
        if (c >= 'A' && c <= 'Z')
            out += static_cast<char>(c - 'A' + 'a');
        else
            out += detail::image_lower_alnum(c) ? c : '-';
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    std::size_t lead = out.find_first_not_of('-');
    out.erase(0, lead == std::string::npos ? out.size() : lead);
    return out.empty() ? std::string(fallback) : out;
}

/// @brief True if `ref` is a valid image reference (see image_reference_problem).
inline bool is_valid_image_reference(std::string_view ref) { return image_reference_problem(ref).empty(); }

} // namespace couler

#endif
