// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_DETAIL_JSON_READER_HPP
#define COULER_IR_DETAIL_JSON_READER_HPP

// Strict, path-tracking accessors over Boost.JSON values. Every accessor records a problem
// (with the field's JSON path) instead of throwing, so one read reports every problem.

#include <couler/ir/error.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace couler {
namespace detail {

/// A JSON path step for an object key: `.key`, or `["key"]` when the key is not identifier-like.
inline std::string path_key(const std::string& base, std::string_view key)
{
    bool plain = !key.empty();
    for (char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            plain = false;
    if (plain)
        return base + "." + std::string(key);
    std::string q = base + "[\"";
    for (char c : key) {
        if (c == '"' || c == '\\')
            q += '\\';
        if (static_cast<unsigned char>(c) < 0x20)
            q += '?';
        else
            q += c;
    }
    return q + "\"]";
}

inline std::string path_index(const std::string& base, std::size_t i) { return base + "[" + std::to_string(i) + "]"; }

inline const char* kind_name(const boost::json::value& v)
{
    switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "an integer";
    case boost::json::kind::double_: return "a number";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
    }
    return "a value";
}

/// A view of one JSON object that knows its path and which keys are allowed.
class json_object_reader {
public:
    json_object_reader(const boost::json::value& v, std::string path, problems& out,
                       std::initializer_list<std::string_view> allowed)
        : json_object_reader(v, std::move(path), out, allowed.begin(), allowed.end())
    {
    }

    template <class It>
    json_object_reader(const boost::json::value& v, std::string path, problems& out, It first, It last)
        : path_(std::move(path)), out_(out)
    {
        obj_ = v.if_object();
        if (!obj_) {
            fail(path_, error::wrong_type, std::string("expected an object, found ") + kind_name(v));
            return;
        }
        for (const auto& kv : *obj_) {
            bool ok = false;
            for (It a = first; a != last; ++a)
                if (*a == kv.key()) {
                    ok = true;
                    break;
                }
            if (!ok)
                fail(path_key(path_, kv.key()), error::unknown_field, "unknown field '" + std::string(kv.key()) + "'");
        }
    }

    bool ok() const { return obj_ != nullptr; }
    const std::string& path() const { return path_; }
    problems& out() const { return out_; }
    std::string at(std::string_view key) const { return path_key(path_, key); }

    const boost::json::value* find(std::string_view key) const
    {
        if (!obj_)
            return nullptr;
        return obj_->if_contains(key);
    }

    const boost::json::value* require(std::string_view key) const
    {
        auto v = find(key);
        if (!v && obj_)
            fail(at(key), error::missing_field, "missing required field '" + std::string(key) + "'");
        return v;
    }

    void fail(std::string path, error code, std::string msg) const
    {
        out_.push_back(problem{std::move(path), code, std::move(msg)});
    }

    void string(std::string_view key, std::string& dst, bool required = false) const
    {
        auto v = required ? require(key) : find(key);
        if (!v)
            return;
        if (auto s = v->if_string())
            dst.assign(s->data(), s->size());
        else
            fail(at(key), error::wrong_type, std::string("expected a string, found ") + kind_name(*v));
    }
    void opt_string(std::string_view key, std::optional<std::string>& dst) const
    {
        auto v = find(key);
        if (!v)
            return;
        if (auto s = v->if_string())
            dst = std::string(s->data(), s->size());
        else
            fail(at(key), error::wrong_type, std::string("expected a string, found ") + kind_name(*v));
    }
    void boolean(std::string_view key, bool& dst) const
    {
        auto v = find(key);
        if (!v)
            return;
        if (auto b = v->if_bool())
            dst = *b;
        else
            fail(at(key), error::wrong_type, std::string("expected a boolean, found ") + kind_name(*v));
    }
    void int64(std::string_view key, std::optional<std::int64_t>& dst) const
    {
        std::int64_t x = 0;
        if (int64_into(key, x))
            dst = x;
    }
    bool int64_into(std::string_view key, std::int64_t& dst) const
    {
        auto v = find(key);
        if (!v)
            return false;
        if (auto i = v->if_int64()) {
            dst = *i;
            return true;
        }
        if (auto u = v->if_uint64()) {
            if (*u <= static_cast<std::uint64_t>(INT64_MAX)) {
                dst = static_cast<std::int64_t>(*u);
                return true;
            }
            fail(at(key), error::bad_value,
                 "integer " + std::to_string(*u) + " is out of range (at most " + std::to_string(INT64_MAX) + ")");
            return false;
        }
        fail(at(key), error::wrong_type, std::string("expected an integer, found ") + kind_name(*v));
        return false;
    }
    void uint64(std::string_view key, std::optional<std::uint64_t>& dst) const
    {
        auto v = find(key);
        if (!v)
            return;
        if (auto u = v->if_uint64())
            dst = *u;
        else if (auto i = v->if_int64(); i && *i >= 0)
            dst = static_cast<std::uint64_t>(*i);
        else
            fail(at(key), error::wrong_type, std::string("expected a non-negative integer, found ") + kind_name(*v));
    }
    void number(std::string_view key, std::optional<double>& dst) const
    {
        auto v = find(key);
        if (!v)
            return;
        if (v->is_number())
            dst = v->to_number<double>();
        else
            fail(at(key), error::wrong_type, std::string("expected a number, found ") + kind_name(*v));
    }
    void strings(std::string_view key, std::vector<std::string>& dst) const
    {
        auto v = find(key);
        if (!v)
            return;
        auto a = v->if_array();
        if (!a) {
            fail(at(key), error::wrong_type, std::string("expected an array of strings, found ") + kind_name(*v));
            return;
        }
        dst.clear();
        for (std::size_t i = 0; i < a->size(); ++i) {
            if (auto s = (*a)[i].if_string())
                dst.emplace_back(s->data(), s->size());
            else
                fail(path_index(at(key), i), error::wrong_type,
                     std::string("expected a string, found ") + kind_name((*a)[i]));
        }
    }
    void opt_strings(std::string_view key, std::optional<std::vector<std::string>>& dst) const
    {
        if (!find(key))
            return;
        dst.emplace();
        strings(key, *dst);
    }
    void string_map(std::string_view key, std::map<std::string, std::string>& dst) const
    {
        auto v = find(key);
        if (!v)
            return;
        auto o = v->if_object();
        if (!o) {
            fail(at(key), error::wrong_type, std::string("expected an object of strings, found ") + kind_name(*v));
            return;
        }
        for (const auto& kv : *o) {
            if (auto s = kv.value().if_string())
                dst[std::string(kv.key())] = std::string(s->data(), s->size());
            else
                fail(path_key(at(key), kv.key()), error::wrong_type,
                     std::string("expected a string, found ") + kind_name(kv.value()));
        }
    }
    void object(std::string_view key, boost::json::object& dst) const
    {
        auto v = find(key);
        if (!v)
            return;
        if (auto o = v->if_object())
            dst = *o;
        else
            fail(at(key), error::wrong_type, std::string("expected an object, found ") + kind_name(*v));
    }
    /// Calls f(element, path) for each element of an array field.
    template <class F> void each(std::string_view key, F&& f) const
    {
        auto v = find(key);
        if (!v)
            return;
        auto a = v->if_array();
        if (!a) {
            fail(at(key), error::wrong_type, std::string("expected an array, found ") + kind_name(*v));
            return;
        }
        for (std::size_t i = 0; i < a->size(); ++i)
            f((*a)[i], path_index(at(key), i));
    }

private:
    const boost::json::object* obj_ = nullptr;
    std::string path_;
    problems& out_;
};

} // namespace detail
} // namespace couler

#endif
