// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_SAFE_PATH_HPP
#define COULER_ENGINE_DETAIL_SAFE_PATH_HPP

// Paths a workflow gives are data from outside: they are checked lexically before anything
// runs, and opened one component at a time, never through a symbolic link, so that a step
// (or a container sharing its directory) cannot make the engine read or write outside it.

#include <couler/config.hpp>
#include <couler/engine/detail/posix.hpp>
#include <couler/ir/step_template.hpp>

#include <algorithm>
#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace couler {
namespace engine {
namespace detail {

/// Linux's PATH_MAX and NAME_MAX: longer names fail in the kernel anyway; refusing them up
/// front gives a message naming the field instead of ENAMETOOLONG in the middle of a run.
constexpr std::size_t max_path_bytes = 4095, max_name_bytes = 255;

/// Why `p`, a path a template declares (a path inside its container), cannot name a file under
/// the step's work dir; empty if it can. `parts` receives its components (leading `/`, empty
/// and `.` components dropped). A `..` component is refused wherever it is: it is the only
/// way out once the leading `/` is taken as the work dir.
inline std::string declared_path_problem(const std::string& p, std::vector<std::string>& parts)
{
    parts.clear();
    if (p.empty())
        return "is empty";
    if (p.find('\0') != std::string::npos)
        return "contains a NUL byte";
    if (p.size() > max_path_bytes)
        return "is longer than " + std::to_string(max_path_bytes) + " bytes";
    std::size_t pos = 0;
    while (pos <= p.size()) {
        std::size_t slash = p.find('/', pos);
        if (slash == std::string::npos)
            slash = p.size();
        std::string c = p.substr(pos, slash - pos);
        pos = slash + 1;
        if (c.empty() || c == ".")
            continue;
        if (c == "..")
            return "leaves the step's work directory (a '..' component)";
        if (c.size() > max_name_bytes)
            return "has a component longer than " + std::to_string(max_name_bytes) + " bytes";
        parts.push_back(std::move(c));
    }
    if (parts.empty())
        return "names the step's work directory itself, not a file in it";
    return {};
}

/// `p` for a message: control characters (a NUL, a newline) as `?`, cut after at most 200 bytes.
inline std::string shown_path(const std::string& p)
{
    std::size_t cut = std::min<std::size_t>(p.size(), 200);
    while (cut > 0 && cut < p.size() && (static_cast<unsigned char>(p[cut]) & 0xC0) == 0x80)
        --cut; // not inside a UTF-8 character: the message stays valid UTF-8
    std::string out = p.substr(0, cut);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = '?';
    return cut < p.size() ? out + "..." : out;
}

/// One path a template declares, with the field that holds it (Argo's spelling).
struct declared_path {
    std::string field; ///< e.g. `inputs.artifacts.data.path`, `outputs.parameters.p.valueFrom.path`
    std::string path;  ///< as the user wrote it
};

/// The files a template declares, in the order the engine maps them.
inline std::vector<declared_path> declared_paths(const step_template& t)
{
    std::vector<declared_path> out;
    for (const auto& a : t.inputs.artifacts)
        if (!a.path.empty())
            out.push_back({"inputs.artifacts." + a.name + ".path", a.path});
    for (const auto& p : t.outputs.parameters)
        if (!p.from.path.empty())
            out.push_back({"outputs.parameters." + p.name + ".valueFrom.path", p.from.path});
    for (const auto& a : t.outputs.artifacts)
        if (!a.path.empty())
            out.push_back({"outputs.artifacts." + a.name + ".path", a.path});
    return out;
}

/// The emptyDir volumes a container or script template mounts (the template's pod volumes,
/// then the workflow's): each is a fresh empty directory per step, which the engine makes
/// under the step's work dir and maps as it maps declared paths. Argo's Python SDK mounts one
/// over each directory that holds outputs (its k8sapi executor reads them from there).
inline std::vector<declared_path> scratch_dirs(const step_template& t, const std::vector<volume>& workflow_volumes)
{
    std::vector<declared_path> out;
    const container_spec* c = t.has_other_body() ? nullptr : t.container();
    if (!c)
        return out;
    for (const auto& m : c->volume_mounts) {
        const volume* v = nullptr;
        for (const auto* vs : {&t.volumes, &workflow_volumes})
            for (const auto& x : *vs)
                if (!v && x.name == m.name)
                    v = &x;
        if (v && v->kind == volume::source_kind::empty_dir)
            out.push_back({"volume_mounts." + m.name + ".mount_path", m.mount_path});
    }
    return out;
}

/// True if `name` can be one file name of the engine's own (a run id, an exported artifact):
/// 1 to 128 of `A-Z a-z 0-9 . _ -`, not starting with `.` or `-`.
inline bool is_safe_file_name(const std::string& name)
{
    if (name.empty() || name.size() > 128 || name[0] == '.' || name[0] == '-')
        return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return false;
    return true;
}

/// A file descriptor closed on destruction.
class unique_fd {
public:
    explicit unique_fd(int fd = -1) : fd_(fd) {}
    unique_fd(unique_fd&& o) noexcept : fd_(o.release()) {}
    unique_fd& operator=(unique_fd&& o) noexcept
    {
        reset(o.release());
        return *this;
    }
    unique_fd(const unique_fd&) = delete;
    unique_fd& operator=(const unique_fd&) = delete;
    ~unique_fd() { reset(); }
    int get() const { return fd_; }
    int release()
    {
        int f = fd_;
        fd_ = -1;
        return f;
    }
    void reset(int f = -1)
    {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = f;
    }
    explicit operator bool() const { return fd_ >= 0; }

private:
    int fd_;
};

/// Why opening `name` in `dirfd` without following links failed: a link, or errno's text.
inline std::string open_failure(int dirfd, const std::string& name, const std::string& shown, int err)
{
    struct stat st;
    if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
        return "'" + shown + "' is a symbolic link: refused";
    if (err == ENOTDIR)
        return "'" + shown + "' is not a directory";
    return "'" + shown + "': " + std::generic_category().message(err);
}

/// Opens the directory that holds `parts.back()` under `root` (a directory, itself opened
/// without following a link), one component at a time, never through a symbolic link;
/// creates missing directories if `create`. Returns -1 with `why` set on failure, and
/// `missing` true if only a component was absent (and `create` false).
inline unique_fd open_parent_beneath(const fs::path& root, const std::vector<std::string>& parts, bool create,
                                            std::string& why, bool& missing)
{
    missing = false;
    unique_fd dir(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir) {
        why = "the step's work directory " + root.string() + ": " + std::generic_category().message(errno);
        return dir;
    }
    std::string shown;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        shown += (shown.empty() ? "" : "/") + parts[i];
        if (create && ::mkdirat(dir.get(), parts[i].c_str(), 0755) != 0 && errno != EEXIST) {
            why = "'" + shown + "': " + std::generic_category().message(errno);
            return unique_fd();
        }
        int fd = ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            int err = errno;
            missing = err == ENOENT;
            why = open_failure(dir.get(), parts[i], shown, err);
            return unique_fd();
        }
        dir.reset(fd);
    }
    return dir;
}

