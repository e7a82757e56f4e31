// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IMPORT_DETAIL_ARGO_READER_HPP
#define COULER_IMPORT_DETAIL_ARGO_READER_HPP

// The bookkeeping that lets the Argo importer promise "never drop a field silently": a cursor
// over each input object records which keys the IR took; every other key is a leftover, which
// becomes an error (strict mode) or is copied verbatim into the extension object of its level
// (the document, a template, or a step), at the same relative path.
//
// The extensions are deep-merged into the emitted objects, and a deep merge cannot reach into
// a list element, so a leftover inside a list keeps the whole list (the outermost one below
// the level) verbatim instead.

#include <couler/ir/error.hpp>

#include <boost/json/value.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace couler {
namespace detail {
namespace argo {

namespace json = boost::json;

/// The leftovers of one level, as the object that is merged into the emitted one.
struct ext_sink {
    json::object obj;

    void set(const std::vector<std::string>& rel, const json::value& v)
    {
        json::object* o = &obj;
        for (std::size_t i = 0; i + 1 < rel.size(); ++i) {
            json::value& x = (*o)[rel[i]];
            if (!x.is_object())
                x = json::object();
            o = &x.as_object();
        }
        (*o)[rel.back()] = v;
    }
};

struct context {
    problems* out = nullptr;
    bool strict = false;

    void fail(std::string path, error code, std::string msg) { out->push_back({std::move(path), code, std::move(msg)}); }
};

inline bool is_simple_key(std::string_view k)
{
    if (k.empty())
        return false;
    for (char c : k)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    return true;
}

inline std::string key_path(const std::string& base, std::string_view k)
{
    if (is_simple_key(k))
        return base + "." + std::string(k);
    std::string q = base + "[\"";
    for (char c : k)
        q += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    return q + "\"]";
}

inline std::string index_path(const std::string& base, std::size_t i) { return base + "[" + std::to_string(i) + "]"; }

/// Go's shortest float text (`1.5`, `1e+21`), which is what Argo sees after its YAML-to-JSON step.
inline std::string float_text(double d)
{
    if (std::isnan(d))
        return "NaN";
    if (std::isinf(d))
        return d > 0 ? "+Inf" : "-Inf";
    char buf[40];
    for (int p = 1; p <= 17; ++p) {
        std::snprintf(buf, sizeof buf, "%.*g", p, d);
        if (std::strtod(buf, nullptr) == d)
            break;
    }
    return buf;
}

/// The text of a scalar (Argo's AnyString and IntOrString accept numbers and booleans).
inline bool scalar_text(const json::value& v, std::string& s)
{
    switch (v.kind()) {
    case json::kind::string: s = std::string(v.get_string()); return true;
    case json::kind::int64: s = std::to_string(v.get_int64()); return true;
    case json::kind::uint64: s = std::to_string(v.get_uint64()); return true;
    case json::kind::double_: s = float_text(v.get_double()); return true;
    case json::kind::bool_: s = v.get_bool() ? "true" : "false"; return true;
    default: return false;
    }
}

/// An integer, from a number or a decimal string (IntOrString).
inline bool integer_value(const json::value& v, std::int64_t& out)
{
    if (v.is_int64()) {
        out = v.get_int64();
        return true;
    }
    if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        out = static_cast<std::int64_t>(v.get_uint64());
        return true;
    }
    if (v.is_double()) {
        double d = v.get_double();
        if (std::floor(d) == d && std::fabs(d) < 9.0e15) {
            out = static_cast<std::int64_t>(d);
            return true;
        }
    }
    return false;
}

/// A decimal integer written as a string (`"3"`), as IntOrString fields allow.
inline bool integer_string(const json::value& v, std::int64_t& out)
{
    if (!v.is_string())
        return false;
    const json::string& s = v.get_string();
    if (s.empty() || s.size() > 18)
        return false;
    std::size_t i = s[0] == '-' ? 1 : 0;
    if (i == s.size())
        return false;
    for (std::size_t k = i; k < s.size(); ++k)
        if (s[k] < '0' || s[k] > '9')
            return false;
    if (s.size() - i > 1 && s[i] == '0')
        return false; // "03" would not come back as written
    out = std::strtoll(s.c_str(), nullptr, 10);
    return true;
}

/// A cursor over one object of the input.
class cursor {
public:
    cursor(context& cx, const json::object& o, std::string path, ext_sink& sink, std::vector<std::string> rel,
           const json::value* list = nullptr, std::vector<std::string> list_rel = {})
        : cx_(cx), o_(o), path_(std::move(path)), sink_(sink), rel_(std::move(rel)), list_(list),
          list_rel_(std::move(list_rel))
    {
    }
    cursor(const cursor&) = delete;
    cursor(cursor&&) = default;

