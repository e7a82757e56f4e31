// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_IMPL_ESTIMATE_HPP
#define COULER_OPTIMIZE_SPLIT_IMPL_ESTIMATE_HPP

#include <couler/ir/expression.hpp>
#include <couler/ir/json.hpp>

#include <boost/json/serialize.hpp>

#include <charconv>
#include <unordered_map>
#include <vector>

namespace couler {
namespace split {
namespace detail {

// Bytes of a scalar in YAML: quoting and escapes cost a little; count 10% plus the quotes.
COULER_INLINE std::uint64_t yaml_scalar(const std::string& s) { return s.size() + s.size() / 10 + 2; }

template <class A> std::uint64_t artifact_bytes(const basic_artifact<A>& a)
{
    std::uint64_t n = 24 + yaml_scalar(a.name) + yaml_scalar(a.from) + yaml_scalar(a.path);
    for (const std::string* f : {&a.bucket, &a.key, &a.endpoint, &a.url, &a.repo, &a.revision, &a.user})
        if (!f->empty())
            n += 22 + yaml_scalar(*f);
    for (const auto& x : a.addresses)
        n += 16 + yaml_scalar(x);
    if (a.access_key)
        n += 60 + a.access_key->name.size() + a.access_key->key.size();
    if (a.secret_key)
        n += 60 + a.secret_key->name.size() + a.secret_key->key.size();
    return n;
}

COULER_INLINE std::uint64_t json_bytes(const boost::json::value& v) { return boost::json::serialize(v).size(); }

} // namespace detail

template <class S, class A>
std::uint64_t estimate_step_bytes(const basic_graph<S, A>& g, typename basic_graph<S, A>::vertex v)
{
    const auto& s = g[v];
    // "      - name: N\n        template: T\n": 8 columns of indentation, keys, newlines
    std::uint64_t n = 40 + detail::yaml_scalar(s.name) + detail::yaml_scalar(s.template_name);
    const auto& bg = g.boost_graph();
    auto deg = boost::in_degree(v, bg);
    if (deg) {
        n += 24; // "        dependencies:\n"
        for (auto [it, end] = boost::in_edges(v, bg); it != end; ++it)
            n += 14 + detail::yaml_scalar(g[boost::source(*it, bg)].name);
    }
    if (!s.arguments.empty() || !s.artifact_arguments.empty())
        n += 24;
    if (!s.arguments.empty())
        n += 24;
    for (const auto& p : s.arguments)
        n += 34 + detail::yaml_scalar(p.name) + (p.value ? detail::yaml_scalar(*p.value) : 0);
    if (!s.artifact_arguments.empty())
        n += 24;
    for (const auto& a : s.artifact_arguments)
        n += 12 + detail::artifact_bytes(a);
    if (!s.when.empty())
        n += 16 + detail::yaml_scalar(s.when);
    if (!s.with_items.empty()) {
        n += 22;
        for (const auto& x : s.with_items)
            n += 14 + detail::json_bytes(x) * 13 / 10;
    }
    if (!s.with_param.empty())
        n += 22 + detail::yaml_scalar(s.with_param);
    if (s.with_sequence)
        n += 90 + s.with_sequence->count.size() + s.with_sequence->start.size() + s.with_sequence->end.size() +
             s.with_sequence->format.size();
    if (s.repeat)
        n += 40 + detail::yaml_scalar(s.repeat->condition);
    if (!s.depends.empty())
        n += 18 + detail::yaml_scalar(s.depends);
    if (s.continue_on_failed)
        n += 40;
    if (!s.extensions.empty())
        n += detail::json_bytes(s.extensions) * 13 / 10;
    return n;
}

template <class S, class A>
std::uint64_t estimate_template_bytes(const basic_step_template<S, A>& t, const estimate_options& opt)
{
    // The IR document of a workflow holding only t, less that of an empty workflow.
    basic_workflow<S, A> one, none;
    one.add_template(t);
    one.entrypoint = none.entrypoint = t.name;
    // serialize, not to_json_string: a size estimate needs no UTF-8 check (the writers check).
    auto a = boost::json::serialize(to_json(one)).size(), b = boost::json::serialize(to_json(none)).size();
    auto body = a > b ? a - b : a;
    return static_cast<std::uint64_t>(static_cast<double>(body) * opt.template_factor) + 16;
}

namespace detail {
template <class S, class A>
std::uint64_t template_pods(const basic_workflow<S, A>& wf, const basic_step_template<S, A>& t,
                            std::unordered_map<const void*, std::uint64_t>& memo, int depth)
{
    if (auto it = memo.find(&t); it != memo.end())
        return it->second;
    std::uint64_t n = 1;
    if (t.kind() == template_kind::suspend)
        n = 0;
    else if (auto* g = t.graph()) {
        n = 0;
        memo[&t] = 1; // a recursive template (exec_while written by hand): count it once
        if (depth < 64)
            for (std::size_t v = 0; v < g->size(); ++v) {
                const auto& s = (*g)[v];
                std::uint64_t k = 1;
                if (auto* u = wf.template_of(s))
                    k = template_pods(wf, *u, memo, depth + 1);
                std::uint64_t items = 1;
                if (!s.with_items.empty())
                    items = s.with_items.size();
                else if (s.with_sequence) {
                    std::uint64_t c = 0;
                    const auto& txt = s.with_sequence->count;
                    if (!txt.empty() && std::from_chars(txt.data(), txt.data() + txt.size(), c).ec == std::errc())
                        items = c;
                }
                n += k * items;
            }
    }
    memo[&t] = n;
    return n;
}
} // namespace detail

template <class S, class A>
std::uint64_t estimate_pods(const basic_workflow<S, A>& wf, const basic_step<S, A>& s)
{
    std::unordered_map<const void*, std::uint64_t> memo;
    std::uint64_t k = 1;
    if (auto* t = wf.template_of(s))
        k = detail::template_pods(wf, *t, memo, 0);
    std::uint64_t items = 1;
    if (!s.with_items.empty())
        items = s.with_items.size();
    else if (s.with_sequence) {
        std::uint64_t c = 0;
        const auto& txt = s.with_sequence->count;
        if (!txt.empty() && std::from_chars(txt.data(), txt.data() + txt.size(), c).ec == std::errc())
            items = c;
    }
    return k * items;
}

template <class S, class A>
dag extract_dag(const basic_workflow<S, A>& wf, std::uint64_t& overhead, const estimate_options& opt)
{
    const auto& g = wf.graph();
    const auto& bg = g.boost_graph();
    const std::size_t n = g.size();
    std::vector<std::pair<vid, vid>> edges;
    edges.reserve(g.edge_count());
    for (std::size_t v = 0; v < n; ++v)
        for (auto [it, end] = boost::out_edges(v, bg); it != end; ++it)
            edges.emplace_back(static_cast<vid>(v), static_cast<vid>(boost::target(*it, bg)));
    dag d = dag::from_edges(n, edges);

    // One group per template a step invokes; a graph template's group also carries the
    // templates it reaches, since a child must include them all.
    const auto& ts = wf.templates();
    std::unordered_map<std::string, std::uint32_t> index;
    for (std::size_t i = 0; i < ts.size(); ++i)
        index.emplace(ts[i].name, static_cast<std::uint32_t>(i));
    std::vector<std::uint64_t> own(ts.size(), 0);
    for (std::size_t i = 0; i < ts.size(); ++i)
        if (ts[i].name != wf.entrypoint)
            own[i] = estimate_template_bytes(ts[i], opt);
    d.group_bytes.assign(ts.size(), 0);
    for (std::size_t i = 0; i < ts.size(); ++i) {
        // closure of templates reachable from i
        std::vector<char> seen(ts.size(), 0);
        std::vector<std::uint32_t> todo{static_cast<std::uint32_t>(i)};
        seen[i] = 1;
        std::uint64_t total = 0;
        while (!todo.empty()) {
            auto t = todo.back();
            todo.pop_back();
            total += own[t];
            if (auto* tg = ts[t].graph())
                for (std::size_t v = 0; v < tg->size(); ++v)
                    if (auto it = index.find((*tg)[v].template_name); it != index.end() && !seen[it->second]) {
                        seen[it->second] = 1;
                        todo.push_back(it->second);
                    }
        }
        d.group_bytes[i] = total;
    }
    for (std::size_t v = 0; v < n; ++v) {
        const auto& s = g[v];
        d.bytes[v] = estimate_step_bytes(g, v);
        d.pods[v] = estimate_pods(wf, s);
        d.cost[v] = s.cost_seconds.value_or(1.0);
        auto it = index.find(s.template_name);
        d.group[v] = it == index.end() ? no_group : it->second;
        if (it != index.end() && ts[it->second].daemon) {
            if (d.daemon.empty())
                d.daemon.assign(n, 0);
            d.daemon[v] = 1;
        }
    }
    // Steps that read a daemon (`{{steps.D.ip}}`...) without depending on it directly must
    // still run while it lives: glue them to it.
    if (!d.daemon.empty())
        for (std::size_t v = 0; v < n; ++v) {
            const auto& s = g[v];
            auto scan = [&](const std::string& text) {
                if (text.find("{{") == std::string::npos)
                    return;
                for (const auto& r : find_references(text)) {
                    if (!r.names_step())
                        continue;
                    auto u = g.find(r.step);
                    if (u && *u != v && d.daemon[*u])
                        d.glue.emplace_back(static_cast<vid>(*u), static_cast<vid>(v));
                }
            };
            for (const auto& a : s.arguments)
                if (a.value)
                    scan(*a.value);
            scan(s.when);
            scan(s.with_param);
        }
    // Per child: header, the settings, the run parameter and the entry template skeleton.
    basic_workflow<S, A> shell;
    shell.settings = wf.settings;
    shell.secrets = wf.secrets;
    shell.extensions = wf.extensions;
    overhead = opt.child_header_bytes +
               static_cast<std::uint64_t>(static_cast<double>(boost::json::serialize(to_json(shell)).size()) * opt.template_factor);
    return d;
}

} // namespace split
} // namespace couler

#endif
