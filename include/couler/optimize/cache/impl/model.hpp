// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_IMPL_MODEL_HPP
#define COULER_OPTIMIZE_CACHE_IMPL_MODEL_HPP

#include <algorithm>
#include <utility>

namespace couler {
namespace cache {

namespace detail {
// Joins producer and artifact name into one lookup key; '\x1f' cannot occur in either.
COULER_INLINE std::string artifact_lookup_key(std::string_view producer, std::string_view name)
{
    std::string k;
    k.reserve(producer.size() + name.size() + 1);
    k.append(producer).push_back('\x1f');
    k.append(name);
    return k;
}

// Splits `{{tasks.X.outputs.artifacts.Y}}` (or `steps.`) into X and Y.
COULER_INLINE bool parse_artifact_ref(std::string_view from, std::string_view& step, std::string_view& name)
{
    for (std::string_view prefix : {std::string_view("{{tasks."), std::string_view("{{steps.")}) {
        if (from.substr(0, prefix.size()) != prefix)
            continue;
        std::string_view rest = from.substr(prefix.size());
        constexpr std::string_view mid = ".outputs.artifacts.";
        auto m = rest.find(mid);
        if (m == std::string_view::npos || rest.size() < 2 || rest.substr(rest.size() - 2) != "}}")
            return false;
        step = rest.substr(0, m);
        name = rest.substr(m + mid.size(), rest.size() - 2 - m - mid.size());
        return !step.empty() && !name.empty();
    }
    return false;
}
} // namespace detail

COULER_INLINE index_t workflow_model::add_task(std::string name, double runtime_seconds)
{
    index_t t = static_cast<index_t>(tasks.size());
    task_index_.emplace(name, t);
    tasks.push_back(model_task{std::move(name), runtime_seconds, {}, {}});
    parents.emplace_back();
    children.emplace_back();
    return t;
}

COULER_INLINE index_t workflow_model::add_artifact(std::string name, index_t producer, std::uint64_t size_bytes)
{
    std::string k = detail::artifact_lookup_key(producer == no_index ? "" : tasks[producer].name, name);
    auto it = artifact_index_.find(k);
    if (it != artifact_index_.end()) {
        // An external input named twice, or a producer listing an output twice: one artifact.
        artifacts[it->second].size_bytes = std::max(artifacts[it->second].size_bytes, size_bytes);
        return it->second;
    }
    index_t a = static_cast<index_t>(artifacts.size());
    artifact_index_.emplace(std::move(k), a);
    artifacts.push_back(model_artifact{std::move(name), producer, size_bytes, {}});
    if (producer != no_index)
        tasks[producer].outputs.push_back(a);
    return a;
}

COULER_INLINE void workflow_model::add_input(index_t consumer, index_t a)
{
    auto& in = tasks[consumer].inputs;
    if (std::find(in.begin(), in.end(), a) != in.end())
        return;
    in.push_back(a);
    artifacts[a].consumers.push_back(consumer);
    if (artifacts[a].producer != no_index)
        add_edge(artifacts[a].producer, consumer);
}

COULER_INLINE bool workflow_model::has_edge(index_t from, index_t to) const
{
    const auto& c = children[from];
    return std::find(c.begin(), c.end(), to) != c.end();
}

COULER_INLINE void workflow_model::add_edge(index_t from, index_t to)
{
    if (from == to || has_edge(from, to))
        return;
    children[from].push_back(to);
    parents[to].push_back(from);
}

COULER_INLINE std::optional<index_t> workflow_model::find_task(std::string_view name) const
{
    auto it = task_index_.find(std::string(name));
    if (it == task_index_.end())
        return std::nullopt;
    return it->second;
}

COULER_INLINE std::optional<index_t> workflow_model::find_artifact(std::string_view producer, std::string_view name) const
{
    auto it = artifact_index_.find(detail::artifact_lookup_key(producer, name));
    if (it == artifact_index_.end())
        return std::nullopt;
    return it->second;
}

COULER_INLINE std::uint64_t workflow_model::intermediate_bytes() const
{
    std::uint64_t sum = 0;
    for (index_t a = 0; a < artifacts.size(); ++a)
        if (is_intermediate(a))
            sum += artifacts[a].size_bytes;
    return sum;
}

COULER_INLINE std::string workflow_model::key(index_t a) const
{
    const auto& art = artifacts[a];
    return (art.producer == no_index ? std::string() : tasks[art.producer].name) + "/" + art.name;
}

template <class S, class A> workflow_model make_model(const basic_workflow<S, A>& wf, problems& out)
{
    workflow_model m;
    const auto* entry = wf.find_template(wf.entrypoint);
    if (!entry || !entry->graph()) {
        out.push_back({"$.entrypoint", error::unknown_reference, "the entrypoint is not a graph template"});
        return m;
    }
    const auto& g = *entry->graph();
    // Tasks first (vertex order), then outputs, then inputs: a reference may point forward.
    for (std::size_t v = 0; v < g.size(); ++v)
        m.add_task(g[v].name, g[v].cost_seconds.value_or(0.0));
    for (std::size_t v = 0; v < g.size(); ++v) {
        const auto* t = wf.template_of(g[v]);
        if (!t)
            continue;
        for (const auto& a : t->outputs.artifacts)
            m.add_artifact(a.name, static_cast<index_t>(v), a.size_bytes.value_or(0));
    }
    for (std::size_t v = 0; v < g.size(); ++v) {
        const auto& s = g[v];
        for (std::size_t i = 0; i < s.artifact_arguments.size(); ++i) {
            const auto& arg = s.artifact_arguments[i];
            std::string_view step, name;
            if (detail::parse_artifact_ref(arg.from, step, name)) {
                auto a = m.find_artifact(step, name);
                if (!a) {
                    out.push_back({"$.steps." + s.name + ".artifact_arguments[" + std::to_string(i) + "]",
                                   error::unknown_reference, "no step output '" + arg.from + "'"});
                    continue;
                }
                m.add_input(static_cast<index_t>(v), *a);
            } else {
                index_t a = m.add_artifact(arg.name, no_index, arg.size_bytes.value_or(0));
                m.add_input(static_cast<index_t>(v), a);
            }
        }
        for (auto p : g.predecessors(v))
            m.add_edge(static_cast<index_t>(p), static_cast<index_t>(v));
    }
    return m;
}

} // namespace cache
} // namespace couler

#endif
