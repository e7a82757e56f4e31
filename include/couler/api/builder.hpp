// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_API_BUILDER_HPP
#define COULER_API_BUILDER_HPP

/// @file
/// @brief The unified programming interface (paper Table V, Table VI, Appendix A): a builder
/// object that owns the workflow under construction. There is no hidden global workflow.
///
/// Implicit building: steps run in call order, unless inside `concurrent` or `map`, and data
/// passes by using one step's output as another's argument. Explicit building: `dag` edge
/// lists, `set_dependencies`, and Argo-style `depends` expressions.
///
/// Names are used as written, never rewritten: a workflow, step, template, parameter or
/// output name the engines would refuse makes the call throw std::invalid_argument showing
/// the name and the rule it breaks.
///
/// @code
/// couler::builder wf("hello");
/// auto threshold = wf.add_parameter("threshold", "0.9");
/// auto a = wf.run_container(couler::container("alpine:3.18").command({"sh", "-c"})
///                               .args({"echo 0.95 > /tmp/acc"})
///                               .output(wf.create_parameter_artifact("/tmp/acc", "accuracy"))
///                               .step_name("a"));
/// wf.when(couler::bigger(a.output("accuracy"), threshold), [&] {
///     return wf.run_container(couler::container("alpine:3.18").command({"echo"}).args({a.result()}).step_name("b"));
/// });
/// std::cout << couler::to_json_string(wf.workflow());
/// @endcode

#include <couler/api/options.hpp>
#include <couler/api/values.hpp>
#include <couler/ir/workflow.hpp>

