// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
//
// Model selection (paper Code 6/7): load the Iris data, split it, train several candidate
// models concurrently (a map over a sub-workflow train -> evaluate), select the best, deploy
// it only if it beats a threshold, and write a report. Every step is a real Python program
// (standard library only, in steps/), run by couler's local engine.
//
//   model_selection                 build the workflow and run it here (state in ./.couler)
//   model_selection --emit FILE     write the IR JSON instead, for `couler run FILE`
//
// Run it twice: the second run is all cache hits.

#include <couler/engine.hpp>
#include <couler/ir/json.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace {

const std::string dir = COULER_MODEL_SELECTION_DIR;

std::string read(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A Python script step: the program from steps/, its parameters passed as environment variables.
couler::step_template python(const std::string& name, const std::vector<std::pair<std::string, std::string>>& env)
{
    couler::step_template t;
    t.name = name;
    couler::script_spec s;
    s.container.image = "python:3.11-slim";
    s.container.command = std::vector<std::string>{"python3"};
    s.source = read(dir + "/steps/" + name + ".py");
    auto at = s.source.find("#MODELS#");
    if (at != std::string::npos)
        s.source.replace(at, 8, read(dir + "/steps/models.py"));
    for (auto& [var, param] : env) {
        couler::env_var e;
        e.name = var;
        e.value = "{{inputs.parameters." + param + "}}";
        s.container.env.push_back(e);
        couler::parameter p;
        p.name = param;
        t.inputs.parameters.push_back(p);
    }
    t.body = s;
    return t;
}

couler::artifact file(const std::string& name, const std::string& path)
{
    couler::artifact a;
    a.name = name;
    a.path = path;
    return a;
}
couler::artifact from(const std::string& name, const std::string& ref)
{
    couler::artifact a;
    a.name = name;
    a.from = ref;
    return a;
}
couler::parameter out_param(const std::string& name, const std::string& path)
{
    couler::parameter p;
    p.name = name;
    p.from.path = path;
    return p;
}
couler::parameter arg(const std::string& name, const std::string& value)
{
    couler::parameter p;
    p.name = name;
    p.value = value;
    return p;
}
couler::step make_step(const std::string& name, const std::string& tmpl, std::vector<couler::parameter> args = {},
                       std::vector<couler::artifact> arts = {})
{
    couler::step s;
    s.name = name;
    s.template_name = tmpl;
    s.arguments = std::move(args);
    s.artifact_arguments = std::move(arts);
    return s;
}

couler::workflow build(const std::string& data, const std::string& threshold)
{
    couler::workflow wf("model-selection", couler::graph_style::dag);
    for (auto [name, value] : {std::pair<std::string, std::string>{"data", data},
                               {"seed", "42"},
                               {"test-fraction", "0.3"},
                               {"threshold", threshold}})
        wf.settings.parameters.push_back(arg(name, value));

    auto load = python("load", {{"DATA", "data"}});
    load.outputs.artifacts.push_back(file("dataset", "/data/dataset.csv"));
    wf.add_template(load);

    auto split = python("split", {{"SEED", "seed"}, {"TEST_FRACTION", "test-fraction"}});
    split.inputs.artifacts.push_back(file("dataset", "/data/dataset.csv"));
    split.outputs.artifacts = {file("train", "/data/train.csv"), file("test", "/data/test.csv")};
    wf.add_template(split);

    auto train = python("train", {{"CANDIDATE", "candidate"}});
    train.inputs.artifacts.push_back(file("train", "/data/train.csv"));
    train.outputs.artifacts.push_back(file("model", "/model/model.json"));
    train.timeout = "5m";
    train.retry = couler::retry_strategy{};
    train.retry->limit = 1;
    wf.add_template(train);

    auto evaluate = python("evaluate", {});
    evaluate.inputs.artifacts = {file("model", "/model/model.json"), file("test", "/data/test.csv")};
    evaluate.outputs.parameters = {out_param("score", "/out/score"), out_param("name", "/out/name")};
    wf.add_template(evaluate);

    // One candidate: train then evaluate, as a sub-workflow the map runs once per candidate.
    couler::step_template cand;
    cand.name = "candidate";
    couler::parameter cp;
    cp.name = "candidate";
    cand.inputs.parameters.push_back(cp);
    cand.inputs.artifacts = {file("train", ""), file("test", "")};
    couler::parameter score, nm;
    score.name = "score";
    score.from.parameter = "{{tasks.evaluate.outputs.parameters.score}}";
    nm.name = "name";
    nm.from.parameter = "{{tasks.evaluate.outputs.parameters.name}}";
    cand.outputs.parameters = {score, nm};
    couler::graph cg;
    cg.style = couler::graph_style::dag;
    cg.add_step(make_step("train", "train", {arg("candidate", "{{inputs.parameters.candidate}}")},
                          {from("train", "{{inputs.artifacts.train}}")}));
    cg.add_step(make_step("evaluate", "evaluate", {},
                          {from("model", "{{tasks.train.outputs.artifacts.model}}"),
                           from("test", "{{inputs.artifacts.test}}")}));
    cg.add_dependency("train", "evaluate", couler::dependency_kind::data);
    cand.body = std::move(cg);
    wf.add_template(cand);

    auto select = python("select", {{"SCORES", "scores"}, {"NAMES", "names"}, {"CANDIDATES", "candidates"}});
    select.outputs.parameters = {out_param("best_score", "/out/best_score"), out_param("best_name", "/out/best_name"),
                                 out_param("best_spec", "/out/best_spec")};
    select.outputs.parameters[0].global_name = "best-score";
    select.outputs.parameters[1].global_name = "best-model";
    wf.add_template(select);

    auto deploy = python("deploy", {{"SPEC", "spec"}});
    deploy.inputs.artifacts.push_back(file("train", "/data/train.csv"));
    deploy.outputs.artifacts.push_back(file("model", "/deploy/model.json"));
    deploy.outputs.artifacts[0].global_name = "deployed-model";
    wf.add_template(deploy);

    auto report = python("report", {{"NAMES", "names"},
                                    {"SCORES", "scores"},
                                    {"SPLIT", "split"},
                                    {"BEST", "best"},
                                    {"BEST_SCORE", "best-score"},
                                    {"THRESHOLD", "threshold"},
                                    {"DEPLOY_STATUS", "deploy-status"}});
    report.outputs.artifacts.push_back(file("report", "/out/report.md"));
    report.outputs.artifacts[0].global_name = "report";
    wf.add_template(report);

    // The candidates: model families and hyperparameter settings.
    std::vector<boost::json::value> candidates = {
        boost::json::parse(R"({"model":"knn","k":1})"),
        boost::json::parse(R"({"model":"knn","k":5})"),
        boost::json::parse(R"({"model":"knn","k":15})"),
        boost::json::parse(R"({"model":"centroid"})"),
        boost::json::parse(R"({"model":"naive_bayes"})"),
        boost::json::parse(R"({"model":"softmax","lr":0.001,"epochs":5})"),
        boost::json::parse(R"({"model":"softmax","lr":0.05,"epochs":100})"),
    };
    boost::json::array all(candidates.begin(), candidates.end());

    auto& g = wf.graph();
    g.add_step(make_step("load", "load", {arg("data", "{{workflow.parameters.data}}")}));
    g.add_step(make_step("split", "split",
                         {arg("seed", "{{workflow.parameters.seed}}"),
                          arg("test-fraction", "{{workflow.parameters.test-fraction}}")},
                         {from("dataset", "{{tasks.load.outputs.artifacts.dataset}}")}));
    auto map = make_step("candidates", "candidate", {arg("candidate", "{{item}}")},
                         {from("train", "{{tasks.split.outputs.artifacts.train}}"),
                          from("test", "{{tasks.split.outputs.artifacts.test}}")});
    map.with_items = candidates;
    g.add_step(map);
    g.add_step(make_step("select", "select",
                         {arg("scores", "{{tasks.candidates.outputs.parameters.score}}"),
                          arg("names", "{{tasks.candidates.outputs.parameters.name}}"),
                          arg("candidates", boost::json::serialize(all))}));
    auto dep = make_step("deploy", "deploy", {arg("spec", "{{tasks.select.outputs.parameters.best_spec}}")},
                         {from("train", "{{tasks.split.outputs.artifacts.train}}")});
    dep.when = "{{tasks.select.outputs.parameters.best_score}} >= {{workflow.parameters.threshold}}";
    g.add_step(dep);
    g.add_step(make_step("report", "report",
                         {arg("names", "{{tasks.candidates.outputs.parameters.name}}"),
                          arg("scores", "{{tasks.candidates.outputs.parameters.score}}"),
                          arg("split", "{{tasks.split.outputs.result}}"),
                          arg("best", "{{tasks.select.outputs.parameters.best_name}}"),
                          arg("best-score", "{{tasks.select.outputs.parameters.best_score}}"),
                          arg("threshold", "{{workflow.parameters.threshold}}"),
                          arg("deploy-status", "{{tasks.deploy.status}}")}));
    g.add_dependency("load", "split", couler::dependency_kind::data);
    g.add_dependency("split", "candidates", couler::dependency_kind::data);
    g.add_dependency("candidates", "select", couler::dependency_kind::data);
    g.add_dependency("select", "deploy", couler::dependency_kind::data);
    g.add_dependency("split", "deploy", couler::dependency_kind::data);
    g.add_dependency("deploy", "report");
    g.add_dependency("select", "report", couler::dependency_kind::data);
    g.add_dependency("candidates", "report", couler::dependency_kind::data);
    g.add_dependency("split", "report", couler::dependency_kind::data);
    return wf;
}

} // namespace

