// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Workload readers (WfCommons 1.5 and 1.4, Pegasus DAX, IR JSON) and the scenario generators.
#include <couler/workload/load.hpp>
#include <couler/workload/load.hpp> // self-contained and guarded

#include <couler/ir/image_reference.hpp>
#include <couler/ir/json.hpp>
#include <couler/optimize/cache/model.hpp>
#include <couler/workload/scenarios.hpp>

#define BOOST_TEST_MODULE cache_workload
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

using namespace couler;

namespace {
std::string shared(const std::string& rel) { return std::string(COULER_SHARED_DIR) + "/" + rel; }

std::vector<std::vector<std::string>> manifest()
{
    std::ifstream in(shared("workloads/MANIFEST.tsv"));
    BOOST_REQUIRE_MESSAGE(in, "cannot read MANIFEST.tsv under COULER_SHARED_DIR=" COULER_SHARED_DIR);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
        std::vector<std::string> c;
        std::istringstream ss(line);
        std::string f;
        while (std::getline(ss, f, '\t'))
            c.push_back(f);
        if (c.size() >= 12)
            rows.push_back(std::move(c));
    }
    return rows;
}
} // namespace

BOOST_AUTO_TEST_CASE(every_manifest_workload_reads)
{
    auto rows = manifest();
    BOOST_TEST(rows.size() >= 40u);
    std::size_t read = 0;
    for (const auto& c : rows) {
        const std::string& rel = c[0];
        if (rel.size() > 4 && rel.substr(rel.size() - 4) == ".dot")
            continue; // a dagP partitioner input, not a workload with costs
        problems ps;
        workflow wf = workload::load(shared("workloads/" + rel), ps);
        BOOST_REQUIRE_MESSAGE(ps.empty(), rel << ": " << (ps.empty() ? "" : ps.front().to_string()));
        // Images are named after the tasks' programs; validate (and so the engine) wants each to be
        // an image reference.
        std::string bad_image;
        for (const auto& t : wf.templates())
            if (const auto* ct = t.container(); ct && bad_image.empty() && !is_valid_image_reference(ct->image))
                bad_image = ct->image;
        BOOST_TEST(bad_image.empty(), rel << ": image '" << bad_image << "' " << image_reference_problem(bad_image));
        auto m = cache::make_model(wf, ps);
        BOOST_REQUIRE(ps.empty());
        BOOST_TEST(m.tasks.size() == std::stoul(c[3]), rel);
        BOOST_TEST(wf.graph().edge_count() == std::stoul(c[4]), rel);
        double runtime = 0;
        for (const auto& t : m.tasks)
            runtime += t.runtime_seconds;
        // Synthetic DAX files hold a few negative run times, which the reader clamps to 0.
        if (c[2] == "DAX2.1")
            BOOST_TEST(runtime >= std::stod(c[8]) - 0.051 - 1e-6 * runtime, rel);
        else
            BOOST_TEST(std::abs(runtime - std::stod(c[8])) <= 0.051 + 1e-6 * runtime, rel);
        if (c[2] != "DAX2.1") {
            // WfCommons: one producer per file, so files and intermediate bytes match exactly.
            BOOST_TEST(m.artifacts.size() == std::stoul(c[5]), rel);
            std::size_t inter = 0;
            for (cache::index_t a = 0; a < m.artifacts.size(); ++a)
                inter += m.is_intermediate(a) ? 1 : 0;
            BOOST_TEST(inter == std::stoul(c[9]), rel);
            BOOST_TEST(std::abs(double(m.intermediate_bytes()) / 1e9 - std::stod(c[10])) <= 0.0006, rel);
        }
        ++read;
    }
    BOOST_TEST(read >= 40u);
}

