// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
//
// Model selection (paper Code 6/7): load the Iris data, split it, train several candidate
// models concurrently (a map over a sub-workflow train -> evaluate), select the best, deploy
// it only if it beats a threshold, and write a report. Every step is a real Python program
// (standard library only, in steps/), run by couler's local engine. The workflow is written
// with the builder alone (couler/api/builder.hpp).
//
//   model_selection                 build the workflow and run it here (state in ./.couler)
//   model_selection --emit FILE     write the IR JSON instead, for `couler run FILE`
//
// Run it twice: the second run is all cache hits.

#include <couler/api/builder.hpp>
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

// A Python step: the program steps/<name>.py (with steps/models.py where it says #MODELS#),
// its arguments on the command line.
couler::script python(const std::string& name)
{
    std::string source = read(dir + "/steps/" + name + ".py");
    if (auto at = source.find("#MODELS#"); at != std::string::npos)
        source.replace(at, 8, read(dir + "/steps/models.py"));
    return couler::script("python:3.11-slim", source).command({"python3"}).step_name(name);
}

couler::workflow build(const std::string& data_path, const std::string& threshold_value)
{
    couler::builder wf("model-selection");
    auto data = wf.add_parameter("data", data_path);
    auto seed = wf.add_parameter("seed", "42");
    auto test_fraction = wf.add_parameter("test-fraction", "0.3");
    auto threshold = wf.add_parameter("threshold", threshold_value);

    // The candidates: model families and hyperparameter settings.
    const std::vector<std::string> specs = {
        R"({"model":"knn","k":1})",
        R"({"model":"knn","k":5})",
        R"({"model":"knn","k":15})",
        R"({"model":"centroid"})",
        R"({"model":"naive_bayes"})",
        R"({"model":"softmax","lr":0.001,"epochs":5})",
        R"({"model":"softmax","lr":0.05,"epochs":100})",
    };
    std::string all;
    for (const auto& s : specs)
        all += (all.empty() ? "[" : ",") + s;
    all += "]";

    auto load = wf.run_script(python("load").args({data}).output(wf.create_local_artifact("/data/dataset.csv", "dataset")));
    auto split = wf.run_script(python("split")
                                   .args({seed, test_fraction})
                                   .input({load.artifact("dataset")})
                                   .output({wf.create_local_artifact("/data/train.csv", "train"),
                                            wf.create_local_artifact("/data/test.csv", "test")}));

    // One candidate: train then evaluate, a sub-workflow the map runs once per candidate. It
    // reads the map's item and split's artifacts, and returns evaluate's score and name.
    auto candidates = wf.map(
        [&](const couler::arg& candidate) {
            return wf.run_workflow("candidate", [&] {
                auto model = wf.run_script(python("train")
                                               .args({candidate})
                                               .input({split.artifact("train")})
                                               .output(wf.create_local_artifact("/model/model.json", "model"))
                                               .timeout("5m")
                                               .retry(1));
                return wf.run_script(python("evaluate")
                                         .input({model.artifact("model"), split.artifact("test")})
                                         .output({wf.create_parameter_artifact("/out/score", "score"),
                                                  wf.create_parameter_artifact("/out/name", "name")}));
            });
        },
        std::vector<couler::arg>(specs.begin(), specs.end()));

    // Over a map, an output is the JSON list of every candidate's value.
    auto select = wf.run_script(python("select")
                                    .args({candidates.output("score"), candidates.output("name"), all})
                                    .output({wf.create_parameter_artifact("/out/best_score", "best-score", true),
                                             wf.create_parameter_artifact("/out/best_name", "best-model", true),
                                             wf.create_parameter_artifact("/out/best_spec", "best-spec")}));
    auto deploy = wf.when(couler::bigger_equal(select.output("best-score"), threshold), [&] {
        return wf.run_script(python("deploy")
                                 .args({select.output("best-spec")})
                                 .input({split.artifact("train")})
                                 .output(wf.create_local_artifact("/deploy/model.json", "deployed-model", true)));
    });
    wf.run_script(python("report")
                      .args({candidates.output("name"), candidates.output("score"), split.result(),
                             select.output("best-model"), select.output("best-score"), threshold, deploy.status()})
                      .output(wf.create_local_artifact("/out/report.md", "report", true)));
    return wf.release();
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
