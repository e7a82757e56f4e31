// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Test helper: a yaml-cpp node tree as a boost::json value, resolving plain scalars with the
// YAML 1.2 core schema (quoted and block scalars are always strings).
#ifndef COULER_TESTS_ARGO_EMIT_YAML_TO_JSON_HPP
#define COULER_TESTS_ARGO_EMIT_YAML_TO_JSON_HPP

#include <boost/json/value.hpp>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <limits>
#include <regex>
#include <stdexcept>
#include <string>

namespace couler_test {

inline boost::json::value resolve_plain(const std::string& s)
{
    static const std::regex null_re("~|null|Null|NULL|");
    static const std::regex true_re("true|True|TRUE"), false_re("false|False|FALSE");
    static const std::regex int_re("[-+]?[0-9]+");
    static const std::regex float_re("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    if (std::regex_match(s, null_re))
        return nullptr;
    if (std::regex_match(s, true_re))
        return true;
    if (std::regex_match(s, false_re))
        return false;
    if (std::regex_match(s, int_re)) {
        errno = 0;
        if (s[0] == '-') {
            long long v = std::strtoll(s.c_str(), nullptr, 10);
            if (errno == 0)
                return static_cast<std::int64_t>(v);
        } else {
            unsigned long long v = std::strtoull(s.c_str(), nullptr, 10);
            if (errno == 0) {
                if (v <= static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max()))
                    return static_cast<std::int64_t>(v);
                return static_cast<std::uint64_t>(v);
            }
        }
    }
    if (std::regex_match(s, float_re))
        return std::strtod(s.c_str(), nullptr);
    if (s == ".inf" || s == "+.inf")
        return std::numeric_limits<double>::infinity();
    if (s == "-.inf")
        return -std::numeric_limits<double>::infinity();
    if (s == ".nan")
        return std::numeric_limits<double>::quiet_NaN();
    return boost::json::string(s);
}

inline boost::json::value yaml_to_json(const YAML::Node& n)
{
    switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return nullptr;
    case YAML::NodeType::Scalar:
        if (n.Tag() == "!")
            return boost::json::string(n.Scalar());
        return resolve_plain(n.Scalar());
    case YAML::NodeType::Sequence: {
        boost::json::array a;
        for (const auto& x : n)
            a.push_back(yaml_to_json(x));
        return a;
    }
    case YAML::NodeType::Map: {
        boost::json::object o;
        for (const auto& kv : n) {
            auto k = kv.first.as<std::string>();
            if (o.contains(k))
                throw std::runtime_error("duplicate key " + k);
            o[k] = yaml_to_json(kv.second);
        }
        return o;
    }
    }
    return nullptr;
}

} // namespace couler_test

#endif