BOOST_AUTO_TEST_CASE(wfcommons_15_by_hand)
{
    problems ps;
    auto wf = workload::load(shared("workloads/wfcommons/helloworld/helloworld-chain-5-chameleon.json"), ps);
    BOOST_REQUIRE(ps.empty());
    const auto& g = wf.graph();
    BOOST_TEST(g.size() == 5u);
    auto v = g.at("cpuhog_chain_00000002");
    BOOST_TEST(g[v].cost_seconds.has_value());
    BOOST_TEST(g[v].artifact_arguments.size() == 1u);
    BOOST_TEST(g[v].artifact_arguments[0].from ==
               "{{tasks.cpuhog_chain_00000001.outputs.artifacts.chain_00000001_output.txt}}");
    const auto* t = wf.template_of(g[v]);
    BOOST_REQUIRE(t);
    BOOST_TEST(t->outputs.artifacts.at(0).size_bytes.value_or(0) == 16666667u);
    BOOST_TEST((g.dependency_between(g.at("cpuhog_chain_00000001"), v) == dependency_kind::data));
}

BOOST_AUTO_TEST_CASE(wfcommons_14)
{
    // WfFormat 1.4: tasks under workflow.tasks, files listed per task with a link.
    const char* doc = R"({"name":"w14","schemaVersion":"1.4","workflow":{"makespanInSeconds":10,"executedAt":"x",
      "machines":[],"tasks":[
      {"name":"a","id":"ID1","type":"compute","runtimeInSeconds":2.5,"parents":[],"children":["ID2"],
       "files":[{"link":"input","name":"in.txt","sizeInBytes":10},{"link":"output","name":"mid.txt","sizeInBytes":300}]},
      {"name":"b","id":"ID2","type":"compute","runtimeInSeconds":4,"parents":["ID1"],"children":[],
       "files":[{"link":"input","name":"mid.txt","sizeInBytes":300},{"link":"output","name":"out.txt","sizeInBytes":7}]}]}})";
    BOOST_TEST((workload::detect(doc) == workload::format::wfcommons));
    problems ps;
    auto wf = workload::load_text(doc, ps);
    BOOST_REQUIRE_MESSAGE(ps.empty(), (ps.empty() ? "" : ps.front().to_string()));
    auto m = cache::make_model(wf, ps);
    BOOST_TEST(m.tasks.size() == 2u);
    BOOST_TEST(m.tasks[1].runtime_seconds == 4.0);
    auto mid = m.find_artifact("ID1", "mid.txt");
    BOOST_REQUIRE(mid.has_value());
    BOOST_TEST(m.artifacts[*mid].size_bytes == 300u);
    BOOST_TEST(m.is_intermediate(*mid));
    BOOST_TEST(m.intermediate_bytes() == 300u);
    // Pre-1.4: parents by name, "runtime" and "size".
    const char* old = R"({"workflow":{"tasks":[
      {"name":"a","runtime":1,"parents":[],"files":[{"link":"output","name":"f","size":5}]},
      {"name":"b","runtime":2,"parents":["a"],"files":[{"link":"input","name":"f","size":5}]}]}})";
    problems ps2;
    auto w2 = workload::load_text(old, ps2);
    BOOST_REQUIRE(ps2.empty());
    BOOST_TEST(w2.graph().edge_count() == 1u);
}

BOOST_AUTO_TEST_CASE(dax_by_hand)
{
    const char* xml = R"(<?xml version="1.0"?>
<adag xmlns="http://pegasus.isi.edu/schema/DAX" version="2.1" name="tiny">
  <job id="ID1" name="make" runtime="3.5"><uses file="a.dat" link="output" size="100"/></job>
  <job id="ID2" name="use" runtime="1"><uses file="a.dat" link="input" size="90"/>
    <uses file="raw" link="input" size="7"/><uses file="b.dat" link="output" size="5"/></job>
  <child ref="ID2"><parent ref="ID1"/></child>
</adag>)";
    BOOST_TEST((workload::detect(xml) == workload::format::dax));
    problems ps;
    auto wf = workload::load_text(xml, ps);
    BOOST_REQUIRE_MESSAGE(ps.empty(), (ps.empty() ? "" : ps.front().to_string()));
    auto m = cache::make_model(wf, ps);
    BOOST_TEST(m.tasks.size() == 2u);
    BOOST_TEST(m.tasks[0].runtime_seconds == 3.5);
    auto a = m.find_artifact("ID1", "a.dat");
    BOOST_REQUIRE(a.has_value());
    BOOST_TEST(m.artifacts[*a].size_bytes == 100u); // the producer's size wins
    auto raw = m.find_artifact("", "raw");
    BOOST_REQUIRE(raw.has_value());
    BOOST_TEST(m.artifacts[*raw].producer == cache::no_index);
}

