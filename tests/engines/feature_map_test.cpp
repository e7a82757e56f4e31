// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The feature map (couler/emit/feature_map.hpp) against the emitters themselves. For every
// conformance workflow, read as `couler emit` reads it, and each engine:
//  - an engine that emits the workflow: no feature the workflow uses is `refused` in the table;
//  - an engine that refuses it: each problem's feature (when one claims it) is `refused` or
//    `partial` in the table;
//  - every used feature the table calls `refused` has at least one of the engine's problems.
// Writes the counts to <build>/tests/engines/feature-counts.md (docs/engines.md quotes them).
#include <couler/emit/feature_map.hpp>
#include <couler/import/any.hpp>
#include <couler/ir/validate.hpp>

#include "../common/conformance_inputs.hpp"

#define BOOST_TEST_MODULE engines_feature_map
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

BOOST_TEST_DONT_PRINT_LOG_VALUE(couler::support)

namespace {

couler::workflow read(const fs::path& p)
{
    couler::problems ps;
    auto wf = couler::read_workflow_text(couler_test::read_text(p), ps);
    BOOST_TEST_REQUIRE(ps.empty(), p << ": " << (ps.empty() ? "" : ps.front().to_string()));
    return wf;
}

const couler::feature_row* row(const couler::engine_report& r, const std::string& id)
{
    for (const auto& x : r.rows)
        if (x.feature && id == x.feature->id)
            return &x;
    return nullptr;
}

} // namespace

