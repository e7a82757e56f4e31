// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_IMPL_ARTIFACT_STORE_HPP
#define COULER_ENGINE_IMPL_ARTIFACT_STORE_HPP

#include <couler/engine/detail/sha256.hpp>
#include <couler/optimize/cache/lru.hpp>

#include <algorithm>
#include <csignal>
#include <stdexcept>
#include <utility>

#include <sys/stat.h>
#include <sys/types.h>

namespace couler {
namespace engine {

namespace detail {
COULER_INLINE bool is_hex_id(const std::string& s)
{
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}
/// Hashes a whole file.
COULER_INLINE bool hash_file(const fs::path& p, std::string& out)
{
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    sha256 h;
    char buf[65536];
    ssize_t r;
    while ((r = ::read(fd, buf, sizeof buf)) != 0) {
        if (r < 0) {
            if (errno == EINTR)
                continue;
            ::close(fd);
            return false;
        }
        h.update(buf, static_cast<std::size_t>(r));
    }
    ::close(fd);
    out = h.hex_digest();
    return true;
}
} // namespace detail

COULER_INLINE artifact_store::artifact_store(std::filesystem::path root, std::uint64_t capacity_bytes,
                                      std::unique_ptr<cache::eviction_policy> policy)
    : root_(std::move(root)), capacity_(capacity_bytes), policy_(std::move(policy))
{
    if (!policy_)
        policy_ = std::make_unique<cache::lru_policy>();
    std::filesystem::create_directories(root_ / "objects");
    std::filesystem::create_directories(root_ / "tmp");
    clean_stale_temps();
    if (capacity_ > 0)
        load_index();
}

COULER_INLINE std::filesystem::path artifact_store::object_path(const std::string& id) const
{
    return root_ / "objects" / id.substr(0, 2) / id;
}

COULER_INLINE void artifact_store::clean_stale_temps()
{
    // Temp names carry the writer's pid: remove those whose writer is gone (a crash).
    detail::file_lock lk(root_ / "lock", false);
    std::error_code ec;
    for (auto& e : std::filesystem::directory_iterator(root_ / "tmp", ec)) {
        std::string n = e.path().filename().string();
        auto dot2 = n.rfind('.');
        auto dot1 = dot2 == std::string::npos || dot2 == 0 ? std::string::npos : n.rfind('.', dot2 - 1);
        long pid = 0;
        if (dot1 != std::string::npos)
            pid = std::atol(n.substr(dot1 + 1, dot2 - dot1 - 1).c_str());
        if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH))
            std::filesystem::remove(e.path(), ec);
    }
}

COULER_INLINE void artifact_store::load_index()
{
    // Rebuild the policy's view from disk, oldest access first, so LRU survives restarts.
    std::vector<std::pair<std::filesystem::file_time_type, cache::entry>> all;
    std::error_code ec;
    for (auto& e : std::filesystem::recursive_directory_iterator(root_ / "objects", ec)) {
        if (!e.is_regular_file(ec))
            continue;
        cache::entry en;
        en.id = e.path().filename().string();
        if (!detail::is_hex_id(en.id))
            continue;
        en.size_bytes = e.file_size(ec);
        all.emplace_back(e.last_write_time(ec), std::move(en));
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [t, en] : all) {
        (void)t;
        policy_->on_erase(en.id);
        policy_->on_insert(en, clock_);
        tracked_[en.id] = en.size_bytes;
    }
}

COULER_INLINE cache::entry artifact_store::entry_for(const std::string& id, std::uint64_t size) const
{
    cache::entry e;
    auto k = known_.find(id);
    if (k != known_.end())
        e = k->second;
    e.id = id;
    e.size_bytes = size;
    return e;
}

COULER_INLINE void artifact_store::log_locked(cache::decision::kind k, const std::string& id)
{
    if (record_)
        decisions_.push_back({k, clock_, id});
}

COULER_INLINE std::uint64_t artifact_store::resync_locked()
{
    // Another process may have added or removed objects: make the policy see the disk.
    std::map<std::string, std::uint64_t> present;
    std::uint64_t total = 0;
    std::error_code ec;
    for (auto& e : std::filesystem::recursive_directory_iterator(root_ / "objects", ec)) {
        if (!e.is_regular_file(ec))
            continue;
        std::string id = e.path().filename().string();
        if (!detail::is_hex_id(id))
            continue;
        std::uint64_t sz = e.file_size(ec);
        if (ec)
            continue; // removed while we looked
        present.emplace(std::move(id), sz);
        total += sz;
    }
    for (auto it = tracked_.begin(); it != tracked_.end();) {
        if (present.count(it->first)) {
            ++it;
            continue;
        }
        policy_->on_erase(it->first);
        it = tracked_.erase(it);
    }
    for (auto& [id, sz] : present)
        if (!tracked_.count(id)) {
            policy_->on_insert(entry_for(id, sz), clock_);
            tracked_.emplace(id, sz);
        }
    return total;
}