int main(int argc, char** argv)
{
    std::string emit, state = ".couler", threshold = "0.9", data = dir + "/data/iris.csv";
    unsigned jobs = 0;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "model_selection: " << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--emit")
            emit = next();
        else if (a == "--state-dir")
            state = next();
        else if (a == "--threshold")
            threshold = next();
        else if (a == "--data")
            data = next();
        else if (a == "--jobs" || a == "-j")
            jobs = static_cast<unsigned>(std::stoul(next()));
        else {
            std::cerr << "usage: model_selection [--emit FILE] [--state-dir DIR] [--jobs N] [--threshold X] [--data CSV]\n";
            return 2;
        }
    }
    couler::workflow wf = build(data, threshold);
    if (!emit.empty()) {
        std::ofstream(emit) << couler::to_json_pretty(wf);
        std::cout << "wrote " << emit << "; run it with: couler run " << emit << "\n";
        return 0;
    }
    couler::engine::options o;
    o.state_dir = state;
    o.jobs = jobs;
    o.log = &std::cout;
    o.tty = ::isatty(1);
    auto r = couler::engine::local_engine(o).run(wf);
    if (r.artifacts.count("report"))
        std::cout << "\nreport: " << r.artifacts["report"].string() << "\n" << read(r.artifacts["report"].string());
    return r.ok() ? 0 : 1;
}