    const std::string& path() const { return path_; }
    std::string path(std::string_view key) const { return key_path(path_, key); }
    context& ctx() const { return cx_; }
    const json::object& object() const { return o_; }

    /// The value under `key` (null values count as absent), marking the key as taken.
    const json::value* take(std::string_view key)
    {
        auto it = o_.find(key);
        if (it == o_.end())
            return nullptr;
        taken_.emplace_back(key);
        return it->value().is_null() ? nullptr : &it->value();
    }

    /// The key is present but its value is not modelled: keep it as a leftover now.
    void leave(std::string_view key)
    {
        auto it = o_.find(key);
        if (it == o_.end())
            return;
        taken_.emplace_back(key);
        leftover(key, it->value(), "");
    }
    void leave(std::string_view key, const std::string& why)
    {
        auto it = o_.find(key);
        if (it == o_.end())
            return;
        taken_.emplace_back(key);
        leftover(key, it->value(), why);
    }

    /// A cursor over the object under `key`, or nullopt if absent (or of the wrong type, reported).
    std::optional<cursor> child(std::string_view key)
    {
        const json::value* v = take(key);
        if (!v)
            return std::nullopt;
        if (!v->is_object()) {
            cx_.fail(path(key), error::wrong_type, "'" + std::string(key) + "' must be a mapping");
            return std::nullopt;
        }
        std::vector<std::string> rel = rel_;
        rel.emplace_back(key);
        return cursor(cx_, v->get_object(), path(key), sink_, std::move(rel), list_, list_rel_);
    }

    /// The list under `key` (nullptr if absent or of the wrong type, reported).
    const json::array* list(std::string_view key)
    {
        const json::value* v = take(key);
        if (!v)
            return nullptr;
        if (!v->is_array()) {
            cx_.fail(path(key), error::wrong_type, "'" + std::string(key) + "' must be a list");
            return nullptr;
        }
        return &v->get_array();
    }

    /// A cursor over the object at `list[i]` (the list being the value under `key` here);
    /// nullopt if that element is not an object (reported).
    std::optional<cursor> element(std::string_view key, const json::array& list, std::size_t i)
    {
        std::string p = index_path(path(key), i);
        if (!list[i].is_object()) {
            cx_.fail(p, error::wrong_type, "each item of '" + std::string(key) + "' must be a mapping");
            return std::nullopt;
        }
        if (list_)
            return cursor(cx_, list[i].get_object(), p, sink_, {}, list_, list_rel_);
        std::vector<std::string> rel = rel_;
        rel.emplace_back(key);
        auto it = o_.find(key);
        return cursor(cx_, list[i].get_object(), p, sink_, {}, &it->value(), std::move(rel));
    }

    // ---- typed fields: absent leaves the output untouched; a wrong type is reported.