BOOST_AUTO_TEST_CASE(table_is_well_formed)
{
    std::set<std::string> ids;
    for (const auto& f : couler::feature_table()) {
        BOOST_TEST(ids.insert(f.id).second, "duplicate feature id " << f.id);
        BOOST_CHECK_NO_THROW(std::regex(f.refusal, std::regex::ECMAScript | std::regex::icase));
        for (const auto& e : f.engines)
            BOOST_TEST(*e.text != '\0', f.id << ": a cell without its lowering or reason");
    }
    BOOST_TEST(couler::feature_table_markdown().find("| a script step | `script` | native: script |") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(docs_show_the_table_as_the_code_has_it)
{
    // docs/engines.md quotes feature_table_markdown(): a row changed in one place only fails here.
    const std::string doc = couler_test::read_text(fs::path(COULER_SOURCE_DIR) / "docs" / "engines.md");
    std::istringstream rows(couler::feature_table_markdown());
    for (std::string line; std::getline(rows, line);)
        BOOST_TEST(doc.find(line + "\n") != std::string::npos, "docs/engines.md lacks the row\n" << line);
}

BOOST_AUTO_TEST_CASE(refusals_name_the_step_and_the_feature)
{
    const fs::path ex = fs::path(COULER_SHARED_DIR) / "conformance" / "argo-examples";
    auto r = couler::explain_engines(read(ex / "coinflip-recursive.yaml"));
    BOOST_TEST_REQUIRE(r.outcomes.size() == 3u);
    BOOST_TEST(r.outcomes[0].emitted);
    BOOST_TEST(!r.outcomes[1].emitted);
    BOOST_TEST(!r.outcomes[2].emitted);
    const auto* rec = row(r, "recursion");
    BOOST_TEST_REQUIRE(rec != nullptr);
    BOOST_TEST(rec->where == std::vector<std::string>{"step 'tails' of template 'coinflip'"});
    BOOST_TEST(rec->engines[0].how == couler::support::native);
    BOOST_TEST(rec->engines[1].how == couler::support::refused);
    BOOST_TEST(rec->engines[1].text.find("step 'tails' of template 'coinflip': recursion") != std::string::npos);
    BOOST_TEST(rec->engines[2].how == couler::support::refused);
    BOOST_TEST(rec->engines[2].text.find("steps.tails: recursion") != std::string::npos);
    const auto* when = row(r, "when");
    BOOST_TEST_REQUIRE(when != nullptr); // used, and no engine refuses it here
    BOOST_TEST(when->engines[1].how == couler::support::partial);
    std::string text = couler::to_text(r);
    BOOST_TEST(text.find("tekton: refused (1 problems)") != std::string::npos, text);
    BOOST_TEST(text.find("\nrecursion: ") != std::string::npos, text);

    // Artifacts: Argo native, Tekton lowered through the workspace, Airflow refused by step.
    r = couler::explain_engines(read(ex / "artifact-passing.yaml"));
    const auto* art = row(r, "artifacts");
    BOOST_TEST_REQUIRE(art != nullptr);
    BOOST_TEST(r.outcomes[1].emitted);
    BOOST_TEST(art->engines[1].how == couler::support::partial);
    BOOST_TEST(art->engines[2].how == couler::support::refused);
    BOOST_TEST(art->engines[2].text.find("steps.generate-artifact") != std::string::npos, art->engines[2].text);
    BOOST_TEST(art->engines[2].text.find("steps.consume-artifact") != std::string::npos, art->engines[2].text);
}

BOOST_AUTO_TEST_CASE(table_agrees_with_the_emitters_on_every_conformance_workflow)
{
    const auto& engines = couler::feature_engines();
    std::size_t imported = 0;
    std::array<std::size_t, 3> emitted{}, refused{}, problems{}, unclaimed{}, not_reached{};
    std::array<std::map<std::string, std::size_t>, 3> by_feature; // workflows refused for it
    std::array<std::set<std::string>, 3> unclaimed_messages;
    std::map<std::string, std::size_t> used_by; // feature -> workflows using it
    for (const auto& in : couler_test::conformance_inputs(COULER_SHARED_DIR, couler_test::snapshot::last)) {
        couler::workflow wf;
        if (!couler_test::read_as_emit_does(in, wf))
            continue; // not a workflow `couler emit` reads
        ++imported;
        couler::engine_report r;
        try {
            r = couler::explain_engines(wf);
        } catch (const std::exception& e) {
            BOOST_ERROR(in.name << ": explain_engines threw " << e.what());
            continue;
        }
        const auto used = couler::features_used(wf);
        for (const auto& u : used)
            ++used_by[u.feature->id];
        for (std::size_t e = 0; e < 3; ++e) {
            const auto& o = r.outcomes[e];
            if (o.emitted) {
                ++emitted[e];
                for (const auto& u : used)
                    BOOST_TEST(u.feature->engines[e].how != couler::support::refused,
                               in.name << ": " << engines[e] << " emits it, yet the table says it refuses " << u.feature->id);
                continue;
            }
            ++refused[e];
            problems[e] += o.refusals.size();
            std::set<std::string> features;
            for (std::size_t i = 0; i < o.refusals.size(); ++i) {
                const auto* f = o.cause[i];
                if (!f) {
                    ++unclaimed[e];
                    unclaimed_messages[e].insert(std::regex_replace(o.refusals[i].message, std::regex("'[^']*'"), "'…'"));
                    continue;
                }
                features.insert(f->id);
                BOOST_TEST((f->engines[e].how == couler::support::refused || f->engines[e].how == couler::support::partial),
                           in.name << ": " << engines[e] << " refuses " << f->id << ", which the table calls "
                                   << couler::to_string(f->engines[e].how) << ": " << o.refusals[i].to_string());
            }
            for (const auto& f : features)
                ++by_feature[e][f];
            // A feature the table calls refused: the emitter refuses it, or (an emitter reports one
            // problem per step) refuses a step of the entry graph that uses it for another reason.
            // Used only deeper (inside a sub-workflow the emitter refuses as a whole) or by the
            // workflow itself (behind a refusal that stops the emitter first): counted, not reached.
            for (const auto& u : used) {
                if (u.feature->engines[e].how != couler::support::refused || features.count(u.feature->id))
                    continue;
                bool in_entry = false, step_refused = false;
                for (const auto& w : u.where) {
                    static const std::regex step_of(R"(^step '([^']+)' of template '([^']+)'$)");
                    std::smatch m;
                    if (!std::regex_match(w, m, step_of) || m[2].str() != wf.entrypoint)
                        continue;
                    in_entry = true;
                    for (const auto& p : o.refusals) {
                        const std::string text = p.path + ": " + p.message;
                        step_refused = step_refused || text.find("step '" + m[1].str() + "'") != std::string::npos ||
                                       text.find(".steps." + m[1].str()) != std::string::npos;
                    }
                }
                if (!in_entry) {
                    ++not_reached[e];
                    continue;
                }
                BOOST_TEST(step_refused, in.name << ": the table says " << engines[e] << " refuses " << u.feature->id
                                                 << " (" << u.where.front() << "), but the emitter refuses neither it nor its step");
            }
        }
    }
    BOOST_TEST(imported > 200u);

    std::ostringstream md;
    md << couler::feature_table_markdown() << "\n";
    md << "Workflows read: " << imported
       << "\n\n| engine | emitted | refused | problems | problems no feature claims | refused features not reached |\n"
       << "|---|---|---|---|---|---|\n";
    for (std::size_t e = 0; e < 3; ++e)
        md << "| " << engines[e] << " | " << emitted[e] << " | " << refused[e] << " | " << problems[e] << " | "
           << unclaimed[e] << " | " << not_reached[e] << " |\n";
    md << "\n| feature | workflows using it | refused by argo | refused by tekton | refused by airflow |\n|---|---|---|---|---|\n";
    for (const auto& f : couler::feature_table()) {
        auto n = used_by.count(f.id) ? used_by[f.id] : 0;
        md << "| `" << f.id << "` | " << n;
        for (std::size_t e = 0; e < 3; ++e)
            md << " | " << (by_feature[e].count(f.id) ? by_feature[e][f.id] : 0);
        md << " |\n";
    }
    for (std::size_t e = 0; e < 3; ++e) {
        md << "\nUnclaimed " << engines[e] << " refusals (" << unclaimed_messages[e].size() << " kinds):\n";
        for (const auto& m : unclaimed_messages[e])
            md << "- " << m << "\n";
    }
    std::ofstream(fs::path(COULER_BINARY_DIR) / "tests" / "engines" / "feature-counts.md") << md.str();
    std::cout << md.str();
}
