// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Property test: thousands of seeded random workflows (tests/ir/random_workflow.hpp) survive
// to_json -> text -> from_json unchanged, serialise deterministically, and, when generated
// valid, pass couler::validate before and after the round trip.
//
// Reproduce one failure with COULER_IR_SEED=<seed> COULER_IR_COUNT=1 (the seed is printed).
#include <couler/ir/json.hpp>

#include "random_workflow.hpp"

#include <couler/ir/algorithm.hpp>
#include <couler/ir/validate.hpp>

#define BOOST_TEST_MODULE ir_property
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <set>
#include <string>

namespace {

std::uint64_t env_or(const char* name, std::uint64_t fallback)
{
    const char* v = std::getenv(name);
    return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

std::string first_difference(const std::string& a, const std::string& b)
{
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i])
        ++i;
    std::size_t from = i > 60 ? i - 60 : 0;
    return "at byte " + std::to_string(i) + ":\n  first:  " + a.substr(from, 160) + "\n  second: " + b.substr(from, 160);
}

struct totals {
    std::size_t workflows = 0, steps = 0, templates = 0, graphs = 0, bytes = 0, valid = 0, failures = 0;
};

// Checks one workflow; returns false (after reporting) on the first broken property.
bool check_one(std::uint64_t seed, bool valid_mode, totals& t)
{
    couler_test::random_options opt;
    opt.valid = valid_mode;
    const std::string tag = std::string(valid_mode ? "valid" : "hostile") + " workflow of seed " + std::to_string(seed);
    couler::workflow wf;
    try {
        wf = couler_test::random_workflow(seed, opt);
    } catch (const std::exception& e) {
        BOOST_ERROR(tag << ": the generator threw: " << e.what());
        return false;
    }
    ++t.workflows;
    t.templates += wf.templates().size();
    for (auto& tp : wf.templates())
        if (auto g = tp.graph()) {
            ++t.graphs;
            t.steps += g->size();
        }

    // A copy is equal, and the generator is deterministic (checked on every tenth seed: it costs
    // a second generation).
    couler::workflow copy = wf;
    if (!(copy == wf) || (seed % 10 == 0 && !(couler_test::random_workflow(seed, opt) == wf))) {
        BOOST_ERROR(tag << ": a copy or a regenerated workflow is not equal to the original");
        return false;
    }

    const std::string text = couler::to_json_string(wf);
    t.bytes += text.size();
    if (couler::to_json_string(wf) != text) {
        BOOST_ERROR(tag << ": serialising twice gave different text");
        return false;
    }

    couler::problems ps;
    couler::workflow back = couler::parse_workflow(text, ps);
    if (!ps.empty()) {
        BOOST_ERROR(tag << ": its own JSON does not read back: " << couler::invalid_input(ps).what());
        return false;
    }
    const std::string again = couler::to_json_string(back);
    if (again != text) {
        BOOST_ERROR(tag << ": re-serialised JSON differs " << first_difference(text, again));
        return false;
    }
    if (!(back == wf)) {
        BOOST_ERROR(tag << ": the workflow read back is not operator== to the original (its JSON is identical)");
        return false;
    }
    // The pretty form reads back too.
    couler::workflow pretty = couler::parse_workflow(couler::to_json_pretty(wf), ps);
    if (!ps.empty() || !(pretty == wf)) {
        BOOST_ERROR(tag << ": the pretty-printed JSON does not round trip");
        return false;
    }
    // Graph structure, per template: same order of steps, same predecessors in the same order.
    for (std::size_t i = 0; i < wf.templates().size(); ++i) {
        auto g1 = wf.templates()[i].graph();
        auto g2 = back.templates()[i].graph();
        if (!g1)
            continue;
        if (couler::is_acyclic(*g1) != couler::is_acyclic(*g2)) {
            BOOST_ERROR(tag << ": acyclicity changed in the round trip");
            return false;
        }
        // Algorithms see the same graph: the topological order does not depend on the order
        // the edges were added in (the generator shuffles them; the reader adds them per step).
        if (couler::topological_order(*g1) != couler::topological_order(*g2)) {
            BOOST_ERROR(tag << ": the topological order of template " << i << " changed in the round trip");
            return false;
        }
        for (std::size_t v = 0; v < g1->size(); ++v)
            if (g1->predecessors(v) != g2->predecessors(v)) {
                BOOST_ERROR(tag << ": predecessors of step " << v << " changed in the round trip");
                return false;
            }
    }

    if (valid_mode) {
        auto problems = couler::validate(wf);
        if (!problems.empty()) {
            BOOST_ERROR(tag << ": generated as valid but validate() says:\n" << couler::invalid_input(problems).what());
            return false;
        }
        if (seed % 4 == 0 && !couler::validate(back).empty()) {
            BOOST_ERROR(tag << ": valid before the round trip, invalid after");
            return false;
        }
        ++t.valid;
    }
    return true;
}

