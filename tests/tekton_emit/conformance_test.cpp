// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Every conformance workflow to Tekton: the Argo examples and the Python SDK's golden files and
// generated workflows (shared/conformance), imported as `couler emit` imports them, then emitted.
// Each one either emits documents that validate_tekton.py accepts, or is refused with problems
// that each name the step, template or workflow and the feature; never a crash. For each emitted
// one, the dependency edges of the Tekton output (runAfter plus result references) equal the
// IR's (a result reference may name a step the IR reaches only transitively: checked as such).
// Writes the counts to <build>/tests/tekton_emit/tekton-counts.md (docs/engines.md quotes them).
#include <couler/emit/tekton.hpp>
#include <couler/import/any.hpp>
#include <couler/ir/algorithm.hpp>
#include <couler/ir/validate.hpp>

#include "../common/conformance_inputs.hpp"

#define BOOST_TEST_MODULE tekton_emit_conformance
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

using couler_test::read_text;

/// The conformance inputs (tests/common), the generated tests by their last snapshot.
std::vector<couler_test::conformance_input> inputs()
{
    return couler_test::conformance_inputs(COULER_SHARED_DIR, couler_test::snapshot::last);
}

/// What a refusal is about: the message without its subject and with names elided.
std::string feature_of(const std::string& msg)
{
    std::string m = msg;
    static const std::regex who(R"(^(step '[^']*' of template '[^']*'(, running template '[^']*')?|template '[^']*'|workflow parameter '[^']*'|workflow|exit handler '[^']*'|entrypoint '[^']*'): )");
    m = std::regex_replace(m, who, "");
    m = std::regex_replace(m, std::regex(R"('[^']*')"), "'…'");
    m = std::regex_replace(m, std::regex(R"(\d+)"), "N");
    return m;
}

bool names_subject(const std::string& msg)
{
    static const std::regex who(R"((step '[^']+' of template '[^']+'|template '[^']+'|workflow parameter '[^']+'|workflow: |exit handler '[^']+'|entrypoint '[^']*'))");
    return std::regex_search(msg, who);
}

using edge_set = std::set<std::pair<std::string, std::string>>;

