// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IMPORT_DETAIL_YAML_TO_JSON_HPP
#define COULER_IMPORT_DETAIL_YAML_TO_JSON_HPP

// YAML text -> boost::json values, built from yaml-cpp's event stream (not from YAML::Node):
// no recursion on our side, hard limits on depth and on the size aliases can expand to
// (billion laughs), and every error carries a line and a column.
//
// Plain scalars are resolved the way PyYAML (YAML 1.1) and Argo's Go reader do for the cases
// that occur in practice: null/~/empty, true/false/yes/no/on/off, decimal, 0x and 0-octal
// integers, floats with a dot, .inf/.nan. Quoted and block scalars are always strings.
// `<<` merge keys are honoured; duplicate keys are an error.

#include <couler/config.hpp>

#include <boost/json/value.hpp>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace couler {
namespace detail {

namespace json = boost::json;

// Thrown from the event handler to stop the parse; yaml-cpp unwinds through it.
struct yaml_stop {
    int line, column; // 0-based, -1 if unknown
    std::string message;
};

inline bool yaml_is_bool(const std::string& s, bool& v)
{
    static const char* const t[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
    static const char* const f[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
    for (auto x : t)
        if (s == x)
            return v = true, true;
    for (auto x : f)
        if (s == x)
            return v = false, true;
    return false;
}

inline bool all_of_digits(const std::string& s, std::size_t from, int base)
{
    if (from >= s.size())
        return false;
    for (std::size_t i = from; i < s.size(); ++i) {
        char c = s[i];
        bool ok = base == 16 ? ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
                             : (c >= '0' && c < static_cast<char>('0' + base));
        if (!ok)
            return false;
    }
    return true;
}

// PyYAML's 1.1 float: digits, a dot, digits, an optional exponent with a sign.
inline bool yaml_is_float(const std::string& s)
{
    std::size_t i = 0, n = s.size();
    if (i < n && (s[i] == '-' || s[i] == '+'))
        ++i;
    std::size_t int_digits = 0, frac_digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        ++i, ++int_digits;
    if (i == n || s[i] != '.')
        return false;
    ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        ++i, ++frac_digits;
    if (int_digits + frac_digits == 0)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i == n || (s[i] != '-' && s[i] != '+'))
            return false;
        ++i;
        if (!all_of_digits(s, i, 10))
            return false;
        i = n;
    }
    return i == n;
}

/// The JSON value of a plain (untagged, unquoted) scalar.
inline json::value resolve_plain_scalar(const std::string& s)
{
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL")
        return nullptr;
    bool b;
    if (yaml_is_bool(s, b))
        return b;
    std::size_t sign = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    bool neg = s[0] == '-';
    int base = 0;
    std::size_t digits_from = sign;
    if (s.size() > sign + 2 && s[sign] == '0' && (s[sign + 1] == 'x' || s[sign + 1] == 'X'))
        base = 16, digits_from = sign + 2;
    else if (s.size() > sign + 1 && s[sign] == '0' && all_of_digits(s, sign + 1, 8))
        base = 8, digits_from = sign + 1;
    else if (all_of_digits(s, sign, 10))
        base = 10;
    if (base) {
        errno = 0;
        const char* begin = s.c_str() + digits_from;
        unsigned long long mag = std::strtoull(begin, nullptr, base);
        if (errno == 0) {
            if (!neg && mag <= static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max()))
                return static_cast<std::int64_t>(mag);
            if (!neg)
                return static_cast<std::uint64_t>(mag);
            if (mag <= static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max()) + 1ull)
                return mag == 0 ? std::int64_t(0) : static_cast<std::int64_t>(0 - mag);
        }
        // Out of range: a float, as PyYAML's int would not fit JSON anyway.
        return std::strtod(s.c_str(), nullptr);
    }
    if (yaml_is_float(s))
        return std::strtod(s.c_str(), nullptr);
    if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF")
        return std::numeric_limits<double>::infinity();
    if (s == "-.inf" || s == "-.Inf" || s == "-.INF")
        return -std::numeric_limits<double>::infinity();
    if (s == ".nan" || s == ".NaN" || s == ".NAN")
        return std::numeric_limits<double>::quiet_NaN();
    return json::string(s);
}

class yaml_json_builder final : public YAML::EventHandler {
public:
    yaml_json_builder(std::size_t max_depth, std::size_t budget) : max_depth_(max_depth), budget_(budget) {}

    std::vector<json::value> documents;

    void OnDocumentStart(const YAML::Mark&) override
    {
        stack_.clear();
        anchors_.clear();
        have_root_ = false;
        root_ = nullptr;
    }
    void OnDocumentEnd() override { documents.push_back(have_root_ ? std::move(root_) : json::value(nullptr)); }

    void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override { emit(m, nullptr, anchor, 1); }

    void OnAlias(const YAML::Mark& m, YAML::anchor_t anchor) override
    {
        auto it = anchors_.find(anchor);
        if (it == anchors_.end())
            throw yaml_stop{m.line, m.column, "alias refers to a node that is not complete (a recursive alias)"};
        emit(m, json::value(it->second.first), 0, it->second.second);
    }

