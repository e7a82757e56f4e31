// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_DETAIL_ARGO_SHARE_HPP
#define COULER_EMIT_DETAIL_ARGO_SHARE_HPP

// Past Argo's template cap, leaf templates that differ only in input parameter names and in
// literal container fields (image, command, args, source, workingDir, env values) are merged
// into one template; the differing literals become input parameters `couler-v<k>` that each
// step passes, and input parameters are renamed `couler-in-<k>` by position.

#include <couler/ir/workflow.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace couler {
namespace detail {

template <class S, class A> class argo_share {
public:
    /// Plans the sharing and rewrites `leaf` (the emitted JSON of each leaf template; empty for
    /// graph templates). Templates named in `excluded` are never shared.
    void plan(const std::vector<basic_step_template<S, A>>& ts, std::vector<boost::json::object>& leaf,
              const std::set<std::string>& excluded)
    {
        namespace json = boost::json;
        keep_.assign(ts.size(), true);
        struct member {
            std::size_t index;
            json::object skeleton;
            std::vector<std::string> values;
            std::unordered_map<std::string, std::string> rename;
        };
        std::unordered_map<std::string, std::vector<member>> groups;
        std::vector<std::string> order;
        for (std::size_t i = 0; i < ts.size(); ++i) {
            if (ts[i].is_graph() || excluded.count(ts[i].name))
                continue;
            member m;
            m.index = i;
            m.skeleton = leaf[i];
            m.skeleton.erase("name");
            std::string text = json::serialize(m.skeleton);
            if (text.find("{{=") != std::string::npos || text.find('\x01') != std::string::npos)
                continue; // expression tags may name inputs in ways a text rename would miss
            if (auto* in = m.skeleton.if_contains("inputs"))
                if (auto* ps = in->as_object().if_contains("parameters")) {
                    std::size_t k = 0;
                    for (auto& p : ps->as_array()) {
                        std::string old(p.as_object()["name"].as_string());
                        std::string now = "couler-in-" + std::to_string(k++);
                        m.rename[old] = now;
                        p.as_object()["name"] = now;
                    }
                }
            if (!m.rename.empty())
                rename_refs(m.skeleton, m.rename);
            for (json::value* v : literal_leaves(m.skeleton)) {
                m.values.emplace_back(v->as_string());
                *v = "\x01";
            }
            std::string key = json::serialize(m.skeleton);
            auto& g = groups[key];
            if (g.empty())
                order.push_back(key);
            g.push_back(std::move(m));
        }
        for (const auto& key : order) {
            auto& g = groups[key];
            if (g.size() < 2)
                continue;
            std::size_t n = g.front().values.size();
            std::vector<bool> varies(n, false);
            for (const auto& m : g)
                for (std::size_t k = 0; k < n; ++k)
                    if (m.values[k] != g.front().values[k])
                        varies[k] = true;
            const member& rep = g.front();
            json::object body = rep.skeleton;
            auto leaves = literal_leaves_placeholders(body);
            json::array extra_inputs;
            for (std::size_t k = 0; k < n && k < leaves.size(); ++k) {
                if (varies[k]) {
                    *leaves[k] = "{{inputs.parameters.couler-v" + std::to_string(k) + "}}";
                    extra_inputs.push_back(json::object{{"name", "couler-v" + std::to_string(k)}});
                } else
                    *leaves[k] = rep.values[k];
            }
            json::object out;
            out["name"] = ts[rep.index].name;
            bool inserted = extra_inputs.empty();
            for (auto& kv : body) {
                if (!inserted && (kv.key() == "container" || kv.key() == "script" || kv.key() == "inputs")) {
                    json::object& in = kv.key() == "inputs" ? kv.value().as_object() : out["inputs"].emplace_object();
                    auto& ps = in["parameters"];
                    if (!ps.is_array())
                        ps.emplace_array();
                    for (auto& x : extra_inputs)
                        ps.as_array().push_back(x);
                    inserted = true;
                    if (kv.key() == "inputs") {
                        out["inputs"] = std::move(in);
                        continue;
                    }
                }
                out[kv.key()] = std::move(kv.value());
            }
            leaf[rep.index] = std::move(out);
            for (const auto& m : g) {
                info& x = info_[ts[m.index].name];
                x.target = ts[rep.index].name;
                x.rename = m.rename;
                for (std::size_t k = 0; k < n; ++k)
                    if (varies[k])
                        x.extra.emplace_back("couler-v" + std::to_string(k), m.values[k]);
                keep_[m.index] = m.index == rep.index;
            }
        }
    }

    bool keep(std::size_t i) const { return i >= keep_.size() || keep_[i]; }

    std::string target(const std::string& tmpl) const
    {
        auto it = info_.find(tmpl);
        return it == info_.end() ? tmpl : it->second.target;
    }

    std::string argument_name(const std::string& tmpl, const std::string& arg) const
    {
        auto it = info_.find(tmpl);
        if (it == info_.end())
            return arg;
        auto r = it->second.rename.find(arg);
        return r == it->second.rename.end() ? arg : r->second;
    }

    void extra_arguments(const std::string& tmpl, boost::json::array& ps) const
    {
        auto it = info_.find(tmpl);
        if (it == info_.end())
            return;
        for (const auto& [name, value] : it->second.extra)
            ps.push_back(boost::json::object{{"name", name}, {"value", value}});
    }

private:
    struct info {
        std::string target;
        std::unordered_map<std::string, std::string> rename;
        std::vector<std::pair<std::string, std::string>> extra;
    };
    std::vector<bool> keep_;
    std::unordered_map<std::string, info> info_;

    static void rename_refs(boost::json::value& v, const std::unordered_map<std::string, std::string>& rename)
    {
        if (v.is_string()) {
            std::string s(v.as_string());
            if (s.find("{{") == std::string::npos)
                return;
            for (const auto& [from, to] : rename) {
                std::string a = "{{inputs.parameters." + from + "}}", b = "{{inputs.parameters." + to + "}}";
                for (std::size_t p = 0; (p = s.find(a, p)) != std::string::npos; p += b.size())
                    s.replace(p, a.size(), b);
            }
            v = s;
        } else if (v.is_array())
            for (auto& x : v.as_array())
                rename_refs(x, rename);
        else if (v.is_object())
            for (auto& kv : v.as_object())
                rename_refs(kv.value(), rename);
    }
    static void rename_refs(boost::json::object& o, const std::unordered_map<std::string, std::string>& rename)
    {
        for (auto& kv : o)
            rename_refs(kv.value(), rename);
    }

    /// The literal string fields of a container or script body, in a fixed order.
    template <class Pred> static std::vector<boost::json::value*> leaves_where(boost::json::object& t, Pred pred)
    {
        std::vector<boost::json::value*> out;
        auto take = [&](boost::json::value* v) {
            if (v && v->is_string() && pred(std::string_view(v->as_string())))
                out.push_back(v);
        };
        for (const char* body : {"container", "script"}) {
            auto* b = t.if_contains(body);
            if (!b || !b->is_object())
                continue;
            auto& o = b->as_object();
            take(o.if_contains("image"));
            for (const char* list : {"command", "args"})
                if (auto* l = o.if_contains(list); l && l->is_array())
                    for (auto& x : l->as_array())
                        take(&x);
            take(o.if_contains("source"));
            take(o.if_contains("workingDir"));
            if (auto* env = o.if_contains("env"); env && env->is_array())
                for (auto& e : env->as_array())
                    if (e.is_object())
                        take(e.as_object().if_contains("value"));
        }
        return out;
    }
    static std::vector<boost::json::value*> literal_leaves(boost::json::object& t)
    {
        return leaves_where(t, [](std::string_view s) { return s.find("{{") == std::string_view::npos; });
    }
    static std::vector<boost::json::value*> literal_leaves_placeholders(boost::json::object& t)
    {
        return leaves_where(t, [](std::string_view s) { return s == "\x01"; });
    }
};

} // namespace detail
} // namespace couler

#endif
