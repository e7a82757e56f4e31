// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// L, F, V and I of paper Eq. 3–6, checked by hand on small DAGs, the paper's Fig. 4 among them.
#include <couler/optimize/cache/importance_factor.hpp>
#include <couler/optimize/cache/importance_factor.hpp> // self-contained and guarded

#include <couler/optimize/cache/importance_factor_policy.hpp>

#define BOOST_TEST_MODULE cache_importance_factor
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <set>

using namespace couler::cache;

namespace {
const double gib = 1024.0 * 1024.0 * 1024.0;

// A(2) -> B(3) -> D(5) -> E(1), A -> C(4) -> D. Artifacts a..e, one per task, 1 GiB each.
// Degrees (in + out): A 2, B 2, C 2, D 3, E 1.
struct diamond {
    workflow_model m;
    index_t A, B, C, D, E, a, b, c, d, e;
    diamond()
    {
        A = m.add_task("A", 2);
        B = m.add_task("B", 3);
        C = m.add_task("C", 4);
        D = m.add_task("D", 5);
        E = m.add_task("E", 1);
        a = m.add_artifact("a", A, std::uint64_t(gib));
        b = m.add_artifact("b", B, std::uint64_t(gib));
        c = m.add_artifact("c", C, std::uint64_t(gib));
        d = m.add_artifact("d", D, std::uint64_t(gib));
        e = m.add_artifact("e", E, std::uint64_t(gib));
        m.add_input(B, a);
        m.add_input(C, a);
        m.add_input(D, b);
        m.add_input(D, c);
        m.add_input(E, d);
    }
};
} // namespace

BOOST_AUTO_TEST_CASE(reconstruction_cost_by_hand)
{
    diamond g;
    importance_factor f(g.m);
    std::set<index_t> cached;
    auto is_cached = [&](index_t x) { return cached.count(x) > 0; };
    // G_p(d) = {D, B, C, A}: A->B 2+2*2, A->C 2+2*2, B->D 3+2*3, C->D 4+2*3.
    BOOST_TEST(f.reconstruction_cost(g.d, is_cached) == 6.0 + 6.0 + 9.0 + 10.0);
    // b cached: B is kept but not walked through; A is still reached through C.
    cached = {g.b};
    BOOST_TEST(f.reconstruction_cost(g.d, is_cached) == 31.0);
    // b and c cached: A drops out.
    cached = {g.b, g.c};
    BOOST_TEST(f.reconstruction_cost(g.d, is_cached) == 19.0);
    // A source's artifact has nothing to rebuild from.
    BOOST_TEST(f.reconstruction_cost(g.a, is_cached) == 0.0);
    // n = 2 layers: {D, B, C}.
    cached.clear();
    factor_options two;
    two.layers = 2;
    importance_factor f2(g.m, two);
    BOOST_TEST(f2.reconstruction_cost(g.d, is_cached) == 19.0);
}

BOOST_AUTO_TEST_CASE(reuse_value_by_hand)
{
    diamond g;
    importance_factor f(g.m);
    std::set<index_t> cached, started;
    auto is_cached = [&](index_t x) { return cached.count(x) > 0; };
    auto has_started = [&](index_t t) { return started.count(t) > 0; };
    // G_s(a): B, C at κ=1 are A's children (ζ+1 = 0); D at κ=2 gives 1/2, E at κ=3 gives 1/3.
    BOOST_TEST(std::abs(f.reuse_value(g.a, is_cached, has_started) - (0.5 + 1.0 / 3.0)) < 1e-12);
    // D started: r_D = 0.
    started = {g.D};
    BOOST_TEST(std::abs(f.reuse_value(g.a, is_cached, has_started) - 1.0 / 3.0) < 1e-12);
    // b and c cached: the walk stops at B and C.
    started.clear();
    cached = {g.b, g.c};
    BOOST_TEST(f.reuse_value(g.a, is_cached, has_started) == 0.0);
    // Only b cached: D is still reached through C.
    cached = {g.b};
    BOOST_TEST(std::abs(f.reuse_value(g.a, is_cached, has_started) - (0.5 + 1.0 / 3.0)) < 1e-12);
    // d's only consumer is its producer's child: F = 0.
    cached.clear();
    BOOST_TEST(f.reuse_value(g.d, is_cached, has_started) == 0.0);
}