#include <boost/json/serialize.hpp> // users of the builder print workflows with it

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace couler {

class builder;
struct step_list;

/// @brief A cheap handle to a step the builder created (Taskflow's `Task`).
class step_ref {
public:
    step_ref() = default;

    /// @brief The step's name, unique in its graph.
    const std::string& name() const { return name_; }
    /// @brief The template the step invokes.
    const std::string& template_name() const;
    /// @brief The graph template the step belongs to.
    const std::string& graph_name() const { return graph_; }

    // `couler::output` is spelled in full below: the member output() hides the type's name.

    /// @brief All outputs of the step: its output parameters, then its output artifacts.
    std::vector<couler::output> outputs() const;
    /// @brief The output parameter named `name` (create_parameter_artifact(path, name)).
    /// @throws std::invalid_argument naming the step and listing its output parameters.
    /// @code
    /// auto train = wf.run_container(couler::container("trainer:1").output(wf.create_parameter_artifact("/out/acc", "accuracy")));
    /// wf.run_container(couler::container("alpine:3.18").command({"echo"}).args({train.output("accuracy")}));
    /// @endcode
    couler::output output(const std::string& name) const;
    /// @brief The output artifact named `name` (create_*_artifact(..., name)).
    /// @throws std::invalid_argument naming the step and listing its output artifacts.
    couler::output artifact(const std::string& name) const;
    /// @brief The i-th of outputs() (positional access, as the Python SDK's `outputs[i]`);
    /// throws std::out_of_range.
    couler::output output_at(std::size_t i) const;
    /// @brief The first output, or the step's result (standard output) if it has none.
    couler::output default_output() const;
    /// @brief The step's standard output (`{{steps.S.outputs.result}}`).
    couler::output result() const
    {
        return couler::output{couler::output::kind::result, name_, {}, false, {}, {}, graph_};
    }
    /// @brief The step's status once it has ended (`{{steps.S.status}}`): Succeeded, Failed,
    /// Error or Skipped. A step that reads it runs after this one.
    couler::output status() const
    {
        return couler::output{couler::output::kind::status, name_, {}, false, {}, {}, graph_};
    }

    /// @brief Passing a step as an argument passes its default output.
    operator arg() const { return arg(default_output()); }
    operator couler::output() const { return default_output(); }

    /// @brief Makes each of `later` depend on this step (explicit building). Returns *this.
    /// @throws std::invalid_argument if a handle is empty, comes from another builder or graph
    /// template, or is this step itself.
    template <class... Refs> const step_ref& precede(const Refs&... later) const;

    bool valid() const { return owner_ != nullptr; }

private:
    friend class builder;
    friend step_ref operator>>(const step_ref&, const step_ref&);
    friend step_list operator>>(const step_ref&, const step_list&);
    friend step_ref operator>>(const step_list&, const step_ref&);
    friend step_list operator>>(const step_list&, const step_list&);
    // Every step of `to` depends on every step of `from`; all pairs are checked first, so a
    // refused call adds no edge.
    static void link(const std::vector<step_ref>& from, const std::vector<step_ref>& to);
    step_ref(builder* b, std::string graph, std::string name)
        : owner_(b), graph_(std::move(graph)), name_(std::move(name))
    {
    }
    builder* owner_ = nullptr;
    std::string graph_;
    std::string name_;
};

/// @brief Several steps as one side of `>>` (Airflow's `a >> [b, c]`).
struct step_list {
    std::vector<step_ref> steps;
};

/// @brief `couler::steps(b, c)`: fan-out and fan-in with `>>`.
template <class... Refs> step_list steps(const step_ref& first, const Refs&... rest)
{
    return step_list{{first, rest...}};
}

/// @brief Dependency chaining: `a >> b` makes `b` depend on `a` (`a.precede(b)`) and returns
/// `b`, so `prep >> couler::steps(fit_a, fit_b) >> report` builds prep -> fit_a, fit_b -> report.
/// Every step on the right depends on every step on the left. Throws as step_ref::precede.
/// @code
/// auto a = wf.run_container(couler::container("alpine:3.18").command({"echo", "a"}).step_name("a"));
/// auto b = wf.run_container(couler::container("alpine:3.18").command({"echo", "b"}).step_name("b"));
/// auto c = wf.run_container(couler::container("alpine:3.18").command({"echo", "c"}).step_name("c"));
/// a >> b >> c;
/// @endcode
step_ref operator>>(const step_ref& earlier, const step_ref& later);
step_list operator>>(const step_ref& earlier, const step_list& later);
step_ref operator>>(const step_list& earlier, const step_ref& later);
step_list operator>>(const step_list& earlier, const step_list& later);

/// @brief Builds one workflow through the paper's programming interface.
class builder {
public:
    /// @brief Starts a workflow; `name` names it (as generateName `name-`) and its entry template.
    explicit builder(std::string name);

    /// @name Steps (paper Table V)
    /// @{
    /// @brief Runs a container (Python `couler.run_container`). Each argument becomes an
    /// input parameter `para-<template>-<i>` of the step's template, so steps sharing a
    /// template pass different values.
    step_ref run_container(const container& o);
    /// @brief Runs a script with an interpreter (Python `couler.run_script`).
    step_ref run_script(const script& o);
    /// @brief Starts a distributed job or any Kubernetes object (Python `couler.run_job`).
    step_ref run_job(const job& o);
    /// @}

    /// @name Control flow (paper Table V)
    /// @{
    /// @brief Steps created by `body` run only if `c` holds (Python `couler.when`).
    template <class F> auto when(const condition& c, F&& body) -> decltype(body());
    /// @brief Runs the step `fn` creates once per item (Python `couler.map`): one step with a
    /// literal item list (Argo withItems). `fn` receives the item placeholder as an arg.
    template <class F> step_ref map(F&& fn, const std::vector<arg>& items);
    /// @brief Runs the step `fn` creates once per element of the JSON list another step
    /// outputs (Argo withParam).
    template <class F> step_ref map(F&& fn, const output& list);
    /// @brief Steps created by the functions run at the same time (Python `couler.concurrent`).
    void concurrent(const std::vector<std::function<void()>>& fns);
    /// @brief Repeats the step `fn` creates while `c` holds on its output (Python
    /// `couler.exec_while`); `c`'s left side defaults to the step's default output.
    template <class F> step_ref exec_while(const condition& c, F&& fn, std::int64_t max_iterations = 100);
    /// @brief Explicit DAG from edge lists: `{{a}, {a, b}, {a, c}}` means a, a->b, a->c
    /// (Python `couler.dag`). Calling a step function again with the same step_name returns
    /// the step already created.
    void dag(const std::vector<std::vector<std::function<step_ref()>>>& edges);
    /// @brief The current graph becomes a DAG: the steps created from now on run when the steps
    /// they read from, or are chained after (`a >> b`, `precede`), have run, not in call order.
    /// @throws std::invalid_argument if the graph already has steps (they were ordered by call).
    /// @code
    /// wf.use_dag();
    /// auto prep = wf.run_container(couler::container("alpine:3.18").command({"echo", "prep"}).step_name("prep"));
    /// auto fit_a = wf.run_container(couler::container("alpine:3.18").command({"echo", "a"}).step_name("fit-a"));
    /// auto fit_b = wf.run_container(couler::container("alpine:3.18").command({"echo", "b"}).step_name("fit-b"));
    /// auto report = wf.run_container(couler::container("alpine:3.18").command({"echo", "report"}).step_name("report"));
    /// prep >> couler::steps(fit_a, fit_b) >> report;
    /// @endcode
    void use_dag();
    /// @brief The step `fn` creates depends on the named steps (Python `couler.set_dependencies`).
    /// As in the Python SDK, the named steps' outputs are passed to it as extra arguments.
    template <class F> step_ref set_dependencies(F&& fn, const std::vector<std::string>& dependencies);
    /// @brief `set_dependencies(fn, {"prep", "fetch"})`: the brace form.
    /// @code
    /// wf.set_dependencies([&] { return wf.run_container(couler::container("alpine:3.18").command({"echo"}).step_name("train")); },
    ///                     {"prep"});
    /// @endcode
    template <class F> step_ref set_dependencies(F&& fn, std::initializer_list<std::string> dependencies)
    {
        return set_dependencies(std::forward<F>(fn), std::vector<std::string>(dependencies));
    }
    /// @brief The step `fn` creates depends on an Argo `depends` expression, e.g. `"A.Succeeded && B"`.
    template <class F> step_ref set_dependencies(F&& fn, const std::string& depends_expression);
    /// @brief Steps `fn` creates run when the workflow ends with status `s` (Python `couler.set_exit_handler`).
    void set_exit_handler(workflow_status s, const std::function<void()>& fn);
    /// @brief A nested sub-workflow: the steps `body` creates form the template `name`, and one
    /// step of the current graph invokes it.
    ///
    /// The body may use the item of an enclosing `map` and outputs of steps outside it: each
    /// such value becomes an input of the template (`item`, `<step>-<output>`) that the
    /// invoking step passes in, as an Argo steps or DAG template taking inputs; so a `map`
    /// runs the whole sub-workflow once per item. What the body returns becomes the
    /// template's outputs, read from the invoking step (over a map, as JSON lists): a
    /// step_ref (its outputs, or its result if it declares none), a couler::output, a
    /// std::vector<couler::output> (each of a step of the body; a result is named `result`),
    /// or nothing.
    /// @throws std::invalid_argument naming the step, if the body reads a step that is
    /// neither in it nor in a graph around it, if an inner step has the name of an outer step
    /// it reads, or if the body returns an output that is not its own.
    /// @code
    /// auto data = wf.run_container(couler::container("alpine:3.18").command({"sh", "-c"}).args({"echo 1,2 > /tmp/data.csv"})
    ///                                  .output(wf.create_local_artifact("/tmp/data.csv", "data")).step_name("data"));
    /// auto fits = wf.map([&](const couler::arg& candidate) {
    ///     return wf.run_workflow("candidate", [&] {
    ///         auto model = wf.run_script(couler::script("python:3.11", "import sys; open('/tmp/model', 'w').write(sys.argv[1])")
    ///                                        .args({candidate}).input({data.artifact("data")})
    ///                                        .output(wf.create_local_artifact("/tmp/model", "model")).step_name("train"));
    ///         return wf.run_script(couler::script("python:3.11", "print(len(open('/tmp/model').read()))")
    ///                                  .input({model.artifact("model")}).step_name("evaluate"));
    ///     });
    /// }, {"knn", "svm"});
    /// wf.run_container(couler::container("alpine:3.18").command({"echo"}).args({fits.output("result")}).step_name("report"));
    /// @endcode
    template <class F> step_ref run_workflow(const std::string& name, F&& body, graph_style style = graph_style::steps);
    /// @}

    /// @name Artifacts (paper Table VI)
    /// Without a name, an output is named `output-id-<n>` (as the Python SDK names it) and read
    /// by position (step_ref::output_at). With one, later steps read it by that name
    /// (step_ref::output, step_ref::artifact), a global one is published under it
    /// (`{{workflow.outputs.parameters.<name>}}`), and a step that takes it as input gets an
    /// input artifact of that name. Names follow Argo's rule for parameters and artifacts
    /// (letters, digits, '-' and '_'); an invalid one throws std::invalid_argument.
    /// For the other kinds, `couler::named(wf.create_s3_artifact(...), "model")`.
    /// @{
    artifact create_parameter_artifact(const std::string& path, bool is_global = false);
    /// @brief A parameter artifact (an output parameter read from `path`) named `name`.
    artifact create_parameter_artifact(const std::string& path, const std::string& name, bool is_global = false);
    /// (So that a literal name is not taken for the bool.)
    artifact create_parameter_artifact(const std::string& path, const char* name, bool is_global = false)
    {
        return create_parameter_artifact(path, std::string(name), is_global);
    }
    artifact create_local_artifact(const std::string& path, bool is_global = false);
    /// @brief A local artifact named `name`.
    artifact create_local_artifact(const std::string& path, const std::string& name, bool is_global = false);
    artifact create_local_artifact(const std::string& path, const char* name, bool is_global = false)
    {
        return create_local_artifact(path, std::string(name), is_global);
    }
    /// @brief An S3 artifact; `credentials` names a Secret with keys accessKey and secretKey
    /// (see create_secret), empty for none.
    artifact create_s3_artifact(const std::string& path, const std::string& bucket, const std::string& key,
                                const std::string& endpoint, const std::string& credentials = {},
                                bool insecure = false, bool is_global = false);
    artifact create_oss_artifact(const std::string& path, const std::string& bucket, const std::string& key,
                                 const std::string& endpoint, const std::string& credentials = {},
                                 bool is_global = false);
    /// @brief A GCS artifact; `credentials` names a Secret with key serviceAccountKey, or empty.
    artifact create_gcs_artifact(const std::string& path, const std::string& bucket, const std::string& key,
                                 const std::string& credentials = {}, bool is_global = false);
    artifact create_hdfs_artifact(const std::string& path, const std::vector<std::string>& addresses,
                                  const std::string& hdfs_path, const std::string& user = {}, bool is_global = false);
    artifact create_git_artifact(const std::string& path, const std::string& repo, const std::string& revision = {},
                                 bool is_global = false);
    artifact create_http_artifact(const std::string& path, const std::string& url, bool is_global = false);
    /// @}

    /// @name Secrets
    /// @{
    /// @brief Registers a Secret and returns its name (default: `couler-` + the MD5 of its
    /// sorted JSON, as the Python SDK names it). The keys keep the order given (a container
    /// using the Secret gets its environment variables in that order, as the SDK's dict
    /// does); a key given twice throws std::invalid_argument. The IR keeps only the name and
    /// keys; the values stay here, for a submitter to create the Secret (secret_values()).
    std::string create_secret(const std::vector<std::pair<std::string, std::string>>& data,
                              const std::string& namespace_ = "default", std::string name = {});
    /// @brief Refers to an existing Secret with these keys; returns its name.
    std::string obtain_secret(const std::vector<std::string>& keys, const std::string& name,
                              const std::string& namespace_ = "default");
    /// @brief The values of the Secrets created with create_secret, by Secret name.
    const std::map<std::string, std::map<std::string, std::string>>& secret_values() const { return secret_values_; }
    /// @}

    /// @name Workflow-level settings
    /// @{
    builder& config_workflow(const workflow_config& c);
    builder& add_volume(volume v);
    builder& add_volume_claim_template(volume_claim_template v);
    builder& add_image_pull_secret(const std::string& name);
    builder& add_toleration(toleration t);
    /// @brief Declares a workflow parameter and returns a handle to it: pass it as an argument
    /// or use it in a condition, as a step's output is used (`{{workflow.parameters.<name>}}`).
    /// @throws std::invalid_argument if the name is invalid (saying why) or already declared.
    /// @code
    /// auto threshold = wf.add_parameter("threshold", "0.9");
    /// wf.run_container(couler::container("alpine:3.18").command({"echo"}).args({threshold}));
    /// @endcode
    couler::output add_parameter(const std::string& name, const std::string& value);
    /// @brief The workflow parameter `name`, declared before; throws std::invalid_argument
    /// listing the declared ones.
    couler::output workflow_parameter(const std::string& name) const;
    /// @}

    /// @brief The workflow built so far.
    const couler::workflow& workflow() const { return wf_; }
    couler::workflow& workflow() { return wf_; }
    /// @brief Hands over the workflow; the builder is empty afterwards.
    couler::workflow release() { return std::move(wf_); }

    /// @brief The step with that name in the entry graph; throws std::invalid_argument if unknown.
    step_ref step(const std::string& name) const;

private:
    friend class step_ref;
    struct frame {
        std::string graph;                         // the graph template steps go into
        std::vector<std::vector<std::size_t>> groups; // steps style: vertices of each parallel group
        int concurrent_group = -1;                 // >= 0 while inside concurrent()
        std::size_t concurrent_number = 0;         // names the current concurrent() call
        int concurrent_branch = 0;                 // 1-based index of the function running in it
        bool sub_workflow = false;                 // the body of run_workflow
        // Steps of enclosing graphs whose outputs steps here read: {graph, step}.
        std::vector<std::pair<std::string, std::string>> outer{};
    };
    // What a sub-workflow's invoking step passes in, and the outer steps it reads.
    struct sub_workflow_call {
        std::vector<parameter> arguments;
        std::vector<artifact> artifact_arguments;
        std::vector<std::string> upstream;
    };
    struct step_request {
        step_template tmpl;
        std::vector<arg> args;
        std::vector<output> inputs;
        std::vector<artifact> outputs;
        std::optional<std::string> step_name, template_name; // as the user wrote them, if given
        std::string default_template;
        std::optional<double> cost_seconds;
        bool mount_outputs = false;
    };

    step_ref add_step(step_request r);
    std::size_t add_to_graph(couler::graph& g, couler::step s); // in steps style, into the current group
    step_ref new_step_ref(const std::string& name); // a step just added to the current graph
    template <class O> void apply_common(const O& o, step_template& t, step_request& r);
    couler::graph& current_graph();
    frame& top() { return frames_.back(); }
    void switch_to_dag();
    std::string unique_step_name(const couler::graph& g, const std::string& base);
    std::string new_step_name(const couler::graph& g, const std::string& base);
    void add_template(step_template t);
    std::string next_output_id() { return std::to_string(++output_counter_); }
    artifact new_artifact(artifact_kind kind, const char* prefix, const std::string& path, bool is_global);
    couler::graph& graph_of(const std::string& graph_template);
    const couler::graph& graph_of(const std::string& graph_template) const;
    template <class F> step_ref capture_one(F&& fn, const char* what);
    // The item a map passes to its function: `{{item}}`, or inside another map's function a
    // placeholder of its own, so that the outer item stays distinguishable (map_item_placeholder).
    template <class F> step_ref capture_map(F&& fn, std::string& placeholder);
    void resolve_map_item(couler::step& s, const std::string& placeholder);
    void add_dependency_by_name(couler::graph& g, const std::string& from, std::size_t to, dependency_kind kind);
    void note_outer_output(const output& o, const std::string& step_name);
    sub_workflow_call close_sub_workflow(const std::string& tname, const std::vector<output>& exported);
    step_ref add_sub_workflow_step(const std::string& tname, sub_workflow_call call);

    couler::workflow wf_;
    std::vector<frame> frames_;
    std::vector<condition> when_stack_;
    std::vector<std::vector<std::string>> dependency_stack_;
    std::vector<std::string> depends_stack_;
    std::vector<step_ref> created_; // steps created inside the innermost capture
    int capture_depth_ = 0;
    int map_depth_ = 0; // maps whose function is running
    std::size_t step_counter_ = 0;
    std::size_t output_counter_ = 0;
    std::map<std::string, std::map<std::string, std::string>> secret_values_;
};

/// @brief `a` named `name`: for artifacts made without a name, e.g.
/// `couler::named(wf.create_s3_artifact(path, bucket, key, endpoint), "model")`.
/// A global one is published under `name`. Throws std::invalid_argument if `name` is not a
/// valid artifact name, saying which rule it breaks.
artifact named(artifact a, const std::string& name);

} // namespace couler

// The templates' bodies are always visible; the rest is compiled once in the compiled mode.
#include <couler/api/impl/builder_control.hpp>
#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/api/impl/builder.hpp>
#endif

#endif
