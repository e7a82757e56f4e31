// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#include <couler/engine/artifact_store.hpp>

#include "helpers.hpp"

#include <couler/engine/detail/sha256.hpp>
#include <couler/optimize/cache/lru.hpp>

#define BOOST_TEST_MODULE engine_store
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sys/wait.h>

namespace fs = std::filesystem;
using couler::engine::artifact_store;
using test_engine::fresh_dir;
using test_engine::slurp;

static fs::path write(const fs::path& p, const std::string& s)
{
    std::ofstream(p, std::ios::binary) << s;
    return p;
}

BOOST_AUTO_TEST_CASE(sha256_known_vectors)
{
    using couler::engine::detail::sha256_hex;
    BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(sha256_hex(std::string(1000, 'a')) ==
               "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

BOOST_AUTO_TEST_CASE(put_get_roundtrip_content_addressed)
{
    auto d = fresh_dir("store-rt");
    artifact_store s(d / "store");
    std::string id = s.put_file(write(d / "a.txt", "hello\n"));
    BOOST_TEST(id == couler::engine::detail::sha256_hex("hello\n"));
    BOOST_TEST(s.contains(id));
    // Same content, same object.
    BOOST_TEST(s.put_file(write(d / "b.txt", "hello\n")) == id);
    BOOST_TEST(s.object_count() == 1u);
    s.get_file(id, d / "out" / "c.txt");
    BOOST_TEST(slurp(d / "out" / "c.txt") == "hello\n");
    BOOST_TEST(s.verify_all().empty());
}

BOOST_AUTO_TEST_CASE(corrupt_object_is_refused_and_removed)
{
    auto d = fresh_dir("store-corrupt");
    artifact_store s(d / "store");
    std::string id = s.put_file(write(d / "a.txt", "precious data"));
    fs::path obj = s.object_path(id);
    fs::permissions(obj, fs::perms::owner_write, fs::perm_options::add);
    write(obj, "precious dat4");
    BOOST_TEST(!s.verify(id));
    BOOST_TEST(s.verify_all().size() == 1u);
    std::error_code ec;
    s.get_file(id, d / "x.txt", ec);
    BOOST_TEST(ec == std::make_error_code(std::errc::illegal_byte_sequence));
    BOOST_TEST(!fs::exists(d / "x.txt"));
    BOOST_TEST(!s.contains(id));
    BOOST_CHECK_THROW(s.get_file(id, d / "x.txt"), std::system_error);
}

BOOST_AUTO_TEST_CASE(stale_temp_files_are_removed_on_open)
{
    auto d = fresh_dir("store-tmp");
    { artifact_store s(d / "store"); }
    // A writer that died mid-write (pid 999999 does not exist) left a temp file.
    write(d / "store" / "tmp" / ".tmp.obj.999999.1", "partial");
    write(d / "store" / "tmp" / (".tmp.obj." + std::to_string(::getpid()) + ".7"), "in flight");
    artifact_store s(d / "store");
    BOOST_TEST(!fs::exists(d / "store" / "tmp" / ".tmp.obj.999999.1"));
    BOOST_TEST(fs::exists(d / "store" / "tmp" / (".tmp.obj." + std::to_string(::getpid()) + ".7")));
}

BOOST_AUTO_TEST_CASE(capacity_evicts_least_recently_used)
{
    auto d = fresh_dir("store-lru");
    artifact_store s(d / "store", 250);
    BOOST_TEST(s.policy().name() == "lru");
    std::string a = s.put_file(write(d / "a", std::string(100, 'a')));
    std::string b = s.put_file(write(d / "b", std::string(100, 'b')));
    s.get_file(a, d / "a2"); // a is now more recent than b
    std::string c = s.put_file(write(d / "c", std::string(100, 'c')));
    BOOST_TEST(s.contains(a));
    BOOST_TEST(!s.contains(b));
    BOOST_TEST(s.contains(c));
    BOOST_TEST(s.total_bytes() <= 250u);
}

BOOST_AUTO_TEST_CASE(pinned_objects_survive_eviction)
{
    auto d = fresh_dir("store-pin");
    artifact_store s(d / "store", 150);
    std::string a = s.put_file(write(d / "a", std::string(100, 'a')));
    s.pin(a);
    std::string b = s.put_file(write(d / "b", std::string(100, 'b')));
    BOOST_TEST(s.contains(a));
    BOOST_TEST(!s.contains(b)); // b was the only unpinned candidate
}

BOOST_AUTO_TEST_CASE(refused_objects_are_read_from_their_origin)
{
    auto d = fresh_dir("store-origin");
    artifact_store s(d / "store", 50);
    couler::cache::entry hint;
    hint.producer = "gen";
    hint.artifact = "data";
    fs::path src = write(d / "big", std::string(100, 'b'));
    std::error_code ec;
    std::string id = s.put_file(src, hint, ec);
    BOOST_TEST(!ec);
    BOOST_TEST(!s.contains(id)); // larger than the capacity: refused, not stored
    BOOST_TEST(s.stats().refusals == 1u);
    s.get_file(id, d / "out", ec); // served by its origin
    BOOST_TEST(!ec);
    BOOST_TEST(slurp(d / "out") == std::string(100, 'b'));
    std::size_t bad = 9;
    s.read_inputs({{id, d / "in"}}, ec, bad); // a miss, then offered again (refused again)
    BOOST_TEST(!ec);
    BOOST_TEST(slurp(d / "in") == std::string(100, 'b'));
    BOOST_TEST(s.stats().misses == 1u);
    BOOST_TEST(s.stats().refusals == 2u);
    // A changed origin is never passed on.
    fs::permissions(src, fs::perms::owner_write, fs::perm_options::add);
    write(src, std::string(100, 'c'));
    s.get_file(id, d / "out2", ec);
    BOOST_TEST(ec == std::make_error_code(std::errc::illegal_byte_sequence));
    BOOST_TEST(!fs::exists(d / "out2"));
    s.read_inputs({{id, d / "in2"}}, ec, bad);
    BOOST_TEST(ec == std::make_error_code(std::errc::illegal_byte_sequence));
    BOOST_TEST(bad == 0u);
    BOOST_TEST(s.total_bytes() <= 50u);
}

BOOST_AUTO_TEST_CASE(a_put_makes_room_first_and_never_exceeds_capacity)
{
    auto d = fresh_dir("store-room");
    artifact_store s(d / "store", 250);
    couler::cache::entry hint;
    std::vector<std::string> ids;
    for (int i = 0; i < 6; ++i) {
        std::error_code ec;
        ids.push_back(s.put_file(write(d / std::to_string(i), std::string(100, char('a' + i))), hint, ec));
        BOOST_TEST(s.total_bytes() <= 250u);
    }
    BOOST_TEST(s.contains(ids[4]));
    BOOST_TEST(s.contains(ids[5]));
    BOOST_TEST(s.stats().evictions == 4u);
    for (auto& id : ids) { // evicted or not, every object can still be read
        std::error_code ec;
        s.get_file(id, d / "r", ec);
        BOOST_TEST(!ec);
    }
}

namespace {
// Any policy goes through the one interface: this one evicts the largest entry first.
struct largest_first final : couler::cache::eviction_policy {
    std::map<std::string, std::uint64_t> sizes;
    int hits = 0;
    std::string_view name() const override { return "largest-first"; }
    void on_insert(const couler::cache::entry& e, std::uint64_t) override { sizes[e.id] = e.size_bytes; }
    void on_hit(const std::string&, std::uint64_t) override { ++hits; }
    void on_erase(const std::string& id) override { sizes.erase(id); }
    std::optional<std::string> victim() override
    {
        if (sizes.empty())
            return std::nullopt;
        auto best = sizes.begin();
        for (auto it = sizes.begin(); it != sizes.end(); ++it)
            if (it->second > best->second)
                best = it;
        return best->first;
    }
};
} // namespace

BOOST_AUTO_TEST_CASE(store_accepts_any_policy)
{
    auto d = fresh_dir("store-policy");
    auto p = std::make_unique<largest_first>();
    auto* raw = p.get();
    artifact_store s(d / "store", 300, std::move(p));
    std::string big = s.put_file(write(d / "big", std::string(200, 'x')));
    std::string small = s.put_file(write(d / "small", std::string(50, 'y')));
    s.get_file(small, d / "s2");
    BOOST_TEST(raw->hits == 1);
    std::string mid = s.put_file(write(d / "mid", std::string(100, 'z')));
    BOOST_TEST(!s.contains(big)); // largest goes first, though it is not the oldest access
    BOOST_TEST(s.contains(small));
    BOOST_TEST(s.contains(mid));
}

BOOST_AUTO_TEST_CASE(memo_entries_roundtrip)
{
    auto d = fresh_dir("store-memo");
    artifact_store s(d / "store");
    std::string j;
    BOOST_TEST(!s.read_memo("k1", j));
    std::error_code ec;
    s.write_memo("k1", "{\"out\":{}}", ec);
    BOOST_TEST(!ec);
    BOOST_TEST(s.read_memo("k1", j));
    BOOST_TEST(j == "{\"out\":{}}");
}

BOOST_AUTO_TEST_CASE(concurrent_writers_and_evictors_never_corrupt)
{
    // Four processes hammer one small store: puts of overlapping content, reads, eviction.
    auto d = fresh_dir("store-concurrent");
    { artifact_store s(d / "store"); }
    std::vector<pid_t> kids;
    for (int k = 0; k < 4; ++k) {
        pid_t pid = ::fork();
        if (pid == 0) {
            int bad = 0;
            try {
                artifact_store s(d / "store", 64 * 1024);
                fs::path mine = d / ("w" + std::to_string(k));
                fs::create_directories(mine);
                for (int i = 0; i < 150; ++i) {
                    std::string content = "obj" + std::to_string(i % 40) + std::string(4000 + (i % 40) * 10, 'q');
                    std::string id = s.put_file(write(mine / "in", content));
                    std::error_code ec;
                    s.get_file(id, mine / "out", ec);
                    // Evicted by another process in between is fine; wrong content never is.
                    if (!ec && slurp(mine / "out") != content)
                        ++bad;
                    if (ec && ec != std::errc::no_such_file_or_directory)
                        ++bad;
                }
            } catch (...) {
                bad = 100;
            }
            ::_exit(bad);
        }
        kids.push_back(pid);
    }
    for (pid_t p : kids) {
        int st = 0;
        ::waitpid(p, &st, 0);
        BOOST_TEST(WIFEXITED(st));
        BOOST_TEST(WEXITSTATUS(st) == 0);
    }
    artifact_store s(d / "store");
    BOOST_TEST(s.verify_all().empty());
    BOOST_TEST(fs::is_empty(d / "store" / "tmp"));
}