BOOST_AUTO_TEST_CASE(importance_by_hand)
{
    diamond g;
    importance_factor f(g.m);
    auto none = [](index_t) { return false; };
    auto t = f.evaluate(g.a, none, none);
    BOOST_TEST(t.V == 1.0); // 1 GiB in GiB
    double want = 1.5 * std::log(1.0 + 0.0) + std::pow(0.5 + 1.0 / 3.0, 2) - std::exp(-1.0);
    BOOST_TEST(std::abs(t.I - want) < 1e-12);
    auto td = f.evaluate(g.d, none, none);
    BOOST_TEST(std::abs(td.I - (1.5 * std::log(32.0) - std::exp(-1.0))) < 1e-12);
    // α and β weigh the terms.
    factor_options o;
    o.alpha = 2;
    o.beta = 3;
    importance_factor f2(g.m, o);
    BOOST_TEST(std::abs(f2.evaluate(g.a, none, none).I - (3 * std::pow(5.0 / 6.0, 2) - std::exp(-1.0))) < 1e-12);
}

// Fig. 4 (the figure itself is not in our copy of the paper; this DAG follows its prose):
// J1..J6 have run, J7..J9 wait; a4 and a5 are cached, J6 just produced a6 and the cache is
// full. Run times are 10 s except J2 (30 s); every artifact is 1 GiB (V = 1).
//   J1 -> J2 -> J4 -> J6 -> J7 -> J9
//   J1 -> J3 -> J5 -> J6 -> J8 -> J9
// Degrees: J6 4, all others 2 (J1 out 2, J9 in 2).
// Algorithm 2 places a6 in N_c before scoring, so a6 counts as cached:
//   a5: G_p {J5, J3, J1}: J3->J5 10+4, J1->J3 10+4: L = 28. G_s stops at J6 (a6 cached) and
//       J6 has run: F = 0. I = 1.5 ln 29 − e^-1 = 4.6831
//   a4: G_p {J4, J2, J1}: J2->J4 30+4, J1->J2 10+4: L = 48, F = 0. I = 1.5 ln 49 − e^-1 = 5.4699
//   a6: G_p {J6, J4, J5}, J4 and J5 truncate (a4, a5 cached): 2 × (10+2·4): L = 36;
//       G_s: J7, J8 are J6's children (0), J9 at κ=2: F = 1/2. I = 1.5 ln 37 + 1/4 − e^-1 = 5.2985
// So a5 (lowest) is replaced by a6, and a4 (higher than a6) stays, as the paper tells it.
namespace {
// "J" + std::to_string(i) trips GCC 12's -Wrestrict false positive at -O3 in C++20: append instead.
std::string numbered(const char* prefix, int i)
{
    std::string s(prefix);
    s += std::to_string(i);
    return s;
}

struct fig4 {
    workflow_model m;
    std::vector<index_t> J, a;
    fig4()
    {
        J.push_back(no_index);
        a.push_back(no_index);
        for (int i = 1; i <= 9; ++i)
            J.push_back(m.add_task(numbered("J", i), i == 2 ? 30 : 10));
        for (int i = 1; i <= 9; ++i)
            a.push_back(m.add_artifact(numbered("a", i), J[i], std::uint64_t(gib)));
        auto use = [&](int consumer, int producer) { m.add_input(J[consumer], a[producer]); };
        use(2, 1);
        use(3, 1);
        use(4, 2);
        use(5, 3);
        use(6, 4);
        use(6, 5);
        use(7, 6);
        use(8, 6);
        use(9, 7);
        use(9, 8);
    }
};
} // namespace

