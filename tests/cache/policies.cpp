// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Each eviction policy's choice on small hand-made cases.
#include <couler/optimize/cache/make_policy.hpp>
#include <couler/optimize/cache/make_policy.hpp> // self-contained and guarded

#define BOOST_TEST_MODULE cache_policies
#include <boost/test/unit_test.hpp>

using namespace couler::cache;

namespace {
entry plain(const std::string& id, std::uint64_t size, double cost = 1)
{
    entry e;
    e.id = id;
    e.size_bytes = size;
    e.cost_seconds = cost;
    return e;
}

entry of(const workflow_model& m, index_t a)
{
    entry e;
    e.id = m.key(a);
    e.size_bytes = m.artifacts[a].size_bytes;
    e.producer = m.tasks[m.artifacts[a].producer].name;
    e.artifact = m.artifacts[a].name;
    return e;
}

// P writes x (100 B), y (100 B), z (500 B); then Q reads y, R reads x, S reads x and z.
// With one slot the plan is P, Q, R, S (ranks 0..3).
struct fan {
    workflow_model m;
    index_t P, Q, R, S, x, y, z;
    fan()
    {
        P = m.add_task("P", 1);
        Q = m.add_task("Q", 1);
        R = m.add_task("R", 1);
        S = m.add_task("S", 1);
        x = m.add_artifact("x", P, 100);
        y = m.add_artifact("y", P, 100);
        z = m.add_artifact("z", P, 500);
        m.add_input(Q, y);
        m.add_input(R, x);
        m.add_input(S, x);
        m.add_input(S, z);
    }
};
} // namespace

BOOST_AUTO_TEST_CASE(names_round_trip)
{
    fan f;
    plan p = make_plan(f.m, 1);
    for (auto n : policy_names) {
        auto pol = make_policy(n, f.m, p);
        BOOST_REQUIRE(pol);
        BOOST_TEST(pol->name() == n);
    }
    BOOST_TEST(!make_policy("nope", f.m, p));
    BOOST_TEST(is_offline("belady"));
    BOOST_TEST(!is_offline("couler"));
}

BOOST_AUTO_TEST_CASE(lru_and_fifo)
{
    lru_policy lru;
    fifo_policy fifo;
    for (eviction_policy* p : {static_cast<eviction_policy*>(&lru), static_cast<eviction_policy*>(&fifo)}) {
        BOOST_TEST(!p->victim().has_value());
        p->on_insert(plain("a", 1), 0);
        p->on_insert(plain("b", 1), 1);
        p->on_insert(plain("c", 1), 2);
        p->on_hit("a", 3);
    }
    BOOST_TEST(*lru.victim() == "b");  // a was refreshed by the hit
    BOOST_TEST(*fifo.victim() == "a"); // hits do not matter
    lru.on_erase("b");
    BOOST_TEST(*lru.victim() == "c");
    // The default victim_for asks victim(): old stores and new ones agree.
    BOOST_TEST(*lru.victim_for(plain("d", 1)) == "c");
}

BOOST_AUTO_TEST_CASE(greedy_dual_size)
{
    gds_policy g;
    g.on_insert(plain("a", 10, 20), 0); // H = 2
    g.on_insert(plain("b", 1, 1), 1);   // H = 1
    BOOST_TEST(*g.victim() == "b");
    g.on_erase("b"); // L rises to 1
    g.on_insert(plain("c", 1, 1), 2); // H = 1 + 1 = 2: ties with a, a is older
    BOOST_TEST(*g.victim() == "a");
    g.on_hit("a", 3); // H(a) = 1 + 2 = 3
    BOOST_TEST(*g.victim() == "c");
}

BOOST_AUTO_TEST_CASE(dag_aware_choices)
{
    fan f;
    plan p = make_plan(f.m, 1);
    BOOST_TEST(p.rank[f.Q] == 1u);
    BOOST_TEST(p.rank[f.S] == 3u);
    auto run = [&](std::string_view name) {
        auto pol = make_policy(name, f.m, p);
        pol->on_step("P", 0);
        pol->on_insert(of(f.m, f.x), 1);
        pol->on_insert(of(f.m, f.y), 1);
        pol->on_insert(of(f.m, f.z), 1);
        return pol;
    };
    // mrd: z's next use (S, rank 3) is farthest.
    BOOST_TEST(*run("mrd")->victim() == "P/z");
    // lrc: y and z have one reference left; y is older.
    BOOST_TEST(*run("lrc")->victim() == "P/y");
    // belady: distance × size: x 2·101, y 1·101, z 3·501.
    BOOST_TEST(*run("belady")->victim() == "P/z");
    // After Q ran, y is dead: every DAG-aware policy drops it first.
    for (auto n : {"mrd", "belady", "couler"}) {
        auto pol = run(n);
        pol->on_step("Q", 2);
        BOOST_TEST(*pol->victim() == "P/y", n);
    }
    // lrc and mrd do not store what nobody will read.
    auto lrc = make_policy("lrc", f.m, p);
    lrc->on_step("P", 0);
    lrc->on_step("Q", 1);
    BOOST_TEST(!lrc->admit(of(f.m, f.y), 1000));
    BOOST_TEST(lrc->admit(of(f.m, f.x), 1000));
}

BOOST_AUTO_TEST_CASE(couler_weighs_miss_cost)
{
    // x is big but cheap to recompute (its producer runs 0.5 s, fetching takes 8 s); z is small
    // and costs its full fetch time. mrd evicts the farther z; couler evicts x, whose byte-time
    // per second of miss saved is worse: x: 1e9·1/0.5 = 2e9, z: 1e8·2/0.8 = 2.5e8.
    workflow_model m;
    index_t P1 = m.add_task("P1", 0.5), P2 = m.add_task("P2", 100), C1 = m.add_task("C1", 1),
          C2 = m.add_task("C2", 1);
    index_t x = m.add_artifact("x", P1, 1000000000), z = m.add_artifact("z", P2, 100000000);
    m.add_input(C1, x);
    m.add_input(C2, z);
    plan p = make_plan(m, 1); // P1, P2, C1, C2
    for (auto n : {"couler", "mrd"}) {
        auto pol = make_policy(n, m, p);
        pol->on_step("P1", 0);
        pol->on_step("P2", 1);
        pol->on_insert(of(m, x), 2);
        pol->on_insert(of(m, z), 3);
        BOOST_TEST(*pol->victim() == (std::string(n) == "couler" ? "P1/x" : "P2/z"), n);
    }
    couler_policy c(m, p);
    BOOST_TEST(c.miss_cost(x) == 0.5);
    BOOST_TEST(std::abs(c.miss_cost(z) - 0.8) < 1e-12);
}

BOOST_AUTO_TEST_CASE(couler_and_belady_refuse_the_worst_newcomer)
{
    fan f;
    plan p = make_plan(f.m, 1);
    for (auto n : {"couler", "belady"}) {
        auto pol = make_policy(n, f.m, p);
        pol->on_step("P", 0);
        pol->on_insert(of(f.m, f.y), 1);
        // z is needed last and is the largest: it is the worst candidate, itself.
        auto v = pol->victim_for(of(f.m, f.z));
        BOOST_REQUIRE(v.has_value());
        BOOST_TEST(*v == "P/z", n);
    }
}
