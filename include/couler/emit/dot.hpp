// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_DOT_HPP
#define COULER_EMIT_DOT_HPP

/// @file
/// @brief Graphviz DOT of a workflow's graphs (Taskflow's `dump()`).

#include <couler/ir/workflow.hpp>

#include <ostream>
#include <sstream>
#include <string>
#include <string_view>

namespace couler {

namespace detail {
/// A DOT double-quoted string: quotes, backslashes and control characters escaped, so no
/// step name can end the string early or inject attributes.
inline std::string dot_quote(std::string_view s)
{
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += ' ';
            else
                out += c;
        }
    }
    return out + "\"";
}
} // namespace detail

/// @brief Writes every graph template of `wf` as a DOT digraph; nested graphs become clusters.
/// Edge styles: solid for explicit, bold for data, dashed for order (steps style) dependencies.
/// Conditional steps are drawn as diamonds, map steps with a double border.
template <class S, class A> void write_dot(std::ostream& os, const basic_workflow<S, A>& wf)
{
    os << "digraph " << detail::dot_quote(wf.display_name()) << " {\n  rankdir=TB;\n  node [shape=box];\n";
    std::size_t cluster = 0;
    for (const auto& t : wf.templates()) {
        const auto* g = t.graph();
        if (!g)
            continue;
        const std::string prefix = t.name + "/";
        os << "  subgraph " << detail::dot_quote("cluster_" + std::to_string(cluster++)) << " {\n    label="
           << detail::dot_quote(t.name + (g->style == graph_style::dag ? " (dag)" : " (steps)")) << ";\n";
        for (std::size_t v = 0; v < g->size(); ++v) {
            const auto& s = (*g)[v];
            os << "    " << detail::dot_quote(prefix + s.name) << " [label=" << detail::dot_quote(s.name);
            if (!s.when.empty())
                os << ", shape=diamond, tooltip=" << detail::dot_quote(s.when);
            if (s.is_map())
                os << ", peripheries=2";
            if (s.repeat)
                os << ", style=rounded";
            os << "];\n";
        }
        for (std::size_t v = 0; v < g->size(); ++v)
            for (auto u : g->predecessors(v)) {
                auto k = *g->dependency_between(u, v);
                os << "    " << detail::dot_quote(prefix + (*g)[u].name) << " -> "
                   << detail::dot_quote(prefix + (*g)[v].name);
                if (k == dependency_kind::order)
                    os << " [style=dashed]";
                else if (k == dependency_kind::data)
                    os << " [style=bold]";
                os << ";\n";
            }
        os << "  }\n";
    }
    os << "}\n";
}

/// @brief The DOT text of a workflow.
template <class S, class A> std::string to_dot(const basic_workflow<S, A>& wf)
{
    std::ostringstream os;
    write_dot(os, wf);
    return os.str();
}

} // namespace couler

#endif
