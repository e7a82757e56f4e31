// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Argo emission throughput: build a workflow, emit the Argo document (JSON value), write YAML.
// Prints one JSON line per case with median/min/max over the trials, output bytes, peak RSS,
// and the ratio of YAML writing to boost::json::serialize of the same document.
//
//   bench_argo_emit [CASE...] [--trials N] [--layout python|shared]
//   CASE: dag5000 seq5000 dag100000 dag1000000   (default: dag5000 seq5000 dag100000)
//
// Past 200 tasks a single Argo workflow breaks the CRD caps, so these runs set
// argo_options::enforce_caps = false: they measure the emitter's throughput on the layout the
// Python SDK emits (one template per step, `--layout python`), or on one shared template
// invoked by every step (`--layout shared`). Neither document would be accepted by a server.
#include <couler/emit/argo.hpp>

#include <boost/json/serialize.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

using namespace couler;
using clk = std::chrono::steady_clock;

namespace {

double seconds_since(clk::time_point t) { return std::chrono::duration<double>(clk::now() - t).count(); }

long peak_rss_kb()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/// A Python-SDK-shaped step: run_container(image, command, args=[i]) with step_name "step-i".
workflow build(std::size_t n, graph_style style, bool python_layout)
{
    workflow wf("bench", style);
    wf.settings.name.clear();
    wf.settings.generate_name = "bench-";
    auto make_template = [](const std::string& name) {
        step_template t;
        t.name = name;
        container_spec c;
        c.image = "docker/whalesay:latest";
        c.command = std::vector<std::string>{"cowsay"};
        c.args = {"{{inputs.parameters.para-" + name + "-0}}"};
        t.body = std::move(c);
        t.inputs.parameters.push_back(parameter{"para-" + name + "-0", {}, {}, {}, {}, {}, {}, {}});
        return t;
    };
    // Templates first: adding a template may move the entry graph, so take it afterwards.
    if (!python_layout)
        wf.add_template(make_template("step"));
    else
        for (std::size_t i = 0; i < n; ++i)
            wf.add_template(make_template("step-" + std::to_string(i)));
    auto& g = wf.graph();
    for (std::size_t i = 0; i < n; ++i) {
        std::string name = "step-" + std::to_string(i);
        std::string tmpl = python_layout ? name : "step";
        step s;
        s.name = name;
        s.template_name = tmpl;
        s.group = static_cast<int>(i);
        s.arguments.push_back(parameter{"para-" + tmpl + "-0", std::to_string(i), {}, {}, {}, {}, {}, {}});
        auto v = g.add_step(std::move(s));
        if (style == graph_style::dag && i > 0) {
            g.add_dependency(v - 1, v); // a chain, as the Python SDK's benchmark
            if (i >= 2 && i % 2 == 0)
                g.add_dependency(v / 2, v); // plus a long edge: a DAG, not only a list
        }
    }
    return wf;
}

struct stats {
    double median, min, max;
};
stats summarize(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v.front(), v.back()};
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> cases;
    int trials = -1;
    bool python_layout = true;
    bool caps = false;
    const char* write_to = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--trials") && i + 1 < argc)
            trials = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--layout") && i + 1 < argc)
            python_layout = std::strcmp(argv[++i], "shared") != 0;
        else if (!std::strcmp(argv[i], "--caps"))
            caps = true;
        else if (!std::strcmp(argv[i], "--write") && i + 1 < argc)
            write_to = argv[++i];
        else
            cases.emplace_back(argv[i]);
    }
    if (cases.empty())
        cases = {"dag5000", "seq5000", "dag100000"};
    argo_options opt;
    // See the header comment: without --caps this is throughput, not a valid single workflow.
    // With --caps the emitter applies Argo's caps: shared templates and nested parts (valid
    // up to about 40,000 steps), or an error that the workflow needs splitting.
    opt.enforce_caps = caps;
    for (const auto& c : cases) {
        graph_style style = c.rfind("seq", 0) == 0 ? graph_style::steps : graph_style::dag;
        std::size_t n = std::stoul(c.substr(3));
        int t = trials > 0 ? trials : (n <= 5000 ? 15 : n <= 100000 ? 5 : 1);
        std::vector<double> build_s, json_s, yaml_s, ser_s, total_s;
        std::size_t bytes = 0, templates = 0;
        { // warm-up
            auto wf = build(std::min<std::size_t>(n, 1000), style, python_layout);
            to_argo_yaml(wf, opt);
        }
        for (int k = 0; k < t; ++k) {
            auto t0 = clk::now();
            workflow wf = build(n, style, python_layout);
            double b = seconds_since(t0);
            auto t1 = clk::now();
            boost::json::value doc;
            try {
                doc = to_argo_json(wf, opt);
            } catch (const invalid_input& e) {
                // With --caps, a workflow that cannot fit is refused: report how fast.
                std::printf("{\"bench\":\"argo_emit\",\"case\":\"%s\",\"steps\":%zu,\"caps\":true,"
                            "\"refused_after_s\":%.4f,\"build_s\":%.4f,\"peak_rss_mb\":%.1f}\n",
                            c.c_str(), n, seconds_since(t1), b, peak_rss_kb() / 1024.0);
                std::fprintf(stderr, "%s\n", e.what());
                break;
            }
            double j = seconds_since(t1);
            auto t2 = clk::now();
            std::string yaml = to_yaml(doc, opt.yaml);
            double y = seconds_since(t2);
            if (write_to && k == 0)
                if (std::FILE* f = std::fopen(write_to, "wb")) {
                    std::fwrite(yaml.data(), 1, yaml.size(), f);
                    std::fclose(f);
                }
            auto t3 = clk::now();
            std::string ser = boost::json::serialize(doc);
            double s = seconds_since(t3);
            bytes = yaml.size();
            templates = doc.at("spec").at("templates").as_array().size();
            // Guard against measuring an empty document: every step must be in the output.
            std::size_t emitted = 0;
            for (const auto& tv : doc.at("spec").at("templates").as_array()) {
                const auto& tt = tv.as_object();
                std::string_view name = tt.at("name").as_string();
                bool part = name.find("-part-") != std::string_view::npos;
                if (name != "bench" && !part)
                    continue;
                if (part || !caps || n <= opt.max_tasks) {
                    if (tt.contains("dag"))
                        emitted += tt.at("dag").at("tasks").as_array().size();
                    else
                        for (const auto& grp : tt.at("steps").as_array())
                            emitted += grp.as_array().size();
                }
            }
            if (emitted != n) {
                std::fprintf(stderr, "bench: %zu of %zu steps emitted\n", emitted, n);
                return 1;
            }
            build_s.push_back(b);
            json_s.push_back(j);
            yaml_s.push_back(y);
            ser_s.push_back(s);
            total_s.push_back(b + j + y);
        }
        if (build_s.size() != yaml_s.size() || yaml_s.empty())
            continue;
        auto B = summarize(build_s), J = summarize(json_s), Y = summarize(yaml_s), S = summarize(ser_s),
             T = summarize(total_s);
        double emit_median = J.median + Y.median;
        // No ratio to the Python SDK here: sdk_side_by_side.py measures it beside the SDK.
        std::printf("{\"bench\":\"argo_emit\",\"case\":\"%s\",\"steps\":%zu,\"layout\":\"%s\",\"caps\":%s,\"templates\":%zu,"
                    "\"trials\":%d,\"build_s\":{\"median\":%.4f,\"min\":%.4f,\"max\":%.4f},"
                    "\"to_argo_json_s\":{\"median\":%.4f,\"min\":%.4f,\"max\":%.4f},"
                    "\"to_yaml_s\":{\"median\":%.4f,\"min\":%.4f,\"max\":%.4f},"
                    "\"json_serialize_s\":{\"median\":%.4f,\"min\":%.4f,\"max\":%.4f},"
                    "\"total_s\":{\"median\":%.4f,\"min\":%.4f,\"max\":%.4f},"
                    "\"yaml_bytes\":%zu,\"yaml_over_serialize\":%.2f,\"yaml_over_serialize_min\":%.2f,\"emit_over_serialize\":%.2f,"
                    "\"peak_rss_mb\":%.1f}\n",
                    c.c_str(), n, python_layout ? "python" : "shared", caps ? "true" : "false", templates, t, B.median, B.min, B.max, J.median,
                    J.min, J.max, Y.median, Y.min, Y.max, S.median, S.min, S.max, T.median, T.min, T.max, bytes,
                    Y.median / S.median, Y.min / S.min, emit_median / S.median,
                    peak_rss_kb() / 1024.0);
        std::fflush(stdout);
    }
}
