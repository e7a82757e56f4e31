// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_FRONTEND_SQLFLOW_IMPL_ZOO_HPP
#define COULER_FRONTEND_SQLFLOW_IMPL_ZOO_HPP

#include <boost/json/parse.hpp>

#include <fstream>
#include <sstream>

namespace couler {
namespace sqlflow {
namespace detail {

COULER_INLINE std::string read_text_file(const std::filesystem::path& p, const std::string& what)
{
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + what + " '" + p.string() + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

COULER_INLINE std::vector<std::string> zoo_strings(const boost::json::value& v, const std::string& where)
{
    std::vector<std::string> out;
    if (!v.is_array())
        throw std::runtime_error(where + ": expected a list of strings");
    for (const auto& x : v.as_array()) {
        if (!x.is_string())
            throw std::runtime_error(where + ": expected a list of strings");
        out.emplace_back(x.as_string());
    }
    return out;
}

COULER_INLINE step_program zoo_program(const boost::json::value& v, const step_program& defaults,
                                const std::filesystem::path& base, const std::string& where)
{
    if (!v.is_object())
        throw std::runtime_error(where + ": expected an object");
    step_program p = defaults;
    p.args.clear();
    for (const auto& [k, x] : v.as_object()) {
        std::string key(k);
        if (key == "image") {
            if (!x.is_string())
                throw std::runtime_error(where + ".image: expected a string");
            p.image = std::string(x.as_string());
        } else if (key == "command") {
            p.command = zoo_strings(x, where + ".command");
        } else if (key == "args") {
            p.args = zoo_strings(x, where + ".args");
        } else if (key == "script") {
            if (!x.is_string() && !x.is_null())
                throw std::runtime_error(where + ".script: expected a string or null");
            p.script = x.is_null() ? std::filesystem::path() : std::filesystem::path(std::string(x.as_string()));
        } else {
            throw std::runtime_error(where + ": unknown field '" + key + "'");
        }
    }
    if (!p.script.empty()) {
        if (p.script.is_relative())
            p.script = base / p.script;
        p.source = read_text_file(p.script, "the script of " + where);
    }
    if (p.image.empty())
        throw std::runtime_error(where + ": no image (set `image` here or at the top)");
    if (p.command.empty() && !p.script.empty())
        throw std::runtime_error(where + ": a script needs a command (its interpreter)");
    return p;
}

} // namespace detail

COULER_INLINE bool step_zoo::knows_estimator(const std::string& estimator) const
{
    for (const auto& e : estimators) {
        if (e == estimator)
            return true;
        if (e.size() >= 2 && e.compare(e.size() - 2, 2, ".*") == 0 &&
            estimator.compare(0, e.size() - 1, e, 0, e.size() - 1) == 0 && estimator.size() > e.size() - 1)
            return true;
    }
    return false;
}

COULER_INLINE step_zoo parse_zoo(const boost::json::value& doc, const std::filesystem::path& base_dir)
{
    using detail::zoo_program;
    if (!doc.is_object())
        throw std::runtime_error("the step zoo must be a JSON object");
    const auto& o = doc.as_object();
    auto version = o.if_contains("couler_sqlflow_zoo");
    if (!version || !version->is_int64() || version->as_int64() != 1)
        throw std::runtime_error("couler_sqlflow_zoo: expected 1 (the zoo format's version)");
    step_zoo z;
    step_program defaults;
    for (const auto& [k, x] : o) {
        std::string key(k);
        if (key == "couler_sqlflow_zoo" || key == "steps" || key == "run_images" || key == "description")
            continue;
        if (key == "image" && x.is_string())
            defaults.image = std::string(x.as_string());
        else if (key == "command")
            defaults.command = detail::zoo_strings(x, "command");
        else if (key == "script" && x.is_string())
            defaults.script = std::string(x.as_string());
        else if (key == "estimators")
            z.estimators = detail::zoo_strings(x, "estimators");
        else
            throw std::runtime_error("unknown or mistyped field '" + key + "'");
    }
    auto steps = o.if_contains("steps");
    if (!steps || !steps->is_object())
        throw std::runtime_error("steps: expected an object with an entry per step kind");
    for (const auto& [k, x] : steps->as_object()) {
        std::string key(k);
        bool known = false;
        for (const char* kind : zoo_step_kinds)
            known = known || key == kind;
        if (!known)
            throw std::runtime_error("steps." + key + ": not a step kind");
        z.steps[key] = zoo_program(x, defaults, base_dir, "steps." + key);
    }
    for (const char* kind : zoo_step_kinds)
        if (!z.steps.count(kind))
            throw std::runtime_error(std::string("steps.") + kind + ": missing");
    if (auto r = o.if_contains("run_images")) {
        if (!r->is_object())
            throw std::runtime_error("run_images: expected an object");
        for (const auto& [k, x] : r->as_object()) {
            step_program d = defaults;
            d.image = std::string(k);
            d.script.clear();
            z.run_images[std::string(k)] = zoo_program(x, d, base_dir, "run_images." + std::string(k));
        }
    }
    return z;
}

COULER_INLINE step_zoo load_zoo(const std::filesystem::path& file)
{
    std::string text = detail::read_text_file(file, "the step zoo");
    boost::json::error_code ec;
    auto doc = boost::json::parse(text, ec);
    if (ec)
        throw std::runtime_error(file.string() + ": not JSON: " + ec.message());
    try {
        step_zoo z = parse_zoo(doc, file.parent_path());
        z.file = file;
        return z;
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(file.string() + ": " + e.what());
    }
}

} // namespace sqlflow
} // namespace couler

#endif