COULER_INLINE void artifact_store::evict_locked(const std::string& id, std::uint64_t& used)
{
    std::error_code ec;
    std::uint64_t sz = tracked_[id];
    std::filesystem::remove(object_path(id), ec);
    used -= std::min(used, sz);
    tracked_.erase(id);
    policy_->on_erase(id);
    ++stats_.evictions;
    log_locked(cache::decision::kind::evict, id);
}

template <class Next>
COULER_INLINE bool artifact_store::evict_until_fits(std::uint64_t need, std::uint64_t& used, Next next,
                                             const std::string& self)
{
    bool ok = true;
    std::vector<std::string> held;
    std::set<std::string> named;
    while (used + need > capacity_) {
        auto v = next();
        if (!v)
            break;
        if (*v == self) {
            ok = false;
            break;
        }
        if (!named.insert(*v).second) {
            break; // a policy that names the same victim twice: stop rather than spin
        }
        if (!tracked_.count(*v)) {
            policy_->on_erase(*v); // not stored (any more): forget it
            continue;
        }
        if (pinned_.count(*v)) {
            held.push_back(*v);
            policy_->on_erase(*v);
            continue;
        }
        evict_locked(*v, used);
    }
    for (auto& id : held)
        policy_->on_insert(entry_for(id, tracked_[id]), clock_);
    return ok;
}

COULER_INLINE bool artifact_store::offer_locked(const cache::entry& e, std::uint64_t& used)
{
    // The simulator's offer(): admit, then victim_for until the newcomer fits; the policy may
    // name the newcomer itself (refuse it). Pinned objects stay: they leave the policy for the
    // duration of the search and come back after.
    if (!policy_->admit(e, capacity_)) {
        ++stats_.refusals;
        log_locked(cache::decision::kind::refuse, e.id);
        return false;
    }
    bool ok = evict_until_fits(e.size_bytes, used, [&] { return policy_->victim_for(e); }, e.id);
    if (used + e.size_bytes > capacity_)
        ok = false;
    if (!ok) {
        ++stats_.refusals;
        log_locked(cache::decision::kind::refuse, e.id);
    }
    return ok;
}

COULER_INLINE std::string artifact_store::put_fd(int in, const cache::entry* hint, const std::filesystem::path* origin,
                                          std::error_code& ec)
{
    ec.clear();
    std::string id;
    std::filesystem::path tmp, dest;
    std::uint64_t size = 0;
    auto remember = [&] {
        if (hint) {
            cache::entry k = *hint;
            k.id = id;
            k.size_bytes = size;
            known_[id] = std::move(k);
        }
        if (origin)
            origin_[id] = *origin;
    };
    struct stat st;
    {
        detail::file_lock lk(root_ / "lock", false);
        tmp = detail::temp_name(root_ / "tmp", "obj");
        detail::sha256 h;
        if (!detail::write_temp(tmp, 0444, true, ec, [&](int out) { return detail::copy_hashing(in, out, h, size); }))
            return {};
        id = h.hex_digest();
        dest = object_path(id);
        std::error_code mk;
        std::filesystem::create_directories(dest.parent_path(), mk);
        if (capacity_ == 0) {
            // Unlimited: store it (nothing is ever evicted or refused).
            if (::stat(dest.c_str(), &st) == 0) {
                ::unlink(tmp.c_str()); // same content already stored
                ::utimensat(AT_FDCWD, dest.c_str(), nullptr, 0);
            } else if (!detail::commit_temp(tmp, dest, true, ec)) {
                return {};
            }
            std::lock_guard<std::mutex> g(mu_);
            remember();
            if (tracked_.count(id)) {
                policy_->on_hit(id, clock_);
            } else {
                policy_->on_insert(entry_for(id, size), clock_);
                tracked_[id] = size;
                ++stats_.insertions;
                log_locked(cache::decision::kind::insert, id);
            }
            return id;
        }
    }
    // A capacity: decide under the exclusive lock, before the object becomes visible, so the
    // store never holds more than its capacity (as the simulator makes room first).
    detail::file_lock ex(root_ / "lock", true);
    std::lock_guard<std::mutex> g(mu_);
    remember();
    if (::stat(dest.c_str(), &st) == 0) {
        ::unlink(tmp.c_str()); // same content already stored: an access
        ::utimensat(AT_FDCWD, dest.c_str(), nullptr, 0);
        bool was_tracked = tracked_.count(id) != 0;
        resync_locked();
        if (was_tracked)
            policy_->on_hit(id, clock_);
        return id;
    }
    std::uint64_t used = resync_locked();
    cache::entry e = entry_for(id, size);
    if (!offer_locked(e, used)) {
        ::unlink(tmp.c_str());
        return id; // not cached; the caller's origin (if any) serves reads
    }
    if (!detail::commit_temp(tmp, dest, true, ec))
        return {};
    policy_->on_insert(e, clock_);
    tracked_[id] = size;
    used += size;
    ++stats_.insertions;
    stats_.peak_bytes = std::max(stats_.peak_bytes, used);
    log_locked(cache::decision::kind::insert, id);
    return id;
}