void run(bool valid_mode, std::uint64_t default_count)
{
    const std::uint64_t base = env_or("COULER_IR_SEED", 20260101);
    const std::uint64_t count = env_or("COULER_IR_COUNT", default_count);
    totals t;
    auto start = std::chrono::steady_clock::now();
    for (std::uint64_t i = 0; i < count; ++i) {
        if (!check_one(base + i, valid_mode, t) && ++t.failures >= 10) {
            BOOST_ERROR("stopping after 10 failing seeds");
            break;
        }
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    std::cout << (valid_mode ? "valid" : "hostile") << ": " << t.workflows << " workflows (seeds " << base << ".."
              << base + count - 1 << "), " << t.templates << " templates, " << t.graphs << " graphs, " << t.steps
              << " steps, " << t.bytes / 1024 << " KiB of JSON, " << t.valid << " validated, in " << ms << " ms\n";
    BOOST_TEST(t.failures == 0u);
    BOOST_TEST(t.workflows == count);
}

} // namespace

BOOST_AUTO_TEST_CASE(valid_random_workflows_round_trip_and_validate) { run(true, 1000); }

BOOST_AUTO_TEST_CASE(hostile_random_workflows_round_trip) { run(false, 400); }

BOOST_AUTO_TEST_CASE(generator_covers_every_field)
{
    // Over a modest number of seeds, every body kind, artifact kind and optional feature appears.
    std::set<int> bodies, kinds;
    bool when = false, items = false, param = false, seq = false, repeat = false, exit = false, cron = false,
         retry = false, memoize = false, ext = false, nested = false, volumes = false, secrets = false,
         access_key = false, empty_name = false, long_string = false;
    // Features modelled for Argo coverage (docs/argo-coverage.md).
    bool container_set = false, http = false, sidecars = false, init = false, sync = false, wf_sync = false,
         tmpl_volumes = false, patch = false, total_timeout = false, unlimited = false, limit_expr = false,
         cap = false, probes = false, template_ref = false, step_hooks = false, wf_hooks = false,
         continue_error = false, fail_fast = false, target = false, wf_ref = false, wf_artifacts = false,
         schedules = false, pod_gc = false, pod_meta = false, wf_meta = false, repo_ref = false, ttl = false,
         archive = false, mode = false, from_expr = false, supplied = false, config_map = false, claims = false,
         pod_resources = false, gc = false, hook_artifacts = false, metrics = false, inline_template = false,
         template_defaults = false, node_annotations = false;
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        for (bool valid : {true, false}) {
            couler_test::random_options opt;
            opt.valid = valid;
            auto wf = couler_test::random_workflow(seed, opt);
            exit |= !wf.settings.on_exit.empty();
            cron |= wf.settings.cron.has_value();
            volumes |= !wf.settings.volumes.empty() && !wf.settings.volume_claim_templates.empty();
            secrets |= !wf.secrets.empty();
            ext |= !wf.extensions.empty();
            wf_sync |= wf.settings.synchronization.has_value();
            wf_hooks |= !wf.settings.hooks.empty();
            wf_ref |= wf.settings.workflow_template_ref_.has_value();
            wf_artifacts |= !wf.artifacts.empty();
            schedules |= wf.settings.cron && !wf.settings.cron->schedules.empty();
            pod_gc |= wf.settings.pod_gc.has_value();
            pod_meta |= !wf.settings.pod_labels.empty();
            wf_meta |= !wf.settings.workflow_labels_from.empty();
            repo_ref |= wf.settings.artifact_repository.has_value();
            ttl |= wf.settings.ttl_seconds_after_success && wf.settings.ttl_seconds_after_failure;
            claims |= !wf.settings.resource_claims.empty();
            pod_resources |= !wf.settings.pod_resources.empty();
            gc |= !wf.settings.artifact_gc_strategy.empty();
            metrics |= !wf.settings.metrics.empty();
            template_defaults |= !wf.template_defaults.empty();
            for (auto& [n, h] : wf.settings.hooks)
                hook_artifacts |= !h.artifact_arguments.empty();
            for (auto& t : wf.templates()) {
                bodies.insert(static_cast<int>(t.kind()));
                container_set |= t.container_set.has_value();
                http |= t.http.has_value();
                node_annotations |= !t.annotations.empty();
                sidecars |= !t.sidecars.empty();
                init |= !t.init_containers.empty();
                sync |= t.synchronization.has_value();
                tmpl_volumes |= !t.volumes.empty();
                patch |= !t.pod_spec_patch.empty();
                total_timeout |= !t.total_timeout.empty();
                unlimited |= t.retry && t.retry->unlimited;
                limit_expr |= t.retry && !t.retry->limit_expression.empty();
                cap |= t.retry && t.retry->back_off && !t.retry->back_off->cap.empty();
                if (auto c = t.container())
                    probes |= !c->readiness_probe.empty();
                for (auto& a : t.outputs.artifacts) {
                    archive |= !a.archive.empty();
                    mode |= a.mode.has_value();
                    from_expr |= !a.from_expression.empty();
                }
                for (auto& p : t.outputs.parameters)
                    supplied |= p.from.supplied;
                for (auto& p : t.inputs.parameters)
                    config_map |= p.from.config_map.has_value();
                empty_name |= t.name.empty();
                retry |= t.retry && t.retry->back_off;
                memoize |= t.memoize.has_value();
                for (auto& a : t.inputs.artifacts) {
                    kinds.insert(static_cast<int>(a.kind));
                    access_key |= a.access_key.has_value();
                }
                if (auto c = t.container())
                    for (auto& a : c->args)
                        long_string |= a.size() > 2000;
                if (auto g = t.graph()) {
                    fail_fast |= g->fail_fast.has_value();
                    target |= !g->target.empty();
                }
                if (auto g = t.graph())
                    for (std::size_t v = 0; v < g->size(); ++v) {
                        auto& s = (*g)[v];
                        template_ref |= s.template_ref_.has_value();
                        inline_template |= !s.inline_template.empty();
                        step_hooks |= !s.hooks.empty();
                        continue_error |= s.continue_on_error;
                        when |= !s.when.empty();
                        items |= !s.with_items.empty();
                        param |= !s.with_param.empty();
                        seq |= s.with_sequence.has_value();
                        repeat |= s.repeat.has_value();
                        empty_name |= s.name.empty();
                        auto callee = wf.find_template(s.template_name);
                        nested |= callee && callee->is_graph();
                    }
            }
        }
    }
    BOOST_TEST(bodies.size() == 6u);
    BOOST_TEST(kinds.size() == 10u);
    for (bool b : {container_set, http, sidecars, init, sync, wf_sync, tmpl_volumes, patch, total_timeout, unlimited,
                   limit_expr, cap, probes, template_ref, step_hooks, wf_hooks, continue_error, fail_fast, target,
                   wf_ref, wf_artifacts, schedules, pod_gc, pod_meta, wf_meta, repo_ref, ttl, archive, mode, from_expr,
                   supplied, config_map, claims, pod_resources, gc, hook_artifacts, metrics, inline_template, template_defaults, node_annotations})
        BOOST_TEST(b);
    BOOST_TEST(when);
    BOOST_TEST(items);
    BOOST_TEST(param);
    BOOST_TEST(seq);
    BOOST_TEST(repeat);
    BOOST_TEST(exit);
    BOOST_TEST(cron);
    BOOST_TEST(retry);
    BOOST_TEST(memoize);
    BOOST_TEST(ext);
    BOOST_TEST(nested);
    BOOST_TEST(volumes);
    BOOST_TEST(secrets);
    BOOST_TEST(access_key);
    BOOST_TEST(empty_name);
    BOOST_TEST(long_string);
}

BOOST_AUTO_TEST_CASE(checks_can_fail)
{
    // The round-trip comparison notices a one-field change, so the property above has teeth.
    auto wf = couler_test::random_workflow(7);
    auto back = couler::parse_workflow(couler::to_json_string(wf));
    BOOST_TEST((back == wf));
    auto& g = back.graph();
    if (g.size() > 0) {
        g[0].continue_on_failed = !g[0].continue_on_failed;
        BOOST_TEST((back != wf));
    }
    back = couler::parse_workflow(couler::to_json_string(wf));
    back.settings.labels["x"] = "y";
    BOOST_TEST((back != wf));
}
