// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_IMPL_PROCESS_HPP
#define COULER_ENGINE_IMPL_PROCESS_HPP

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <poll.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

namespace couler {
namespace engine {

COULER_INLINE child spawn_process(const process_spec& spec, std::error_code& ec)
{
    ec.clear();
    child c;
    if (spec.argv.empty()) {
        ec = std::make_error_code(std::errc::invalid_argument);
        return c;
    }
    std::vector<char*> argv, envp;
    for (auto& a : spec.argv)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (auto& e : spec.env)
        envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);

    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&at);
    posix_spawnattr_setpgroup(&at, 0);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&at, &none);
    sigset_t dflt;
    sigemptyset(&dflt);
    sigaddset(&dflt, SIGPIPE);
    sigaddset(&dflt, SIGINT);
    sigaddset(&dflt, SIGTERM);
    posix_spawnattr_setsigdefault(&at, &dflt);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    std::string out = spec.stdout_path.empty() ? "/dev/null" : spec.stdout_path.string();
    std::string err = spec.stderr_path.empty() ? "/dev/null" : spec.stderr_path.string();
    int po[2] = {-1, -1}, pe[2] = {-1, -1};
    if (spec.capture) {
        if (::pipe2(po, O_CLOEXEC) != 0 || ::pipe2(pe, O_CLOEXEC) != 0) {
            ec = std::error_code(errno, std::generic_category());
            for (int fd : {po[0], po[1], pe[0], pe[1]})
                if (fd >= 0)
                    ::close(fd);
            posix_spawn_file_actions_destroy(&fa);
            posix_spawnattr_destroy(&at);
            return c;
        }
        posix_spawn_file_actions_adddup2(&fa, po[1], 1);
        posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
    } else {
        posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    }
    std::string cwd = spec.cwd.string();
    if (!cwd.empty())
        posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
    pid_t pid = -1;
    int rc = spec.program.empty() ? posix_spawnp(&pid, argv[0], &fa, &at, argv.data(), envp.data())
                                  : posix_spawn(&pid, spec.program.c_str(), &fa, &at, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    if (spec.capture) {
        ::close(po[1]);
        ::close(pe[1]);
        ::fcntl(po[0], F_SETFL, O_NONBLOCK);
        ::fcntl(pe[0], F_SETFL, O_NONBLOCK);
    }
    if (rc != 0) {
        if (spec.capture) {
            ::close(po[0]);
            ::close(pe[0]);
        }
        ec = std::error_code(rc, std::generic_category());
        return c;
    }
    c.pid = pid;
    c.out_fd = po[0];
    c.err_fd = pe[0];
#ifdef SYS_pidfd_open
    c.pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (c.pidfd >= 0)
        ::fcntl(c.pidfd, F_SETFD, FD_CLOEXEC);
#endif
    return c;
}

namespace detail {
COULER_INLINE int decode_status(int st)
{
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return 1;
}
} // namespace detail

namespace detail {
// Reads what is available without blocking; closes the fd at EOF. Keeps at most 64 MiB.
COULER_INLINE void drain(int& fd, std::string& buf)
{
    if (fd < 0)
        return;
    char tmp[65536];
    for (;;) {
        ssize_t r = ::read(fd, tmp, sizeof tmp);
        if (r > 0) {
            if (buf.size() < (std::size_t(64) << 20))
                buf.append(tmp, static_cast<std::size_t>(r));
            continue;
        }
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0) {
            ::close(fd);
            fd = -1;
        }
        return; // EAGAIN: nothing more now
    }
}
} // namespace detail

COULER_INLINE std::vector<exit_info> wait_any(std::vector<child>& running, int timeout_ms)
{
    std::vector<exit_info> done;
    if (running.empty())
        return done;
    bool have_fds = true;
    for (auto& c : running)
        have_fds = have_fds && c.pidfd >= 0;
    std::vector<pollfd> fds;
    for (auto& c : running) {
        if (c.pidfd >= 0)
            fds.push_back({c.pidfd, POLLIN, 0});
        if (c.out_fd >= 0)
            fds.push_back({c.out_fd, POLLIN, 0});
        if (c.err_fd >= 0)
            fds.push_back({c.err_fd, POLLIN, 0});
    }
    // Without pidfds, wake up every 10 ms to look for exits.
    int wait_ms = have_fds ? timeout_ms : (timeout_ms < 0 || timeout_ms > 10 ? 10 : timeout_ms);
    int r;
    do
        r = ::poll(fds.data(), fds.size(), wait_ms);
    while (r < 0 && errno == EINTR);
    for (std::size_t i = 0; i < running.size();) {
        child& c = running[i];
        detail::drain(c.out_fd, c.out);
        detail::drain(c.err_fd, c.err);
        int st = 0;
        pid_t w = ::waitpid(c.pid, &st, WNOHANG);
        if (w == c.pid || (w < 0 && errno == ECHILD)) {
            kill_group(c.pid); // whatever the step left behind in its group goes too
            detail::drain(c.out_fd, c.out);
            detail::drain(c.err_fd, c.err);
            for (int* fd : {&c.out_fd, &c.err_fd, &c.pidfd})
                if (*fd >= 0) {
                    ::close(*fd);
                    *fd = -1;
                }
            done.push_back({c.pid, w < 0 ? 1 : detail::decode_status(st), std::move(c.out), std::move(c.err)});
            running[i] = std::move(running.back());
            running.pop_back();
        } else {
            ++i;
        }
    }
    return done;
}

COULER_INLINE void kill_group(pid_t pid)
{
    if (pid > 0)
        ::kill(-pid, SIGKILL);
}

COULER_INLINE std::vector<std::string> current_environment()
{
    std::vector<std::string> out;
    for (char** e = environ; e && *e; ++e)
        out.emplace_back(*e);
    return out;
}

COULER_INLINE bool find_in_path(const std::string& name) { return !resolve_in_path(name).empty(); }

COULER_INLINE std::string resolve_in_path(const std::string& name)
{
    if (name.empty())
        return {};
    if (name.find('/') != std::string::npos)
        return ::access(name.c_str(), X_OK) == 0 ? name : std::string();
    const char* path = std::getenv("PATH");
    std::string p = path ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= p.size()) {
        std::size_t colon = p.find(':', start);
        if (colon == std::string::npos)
            colon = p.size();
        std::string dir = p.substr(start, colon - start);
        if (dir.empty())
            dir = ".";
        std::string cand = dir + "/" + name;
        struct stat st;
        if (::access(cand.c_str(), X_OK) == 0 && ::stat(cand.c_str(), &st) == 0 && S_ISREG(st.st_mode))
            return cand;
        start = colon + 1;
    }
    return {};
}

} // namespace engine
} // namespace couler

#endif
