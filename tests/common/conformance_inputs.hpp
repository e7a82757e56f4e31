// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The conformance workflows every engine test sweeps (shared/conformance): the Argo examples, the
// Python SDK's golden files (YAML) and, from each of its generated/*.json tests, one snapshot of
// the Argo document the test built. Needs yaml-cpp (the importer). Used by tests/tekton_emit, tests/airflow_emit and tests/engines.
#ifndef COULER_TESTS_COMMON_CONFORMANCE_INPUTS_HPP
#define COULER_TESTS_COMMON_CONFORMANCE_INPUTS_HPP

#include <couler/import/any.hpp>
#include <couler/ir/validate.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace couler_test {

struct conformance_input {
    std::string name; ///< relative to shared/conformance, e.g. `argo-examples/coinflip.yaml`
    std::string text; ///< an Argo document, YAML or JSON
};

enum class snapshot { first, last };

inline std::string read_text(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The inputs, sorted by path within each source. Throws if the conformance data is missing
/// (a missing directory fails the test, it does not skip it).
inline std::vector<conformance_input> conformance_inputs(const std::filesystem::path& shared, snapshot which)
{
    namespace fs = std::filesystem;
    const fs::path conf = shared / "conformance";
    for (const auto* d : {"argo-examples", "couler-python/golden", "couler-python/generated"})
        if (!fs::is_directory(conf / d))
            throw std::runtime_error("COULER_SHARED_DIR (" + shared.string() + ") has no conformance/" + d);
    std::vector<conformance_input> out;
    for (const auto* dir : {"argo-examples", "couler-python/golden"}) {
        std::vector<fs::path> files;
        for (const auto& e : fs::recursive_directory_iterator(conf / dir))
            if (e.is_regular_file() && (e.path().extension() == ".yaml" || e.path().extension() == ".yml"))
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files)
            out.push_back({fs::relative(f, conf).generic_string(), read_text(f)});
    }
    std::vector<fs::path> gen;
    for (const auto& e : fs::directory_iterator(conf / "couler-python" / "generated"))
        if (e.path().extension() == ".json")
            gen.push_back(e.path());
    std::sort(gen.begin(), gen.end());
    for (const auto& f : gen) {
        boost::json::value v = boost::json::parse(read_text(f));
        const auto& snaps = v.at("snapshots").as_array();
        if (snaps.empty())
            throw std::runtime_error(f.string() + " has no snapshots");
        const auto& s = which == snapshot::first ? snaps.front() : snaps.back();
        out.push_back({fs::relative(f, conf).generic_string(), boost::json::serialize(s.at("raw"))});
    }
    return out;
}

/// `in` read as `couler emit` reads it (read_workflow_text, then validate); false for a document
/// that is not a workflow it reads (a ConfigMap, a WorkflowEventBinding...).
inline bool read_as_emit_does(const conformance_input& in, couler::workflow& wf)
{
    couler::problems ps;
    wf = couler::read_workflow_text(in.text, ps);
    if (ps.empty())
        ps = couler::validate(wf);
    return ps.empty();
}

} // namespace couler_test

#endif
