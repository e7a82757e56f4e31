// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_NAMES_HPP
#define COULER_IR_NAMES_HPP

/// @file
/// @brief The naming rules the engines enforce, checked before anything is emitted.

#include <couler/config.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace couler {

namespace detail {
constexpr bool is_lower_alnum(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
constexpr bool is_alnum(char c) noexcept { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
} // namespace detail

/// Longest step or template name Argo accepts.
constexpr std::size_t max_step_name_length = 128;
/// Longest Kubernetes object name (DNS-1123 subdomain).
constexpr std::size_t max_object_name_length = 253;

/// @brief A DNS-1123 subdomain: lower-case alphanumerics, `-` and `.`, starting and ending
/// with an alphanumeric, at most 253 characters, each dot-separated label at most 63.
/// Workflow names must be one.
inline bool is_dns1123_subdomain(std::string_view s) noexcept
{
    if (s.empty() || s.size() > max_object_name_length)
        return false;
    std::size_t label = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '.') {
            if (label == 0 || s[i - 1] == '-')
                return false;
            label = 0;
            continue;
        }
        if (!(detail::is_lower_alnum(c) || c == '-'))
            return false;
        if (label == 0 && c == '-')
            return false;
        if (++label > 63)
            return false;
    }
    return s.back() != '-' && s.back() != '.';
}

/// @brief A `generateName` prefix: a DNS-1123 subdomain once the engine appends its suffix,
/// so it may end in `-`.
inline bool is_valid_generate_name(std::string_view s) noexcept
{
    if (s.empty())
        return false;
    std::string probe(s);
    probe += "x";
    return is_dns1123_subdomain(probe);
}

/// @brief Step and template names as Argo's validator accepts them:
/// `[a-zA-Z0-9][-a-zA-Z0-9]*`, at most 128 characters. (So the Python SDK's `A`, `B` are valid.)
inline bool is_valid_step_name(std::string_view s) noexcept
{
    if (s.empty() || s.size() > max_step_name_length || !detail::is_alnum(s[0]))
        return false;
    for (char c : s)
        if (!(detail::is_alnum(c) || c == '-'))
            return false;
    return true;
}

/// @brief Parameter and artifact names as Argo's validator accepts them: `[-a-zA-Z0-9_]+`.
inline bool is_valid_io_name(std::string_view s) noexcept
{
    if (s.empty() || s.size() > max_step_name_length)
        return false;
    for (char c : s)
        if (!(detail::is_alnum(c) || c == '-' || c == '_'))
            return false;
    return true;
}

/// Longest workflow name Argo accepts (`maxCharsInObjectName` in its validator): the name
/// becomes a label value, which Kubernetes limits to 63 characters.
constexpr std::size_t max_workflow_name_length = 63;

namespace detail {
/// The character at byte `i` of `s` for an error message: 'c', or a whole UTF-8 character
/// ('é'), so that the message stays valid UTF-8; a control or stray byte as "byte 0x..".
inline std::string quoted_char(std::string_view s, std::size_t i)
{
    const auto u = static_cast<unsigned char>(s[i]);
    if (u >= 0xC2 && u <= 0xF4) { // a lead byte: quote the whole character if it is well formed
        const std::size_t n = u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
        bool whole = i + n <= s.size();
        for (std::size_t k = 1; whole && k < n; ++k)
            whole = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (whole)
            return "'" + std::string(s.substr(i, n)) + "'";
    }
    if (u < 0x20 || u >= 0x7f) {
        static const char hex[] = "0123456789abcdef";
        return std::string("byte 0x") + hex[u >> 4] + hex[u & 15];
    }
    return std::string("'") + s[i] + "'";
}
inline std::string at_position(std::size_t i) { return " at position " + std::to_string(i + 1); }
} // namespace detail

/// @brief Why `s` is not a valid step or template name (is_valid_step_name), as a sentence
/// naming the first rule it breaks; empty if it is valid.
/// @code
/// couler::step_name_problem("train_model"); // "contains '_' at position 6: only letters, digits and '-' are allowed"
/// @endcode
inline std::string step_name_problem(std::string_view s)
{
    if (s.empty())
        return "is empty";
    if (s.size() > max_step_name_length)
        return "is " + std::to_string(s.size()) + " characters long, more than " + std::to_string(max_step_name_length);
    for (std::size_t i = 0; i < s.size(); ++i)
        if (!(detail::is_alnum(s[i]) || s[i] == '-'))
            return "contains " + detail::quoted_char(s, i) + detail::at_position(i) +
                   ": only letters, digits and '-' are allowed";
    if (!detail::is_alnum(s[0]))
        return "starts with '-': it must start with a letter or digit";
    return {};
}

/// @brief Why `s` is not a valid workflow name for the builder (it names the workflow, its
/// `generateName` and its entry template): lower-case letters, digits and '-', starting and
/// ending with a letter or digit, at most 63 characters. Empty if it is valid.
inline std::string workflow_name_problem(std::string_view s)
{
    if (s.empty())
        return "is empty";
    if (s.size() > max_workflow_name_length)
        return "is " + std::to_string(s.size()) + " characters long, more than " +
               std::to_string(max_workflow_name_length);
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c >= 'A' && c <= 'Z')
            return "contains the upper-case letter '" + std::string(1, c) + "'" + detail::at_position(i) +
                   ": a workflow name is lower-case";
        if (!(detail::is_lower_alnum(c) || c == '-'))
            return "contains " + detail::quoted_char(s, i) + detail::at_position(i) +
                   ": only lower-case letters, digits and '-' are allowed";
    }
    if (s.front() == '-')
        return "starts with '-': it must start with a letter or digit";
    if (s.back() == '-')
        return "ends with '-': it must end with a letter or digit";
    return {};
}

/// @brief Why `s` is not a valid parameter or artifact name (is_valid_io_name); empty if it is.
inline std::string io_name_problem(std::string_view s)
{
    if (s.empty())
        return "is empty";
    if (s.size() > max_step_name_length)
        return "is " + std::to_string(s.size()) + " characters long, more than " + std::to_string(max_step_name_length);
    for (std::size_t i = 0; i < s.size(); ++i)
        if (!(detail::is_alnum(s[i]) || s[i] == '-' || s[i] == '_'))
            return "contains " + detail::quoted_char(s, i) + detail::at_position(i) +
                   ": only letters, digits, '-' and '_' are allowed";
    return {};
}

/// @brief A name that satisfies is_valid_step_name, derived from any string:
/// invalid characters become `-`, and it is cut to 128 characters. Empty input gives `"step"`.
inline std::string sanitize_step_name(std::string_view s)
{
    std::string out;
    for (char c : s) {
        if (out.size() == max_step_name_length)
            break;
        out += (detail::is_alnum(c) || c == '-') ? c : '-';
    }
    while (!out.empty() && !detail::is_alnum(out.front()))
        out.erase(out.begin());
    return out.empty() ? std::string("step") : out;
}

/// @brief A name that satisfies is_valid_io_name, derived from any string: invalid characters
/// become `-`, and it is cut to 128 characters. Empty input gives `"x"`.
inline std::string sanitize_io_name(std::string_view s)
{
    std::string out;
    for (char c : s) {
        if (out.size() == max_step_name_length)
            break;
        out += (detail::is_alnum(c) || c == '-' || c == '_') ? c : '-';
    }
    return out.empty() ? std::string("x") : out;
}

} // namespace couler

#endif
