// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_DETAIL_UTF8_HPP
#define COULER_IR_DETAIL_UTF8_HPP

// UTF-8 checks shared by the writers: JSON and YAML text must carry valid UTF-8 (Boost.JSON's
// serializer copies string bytes as they are, and its parser refuses invalid ones).

#include <couler/ir/detail/json_reader.hpp>
#include <couler/ir/error.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

/// True if `s` is valid UTF-8.
inline bool utf8_valid(std::string_view s) noexcept
{
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) { // ASCII: the common case
            ++i;
            continue;
        }
        char32_t cp = 0;
        std::size_t n = utf8_decode(s, i, cp);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

/// True if every string and key in `doc` is valid UTF-8. Iterative: user extensions may nest
/// deeply.
inline bool all_utf8(const boost::json::value& doc)
{
    std::vector<const boost::json::value*> todo{&doc};
    while (!todo.empty()) {
        const boost::json::value* v = todo.back();
        todo.pop_back();
        if (v->is_string()) {
            if (!utf8_valid(v->get_string()))
                return false;
        } else if (v->is_array()) {
            for (const auto& x : v->get_array())
                todo.push_back(&x);
        } else if (v->is_object()) {
            for (const auto& kv : v->get_object()) {
                if (!utf8_valid(kv.key()))
                    return false;
                todo.push_back(&kv.value());
            }
        }
    }
    return true;
}

/// Throws invalid_input naming the JSON path of the strings and keys in `doc` that are not
/// valid UTF-8 (the first 20, in document order). Paths are built only when there is one.
inline void require_utf8(const boost::json::value& doc)
{
    constexpr std::size_t most = 20;
    if (all_utf8(doc))
        return;
    problems found;
    std::vector<std::pair<const boost::json::value*, std::string>> todo{{&doc, "$"}};
    while (!todo.empty() && found.size() < most) {
        auto [v, path] = std::move(todo.back());
        todo.pop_back();
        if (v->is_string()) {
            if (!utf8_valid(v->get_string()))
                found.push_back({path, error::bad_value, "the string is not valid UTF-8; JSON text cannot carry it"});
        } else if (v->is_array()) {
            const auto& a = v->get_array();
            for (std::size_t i = a.size(); i-- > 0;)
                if (!all_utf8(a[i]))
                    todo.emplace_back(&a[i], path_index(path, i));
        } else if (v->is_object()) {
            const auto& o = v->get_object();
            bool bad_key = false;
            for (auto it = o.end(); it != o.begin();) {
                --it;
                std::string_view key = it->key();
                if (!utf8_valid(key))
                    bad_key = true; // one problem per object, at the object
                else if (!all_utf8(it->value()))
                    todo.emplace_back(&it->value(), path_key(path, key)); // quoted when not identifier-like
            }
            if (bad_key)
                found.push_back({path, error::bad_value, "a key is not valid UTF-8; JSON text cannot carry it"});
        }
    }
    if (found.size() > most)
        found.resize(most);
    throw invalid_input(std::move(found));
}

} // namespace detail
} // namespace couler

#endif