    bool str(std::string_view key, std::string& out)
    {
        const json::value* v = take(key);
        if (!v)
            return false;
        if (!v->is_string()) {
            if (v->is_number() || v->is_bool())
                return scalar_text(*v, out);
            cx_.fail(path(key), error::wrong_type, "'" + std::string(key) + "' must be a string");
            return false;
        }
        out = std::string(v->get_string());
        return true;
    }
    bool str(std::string_view key, std::optional<std::string>& out)
    {
        std::string s;
        if (!str(key, s))
            return false;
        out = std::move(s);
        return true;
    }
    bool boolean(std::string_view key, bool& out)
    {
        const json::value* v = take(key);
        if (!v)
            return false;
        if (v->is_bool()) {
            out = v->get_bool();
            return true;
        }
        if (v->is_string() && (v->get_string() == "true" || v->get_string() == "false")) {
            // Some Argo fields are strings holding a boolean; the IR keeps a bool, so keep the text too.
            leftover(key, *v, "a boolean written as a string");
            out = v->get_string() == "true";
            return true;
        }
        cx_.fail(path(key), error::wrong_type, "'" + std::string(key) + "' must be a boolean");
        return false;
    }
    /// An int64 field; an IntOrString holding an expression is kept as a leftover.
    bool integer(std::string_view key, std::optional<std::int64_t>& out, bool int_or_string = false)
    {
        auto it = o_.find(key);
        if (it == o_.end() || it->value().is_null()) {
            take(key);
            return false;
        }
        std::int64_t n = 0;
        if (integer_value(it->value(), n) || (int_or_string && integer_string(it->value(), n))) {
            take(key);
            out = n;
            return true;
        }
        if (int_or_string && it->value().is_string()) {
            leave(key, "a value the IR holds as an integer");
            return false;
        }
        take(key);
        cx_.fail(path(key), error::wrong_type, "'" + std::string(key) + "' must be an integer");
        return false;
    }
    bool strings(std::string_view key, std::vector<std::string>& out)
    {
        const json::array* a = list(key);
        if (!a)
            return false;
        std::vector<std::string> r;
        for (std::size_t i = 0; i < a->size(); ++i) {
            std::string s;
            if (!scalar_text((*a)[i], s)) {
                cx_.fail(index_path(path(key), i), error::wrong_type, "each item of '" + std::string(key) + "' must be a string");
                return false;
            }
            r.push_back(std::move(s));
        }
        out = std::move(r);
        return true;
    }
    bool string_map(std::string_view key, std::map<std::string, std::string>& out)
    {
        const json::value* v = take(key);
        if (!v)
            return false;
        if (!v->is_object()) {
            cx_.fail(path(key), error::wrong_type, "'" + std::string(key) + "' must be a mapping of strings");
            return false;
        }
        for (auto& kv : v->get_object()) {
            std::string s;
            if (!scalar_text(kv.value(), s)) {
                cx_.fail(key_path(path(key), kv.key()), error::wrong_type, "must be a string");
                continue;
            }
            out[std::string(kv.key())] = std::move(s);
        }
        return true;
    }

    /// Every key nobody took becomes a leftover. Call once, after reading.
    void finish()
    {
        for (auto& kv : o_) {
            bool seen = false;
            for (auto& t : taken_)
                seen = seen || t == kv.key();
            if (!seen && !kv.value().is_null()) // null is "not set" in Kubernetes
                leftover(kv.key(), kv.value(), "");
        }
    }

private:
    void leftover(std::string_view key, const json::value& v, const std::string& why)
    {
        if (cx_.strict) {
            cx_.fail(path(key), error::unknown_field,
                     std::string("'") + std::string(key) + "' is not modelled by the couler IR" +
                         (why.empty() ? "" : " (" + why + ")") +
                         "; without --strict it is kept verbatim as an Argo extension");
            return;
        }
        if (list_) {
            sink_.set(list_rel_, *list_);
            return;
        }
        std::vector<std::string> rel = rel_;
        rel.emplace_back(key);
        sink_.set(rel, v);
    }

    context& cx_;
    const json::object& o_;
    std::string path_;
    ext_sink& sink_;
    std::vector<std::string> rel_;
    const json::value* list_;
    std::vector<std::string> list_rel_;
    std::vector<std::string> taken_;
};

} // namespace argo
} // namespace detail
} // namespace couler

#endif