COULER_INLINE std::string artifact_store::put_file(const std::filesystem::path& src, const cache::entry& hint,
                                            std::error_code& ec)
{
    int in = ::open(src.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        ec = detail::last_errno();
        return {};
    }
    std::string id = put_file(in, src, hint, ec);
    ::close(in);
    return id;
}

COULER_INLINE std::string artifact_store::put_file(int fd, const std::filesystem::path& origin, const cache::entry& hint,
                                            std::error_code& ec)
{
    std::filesystem::path o = std::filesystem::absolute(origin);
    return put_fd(fd, &hint, &o, ec);
}

COULER_INLINE void artifact_store::adopt(const std::string& id, const cache::entry& hint, const std::filesystem::path& origin)
{
    std::lock_guard<std::mutex> g(mu_);
    cache::entry k = hint;
    k.id = id;
    known_[id] = k;
    if (!origin.empty())
        origin_[id] = origin;
    auto t = tracked_.find(id);
    if (t == tracked_.end() || !contains(id))
        return;
    known_[id].size_bytes = t->second;
    policy_->on_erase(id);
    policy_->on_insert(entry_for(id, t->second), clock_);
}

COULER_INLINE void artifact_store::step_started(const std::string& step)
{
    std::lock_guard<std::mutex> g(mu_);
    clock_ = events_++;
    policy_->on_step(step, clock_);
}

COULER_INLINE void artifact_store::step_finished(const std::string& step)
{
    (void)step;
    std::lock_guard<std::mutex> g(mu_);
    clock_ = events_++;
}

COULER_INLINE void artifact_store::read_inputs(const std::vector<std::pair<std::string, std::filesystem::path>>& inputs,
                                        std::error_code& ec, std::size_t& failed)
{
    ec.clear();
    failed = 0;
    // Hits first, for every input, so that filling a miss never evicts another input.
    std::vector<std::size_t> missed;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const auto& [id, dest] = inputs[i];
        std::error_code e;
        if (contains(id)) {
            get_stored(id, dest, e);
            if (!e) {
                std::lock_guard<std::mutex> g(mu_);
                ++stats_.hits;
                continue;
            }
        }
        missed.push_back(i);
    }
    for (std::size_t i : missed) {
        const auto& [id, dest] = inputs[i];
        std::filesystem::path origin;
        {
            std::lock_guard<std::mutex> g(mu_);
            ++stats_.misses;
            auto o = origin_.find(id);
            if (o != origin_.end())
                origin = o->second;
        }
        if (origin.empty()) {
            ec = std::make_error_code(std::errc::no_such_file_or_directory);
            failed = i;
            return;
        }
        if (!copy_verified(origin, id, dest, ec)) {
            failed = i;
            return;
        }
        // Read-through: the missed object is offered to the cache again.
        int in = ::open(origin.c_str(), O_RDONLY | O_CLOEXEC);
        if (in >= 0) {
            std::error_code pe;
            put_fd(in, nullptr, nullptr, pe); // a failure only costs a later miss
            ::close(in);
        }
    }
}

COULER_INLINE cache_stats artifact_store::stats() const
{
    std::lock_guard<std::mutex> g(mu_);
    return stats_;
}

COULER_INLINE void artifact_store::record_decisions(bool on)
{
    std::lock_guard<std::mutex> g(mu_);
    record_ = on;
}