    void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor, const std::string& v) override
    {
        std::size_t w = 1 + v.size();
        if (tag == "!" || tag == "tag:yaml.org,2002:str" || tag == "!!str")
            return emit(m, json::string(v), anchor, w);
        json::value r = resolve_plain_scalar(v);
        // Core tags must agree with the text; other tags are ignored (resolved as plain).
        bool ok = true;
        if (tag == "tag:yaml.org,2002:int")
            ok = r.is_int64() || r.is_uint64();
        else if (tag == "tag:yaml.org,2002:float")
            ok = r.is_number();
        else if (tag == "tag:yaml.org,2002:bool")
            ok = r.is_bool();
        else if (tag == "tag:yaml.org,2002:null")
            ok = r.is_null();
        if (!ok)
            throw yaml_stop{m.line, m.column, "scalar '" + v.substr(0, 40) + "' does not match its tag " + tag};
        emit(m, std::move(r), anchor, w);
    }

    void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        open(m, json::array(), anchor);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        open(m, json::object(), anchor);
    }
    void OnMapEnd() override
    {
        frame& f = stack_.back();
        if (!f.merges.empty()) {
            // `<<`: keys written in the map win; among merged maps, the first wins.
            json::object& o = f.value.as_object();
            for (auto& src : f.merges)
                for (auto& kv : src)
                    if (!o.contains(kv.key()))
                        o.emplace(kv.key(), kv.value());
        }
        close();
    }

private:
    struct frame {
        json::value value;
        YAML::anchor_t anchor = 0;
        std::size_t weight = 1;
        int line = 0, column = 0;
        bool have_key = false;
        bool merge_key = false;
        std::string key;
        int key_line = 0, key_column = 0;
        std::vector<json::object> merges;
    };

    void charge(const YAML::Mark& m, std::size_t w)
    {
        if (w > budget_ - used_)
            throw yaml_stop{m.line, m.column,
                            "the document expands to more than " + std::to_string(budget_) +
                                " nodes and bytes (aliases that multiply, or too large an input)"};
        used_ += w;
    }

    void open(const YAML::Mark& m, json::value v, YAML::anchor_t anchor)
    {
        if (!stack_.empty() && stack_.back().value.is_object() && !stack_.back().have_key)
            throw yaml_stop{m.line, m.column, "a mapping key must be a scalar, not a collection"};
        if (stack_.size() >= max_depth_)
            throw yaml_stop{m.line, m.column,
                            "nesting deeper than " + std::to_string(max_depth_) + " levels"};
        charge(m, 1);
        frame f;
        f.value = std::move(v);
        f.anchor = anchor;
        f.line = m.line;
        f.column = m.column;
        stack_.push_back(std::move(f));
    }

    void close()
    {
        frame f = std::move(stack_.back());
        stack_.pop_back();
        if (f.value.is_object() && f.have_key)
            throw yaml_stop{f.line, f.column, "a mapping ends with a key and no value"};
        YAML::Mark m;
        m.line = f.line;
        m.column = f.column;
        place(m, std::move(f.value), f.anchor, f.weight);
    }

    // A complete scalar: its weight is charged here; collections charge as they grow.
    void emit(const YAML::Mark& m, json::value v, YAML::anchor_t anchor, std::size_t w)
    {
        charge(m, w);
        place(m, std::move(v), anchor, w);
    }

    void place(const YAML::Mark& m, json::value v, YAML::anchor_t anchor, std::size_t w)
    {
        if (anchor)
            anchors_[anchor] = {v, w};
        if (stack_.empty()) {
            root_ = std::move(v);
            have_root_ = true;
            return;
        }
        frame& p = stack_.back();
        p.weight += w;
        if (p.value.is_array()) {
            p.value.as_array().push_back(std::move(v));
            return;
        }
        if (!p.have_key) {
            if (v.is_string())
                p.key = std::string(v.as_string());
            else if (v.is_int64())
                p.key = std::to_string(v.as_int64());
            else if (v.is_uint64())
                p.key = std::to_string(v.as_uint64());
            else if (v.is_bool())
                p.key = v.as_bool() ? "true" : "false";
            else if (v.is_null())
                p.key = "null";
            else if (v.is_double()) {
                std::ostringstream ss;
                ss << v.as_double();
                p.key = ss.str();
            } else
                throw yaml_stop{m.line, m.column, "a mapping key must be a scalar"};
            p.merge_key = p.key == "<<" && v.is_string();
            p.have_key = true;
            p.key_line = m.line;
            p.key_column = m.column;
            return;
        }
        p.have_key = false;
        if (p.merge_key) {
            if (v.is_object())
                p.merges.push_back(std::move(v.as_object()));
            else if (v.is_array()) {
                for (auto& x : v.as_array()) {
                    if (!x.is_object())
                        throw yaml_stop{m.line, m.column, "a '<<' merge key takes a mapping or a list of mappings"};
                    p.merges.push_back(std::move(x.as_object()));
                }
            } else
                throw yaml_stop{m.line, m.column, "a '<<' merge key takes a mapping or a list of mappings"};
            return;
        }
        json::object& o = p.value.as_object();
        if (o.contains(p.key))
            throw yaml_stop{p.key_line, p.key_column, "duplicate key '" + p.key.substr(0, 80) + "'"};
        o.emplace(p.key, std::move(v));
    }

    std::size_t max_depth_;
    std::size_t budget_, used_ = 0;
    std::vector<frame> stack_;
    std::unordered_map<YAML::anchor_t, std::pair<json::value, std::size_t>> anchors_;
    json::value root_;
    bool have_root_ = false;
};

inline std::string yaml_position(int line, int column)
{
    if (line < 0)
        return "";
    return "line " + std::to_string(line + 1) + ", column " + std::to_string(column + 1) + ": ";
}

} // namespace detail

} // namespace couler

#endif