BOOST_AUTO_TEST_CASE(fig4_scores)
{
    fig4 g;
    importance_factor f(g.m);
    std::set<index_t> cached{g.a[4], g.a[5], g.a[6]};
    auto is_cached = [&](index_t x) { return cached.count(x) > 0; };
    auto has_started = [&](index_t t) { return t <= g.J[6]; };
    auto t5 = f.evaluate(g.a[5], is_cached, has_started);
    auto t4 = f.evaluate(g.a[4], is_cached, has_started);
    auto t6 = f.evaluate(g.a[6], is_cached, has_started);
    BOOST_TEST(t5.L == 28.0);
    BOOST_TEST(t5.F == 0.0);
    BOOST_TEST(t4.L == 48.0);
    BOOST_TEST(t6.L == 36.0);
    BOOST_TEST(t6.F == 0.5);
    BOOST_TEST(std::abs(t5.I - 4.68307) < 1e-4);
    BOOST_TEST(std::abs(t4.I - 5.46985) < 1e-4);
    BOOST_TEST(std::abs(t6.I - 5.29850) < 1e-4);
}

namespace {
entry entry_of(const workflow_model& m, index_t x)
{
    entry e;
    e.id = m.key(x);
    e.size_bytes = m.artifacts[x].size_bytes;
    e.producer = m.tasks[m.artifacts[x].producer].name;
    e.artifact = m.artifacts[x].name;
    return e;
}
} // namespace

BOOST_AUTO_TEST_CASE(fig4_algorithm2)
{
    fig4 g;
    // The plan only feeds "started"; the policy learns progress from on_step.
    plan p = make_plan(g.m, 1);
    importance_factor_policy pol(g.m, p);
    for (int i = 1; i <= 6; ++i)
        pol.on_step(numbered("J", i), std::uint64_t(i));
    pol.on_insert(entry_of(g.m, g.a[4]), 1);
    pol.on_insert(entry_of(g.m, g.a[5]), 2);
    // Room for two: a6 needs one eviction, and a5 is the lowest.
    entry six = entry_of(g.m, g.a[6]);
    BOOST_TEST(pol.admit(six, std::uint64_t(2 * gib)));
    auto v = pol.victim_for(six);
    BOOST_REQUIRE(v.has_value());
    BOOST_TEST(*v == "J5/a5");
    pol.on_erase(*v);
    pol.on_insert(six, 3);
    // Scores are recomputed after the removal: J5 no longer truncates G_p(a6), which grows by
    // J3->J5 (10+4): L(a6) = 50, I(a6) = 1.5 ln 51 + 1/4 − e^-1 = 5.7798 > I(a4) = 5.4699.
    auto s = pol.scores();
    BOOST_REQUIRE(s.size() == 2u);
    BOOST_TEST(s[0].first == "J4/a4");
    BOOST_TEST(std::abs(s[0].second - 5.46985) < 1e-4);
    BOOST_TEST(s[1].first == "J6/a6");
    BOOST_TEST(std::abs(s[1].second - 5.77979) < 1e-4);
}

BOOST_AUTO_TEST_CASE(algorithm2_refuses_the_lowest_newcomer)
{
    diamond g;
    plan p = make_plan(g.m, 1);
    importance_factor_policy pol(g.m, p);
    // d (L = 31) is cached; e is a sink's output (L from E's parent D only, F = 0).
    pol.on_insert(entry_of(g.m, g.d), 0);
    entry e = entry_of(g.m, g.e);
    auto v = pol.victim_for(e);
    BOOST_REQUIRE(v.has_value());
    BOOST_TEST(*v == e.id); // refused: line 29
    // And the refusal left no trace: d's score is what a fresh evaluation gives.
    auto s = pol.scores();
    BOOST_REQUIRE(s.size() == 1u);
    BOOST_TEST(std::abs(s[0].second - pol.terms(g.d).I) < 1e-12);
}
