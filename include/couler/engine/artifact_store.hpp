// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_ARTIFACT_STORE_HPP
#define COULER_ENGINE_ARTIFACT_STORE_HPP

/// @file
/// @brief The local engine's on-disk, content-addressed artifact store.
///
/// Layout under the root: `objects/ab/<sha256>` (read-only files named by their SHA-256),
/// `memo.log` (memoized step outputs, one `key<TAB>json` line each, appended under an flock;
/// the last line for a key wins, a torn last line is ignored), `tmp/` (writes in flight), `lock`.
/// Writes are atomic (temp file, fsync, rename, fsync of the directory), so a crash leaves
/// only temp files, which the next open removes. Reads recompute the SHA-256 and refuse
/// (and delete) an object whose content does not match its name.
///
/// Several processes may share one store: readers and writers hold a shared flock on
/// `lock`, eviction holds it exclusively. Objects are immutable once named, so two writers of
/// the same content race harmlessly.
///
/// With a capacity, a new object is offered to the eviction policy exactly as the cache
/// simulator (couler/optimize/cache/simulator.hpp) offers an artifact: `admit`, then
/// `victim_for` until it fits (the policy may refuse the newcomer), then `on_insert`. A
/// refused or evicted object is not lost to the run that wrote it: the store remembers the
/// file it came from (its *origin*, the step's own output file) and reads fall back to it.
/// See docs/caching.md, "In the engine".

#include <couler/engine/detail/posix.hpp>
#include <couler/optimize/cache/eviction_policy.hpp>
#include <couler/optimize/cache/simulator.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace couler {
namespace engine {

/// @brief What the store's cache did (reads are counted by read_inputs only, as the simulator
/// counts a task's reads of task-produced artifacts).
struct cache_stats {
    std::uint64_t hits = 0, misses = 0;
    std::uint64_t insertions = 0, evictions = 0, refusals = 0;
    std::uint64_t peak_bytes = 0; ///< largest total of cached objects after an insertion (with a capacity)
};

/// @brief A content-addressed store with a capacity limit and a pluggable eviction policy.
class artifact_store {
public:
    /// @brief Opens (creating if needed) the store at `root`.
    /// @param capacity_bytes 0 means unlimited; otherwise objects are evicted once the total
    ///        exceeds it, in the order `policy` chooses (LRU if null).
    explicit artifact_store(std::filesystem::path root, std::uint64_t capacity_bytes = 0,
                            std::unique_ptr<cache::eviction_policy> policy = nullptr);

    const std::filesystem::path& root() const { return root_; }
    std::uint64_t capacity_bytes() const { return capacity_; }
    const cache::eviction_policy& policy() const { return *policy_; }

    /// @brief Stores a file's content; returns its SHA-256 (the object id). With a capacity the
    /// policy may refuse it (then it is not stored and, with no origin, cannot be read back).
    std::string put_file(const std::filesystem::path& src, std::error_code& ec);
    std::string put_file(const std::filesystem::path& src);

    /// @brief Stores bytes; returns their SHA-256.
    std::string put_bytes(std::string_view data, std::error_code& ec);

    /// @brief Offers a step's output file to the cache, with what the policy needs to know.
    ///
    /// `hint` gives the entry's producer step, artifact name and cost_seconds (id and size are
    /// filled here). `src` becomes the object's origin: it must stay readable, unchanged, for
    /// the store's lifetime, since the policy may refuse or later evict the object and reads
    /// then copy from `src` (after checking its hash). Returns the id in both cases.
    std::string put_file(const std::filesystem::path& src, const cache::entry& hint, std::error_code& ec);

    /// @brief As above, from `fd`, a file already open for reading (e.g. opened without
    /// following links); `origin` is its path, for later reads (which check its hash).
    std::string put_file(int fd, const std::filesystem::path& origin, const cache::entry& hint, std::error_code& ec);

    /// @brief Tells the store (and a DAG-aware policy) about an object already stored, e.g. a
    /// memoized step's output: its producer and cost, and `origin` (empty: none) to read it
    /// from if it leaves the store. If the object is cached, the policy re-learns it (on_erase,
    /// then on_insert with the full entry), as if its producer had just written it.
    void adopt(const std::string& id, const cache::entry& hint, const std::filesystem::path& origin);