COULER_INLINE std::vector<cache::decision> artifact_store::decisions() const
{
    std::lock_guard<std::mutex> g(mu_);
    return decisions_;
}

COULER_INLINE std::string artifact_store::put_file(const std::filesystem::path& src, std::error_code& ec)
{
    int in = ::open(src.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        ec = detail::last_errno();
        return {};
    }
    std::string id = put_fd(in, nullptr, nullptr, ec);
    ::close(in);
    return id;
}

COULER_INLINE std::string artifact_store::put_file(const std::filesystem::path& src)
{
    std::error_code ec;
    std::string id = put_file(src, ec);
    if (ec)
        throw std::system_error(ec, "artifact store: cannot store '" + src.string() + "'");
    return id;
}

COULER_INLINE std::string artifact_store::put_bytes(std::string_view data, std::error_code& ec)
{
    // Small payloads only: go through a temp file in the store's own tmp/.
    std::filesystem::path tmp = detail::temp_name(root_ / "tmp", "bytes");
    if (!detail::write_temp(tmp, 0644, false, ec, [&](int fd) { return detail::write_all(fd, data.data(), data.size()); }))
        return {};
    std::string id = put_file(tmp, ec);
    ::unlink(tmp.c_str());
    return id;
}

COULER_INLINE bool artifact_store::copy_verified(const std::filesystem::path& src, const std::string& id,
                                          const std::filesystem::path& dest, std::error_code& ec)
{
    ec.clear();
    // `src` is an object or a step's output file: never a link (the hash check would refuse
    // another file's content anyway) nor a FIFO, which would block the engine.
    int in = ::open(src.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (in < 0) {
        ec = detail::last_errno();
        return false;
    }
    struct stat st;
    if (::fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(in);
        ec = std::make_error_code(std::errc::invalid_argument);
        return false;
    }
    ::fcntl(in, F_SETFL, ::fcntl(in, F_GETFL) & ~O_NONBLOCK);
    std::error_code mk;
    std::filesystem::create_directories(dest.parent_path(), mk);
    // The copy goes into a directory of a step's, which its step (or container) could have
    // replaced by a link to elsewhere: refuse to write through one.
    if (::lstat(dest.parent_path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        ::close(in);
        ec = std::make_error_code(std::errc::too_many_symbolic_link_levels);
        return false;
    }
    // A copy for a step to read: not fsync'd (a crash only costs a re-run of the reader).
    std::filesystem::path tmp = detail::temp_name(dest.parent_path(), dest.filename().string());
    detail::sha256 h;
    std::uint64_t size = 0;
    bool ok = detail::write_temp(tmp, 0644, false, ec, [&](int out) { return detail::copy_hashing(in, out, h, size); });
    ::close(in);
    if (!ok)
        return false;
    if (h.hex_digest() != id) {
        ec = std::make_error_code(std::errc::illegal_byte_sequence);
        ::unlink(tmp.c_str());
        return false;
    }
    return detail::commit_temp(tmp, dest, false, ec);
}

COULER_INLINE void artifact_store::get_stored(const std::string& id, const std::filesystem::path& dest, std::error_code& ec)
{
    ec.clear();
    if (!detail::is_hex_id(id)) {
        ec = std::make_error_code(std::errc::invalid_argument);
        return;
    }
    detail::file_lock lk(root_ / "lock", false);
    std::filesystem::path src = object_path(id);
    if (copy_verified(src, id, dest, ec)) {
        ::utimensat(AT_FDCWD, src.c_str(), nullptr, 0); // the access order outlives this process
        std::lock_guard<std::mutex> g(mu_);
        if (tracked_.count(id))
            policy_->on_hit(id, clock_);
        return;
    }
    if (ec == std::errc::illegal_byte_sequence) {
        // Never hand out corrupt data; drop the object so it is produced (or fetched) again.
        ::unlink(src.c_str());
        std::lock_guard<std::mutex> g(mu_);
        if (tracked_.erase(id))
            policy_->on_erase(id);
    }
}

COULER_INLINE void artifact_store::get_file(const std::string& id, const std::filesystem::path& dest, std::error_code& ec)
{
    get_stored(id, dest, ec);
    if (!ec || ec == std::errc::invalid_argument)
        return;
    std::filesystem::path origin;
    {
        std::lock_guard<std::mutex> g(mu_);
        auto o = origin_.find(id);
        if (o == origin_.end())
            return;
        origin = o->second;
    }
    copy_verified(origin, id, dest, ec); // its error, if any, is the one that matters now
}

COULER_INLINE void artifact_store::get_file(const std::string& id, const std::filesystem::path& dest)
{
    std::error_code ec;
    get_file(id, dest, ec);
    if (ec)
        throw std::system_error(ec, "artifact store: cannot read object " + id);
}

COULER_INLINE bool artifact_store::contains(const std::string& id) const
{
    struct stat st;
    return detail::is_hex_id(id) && ::stat(object_path(id).c_str(), &st) == 0;
}

COULER_INLINE bool artifact_store::verify(const std::string& id) const
{
    std::string h;
    return detail::hash_file(object_path(id), h) && h == id;
}

COULER_INLINE std::vector<std::string> artifact_store::verify_all() const
{
    std::vector<std::string> bad;
    detail::file_lock lk(root_ / "lock", false);
    std::error_code ec;
    for (auto& e : std::filesystem::recursive_directory_iterator(root_ / "objects", ec)) {
        if (!e.is_regular_file(ec))
            continue;
        std::string id = e.path().filename().string();
        if (!detail::is_hex_id(id) || !verify(id))
            bad.push_back(e.path().string());
    }
    return bad;
}

namespace detail {
// The number and total size of the files under `objects`.
COULER_INLINE std::pair<std::size_t, std::uint64_t> count_objects(const std::filesystem::path& objects)
{
    std::pair<std::size_t, std::uint64_t> n{0, 0};
    std::error_code ec;
    for (auto& e : std::filesystem::recursive_directory_iterator(objects, ec))
        if (e.is_regular_file(ec)) {
            ++n.first;
            n.second += e.file_size(ec);
        }
    return n;
}
} // namespace detail

COULER_INLINE std::uint64_t artifact_store::total_bytes() const { return detail::count_objects(root_ / "objects").second; }

COULER_INLINE std::size_t artifact_store::object_count() const { return detail::count_objects(root_ / "objects").first; }

COULER_INLINE void artifact_store::pin(const std::string& id)
{
    std::lock_guard<std::mutex> g(mu_);
    pinned_.insert(id);
}
COULER_INLINE void artifact_store::unpin(const std::string& id)
{
    std::lock_guard<std::mutex> g(mu_);
    pinned_.erase(id);
}

COULER_INLINE bool artifact_store::read_memo(const std::string& key, std::string& json)
{
    std::lock_guard<std::mutex> g(mu_);
    if (!memo_loaded_) {
        // One read of the whole log at first use; entries other runs add later are misses.
        memo_loaded_ = true;
        std::string text;
        std::error_code ec;
        detail::read_whole(root_ / "memo.log", text, ec);
        std::size_t pos = 0;
        while (pos < text.size()) {
            std::size_t nl = text.find('\n', pos);
            if (nl == std::string::npos)
                break; // torn last line
            std::size_t tab = text.find('\t', pos);
            if (tab != std::string::npos && tab < nl)
                memo_[text.substr(pos, tab - pos)] = text.substr(tab + 1, nl - tab - 1);
            pos = nl + 1;
        }
    }
    auto it = memo_.find(key);
    if (it == memo_.end())
        return false;
    json = it->second;
    return true;
}

COULER_INLINE void artifact_store::write_memo(const std::string& key, const std::string& json, std::error_code& ec)
{
    ec.clear();
    if (json.find('\n') != std::string::npos || key.find('\t') != std::string::npos) {
        ec = std::make_error_code(std::errc::invalid_argument);
        return;
    }
    // One append per entry, under an exclusive flock so lines of concurrent runs never interleave.
    // No fsync: losing an entry in a power cut only costs a re-run.
    int fd = ::open((root_ / "memo.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        ec = detail::last_errno();
        return;
    }
    std::string line = key + "\t" + json + "\n";
    while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
    }
    if (!detail::write_all(fd, line.data(), line.size()))
        ec = detail::last_errno();
    ::flock(fd, LOCK_UN);
    ::close(fd);
    std::lock_guard<std::mutex> g(mu_);
    memo_[key] = json;
}

COULER_INLINE void artifact_store::enforce_capacity()
{
    if (capacity_ == 0)
        return;
    detail::file_lock lk(root_ / "lock", true);
    std::lock_guard<std::mutex> g(mu_);
    std::uint64_t used = resync_locked();
    evict_until_fits(0, used, [&] { return policy_->victim(); }, std::string());
}

} // namespace engine
} // namespace couler

#endif
