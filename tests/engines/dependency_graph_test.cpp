// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The dependency graphs agree across engines: every conformance workflow (read as `couler emit`
// reads it) is emitted for Argo, Tekton and Airflow 3; for each one that more than one engine
// emits, the Tekton output's edges (runAfter plus result references) and the Airflow output's
// (check_airflow_dag.py --json, condition tasks contracted, exit-handler tasks left out) must
// equal the IR's edges of the entry graph. check_edges.py does the comparison over a manifest,
// with tests/common/engine_edges.py.
#include <couler/emit/airflow.hpp>
#include <couler/emit/argo.hpp>
#include <couler/emit/tekton.hpp>
#include <couler/import/any.hpp>
#include <couler/ir/validate.hpp>

#include "../common/conformance_inputs.hpp"

#define BOOST_TEST_MODULE engines_dependency_graph
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
namespace json = boost::json;

BOOST_AUTO_TEST_CASE(tekton_and_airflow_edges_equal_the_ir_edges)
{
    const fs::path out = COULER_TEST_OUT_DIR;
    fs::remove_all(out);
    fs::create_directories(out);
    std::ofstream manifest(out / "manifest.jsonl");
    std::size_t n = 0, multi = 0;
    for (const auto& in : couler_test::conformance_inputs(COULER_SHARED_DIR, couler_test::snapshot::last)) {
        couler::workflow wf;
        if (!couler_test::read_as_emit_does(in, wf))
            continue; // not a workflow `couler emit` reads
        const auto* entry = wf.find_template(wf.entrypoint);
        if (!entry || !entry->graph())
            continue; // a leaf entrypoint: no edges to compare
        int engines = 0;
        try {
            (void)couler::to_argo_json(wf);
            ++engines;
        } catch (const couler::invalid_input&) {
        }
        std::string tekton, airflow;
        json::array tasks;
        try {
            tekton = couler::to_tekton_yaml(wf);
            ++engines;
        } catch (const couler::invalid_input&) {
        }
        try {
            auto dag = couler::emit_airflow(wf, couler::airflow_options{couler::airflow_target::airflow3});
            airflow = dag.source;
            for (const auto& t : dag.tasks)
                tasks.push_back(json::object{{"task_id", t.task_id}, {"step", t.step}, {"role", t.role}});
            ++engines;
        } catch (const couler::invalid_input&) {
        }
        if (engines < 2)
            continue;
        ++multi;
        const auto& g = *entry->graph();
        json::array edges, steps;
        for (std::size_t v = 0; v < g.size(); ++v) {
            steps.push_back(json::string(g[v].name));
            for (auto p : g.predecessors(v))
                edges.push_back(json::array{json::string(g[p].name), json::string(g[v].name)});
        }
        json::object line{{"name", in.name}, {"steps", steps}, {"ir_edges", edges}};
        const std::string stem = (out / std::to_string(n++)).string();
        if (!tekton.empty()) {
            std::ofstream(stem + ".tekton.yaml", std::ios::binary) << tekton;
            line["tekton"] = stem + ".tekton.yaml";
        }
        if (!airflow.empty()) {
            std::ofstream(stem + ".airflow.py", std::ios::binary) << airflow;
            line["airflow"] = stem + ".airflow.py";
            line["tasks"] = std::move(tasks);
        }
        manifest << json::serialize(line) << '\n';
    }
    manifest.close();
    BOOST_TEST(multi > 50u, "only " << multi << " workflows emit to more than one engine");
    std::string cmd = "/usr/bin/python3 " COULER_SOURCE_DIR "/tests/engines/check_edges.py " COULER_SHARED_DIR " " +
                      (out / "manifest.jsonl").string() + " > " + (out / "check.log").string() + " 2>&1";
    int rc = std::system(cmd.c_str());
    std::string log = couler_test::read_text(out / "check.log");
    BOOST_TEST(rc == 0, log);
    std::cout << log;
}
