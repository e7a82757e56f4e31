// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_CONTAINER_RUNTIME_HPP
#define COULER_ENGINE_DETAIL_CONTAINER_RUNTIME_HPP

// The command lines the engine gives a container runtime CLI (docker or podman: both take the
// same flags). Every value is its own argv element and nothing goes through a shell, so a
// parameter with quotes, newlines, `$(...)` or `;` reaches the container as it is.

#include <couler/config.hpp>
#include <couler/engine/detail/sha256.hpp>

#include <string>
#include <vector>

namespace couler {
namespace engine {
namespace detail {

/// One container step, as the runtime runs it.
struct container_run {
    std::string cli;                  ///< the runtime binary: `docker`, `podman` or a path
    std::string name;                 ///< `--name` (so a timed-out container can be removed)
    std::string image;
    std::string pull_policy;          ///< Argo's Always, Never, IfNotPresent; empty: the runtime's default
    std::vector<std::string> mounts;  ///< host directories, mounted at the same path
    std::string workdir;              ///< `-w`
    std::vector<std::string> env;     ///< `KEY=VALUE`, each one `-e`
    std::vector<std::string> command; ///< the entrypoint and its first arguments; empty: the image's
    std::vector<std::string> args;
};

/// `CLI run --rm --name N [--pull P] -v D:D... -w W [-e K=V]... [--entrypoint C0] IMAGE C1... ARGS...`
inline std::vector<std::string> runtime_run_argv(const container_run& c)
{
    std::vector<std::string> d{c.cli, "run", "--rm", "--name", c.name};
    if (c.pull_policy == "Always")
        d.insert(d.end(), {"--pull", "always"});
    else if (c.pull_policy == "Never")
        d.insert(d.end(), {"--pull", "never"});
    else if (c.pull_policy == "IfNotPresent")
        d.insert(d.end(), {"--pull", "missing"});
    for (const auto& m : c.mounts)
        d.insert(d.end(), {"-v", m + ":" + m});
    if (!c.workdir.empty())
        d.insert(d.end(), {"-w", c.workdir});
    for (const auto& e : c.env)
        d.insert(d.end(), {"-e", e});
    if (!c.command.empty())
        d.insert(d.end(), {"--entrypoint", c.command.front()});
    d.push_back(c.image);
    if (!c.command.empty())
        d.insert(d.end(), c.command.begin() + 1, c.command.end());
    d.insert(d.end(), c.args.begin(), c.args.end());
    return d;
}

/// `CLI rm -f NAME`: stops and removes a container. Killing the runtime client does not stop a
/// container the daemon (docker) or conmon (podman) runs, so a timeout needs this too.
inline std::vector<std::string> runtime_remove_argv(const std::string& cli, const std::string& name)
{
    return {cli, "rm", "-f", name};
}

/// A container name for a step of a run: `couler-<run id>.<step dir>`, in the characters
/// container names allow (`[a-zA-Z0-9][a-zA-Z0-9_.-]*`), shortened with a hash if long.
/// The engine appends `-<attempt>`, so a retry never meets the name of a container being removed.
inline std::string container_name(const std::string& run_id, const std::string& step_dir)
{
    std::string n = "couler-" + run_id + "." + step_dir;
    for (char& ch : n)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
              ch == '.' || ch == '-'))
            ch = '.';
    if (n.size() > 100) {
        sha256 h;
        h.update(run_id + "\x1f" + step_dir);
        n = n.substr(0, 80) + "-" + h.hex_digest().substr(0, 16);
    }
    return n;
}

} // namespace detail
} // namespace engine
} // namespace couler

#endif
