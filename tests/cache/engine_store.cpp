// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The local engine's artifact store and the simulator make the same eviction decisions when
// they replay the same run with the same policy.
//
// The store is driven as the engine drives it (step_started, read_inputs, put_file with the
// entry the simulator offers, step_finished), so it calls the policy exactly as the simulator
// does (admit, victim_for, on_insert, on_hit, on_erase, on_step): after every event of the
// trace the set of artifacts on disk must equal the simulator's cache, for every policy.
// Object ids differ (content hashes in the store, `producer/name` in the simulator): each
// artifact's content is unique, and the test maps one to the other. tests/cache/engine_run.cpp
// does the same through the engine itself.
#include <couler/engine/artifact_store.hpp>

#include <couler/optimize/cache/make_policy.hpp>
#include <couler/optimize/cache/simulator.hpp>
#include <couler/workload/load.hpp>

#define BOOST_TEST_MODULE cache_engine_store
#include <boost/test/unit_test.hpp>

#include <couler/engine/detail/sha256.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <set>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace couler::cache;

namespace {
fs::path fresh_dir(const std::string& name)
{
    fs::path d = fs::path(COULER_BINARY_DIR) / "test-scratch" / (std::string("cache-").append(name).append("-").append(std::to_string(::getpid())));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

// A real workload (Montage, 58 tasks), sizes divided by 2000 so the objects stay small.
workflow_model scaled_montage()
{
    couler::problems ps;
    auto wf = couler::workload::load(std::string(COULER_SHARED_DIR) +
                                         "/workloads/wfcommons/pegasus/montage/montage-chameleon-2mass-005d-001.json",
                                     ps);
    BOOST_REQUIRE(ps.empty());
    auto m = make_model(wf, ps);
    BOOST_REQUIRE(ps.empty());
    for (auto& a : m.artifacts)
        a.size_bytes = std::max<std::uint64_t>(a.size_bytes / 2000, 1);
    return m;
}

std::string slurp(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The content of artifact a: its key, padded to its size (unique per artifact).
std::string content(const workflow_model& m, index_t a)
{
    std::string s = m.key(a) + "\n";
    s.resize(std::max<std::size_t>(s.size(), m.artifacts[a].size_bytes), '.');
    return s;
}
} // namespace

BOOST_AUTO_TEST_CASE(store_matches_simulator)
{
    workflow_model m = scaled_montage();
    plan p = make_plan(m, 4);
    // Contents longer than the scaled size (short keys padded) change sizes: use the real ones.
    for (index_t a = 0; a < m.artifacts.size(); ++a)
        m.artifacts[a].size_bytes = content(m, a).size();
    const std::uint64_t capacity = m.intermediate_bytes() / 5;
    for (std::string_view policy_name : policy_names) {
        std::string name(policy_name);
        BOOST_TEST_CONTEXT(name)
        {
            // The simulator's cache after each trace event, from its decision log.
            auto sim_policy = make_policy(name, m, p);
            sim_options o;
            o.capacity_bytes = capacity;
            o.record_decisions = true;
            auto r = simulate(m, p, *sim_policy, o);
            BOOST_TEST(r.evictions > 10u); // the cache binds: decisions to compare
            std::vector<std::set<std::string>> sim_state(p.events.size());
            {
                std::set<std::string> in;
                std::size_t k = 0;
                for (std::size_t clock = 0; clock < p.events.size(); ++clock) {
                    for (; k < r.decisions.size() && r.decisions[k].clock == clock; ++k) {
                        if (r.decisions[k].what == decision::kind::insert)
                            in.insert(r.decisions[k].id);
                        else if (r.decisions[k].what == decision::kind::evict)
                            in.erase(r.decisions[k].id);
                    }
                    sim_state[clock] = in;
                }
            }
            // The same trace through the store: outputs are put when a task finishes, inputs
            // read when it starts, and a missing input is put back (read-through).
            auto replay = [&](std::string_view store_policy, std::size_t& store_hits) {
                auto dir = fresh_dir(std::string(name) + "-" + std::string(store_policy));
                couler::engine::artifact_store store(dir / "store", capacity, make_policy(store_policy, m, p));
                std::vector<std::string> hash(m.artifacts.size());
                std::map<std::string, index_t> of_hash;
                // Each artifact's file stays where it was written: the store's origin for it.
                auto put = [&](index_t a) {
                    std::error_code ec;
                    fs::path f = dir / "origin" / std::to_string(a);
                    fs::create_directories(f.parent_path());
                    {
                        std::ofstream(f, std::ios::binary) << content(m, a);
                    }
                    hash[a] = store.put_file(f, make_entry(m, a, sim_options{}.bandwidth_bytes_per_second), ec);
                    BOOST_REQUIRE_MESSAGE(!ec, ec.message());
                    of_hash[hash[a]] = a;
                };
                std::size_t mismatched = 0;
                store_hits = 0;
                for (std::size_t clock = 0; clock < p.events.size(); ++clock) {
                    const auto& ev = p.events[clock];
                    const auto& t = m.tasks[ev.task];
                    if (ev.what == trace_event::kind::start) {
                        store.step_started(t.name);
                        std::vector<std::pair<std::string, fs::path>> reads;
                        for (index_t a : t.inputs)
                            if (m.artifacts[a].producer != no_index)
                                reads.emplace_back(hash[a], dir / "read" / std::to_string(a));
                        std::error_code ec;
                        std::size_t bad = 0;
                        store.read_inputs(reads, ec, bad);
                        BOOST_REQUIRE_MESSAGE(!ec, ec.message());
                        for (auto& [h, path] : reads) // every input arrives intact, cached or not
                            BOOST_REQUIRE(couler::engine::detail::sha256_hex(slurp(path)) == h);
                    } else {
                        store.step_finished(t.name);
                        for (index_t a : t.outputs)
                            put(a);
                    }
                    std::set<std::string> on_disk;
                    for (const auto& [h, a] : of_hash)
                        if (store.contains(h))
                            on_disk.insert(m.key(a));
                    if (on_disk != sim_state[clock])
                        ++mismatched;
                    if (store.total_bytes() > capacity)
                        ++mismatched;
                }
                store_hits = store.stats().hits;
                BOOST_TEST(store.verify_all().empty());
                fs::remove_all(dir);
                return mismatched;
            };
            std::size_t store_hits = 0;
            std::size_t mismatched = replay(name, store_hits);
            BOOST_TEST(mismatched == 0u);
            BOOST_TEST(store_hits == r.hits);
            // Control: a store run by another policy does diverge, so the check can fail.
            std::size_t other_hits = 0;
            bool diverged = false;
            for (std::string other : {"lru", "fifo", "couler"})
                if (other != name && !diverged)
                    diverged = replay(other, other_hits) > 0u;
            BOOST_TEST(diverged);
        }
    }
}