/// Creates the directories that hold declared path `p` under `root`, refusing to pass
/// through a symbolic link. Empty on success, else why not.
inline std::string make_parents_beneath(const fs::path& root, const std::string& p)
{
    std::vector<std::string> parts;
    std::string why = declared_path_problem(p, parts);
    bool missing = false;
    if (why.empty())
        open_parent_beneath(root, parts, true, why, missing);
    return why;
}

/// Creates the directory `p` (a scratch_dirs path) and its parents under `root`, refusing to
/// pass through a symbolic link. Empty on success, else why not.
inline std::string make_dir_beneath(const fs::path& root, const std::string& p)
{
    std::vector<std::string> parts;
    std::string why = declared_path_problem(p, parts);
    bool missing = false;
    if (why.empty()) {
        parts.emplace_back(); // open_parent_beneath makes every component but the last
        open_parent_beneath(root, parts, true, why, missing);
    }
    return why;
}

/// What open_beneath found.
enum class beneath_kind { file, directory, missing, refused };

/// Opens declared path `p` under `root` for reading, never through a symbolic link, and only
/// if it is a regular file (a FIFO would block the engine; a device is not a step's output).
/// `file`: the fd is open. `directory`, `missing`: nothing opened. `refused`: `why` says why.
inline beneath_kind open_beneath(const fs::path& root, const std::string& p, unique_fd& out, std::string& why)
{
    std::vector<std::string> parts;
    why = declared_path_problem(p, parts);
    if (!why.empty())
        return beneath_kind::refused;
    bool missing = false;
    unique_fd dir = open_parent_beneath(root, parts, false, why, missing);
    if (!dir)
        return missing ? beneath_kind::missing : beneath_kind::refused;
    std::string shown;
    for (const auto& c : parts)
        shown += (shown.empty() ? "" : "/") + c;
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
    unique_fd fd(::openat(dir.get(), parts.back().c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (!fd) {
        int err = errno;
        if (err == ENOENT)
            return beneath_kind::missing;
        why = open_failure(dir.get(), parts.back(), shown, err);
        return beneath_kind::refused;
    }
    struct stat st;
    if (::fstat(fd.get(), &st) != 0) {
        why = "'" + shown + "': " + std::generic_category().message(errno);
        return beneath_kind::refused;
    }
    if (S_ISDIR(st.st_mode))
        return beneath_kind::directory;
    if (!S_ISREG(st.st_mode)) {
        why = "'" + shown + "' is not a regular file or a directory: refused";
        return beneath_kind::refused;
    }
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    out = std::move(fd);
    return beneath_kind::file;
}

} // namespace detail
} // namespace engine
} // namespace couler

#endif
