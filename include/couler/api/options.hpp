// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_API_OPTIONS_HPP
#define COULER_API_OPTIONS_HPP

/// @file
/// @brief Options of `run_container`, `run_script` and `run_job`, as small structs with
/// fluent setters named like the Python SDK's keyword arguments.
///
/// Lists are written with braces: `args({"--lr", 0.1, producer.result()})` (an
/// std::initializer_list overload, so a one-element list is not mistaken for a string).
///
/// @code
/// wf.run_container(couler::container("docker/whalesay:latest").command({"cowsay"}).args({"hello"}).step_name("A"));
/// @endcode

#include <couler/api/values.hpp>
#include <couler/ir/step_template.hpp>
#include <couler/ir/workflow.hpp>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace couler {

class builder;

/// A string-to-string map (a typedef so that the option macro sees one argument).
using string_map = std::map<std::string, std::string>;
using string_pairs = std::vector<std::pair<std::string, std::string>>;

#define COULER_OPTION(type, name)                                                                                      \
    self& name(type v)                                                                                                 \
    {                                                                                                                  \
        name##_ = std::move(v);                                                                                        \
        return static_cast<self&>(*this);                                                                              \
    }                                                                                                                  \
    const type& name() const { return name##_; }

/// @brief Options every step kind shares.
template <class Derived> class step_options {
    using self = Derived;

public:
    /// @brief The step's (and its template's) name, used as written: a name Argo would refuse
    /// (empty, `_`, spaces, over 128 characters...) makes run_* throw std::invalid_argument
    /// naming the rule it breaks. Without one, the builder derives a name from the image.
    self& step_name(std::string v)
    {
        step_name_ = std::move(v);
        has_step_name_ = true;
        return static_cast<self&>(*this);
    }
    const std::string& step_name() const { return step_name_; }
    /// @brief The template's name, if other than step_name; checked as step_name is.
    self& template_name(std::string v)
    {
        template_name_ = std::move(v);
        has_template_name_ = true;
        return static_cast<self&>(*this);
    }
    const std::string& template_name() const { return template_name_; }
    COULER_OPTION(std::string, timeout)             ///< a deadline, e.g. "30s", "2h"
    COULER_OPTION(std::optional<couler::retry_strategy>, retry_strategy)
    COULER_OPTION(std::optional<memoize_spec>, cache) ///< memoize the step under this key
    COULER_OPTION(string_pairs, env) ///< literal environment, in order
    COULER_OPTION(std::string, secret)              ///< a Secret (from create_secret) exported as env
    COULER_OPTION(string_map, node_selector)
    COULER_OPTION(std::optional<double>, cost_seconds) ///< expected run time, for the optimizer

    /// @brief Retry up to `limit` times on any failure (Python `retry=n`).
    self& retry(int limit)
    {
        couler::retry_strategy r;
        r.limit = limit;
        r.policy = "Always";
        retry_strategy_ = r;
        return static_cast<self&>(*this);
    }

private:
    friend class builder;
    std::string step_name_;
    std::string template_name_;
    bool has_step_name_ = false; // step_name("") is an error, not "no name"
    bool has_template_name_ = false;
    std::string timeout_;
    std::optional<couler::retry_strategy> retry_strategy_;
    std::optional<memoize_spec> cache_;
    std::vector<std::pair<std::string, std::string>> env_;
    std::string secret_;
    std::map<std::string, std::string> node_selector_;
    std::optional<double> cost_seconds_;
};

/// @brief Options of run_container (paper Table V).
class container : public step_options<container> {
    using self = container;

public:
    container() = default;
    explicit container(std::string image) : image_(std::move(image)) {}
    COULER_OPTION(std::string, image)
    const std::optional<std::vector<std::string>>& command() const { return command_; }
    COULER_OPTION(std::vector<arg>, args)
    COULER_OPTION(std::vector<couler::artifact>, output)   ///< outputs this step produces
    COULER_OPTION(std::vector<couler::output>, input)      ///< upstream artifacts this step reads
    COULER_OPTION(std::vector<env_from_source>, env_from)
    COULER_OPTION(resource_requirements, resources)
    COULER_OPTION(std::string, working_dir)
    COULER_OPTION(std::vector<volume_mount>, volume_mounts)
    COULER_OPTION(std::string, image_pull_policy)
    COULER_OPTION(bool, daemon)
    COULER_OPTION(std::optional<std::int64_t>, parallelism)
    COULER_OPTION(std::vector<toleration>, tolerations)

    /// @brief `command({"cowsay"})`: set the command from a list.
    self& command(std::vector<std::string> c)
    {
        command_ = std::move(c);
        return *this;
    }
    /// @brief `args({"--lr", 0.1, producer.result()})`: the brace form.
    self& args(std::initializer_list<arg> a)
    {
        args_.assign(a.begin(), a.end());
        return *this;
    }
    /// @brief One argument given as a plain string is a one-element list (as in the Python SDK).
    self& args(std::string one)
    {
        args_ = {arg(std::move(one))};
        return *this;
    }
    /// @brief Requests and limits set to the same values (Python `resources=`).
    self& resources(std::map<std::string, std::string> r)
    {
        resources_.requests = r;
        resources_.limits = std::move(r);
        return *this;
    }
    self& output(couler::artifact a)
    {
        output_ = {std::move(a)};
        return *this;
    }
    /// @brief `output({model, metrics})`: the brace form.
    self& output(std::initializer_list<couler::artifact> a)
    {
        output_.assign(a.begin(), a.end());
        return *this;
    }

private:
    friend class builder;
    std::string image_;
    std::optional<std::vector<std::string>> command_;
    std::vector<arg> args_;
    std::vector<couler::artifact> output_;
    std::vector<couler::output> input_;
    std::vector<env_from_source> env_from_;
    resource_requirements resources_;
    std::string working_dir_;
    std::vector<volume_mount> volume_mounts_;
    std::string image_pull_policy_;
    bool daemon_ = false;
    std::optional<std::int64_t> parallelism_;
    std::vector<toleration> tolerations_;
};

/// @brief Options of run_script: a program run by an interpreter (default `python`).
class script : public step_options<script> {
    using self = script;

public:
    script() = default;
    script(std::string image, std::string source) : image_(std::move(image)), source_(std::move(source)) {}
    COULER_OPTION(std::string, image)
    COULER_OPTION(std::string, source)
    COULER_OPTION(std::vector<std::string>, command) ///< the interpreter, default {"python"}
    COULER_OPTION(std::vector<arg>, args)
    /// @brief `args({"--lr", 0.1})`: the brace form.
    self& args(std::initializer_list<arg> a)
    {
        args_.assign(a.begin(), a.end());
        return *this;
    }
    COULER_OPTION(std::vector<couler::artifact>, output)
    COULER_OPTION(std::vector<couler::output>, input)
    COULER_OPTION(resource_requirements, resources)
    COULER_OPTION(std::string, working_dir)
    COULER_OPTION(std::vector<volume_mount>, volume_mounts)
    COULER_OPTION(std::string, image_pull_policy)
    COULER_OPTION(bool, daemon)

    self& output(couler::artifact a)
    {
        output_ = {std::move(a)};
        return *this;
    }
    /// @brief `output({model, metrics})`: the brace form.
    self& output(std::initializer_list<couler::artifact> a)
    {
        output_.assign(a.begin(), a.end());
        return *this;
    }
private:
    friend class builder;
    std::string image_;
    std::string source_;
    std::vector<std::string> command_{"python"};
    std::vector<arg> args_;
    std::vector<couler::artifact> output_;
    std::vector<couler::output> input_;
    resource_requirements resources_;
    std::string working_dir_;
    std::vector<volume_mount> volume_mounts_;
    std::string image_pull_policy_;
    bool daemon_ = false;
};

/// @brief Options of run_job: a distributed job (or any Kubernetes object) and its conditions.
class job : public step_options<job> {
    using self = job;

public:
    job() = default;
    explicit job(std::string manifest) : manifest_(std::move(manifest)) {}
    COULER_OPTION(std::string, manifest)           ///< the object, YAML or JSON text
    COULER_OPTION(std::string, success_condition)  ///< e.g. `status.replicaStatuses.Worker.succeeded == 2`
    COULER_OPTION(std::string, failure_condition)
    COULER_OPTION(std::string, action)             ///< default "create"
    COULER_OPTION(bool, set_owner_reference)       ///< default true
    COULER_OPTION(std::string, framework)          ///< tensorflow, pytorch, mpi, xgboost...
    COULER_OPTION(std::vector<std::string>, local_command) ///< what the local engine runs instead
    COULER_OPTION(std::vector<arg>, args)          ///< values substituted into the manifest as inputs
    /// @brief `args({"4", producer.result()})`: the brace form.
    self& args(std::initializer_list<arg> a)
    {
        args_.assign(a.begin(), a.end());
        return *this;
    }

private:
    friend class builder;
    std::string manifest_;
    std::string success_condition_;
    std::string failure_condition_;
    std::string action_ = "create";
    bool set_owner_reference_ = true;
    std::string framework_;
    std::vector<std::string> local_command_;
    std::vector<arg> args_;
};

/// @brief Workflow-level settings (Python `config_workflow`).
class workflow_config {
    using self = workflow_config;

public:
    COULER_OPTION(std::string, name)
    COULER_OPTION(std::string, namespace_)
    COULER_OPTION(std::optional<std::int64_t>, timeout)      ///< seconds (activeDeadlineSeconds)
    COULER_OPTION(std::optional<std::int64_t>, time_to_clean) ///< seconds (ttlSecondsAfterFinished)
    COULER_OPTION(std::string, service_account)
    COULER_OPTION(std::optional<cron_schedule>, cron)
    COULER_OPTION(std::optional<std::int64_t>, parallelism)
    COULER_OPTION(string_map, labels)
    COULER_OPTION(string_map, annotations)

private:
    friend class builder;
    std::string name_;
    std::string namespace__;
    std::optional<std::int64_t> timeout_;
    std::optional<std::int64_t> time_to_clean_;
    std::string service_account_;
    std::optional<cron_schedule> cron_;
    std::optional<std::int64_t> parallelism_;
    std::map<std::string, std::string> labels_, annotations_;
};

/// @brief The Python SDK's cron_config defaults: Allow, 3 successful, 1 failed, 10 s, Asia/Shanghai.
inline cron_schedule cron_config(std::string schedule)
{
    cron_schedule c;
    c.schedule = std::move(schedule);
    c.concurrency_policy = "Allow";
    c.successful_jobs_history_limit = 3;
    c.failed_jobs_history_limit = 1;
    c.starting_deadline_seconds = 10;
    c.timezone = "Asia/Shanghai";
    return c;
}

#undef COULER_OPTION

} // namespace couler

#endif