std::string lower(std::string s)
{
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

/// The edges of the Tekton pipeline: runAfter plus `$(tasks.X.results...)` references, with
/// each condition task (`T-cond`, not an IR step) folded into the task whose `when` reads it.
edge_set tekton_edges(const json::object& spec, const std::set<std::string>& steps)
{
    static const std::regex ref(R"(\$\(tasks\.([A-Za-z0-9_-]+)\.results)");
    std::map<std::string, std::set<std::string>> deps;
    for (const auto& t : spec.at("tasks").as_array()) {
        std::string name(t.at("name").as_string());
        auto& d = deps[name];
        if (const auto* ra = t.as_object().if_contains("runAfter"))
            for (const auto& r : ra->as_array())
                d.insert(std::string(r.as_string()));
        std::string text = json::serialize(t);
        for (std::sregex_iterator it(text.begin(), text.end(), ref), end; it != end; ++it)
            d.insert((*it)[1]);
    }
    edge_set out;
    for (const auto& [t, ds] : deps) {
        if (!steps.count(t))
            continue; // a condition task: folded below
        for (const auto& d : ds) {
            if (steps.count(d)) {
                out.insert({d, t});
                continue;
            }
            for (const auto& dd : deps[d]) // the condition task's own dependencies
                out.insert({dd, t});
        }
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_conformance_workflow_emits_valid_tekton_or_is_refused_by_name)
{
    fs::path out = fs::path(COULER_TEST_OUT_DIR) / "emitted";
    fs::remove_all(out);
    fs::create_directories(out);
    std::size_t total = 0, imported = 0, emitted = 0, refused = 0, transitive = 0, documents = 0;
    std::map<std::string, std::size_t> by_feature;      // problems
    std::map<std::string, std::set<std::string>> files; // feature -> workflows refused for it
    std::vector<std::string> emitted_files;
    struct tally {
        std::size_t total = 0, imported = 0, emitted = 0, refused = 0;
    };
    std::map<std::string, tally> by_source; // argo-examples, couler-python/golden, couler-python/generated
    for (const auto& in : inputs()) {
        ++total;
        const std::size_t cut = in.name.rfind("argo-examples", 0) == 0 ? in.name.find('/')
                                                                       : in.name.find('/', in.name.find('/') + 1);
        tally& src = by_source[in.name.substr(0, cut)];
        ++src.total;
        couler::workflow wf;
        if (!couler_test::read_as_emit_does(in, wf))
            continue; // not an importable workflow (a ConfigMap, a WorkflowEventBinding...)
        ++imported;
        ++src.imported;
        json::array docs;
        try {
            docs = couler::to_tekton_json(wf);
        } catch (const couler::invalid_input& e) {
            ++refused;
            ++src.refused;
            BOOST_TEST(!e.all().empty());
            for (const auto& p : e.all()) {
                BOOST_TEST(names_subject(p.message), in.name << ": a refusal that names no step: " << p.message);
                std::string f = feature_of(p.message);
                ++by_feature[f];
                files[f].insert(in.name);
            }
            continue;
        } catch (const std::exception& e) {
            BOOST_ERROR(in.name << ": the emitter threw " << e.what());
            continue;
        }
        ++emitted;
        ++src.emitted;
        documents += docs.size();
        BOOST_TEST((docs.size() == 2u || wf.settings.kind == couler::workflow_kind::workflow_template), in.name);
        std::string file = (out / (std::to_string(emitted) + ".yaml")).string();
        std::string yaml;
        for (const auto& d : docs)
            yaml += "---\n" + couler::to_yaml(d);
        std::ofstream(file) << yaml;
        emitted_files.push_back(file);
        BOOST_TEST(yaml == couler::to_tekton_yaml(wf), in.name);

        // Dependency graph: the IR's edges (entry graph) against the pipeline's.
        const auto* entry = wf.find_template(wf.entrypoint);
        if (!entry || !entry->graph())
            continue;
        const auto& g = *entry->graph();
        std::set<std::string> steps;
        edge_set ir;
        for (std::size_t v = 0; v < g.size(); ++v) {
            steps.insert(lower(g[v].name));
            for (auto p : g.predecessors(v))
                ir.insert({lower(g[p].name), lower(g[v].name)});
        }
        edge_set tk = tekton_edges(docs.front().at("spec").as_object(), steps);
        for (const auto& e : ir)
            BOOST_TEST(tk.count(e) == 1u, in.name << ": IR edge " << e.first << " -> " << e.second << " is not in the Tekton output");
        for (const auto& e : tk) {
            if (ir.count(e))
                continue;
            // Only a result reference to a step the IR orders before this one transitively.
            bool reach = false;
            for (std::size_t v = 0; v < g.size(); ++v)
                if (lower(g[v].name) == e.second)
                    for (auto a : couler::ancestors(g, v))
                        reach = reach || lower(g[a].name) == e.first;
            BOOST_TEST(reach, in.name << ": Tekton edge " << e.first << " -> " << e.second << " is not in the IR");
            transitive += reach;
        }
    }
    BOOST_TEST(emitted > 0u);
    BOOST_TEST(emitted + refused == imported);

    // One validator run over every emitted file: all documents valid, none skipped.
    std::string cmd = "/usr/bin/python3 " COULER_SHARED_DIR "/tools/validate_tekton.py";
    for (const auto& f : emitted_files)
        cmd += " " + f;
    std::string log = (fs::path(COULER_TEST_OUT_DIR) / "validate.log").string();
    int rc = std::system((cmd + " > " + log + " 2>&1").c_str());
    std::string summary = read_text(log);
    BOOST_TEST(rc == 0, summary);
    std::string expect = "valid=" + std::to_string(documents) + " invalid=0 skipped=0";
    BOOST_TEST(summary.find(expect) != std::string::npos, "expected " << expect << ", got " << summary);

    std::ostringstream md;
    md << "| source | inputs | imported | emitted and valid | refused |\n|---|---|---|---|---|\n";
    for (const auto& [name, t] : by_source)
        md << "| " << name << " | " << t.total << " | " << t.imported << " | " << t.emitted << " | " << t.refused << " |\n";
    md << "| **all** | " << total << " | " << imported << " | " << emitted << " (" << documents << " documents) | " << refused
       << " |\n\n"
       << "Result references to transitively ordered steps: " << transitive << "\n\n"
       << "| refusal (feature) | problems | workflows |\n|---|---|---|\n";
    std::vector<std::pair<std::size_t, std::string>> order;
    for (const auto& [f, n] : files)
        order.push_back({n.size(), f});
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    for (const auto& [n, f] : order) {
        std::string cell = f;
        for (std::size_t p = 0; (p = cell.find('|', p)) != std::string::npos; p += 2)
            cell.replace(p, 1, "\\|");
        md << "| " << cell << " | " << by_feature[f] << " | " << n << " |\n";
    }
    std::ofstream(fs::path(COULER_BINARY_DIR) / "tests" / "tekton_emit" / "tekton-counts.md") << md.str();
    BOOST_TEST_MESSAGE(md.str());
    std::cout << md.str();
}
