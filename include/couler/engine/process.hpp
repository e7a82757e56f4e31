// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_PROCESS_HPP
#define COULER_ENGINE_PROCESS_HPP

/// @file
/// @brief Local processes for the engine: spawn in a new process group with redirected
/// output, wait for many at once with a deadline, kill a whole group.
///
/// Each step is the leader of its own process group (setpgid via posix_spawn), so a timeout
/// can kill everything the step started (`kill(-pgid, SIGKILL)`). Waiting uses Linux pidfds
/// with poll, so the engine sleeps until a child exits or a deadline passes and never reaps
/// children it did not start; without pidfds it falls back to polling waitpid.

#include <couler/config.hpp>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <sys/types.h>

namespace couler {
namespace engine {

/// @brief What to run and where its output goes.
struct process_spec {
    std::vector<std::string> argv;   ///< argv[0] is looked up in PATH, unless `program` is set
    std::string program;             ///< the executable's path, already resolved (skips the PATH search)
    std::vector<std::string> env;    ///< full environment, `KEY=VALUE`
    std::filesystem::path cwd;       ///< working directory, or empty for the engine's
    std::filesystem::path stdout_path, stderr_path; ///< files (truncated), or empty for /dev/null
    /// Capture standard output and error through pipes instead (the paths are then ignored):
    /// no file is created for a step that prints nothing, which matters at 20k steps.
    bool capture = false;
};

/// @brief A started child.
struct child {
    pid_t pid = -1;
    int pidfd = -1;             ///< -1 if the kernel has no pidfd_open
    int out_fd = -1, err_fd = -1; ///< read ends of the capture pipes, or -1
    std::string out, err;       ///< captured so far
};

/// @brief Starts a process as the leader of a new process group. Sets `ec` if it could not
/// start (for example argv[0] not found).
COULER_INLINE child spawn_process(const process_spec& spec, std::error_code& ec);

/// @brief One finished child: its pid and a shell-style exit code (128+signal if killed).
struct exit_info {
    pid_t pid = -1;
    int exit_code = 0;
    std::string out, err; ///< captured output, if the spec asked for capture
};

/// @brief Waits until at least one of `running` exits or `timeout_ms` passes (-1: forever),
/// reading captured output meanwhile. Reaps the finished ones, kills what they left in their
/// process group, and returns them, removing them from `running`.
COULER_INLINE std::vector<exit_info> wait_any(std::vector<child>& running, int timeout_ms);

/// @brief SIGKILLs the process group led by `pid`.
COULER_INLINE void kill_group(pid_t pid);

/// @brief The environment of this process, as `KEY=VALUE` strings.
COULER_INLINE std::vector<std::string> current_environment();

/// @brief True if `name` is an executable found in PATH (or a path to one).
COULER_INLINE bool find_in_path(const std::string& name);

/// @brief The path of the executable `name` in PATH (or `name` itself if it has a `/`), or
/// empty. The engine resolves each command once instead of at every spawn: a failed execve
/// per PATH entry per step is measurable at 20k steps.
COULER_INLINE std::string resolve_in_path(const std::string& name);

} // namespace engine
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/engine/impl/process.hpp>
#endif

#endif