BOOST_AUTO_TEST_CASE(bad_inputs_are_problems)
{
    for (const char* bad : {"<adag><job runtime=\"1\"/></adag>", "<adag><job id=\"x\" runtime=\"fast\"/></adag>",
                            "<adag><child ref=\"nobody\"/></adag>", "<adag><job id=\"x\"", "{\"workflow\": 3}",
                            "{\"workflow\": {\"specification\": {\"tasks\": [{\"id\": \"a\", \"parents\": [\"zz\"]}]}}}",
                            "{\"workflow\": {\"tasks\": [{\"name\": \"a\", \"files\": [{\"link\": \"sideways\", \"name\": \"f\"}]}]}}",
                            "hello", ""}) {
        problems ps;
        workload::load_text(bad, ps);
        BOOST_TEST(!ps.empty(), bad);
    }
    problems ps;
    workload::load("/nonexistent/file.json", ps);
    BOOST_REQUIRE(ps.size() == 1u);
    BOOST_TEST((ps[0].code == error::io_error));
    BOOST_CHECK_THROW(workload::load("/nonexistent/file.json"), invalid_input);
}

BOOST_AUTO_TEST_CASE(ir_json_round_trip)
{
    // A workload written as IR JSON reads back through load() as the same workflow.
    problems ps;
    auto wf = workload::load(shared("workloads/wfcommons/pegasus/montage/montage-chameleon-2mass-005d-001.json"), ps);
    BOOST_REQUIRE(ps.empty());
    std::string text = to_json_string(wf);
    BOOST_TEST((workload::detect(text) == workload::format::ir_json));
    auto back = workload::load_text(text, ps);
    BOOST_REQUIRE_MESSAGE(ps.empty(), (ps.empty() ? "" : ps.front().to_string()));
    BOOST_TEST((back == wf));
}

BOOST_AUTO_TEST_CASE(scenarios_have_the_papers_counts)
{
    struct want {
        workload::scenario s;
        std::size_t pods, models;
    };
    for (auto w : {want{workload::scenario::multimodal_training, 37, 19}, want{workload::scenario::image_segmentation, 15, 8},
                   want{workload::scenario::lm_finetuning, 21, 11}}) {
        auto wf = workload::generate(w.s);
        problems ps;
        auto m = cache::make_model(wf, ps);
        BOOST_REQUIRE(ps.empty());
        BOOST_TEST(m.tasks.size() == w.pods, workload::to_string(w.s));
        std::size_t models = 0;
        for (const auto& t : m.tasks)
            models += t.name.rfind("train-", 0) == 0 ? 1 : 0;
        BOOST_TEST(models == w.models);
        BOOST_TEST(m.intermediate_bytes() > (std::uint64_t(10) << 30)); // the 10 GB cache binds
        // Same seed, same workflow; another seed, other figures.
        BOOST_TEST((workload::generate(w.s) == wf));
        workload::scenario_options o;
        o.seed = 2;
        BOOST_TEST((workload::generate(w.s, o) != wf));
        workload::scenario back;
        BOOST_TEST(workload::from_string(workload::to_string(w.s), back));
        BOOST_TEST((back == w.s));
    }
}