    /// @brief One event of the run's trace: `step` starts (the policy's on_step) or finishes.
    /// Decisions are logged with the number of events before the current one, as the
    /// simulator's clock counts trace events.
    void step_started(const std::string& step);
    void step_finished(const std::string& step);

    /// @brief Copies a step's inputs (id, destination) as the simulator reads them: first every
    /// input that is cached (a hit, on_hit), then each one that is not (a miss: copied from its
    /// origin, then offered to the cache again, read-through). On failure, `ec` is set and
    /// `failed` is the index of the input that could not be read.
    void read_inputs(const std::vector<std::pair<std::string, std::filesystem::path>>& inputs,
                     std::error_code& ec, std::size_t& failed);

    /// @brief Hit, miss and decision counts since the store was opened.
    cache_stats stats() const;
    /// @brief Keeps every insert / evict / refuse decision from now on (tests, reports).
    void record_decisions(bool on);
    std::vector<cache::decision> decisions() const;

    /// @brief Copies object `id` to `dest`, verifying its checksum on the way. A corrupt
    /// object is deleted and reported as `std::errc::illegal_byte_sequence`. If the object is
    /// not stored but its origin is known (put_file with a hint, adopt), it is copied (and
    /// verified) from there.
    void get_file(const std::string& id, const std::filesystem::path& dest, std::error_code& ec);
    void get_file(const std::string& id, const std::filesystem::path& dest);

    /// @brief True if object `id` is present (not verified).
    bool contains(const std::string& id) const;

    /// @brief Recomputes object `id`'s checksum; true if it matches.
    bool verify(const std::string& id) const;

    /// @brief Ids of every object whose content does not match its name (empty: all good).
    std::vector<std::string> verify_all() const;

    /// @brief Number and total bytes of objects on disk.
    std::uint64_t total_bytes() const;
    std::size_t object_count() const;

    /// @brief Keeps `id` from eviction while this process needs it (a later step reads it).
    void pin(const std::string& id);
    void unpin(const std::string& id);

    /// @brief Memoized outputs of a step, by key; false if absent.
    bool read_memo(const std::string& key, std::string& json);
    void write_memo(const std::string& key, const std::string& json, std::error_code& ec);

    /// @brief Evicts (victim(), skipping pinned objects) until the total fits the capacity,
    /// e.g. after the capacity was lowered. Puts need not call it: they make room first.
    void enforce_capacity();

    std::filesystem::path object_path(const std::string& id) const;

private:
    std::string put_fd(int fd, const cache::entry* hint, const std::filesystem::path* origin, std::error_code& ec);
    void clean_stale_temps();
    void load_index();
    // Under the exclusive lock and mu_: make the policy's view equal the disk; returns the bytes.
    std::uint64_t resync_locked();
    // Under the exclusive lock and mu_: the simulator's offer(); true if `e` may be stored.
    bool offer_locked(const cache::entry& e, std::uint64_t& used);
    // Under the exclusive lock and mu_: evicts the victims `next()` names until `need` more
    // bytes fit; false if it names `self` (the newcomer, refused).
    template <class Next>
    bool evict_until_fits(std::uint64_t need, std::uint64_t& used, Next next, const std::string& self);
    void evict_locked(const std::string& id, std::uint64_t& used);
    void log_locked(cache::decision::kind k, const std::string& id);
    void get_stored(const std::string& id, const std::filesystem::path& dest, std::error_code& ec);
    bool copy_verified(const std::filesystem::path& src, const std::string& id, const std::filesystem::path& dest,
                       std::error_code& ec);
    cache::entry entry_for(const std::string& id, std::uint64_t size) const;

    std::filesystem::path root_;
    std::uint64_t capacity_;
    std::unique_ptr<cache::eviction_policy> policy_;
    std::set<std::string> pinned_;
    std::uint64_t clock_ = 0;                      // trace events before the current one
    std::uint64_t events_ = 0;
    std::map<std::string, std::uint64_t> tracked_; // what the policy holds: id -> size
    std::map<std::string, cache::entry> known_;    // hints given by put_file / adopt
    std::map<std::string, std::filesystem::path> origin_;
    cache_stats stats_;
    bool record_ = false;
    std::vector<cache::decision> decisions_;
    bool memo_loaded_ = false;
    std::map<std::string, std::string> memo_;
    mutable std::mutex mu_; // the engine is single-threaded; tests may not be
};

} // namespace engine
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/engine/impl/artifact_store.hpp>
#endif

#endif
