// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_EXECUTOR_HOST_HPP
#define COULER_ENGINE_EXECUTOR_HOST_HPP

/// @file
/// @brief The host executor: each attempt is a process group on this machine (process.hpp).

#include <couler/engine/executor/executor.hpp>
#include <couler/engine/process.hpp>

#include <map>
#include <string>
#include <vector>

namespace couler {
namespace engine {

/// @brief Runs each attempt as the leader of its own process group; the key is its pid.
/// Stopping it SIGKILLs the whole group.
class host_executor : public executor {
public:
    std::string name() const override { return "host"; }

    long start(const executor_task& t, boost::json::object& rec, std::string& why) override
    {
        process_spec ps = t.proc;
        if (ps.program.empty() && !ps.argv.empty()) {
            // Resolve each command once per run (PATH does not change under us).
            auto it = resolved_.find(ps.argv[0]);
            if (it == resolved_.end())
                it = resolved_.emplace(ps.argv[0], resolve_in_path(ps.argv[0])).first;
            ps.program = it->second; // empty if not found: posix_spawnp reports the error
        }
        std::error_code ec;
        child c = spawn_process(ps, ec);
        if (ec) {
            why = "cannot start '" + ps.argv[0] + "': " + ec.message();
            return -1;
        }
        running_.push_back(c);
        // Resume kills what a killed engine left running, by this process group id.
        rec["pgid"] = c.pid;
        return c.pid;
    }

    std::vector<executor_end> wait(int timeout_ms) override
    {
        std::vector<executor_end> out;
        for (auto& e : wait_any(running_, timeout_ms)) {
            executor_end end;
            end.key = e.pid;
            end.exit = std::move(e);
            out.push_back(std::move(end));
        }
        return out;
    }

    void kill(long key) override { kill_group(static_cast<pid_t>(key)); }

    void kill_all() override
    {
        for (auto& c : running_)
            kill(c.pid);
    }

    std::size_t running() const override { return running_.size(); }

protected:
    std::vector<child> running_;
    std::map<std::string, std::string> resolved_;
};

} // namespace engine
} // namespace couler

#endif
