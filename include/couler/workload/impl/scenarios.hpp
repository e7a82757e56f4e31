// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_WORKLOAD_IMPL_SCENARIOS_HPP
#define COULER_WORKLOAD_IMPL_SCENARIOS_HPP

#include <couler/workload/detail/build.hpp>

#include <string>
#include <vector>

namespace couler {
namespace workload {

namespace detail {
// splitmix64: portable (std:: distributions differ between standard libraries).
struct splitmix {
    std::uint64_t s;
    std::uint64_t next()
    {
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform(double lo, double hi) { return lo + (hi - lo) * double(next() >> 11) / double(1ull << 53); }
};

struct scenario_shape {
    const char* name;
    std::size_t sources, models, eval_pods;
    bool fusion;
    double ckpt_gb_lo, ckpt_gb_hi, train_s_lo, train_s_hi;
};

COULER_INLINE scenario_shape shape_of(scenario s)
{
    switch (s) {
    case scenario::multimodal_training: return {"multimodal-training", 3, 19, 8, true, 0.5, 2.0, 1800, 5400};
    case scenario::image_segmentation: return {"image-segmentation", 1, 8, 2, false, 0.3, 1.0, 1200, 3600};
    case scenario::lm_finetuning: return {"lm-finetuning", 2, 11, 3, false, 1.5, 3.0, 2400, 7200};
    }
    return {"image-segmentation", 1, 8, 2, false, 0.3, 1.0, 1200, 3600};
}
} // namespace detail

COULER_INLINE std::string_view to_string(scenario s) noexcept { return detail::shape_of(s).name; }

COULER_INLINE bool from_string(std::string_view name, scenario& out) noexcept
{
    for (auto s : all_scenarios)
        if (to_string(s) == name) {
            out = s;
            return true;
        }
    return false;
}

COULER_INLINE workflow generate(scenario sc, const scenario_options& o)
{
    using detail::file_use;
    using detail::task_spec;
    const auto sh = detail::shape_of(sc);
    detail::splitmix rng{o.seed * 0x2545F4914F6CDD1Dull + std::uint64_t(sc)};
    const double gb = 1024.0 * 1024.0 * 1024.0;
    auto bytes = [&](double lo, double hi) { return std::uint64_t(rng.uniform(lo, hi) * gb); };
    std::vector<task_spec> t;
    auto add = [&](std::string id, std::string program, double lo, double hi) -> task_spec& {
        task_spec s;
        s.id = std::move(id);
        s.program = std::move(program);
        s.runtime_seconds = rng.uniform(lo, hi);
        s.where = "$.scenario." + s.id;
        t.push_back(std::move(s));
        return t.back();
    };
    std::vector<file_use> feats, vals;
    for (std::size_t i = 0; i < sh.sources; ++i) {
        std::string k = std::to_string(i);
        auto& in = add("ingest-" + k, "ingest", 300, 600);
        in.inputs.push_back({"source-" + k, bytes(8, 12)});
        in.outputs.push_back({"raw-" + k, bytes(8, 12)});
        auto& pre = add("preprocess-" + k, "preprocess", 600, 1200);
        pre.parents.push_back("ingest-" + k);
        pre.inputs.push_back({"raw-" + k, 0});
        feats.push_back({"features-" + k, bytes(4, 8)});
        vals.push_back({"validation-" + k, bytes(1, 2)});
        pre.outputs.push_back(feats.back());
        pre.outputs.push_back(vals.back());
    }
    if (sh.fusion) {
        auto& f = add("fuse", "fuse", 600, 900);
        for (std::size_t i = 0; i < sh.sources; ++i) {
            f.parents.push_back("preprocess-" + std::to_string(i));
            f.inputs.push_back({feats[i].name, 0});
        }
        f.outputs.push_back({"fused-features", bytes(5, 8)});
    }
    for (std::size_t j = 0; j < sh.models; ++j) {
        std::string k = std::to_string(j);
        auto& tr = add("train-" + k, "train", sh.train_s_lo, sh.train_s_hi);
        std::size_t src = j % sh.sources;
        tr.parents.push_back("preprocess-" + std::to_string(src));
        tr.inputs.push_back({feats[src].name, 0});
        if (sh.fusion) {
            tr.parents.push_back("fuse");
            tr.inputs.push_back({"fused-features", 0});
        }
        tr.outputs.push_back({"checkpoint-" + k, bytes(sh.ckpt_gb_lo, sh.ckpt_gb_hi)});
    }
    for (std::size_t g = 0; g < sh.eval_pods; ++g) {
        std::string k = std::to_string(g);
        auto& ev = add("evaluate-" + k, "evaluate", 300, 600);
        std::size_t src = g % sh.sources;
        ev.parents.push_back("preprocess-" + std::to_string(src));
        ev.inputs.push_back({vals[src].name, 0});
        for (std::size_t j = g; j < sh.models; j += sh.eval_pods) {
            ev.parents.push_back("train-" + std::to_string(j));
            ev.inputs.push_back({"checkpoint-" + std::to_string(j), 0});
        }
        ev.outputs.push_back({"metrics-" + k, 1 << 20});
    }
    auto& sel = add("select", "select", 30, 60);
    for (std::size_t g = 0; g < sh.eval_pods; ++g) {
        sel.parents.push_back("evaluate-" + std::to_string(g));
        sel.inputs.push_back({"metrics-" + std::to_string(g), 0});
    }
    // The selected model is a copy of one checkpoint; which one is only known at run time,
    // so the copy is sized like a checkpoint.
    sel.inputs.push_back({"checkpoint-0", 0});
    sel.parents.push_back("train-0");
    sel.outputs.push_back({"best-model", bytes(sh.ckpt_gb_lo, sh.ckpt_gb_hi)});
    auto& st = add("system-test", "system-test", 300, 600);
    st.parents = {"select", "preprocess-0"};
    st.inputs = {{"best-model", 0}, {vals[0].name, 0}};
    st.outputs.push_back({"test-report", 1 << 20});
    auto& up = add("model-update", "model-update", 120, 240);
    up.parents = {"system-test", "select"};
    up.inputs = {{"best-model", 0}, {"test-report", 0}};
    up.outputs.push_back({"deployed-model", bytes(sh.ckpt_gb_lo, sh.ckpt_gb_hi)});
    problems ps;
    workflow wf = detail::build_workflow(sh.name, t, ps);
    return wf; // ps stays empty: ids are unique and every parent exists by construction
}

} // namespace workload
} // namespace couler

#endif
