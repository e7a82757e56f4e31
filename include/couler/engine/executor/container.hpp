// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_EXECUTOR_CONTAINER_HPP
#define COULER_ENGINE_EXECUTOR_CONTAINER_HPP

/// @file
/// @brief The container runtime executor: docker or podman through its CLI. The scheduler
/// prepares the `CLI run ...` command line (detail/container_runtime.hpp); the client runs as
/// a host process group, and stopping an attempt also removes its container, which the
/// runtime's daemon (docker) or conmon (podman) runs outside that group.

#include <couler/engine/detail/container_runtime.hpp>
#include <couler/engine/executor/host.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace couler {
namespace engine {

class container_executor : public host_executor {
public:
    container_executor(std::string runtime, std::string cli) : runtime_(std::move(runtime)), cli_(std::move(cli)) {}

    std::string name() const override { return runtime_; }

    long start(const executor_task& t, boost::json::object& rec, std::string& why) override
    {
        executor_task task = t;
        std::string name;
        if (!t.container.empty()) {
            // Each attempt its own container name: the last one may still be being removed.
            name = attempt_name(t);
            auto n = std::find(task.proc.argv.begin(), task.proc.argv.end(), "--name");
            if (n != task.proc.argv.end() && n + 1 != task.proc.argv.end())
                n[1] = name;
        }
        long key = host_executor::start(task, rec, why);
        if (key > 0 && !name.empty()) {
            names_[key] = name;
            rec["container"] = name; // resume removes it
        }
        return key;
    }

    std::vector<executor_end> wait(int timeout_ms) override
    {
        auto out = host_executor::wait(timeout_ms);
        for (auto& e : out)
            names_.erase(e.key);
        if (!cleanup_.empty())
            wait_any(cleanup_, 0); // reap finished container removals
        return out;
    }

    void kill(long key) override
    {
        host_executor::kill(key);
        auto it = names_.find(key);
        if (it != names_.end())
            remove(it->second);
    }

    void kill_all() override
    {
        for (auto& c : running_)
            kill(c.pid);
    }

    // Give container removals a moment to finish, so none outlives the run unreaped.
    void finish() override
    {
        for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
             !cleanup_.empty() && std::chrono::steady_clock::now() < until;)
            wait_any(cleanup_, 100);
    }

    /// The container of an attempt: `<name>-<attempt>`.
    static std::string attempt_name(const executor_task& t) { return t.container + "-" + std::to_string(t.attempt); }

private:
    // `CLI rm -f NAME` without waiting; reaped by `wait`.
    void remove(const std::string& name)
    {
        process_spec ps;
        ps.argv = detail::runtime_remove_argv(cli_, name);
        ps.env = current_environment();
        std::error_code ec;
        child c = spawn_process(ps, ec);
        if (!ec)
            cleanup_.push_back(c);
    }

    std::string runtime_, cli_;
    std::map<long, std::string> names_; ///< running attempts' containers
    std::vector<child> cleanup_;        ///< `CLI rm -f` in flight
};

} // namespace engine
} // namespace couler

#endif
