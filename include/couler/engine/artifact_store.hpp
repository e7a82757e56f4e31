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

#include <couler/engine/detail/posix.hpp>
#include <couler/optimize/cache/eviction_policy.hpp>

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

    /// @brief Stores a file's content; returns its SHA-256 (the object id).
    std::string put_file(const std::filesystem::path& src, std::error_code& ec);
    std::string put_file(const std::filesystem::path& src);

    /// @brief Stores bytes; returns their SHA-256.
    std::string put_bytes(std::string_view data, std::error_code& ec);

    /// @brief Copies object `id` to `dest`, verifying its checksum on the way. A corrupt
    /// object is deleted and reported as `std::errc::illegal_byte_sequence`.
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

    /// @brief Evicts until the total fits the capacity. Called after every put.
    void enforce_capacity();

    std::filesystem::path object_path(const std::string& id) const;

private:
    std::string put_fd(int fd, std::error_code& ec);
    void clean_stale_temps();
    void load_index();

    std::filesystem::path root_;
    std::uint64_t capacity_;
    std::unique_ptr<cache::eviction_policy> policy_;
    std::set<std::string> pinned_;
    std::uint64_t clock_ = 0;
    bool memo_loaded_ = false;
    std::map<std::string, std::string> memo_;
    mutable std::mutex mu_; // the engine is single-threaded; tests may not be
};

} // namespace engine
} // namespace couler

#include <couler/engine/impl/artifact_store.hpp>

#endif
