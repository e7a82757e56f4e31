// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Every conformance workflow (shared/conformance: the Argo examples, the Python SDK's golden
// files and the workflows its tests built) emitted for Airflow 2 and Airflow 3. Each either
// emits a DAG file that tools/check_airflow_dag.py accepts, with the same dependency edges as
// the IR (checked by check_conformance.py over the checker's --json output), or is refused with
// problems that each name a path (step, template or setting) and a feature.
#include <couler/emit/airflow.hpp>
#include <couler/import/argo.hpp>

#include "../common/conformance_inputs.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#define BOOST_TEST_MODULE airflow_emit_conformance
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

json::array ir_edges(const couler::workflow& wf)
{
    json::array out;
    const auto* t = wf.find_template(wf.entrypoint);
    if (!t || !t->graph())
        return out;
    const auto& g = *t->graph();
    const auto& bg = g.boost_graph();
    for (auto [it, end] = boost::edges(bg); it != end; ++it)
        out.push_back(json::array{json::string(g[boost::source(*it, bg)].name), json::string(g[boost::target(*it, bg)].name)});
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_conformance_workflow_emits_or_is_refused_by_name)
{
    const fs::path shared = COULER_SHARED_DIR;
    // (name, Argo document as JSON or YAML text); the generated tests by their first snapshot.
    std::vector<std::pair<std::string, std::string>> inputs;
    for (auto& in : couler_test::conformance_inputs(shared, couler_test::snapshot::first))
        inputs.emplace_back(std::move(in.name), std::move(in.text));

    const fs::path out = fs::path(COULER_TEST_OUT_DIR);
    fs::remove_all(out);
    fs::create_directories(out);
    std::ofstream manifest(out / "manifest.jsonl");
    std::size_t workflows = 0, n = 0;
    for (const auto& [name, text] : inputs) {
        couler::problems ps;
        couler::workflow wf = couler::import_argo(text, ps);
        if (!ps.empty()) { // not an Argo workflow document (a ConfigMap...) or YAML the importer refuses
            json::object line{{"name", name}, {"import_failed", ps.front().to_string()}};
            manifest << json::serialize(line) << '\n';
            continue;
        }
        ++workflows;
        for (auto target : {couler::airflow_target::airflow2, couler::airflow_target::airflow3}) {
            json::object line{{"name", name}, {"target", couler::to_string(target)}, {"ir_edges", ir_edges(wf)}};
            try {
                couler::airflow_dag dag = couler::emit_airflow(wf, couler::airflow_options{target});
                fs::path py = out / ("dag" + std::to_string(n++) + ".py");
                std::ofstream(py, std::ios::binary) << dag.source;
                json::array tasks;
                for (const auto& t : dag.tasks)
                    tasks.push_back(json::object{{"task_id", t.task_id}, {"step", t.step}, {"role", t.role}});
                line["py"] = py.string();
                line["tasks"] = std::move(tasks);
            } catch (const couler::invalid_input& e) {
                BOOST_TEST(!e.all().empty(), name);
                json::array problems;
                for (const auto& p : e.all()) {
                    // A refusal names where (a step, template or setting) and what.
                    BOOST_TEST((p.path.rfind("$.", 0) == 0 && p.path.size() > 2), name << ": " << p.to_string());
                    BOOST_TEST(!p.message.empty(), name);
                    problems.push_back(json::object{{"path", p.path}, {"message", p.message}});
                }
                line["refused"] = std::move(problems);
            }
            manifest << json::serialize(line) << '\n';
        }
    }
    manifest.close();
    BOOST_TEST(workflows > 150u, "only " << workflows << " conformance workflows imported");
    std::string cmd = "/usr/bin/python3 " COULER_SOURCE_DIR "/tests/airflow_emit/check_conformance.py " +
                      shared.string() + " " + (out / "manifest.jsonl").string() + " " + (out / "summary.json").string();
    BOOST_TEST(std::system(cmd.c_str()) == 0, cmd);
}
