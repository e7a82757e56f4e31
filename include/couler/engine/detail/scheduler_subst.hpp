// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_SCHEDULER_SUBST_HPP
#define COULER_ENGINE_DETAIL_SCHEDULER_SUBST_HPP

// The scheduler (detail/scheduler.hpp), part: Substitution of `{{...}}` references and the declared-path mapping.

#include <couler/engine/detail/scheduler.hpp>

namespace couler {
namespace engine {
namespace detail {

// Rewrites each `{{...}}` reference in `text` to what `f(reference, rep)` leaves in `rep`
// (initially the reference as written, so unknown forms stay as they are).
template <class F>
inline std::string scheduler::replace_references(const std::string& text, F f)
{
    auto refs = find_references(text);
    if (refs.empty())
        return text;
    std::string out;
    std::size_t pos = 0;
    for (const auto& r : refs) {
        out.append(text, pos, r.begin - pos);
        pos = r.end;
        std::string rep = text.substr(r.begin, r.end - r.begin);
        f(r, rep);
        out += rep;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

// Substitutes `{{...}}` at graph level: the scope's inputs, sibling outputs, items, workflow.
inline std::string scheduler::subst_graph(const std::string& text, int si, const inv_t* inv, std::string& err)
{
    const scope_t& sc = scopes_[si];
    return replace_references(text, [&](const reference& r, std::string& rep) {
        using k = reference::kind;
        switch (r.what) {
        case k::input_parameter: {
            auto it = sc.inputs.find(r.name);
            if (it != sc.inputs.end())
                rep = it->second;
            else
                err = "unknown input parameter '" + r.name + "'";
            break;
        }
        case k::output_parameter:
        case k::result:
        case k::step_other: {
            auto u = sc.g->find(r.step);
            if (!u) {
                err = "unknown step '" + r.step + "'";
                break;
            }
            const node_t& n = sc.nodes[*u];
            if (r.what == k::step_other && r.text.size() > 19 &&
                r.text.compare(r.text.size() - 19, 19, ".outputs.parameters") == 0) {
                // Argo: all output parameters as a JSON object; for a map, a list of them.
                auto obj = [](const step_outputs& o) {
                    boost::json::object j;
                    for (auto& [pk, pv] : o.params)
                        j[pk] = pv;
                    return j;
                };
                rep = n.is_map ? n.items_json(obj) : boost::json::serialize(obj(n.out));
                break;
            }
            if (r.what == k::step_other) {
                // A memoized step succeeded, as far as expressions can tell (Argo does the same).
                rep = n.status == step_status::cached ? "Succeeded" : to_string(n.status);
                break;
            }
            if (n.status == step_status::pending) {
                err = "step '" + r.step + "' has not finished";
                break;
            }
            if (r.what == k::result) {
                if (n.out.result)
                    rep = *n.out.result;
                else
                    err = "step '" + r.step + "' has no result";
            } else {
                auto it = n.out.params.find(r.name);
                if (it != n.out.params.end())
                    rep = it->second;
                else
                    err = "step '" + r.step + "' has no output parameter '" + r.name + "'";
            }
            break;
        }
        case k::workflow_parameter: {
            auto it = wf_params_.find(r.name);
            if (it != wf_params_.end())
                rep = it->second;
            else
                err = "unknown workflow parameter '" + r.name + "'";
            break;
        }
        case k::workflow_output_parameter: {
            auto it = globals_.find(r.name);
            if (it != globals_.end())
                rep = it->second;
            break;
        }
        case k::workflow_other:
            if (r.text == "workflow.status")
                rep = workflow_status_;
            else if (r.text == "workflow.name" || r.text == "workflow.uid")
                rep = run_id_;
            else if (r.text == "workflow.namespace")
                rep = "local";
            break;
        case k::item:
            if (inv && inv->item_index >= 0) {
                const boost::json::value* v = &inv->item;
                if (!r.name.empty()) {
                    v = v->is_object() ? v->as_object().if_contains(r.name) : nullptr;
                    if (!v) {
                        err = "item has no key '" + r.name + "'";
                        break;
                    }
                }
                rep = item_text(*v);
            }
            break;
        default: break;
        }
    });
}

// Argo prints items as text: strings raw, numbers as written (0.01, not 1E-2), the rest as JSON.
inline std::string scheduler::item_text(const boost::json::value& v)
{
    if (v.is_string())
        return std::string(v.as_string());
    if (v.is_double()) {
        char buf[32];
        for (int prec = 1; prec <= 17; ++prec) {
            std::snprintf(buf, sizeof buf, "%.*g", prec, v.as_double());
            if (std::strtod(buf, nullptr) == v.as_double())
                break;
        }
        return buf;
    }
    return boost::json::serialize(v);
}

inline std::string scheduler::resolve_artifact(const std::string& from, int si, std::string& err)
{
    auto refs = find_references(from);
    if (refs.size() != 1) {
        err = "artifact source '" + from + "' is not one reference";
        return {};
    }
    const auto& r = refs[0];
    const scope_t& sc = scopes_[si];
    if (r.what == reference::kind::input_artifact) {
        auto it = sc.input_artifacts.find(r.name);
        if (it != sc.input_artifacts.end())
            return it->second;
    } else if (r.what == reference::kind::output_artifact) {
        if (auto u = sc.g->find(r.step)) {
            const node_t& n = sc.nodes[*u];
            auto it = n.out.artifacts.find(r.name);
            if (it != n.out.artifacts.end())
                return it->second;
            if (n.is_map) {
                err = "artifact '" + from + "' comes from a map: pick one item's artifact instead";
                return {};
            }
        }
    }
    err = "cannot resolve artifact '" + from + "'";
    return {};
}

// Template-level substitution: its inputs (with mapped artifact paths) and workflow values.
inline std::string scheduler::subst_template(const std::string& text, const inv_t& inv, bool mapped, std::string& err)
{
    return replace_references(text, [&](const reference& r, std::string& rep) {
        using k = reference::kind;
        if (r.what == k::input_parameter) {
            auto it = inv.in_params.find(r.name);
            if (it != inv.in_params.end())
                rep = it->second;
            else
                err = "unknown input parameter '" + r.name + "'";
        } else if (r.what == k::input_artifact) {
            const artifact* a = inv.tmpl->inputs.find_artifact(r.name);
            if (a)
                rep = mapped ? map_path(inv, a->path) : a->path;
            else
                err = "unknown input artifact '" + r.name + "'";
        } else if (r.what == k::workflow_parameter) {
            auto it = wf_params_.find(r.name);
            if (it != wf_params_.end())
                rep = it->second;
        } else if (r.what == k::workflow_other) {
            if (r.text == "workflow.status")
                rep = workflow_status_;
            else if (r.text == "workflow.name" || r.text == "workflow.uid")
                rep = mapped ? run_id_ : "<run>"; // the run's name must not defeat memoization
        } else if (r.what == k::workflow_output_parameter) {
            auto it = globals_.find(r.name);
            if (it != globals_.end())
                rep = it->second;
        }
    });
}

inline std::string scheduler::subst_template_mapped(const std::string& s, const inv_t& inv)
{
    std::string err;
    return subst_template(s, inv, true, err);
}

// `train(2)` -> `train_2`, `flip#3` -> `flip_3`: shell-safe, and step names (DNS-1123)
// never contain `_`, so no collisions.
inline std::string scheduler::dir_name(const std::string& id)
{
    std::string out;
    for (char c : id)
        if (c == '(' || c == '#')
            out.push_back('_');
        else if (c != ')')
            out.push_back(c);
    return out;
}

inline std::string scheduler::map_path(const inv_t& inv, const std::string& p)
{
    for (auto& [from, to] : inv.path_map)
        if (from == p)
            return to;
    return p;
}

// Rewrites every declared path occurring in `s` to its place under the step's work dir.
inline std::string scheduler::apply_path_map(const inv_t& inv, std::string s)
{
    for (auto& [from, to] : inv.path_map) {
        std::size_t pos = 0;
        while ((pos = s.find(from, pos)) != std::string::npos) {
            std::size_t e = pos + from.size();
            bool left_ok = pos == 0 || !(std::isalnum(static_cast<unsigned char>(s[pos - 1])) ||
                                         s[pos - 1] == '_' || s[pos - 1] == '.' || s[pos - 1] == '/');
            bool right_ok = e == s.size() || !(std::isalnum(static_cast<unsigned char>(s[e])) || s[e] == '_' ||
                                               s[e] == '-' || s[e] == '.');
            if (left_ok && right_ok) {
                s.replace(pos, from.size(), to);
                pos += to.size();
            } else {
                pos = e;
            }
        }
    }
    return s;
}

} // namespace detail
} // namespace engine
} // namespace couler

#endif
