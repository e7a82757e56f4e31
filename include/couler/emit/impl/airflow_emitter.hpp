// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The Airflow emitter: checks every IR feature a step uses against what the DAG file can
// express (collecting a problem per refused feature), then builds the tasks and writes them.
#ifndef COULER_EMIT_IMPL_AIRFLOW_EMITTER_HPP
#define COULER_EMIT_IMPL_AIRFLOW_EMITTER_HPP

#include <couler/emit/detail/airflow_text.hpp>
#include <couler/emit/detail/argo_pieces.hpp>
#include <couler/ir/expression.hpp>

#include <boost/json/serialize.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace couler {
COULER_INLINE std::string airflow_py_string(std::string_view s);
COULER_INLINE std::string airflow_jinja_literal(std::string_view s);
} // namespace couler

namespace couler::detail {

/// Python source of a value: plain (not rendered by Airflow) or templated (Jinja text).
inline std::string af_py(std::string_view s) { return airflow_py_string(s); }

/// A JSON value as a Python literal; strings escaped for Jinja when `templated`.
inline std::string af_py_json(const boost::json::value& v, bool templated)
{
    switch (v.kind()) {
    case boost::json::kind::null: return "None";
    case boost::json::kind::bool_: return v.get_bool() ? "True" : "False";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: return boost::json::serialize(v);
    case boost::json::kind::string: {
        std::string_view s = v.get_string();
        return af_py(templated ? airflow_jinja_literal(s) : std::string(s));
    }
    case boost::json::kind::array: {
        std::string out = "[";
        for (const auto& x : v.get_array())
            out += (out.size() > 1 ? ", " : "") + af_py_json(x, templated);
        return out + "]";
    }
    case boost::json::kind::object: {
        std::string out = "{";
        for (const auto& kv : v.get_object())
            out += (out.size() > 1 ? ", " : "") + af_py(kv.key()) + ": " + af_py_json(kv.value(), templated);
        return out + "}";
    }
    }
    return "None";
}

template <class S, class A> class airflow_emitter {
public:
    using workflow_type = basic_workflow<S, A>;
    using step_type = typename workflow_type::step_type;
    using template_type = typename workflow_type::template_type;
    using graph_type = typename workflow_type::graph_type;
    using vertex = typename graph_type::vertex;

    airflow_emitter(const workflow_type& wf, const airflow_options& opt) : wf_(wf), opt_(opt) {}

    airflow_dag run();

private:
    struct task {
        std::string id, step, role, var;
        std::vector<std::pair<std::string, std::string>> kwargs; // name, Python source
        std::vector<std::size_t> upstream;
        bool skippable = false; // a conditional step: skipped when its condition is false
    };
    /// Where a string is rendered: the input values of the template, the current map item.
    struct scope {
        const std::map<std::string, std::string>* inputs = nullptr; // name -> Jinja text
        const boost::json::value* item = nullptr;
    };

    void refuse(const std::string& path, const std::string& what)
    {
        ps_.push_back({path, error::not_expressible, what});
    }
    void bad(const std::string& path, const std::string& what) { ps_.push_back({path, error::bad_value, what}); }

    std::string render(std::string_view s, const scope& sc, const std::string& path);
    boost::json::value render_json(const boost::json::value& v, const scope& sc, const std::string& path);
    std::string param_ref(const std::string& name) const
    {
        return af_identifier(name) ? "{{ params." + name + " }}" : "{{ params[" + af_py(name) + "] }}";
    }
    void check_workflow();
    const std::vector<parameter>& st_params() const { return wf_.settings.parameters; }
    void check_step(const step_type& st, const std::string& path, bool exit_graph);
    void check_template(const template_type& t, const std::string& path);
    void scan_output_refs(const graph_type& g);
    std::map<std::string, std::string> bind_inputs(const step_type& st, const template_type& t,
                                                   const std::optional<boost::json::value>& item, const std::string& path);
    /// Lowers graph `g`; appends the tasks its sources start with and its sinks end with.
    void emit_graph(const graph_type& g, const std::string& gp, std::vector<std::size_t>& heads_out,
                    std::vector<std::size_t>& tails_out);
    std::vector<std::optional<boost::json::value>> instances(const step_type& st, const std::string& path);
    /// Adds the tasks of one step instance; returns the index of the task that runs it.
    std::size_t add_instance(const step_type& st, const template_type& t, const std::optional<boost::json::value>& item,
                             std::size_t index, const std::string& path, const std::string& role);
    void add_condition(const step_type& st, std::size_t target, const scope& sc, const std::string& path);
    void add_exit(const std::vector<std::size_t>& sinks);
    std::string write() const;

    const workflow_type& wf_;
    const airflow_options& opt_;
    problems ps_;
    std::vector<task> tasks_;
    std::set<std::string> ids_;
    std::map<std::string, std::string> step_task_;      // step -> task id (a step run once)
    std::set<std::string> map_steps_;                    // steps run once per item
    std::map<std::string, std::set<std::string>> outs_; // step -> outputs others read
    // Where the graph being lowered sits: nested graphs are flattened, their steps' keys and
    // task ids prefixed with the invoking step ("outer.inner").
    std::string prefix_;                                         // "" or "outer." ...
    std::string top_;                                            // the entry-graph step being lowered
    const std::map<std::string, std::string>* graph_inputs_ = nullptr; // inputs of a nested graph
    std::vector<std::string> stack_;                             // graph templates being lowered
};

} // namespace couler::detail

#include <couler/emit/impl/airflow_steps.hpp>

#endif
