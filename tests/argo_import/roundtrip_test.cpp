// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Coverage: every Argo example in shared/conformance/argo-examples is imported (strict, then
// with extensions), emitted with couler::to_argo_json, compared with the input by
// argo_semantic_equal.py, and validated against the strict CRD schema. Writes the coverage
// table to <build>/tests/argo_import/argo-coverage.md (docs/argo-coverage.md is made from it).
#include <couler/import/argo.hpp>

#include <couler/emit/argo.hpp>
#include <couler/ir/json.hpp>
#include <couler/ir/validate.hpp>

#define BOOST_TEST_MODULE argo_import_roundtrip
#include <boost/test/unit_test.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string read(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct outcome {
    bool imported = false, emitted = false, equal = false, valid = false, validated = false;
    bool invalid_ir = false;      // strict: imported, but couler::validate refuses the workflow
    std::string reason;           // why it fails, if it does
    std::vector<std::string> unmodelled; // strict mode: the fields the IR lacks
    fs::path out;                 // the emitted document
    bool pass() const { return imported && emitted && equal && valid && !invalid_ir; }
};

struct example {
    fs::path file;
    std::string rel, kind;
    outcome strict, lax;
};

std::string shell_quote(const std::string& s)
{
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string kind_of(const std::string& text)
{
    couler::problems ps;
    auto docs = couler::parse_yaml_documents(text, ps);
    for (auto& d : docs)
        if (auto* o = d.if_object())
            if (auto* k = o->if_contains("kind"); k && k->is_string())
                return std::string(k->get_string());
    static const std::regex re("(^|\n)kind:[ \t]*([A-Za-z]+)");
    std::smatch m;
    if (std::regex_search(text, m, re))
        return m[2];
    return "?";
}

// Runs a command, its standard output into `out`; returns the exit status.
int run(const std::string& cmd, const fs::path& out)
{
    return std::system((cmd + " > " + shell_quote(out.string()) + " 2>&1").c_str());
}

void import_and_emit(example& e, bool strict, const fs::path& dir)
{
    outcome& o = strict ? e.strict : e.lax;
    couler::problems ps;
    couler::argo_import_options opt;
    opt.strict = strict;
    auto wf = couler::import_argo(read(e.file), ps, opt);
    if (!ps.empty()) {
        for (auto& p : ps)
            if (p.code == couler::error::unknown_field)
                o.unmodelled.push_back(p.path);
        if (o.unmodelled.empty())
            o.reason = "import: " + ps[0].to_string();
        else {
            o.reason = "needs the Argo extension for " + std::to_string(o.unmodelled.size()) + " field(s):";
            for (std::size_t i = 0; i < o.unmodelled.size() && i < 4; ++i)
                o.reason += " `" + o.unmodelled[i] + "`";
            if (o.unmodelled.size() > 4)
                o.reason += " ...";
        }
        return;
    }
    o.imported = true;
    // The IR JSON of what was imported reads back to the same workflow (extensions included).
    couler::problems back;
    auto again = couler::parse_workflow(couler::to_json_string(wf), back);
    BOOST_TEST((back.empty() && again == wf), e.rel << ": the imported IR does not survive IR JSON");
    // What imports strictly must also be a valid IR workflow to count. Some examples are
    // inconsistent in ways Argo tolerates (an argument no input declares, which Argo ignores);
    // couler::validate refuses them, and the table says why.
    if (strict) {
        auto ps2 = couler::validate(wf);
        if (!ps2.empty()) {
            o.invalid_ir = true;
            o.reason = "imported, but not a valid IR workflow: " + ps2[0].to_string();
            return;
        }
    }
    try {
        couler::argo_options eo;
        eo.python_sdk_layout = false; // keep the input's template order
        json::value doc = couler::to_argo_json(wf, eo);
        std::string name = e.rel;
        std::replace(name.begin(), name.end(), '/', '_');
        o.out = dir / (name.substr(0, name.size() - 5) + ".json");
        std::ofstream(o.out) << json::serialize(doc);
        o.emitted = true;
    } catch (const std::exception& x) {
        std::string w = x.what();
        o.reason = "emit: " + w.substr(0, w.find('\n'));
    }
}

// argo_semantic_equal.py over every emitted pair; fills equal / reason.
void compare(std::vector<example>& all, bool strict, const fs::path& work)
{
    std::string cmd = std::string(COULER_PYTHON) + " " +
                      shell_quote(std::string(COULER_ARGO_IMPORT_DIR) + "/argo_semantic_equal.py") + " --max 3 --schema-dir " +
                      shell_quote(std::string(COULER_SHARED_DIR) + "/schemas");
    std::map<std::string, outcome*> by_out;
    for (auto& e : all) {
        outcome& o = strict ? e.strict : e.lax;
        if (!o.emitted)
            continue;
        cmd += " " + shell_quote(e.file.string()) + " " + shell_quote(o.out.string());
        by_out[o.out.string()] = &o;
    }
    if (by_out.empty())
        return;
    fs::path log = work / (strict ? "compare-strict.txt" : "compare-lax.txt");
    run(cmd, log);
    std::istringstream in(read(log));
    std::string line;
    outcome* cur = nullptr;
    std::size_t seen = 0;
    while (std::getline(in, line)) {
        if (line.rfind("EQUAL ", 0) == 0 || line.rfind("DIFFER ", 0) == 0) {
            std::string out = line.substr(line.rfind(' ') + 1);
            auto colon = out.find(':');
            if (line.rfind("DIFFER ", 0) == 0 && colon != std::string::npos)
                out = out.substr(0, colon);
            auto it = by_out.find(out);
            cur = it == by_out.end() ? nullptr : it->second;
            if (cur) {
                ++seen;
                cur->equal = line[0] == 'E';
                if (!cur->equal)
                    cur->reason = "differs:";
            }
        } else if (cur && !cur->equal && line.rfind("  ", 0) == 0) {
            cur->reason += " " + line.substr(2);
        }
    }
    BOOST_TEST(seen == by_out.size(), "argo_semantic_equal.py answered for " << seen << " of " << by_out.size()
                                                                            << " documents; see " << log);
}

// validate.py with the schema of each kind; fills valid.
void validate(std::vector<example>& all, bool strict, const fs::path& work)
{
    for (const char* kind : {"Workflow", "WorkflowTemplate"}) {
        std::string schema = std::string(COULER_SHARED_DIR) + "/schemas/" +
                             (std::string(kind) == "Workflow" ? "workflow_v1alpha1.json" : "workflowtemplate_v1alpha1.json");
        std::string cmd = std::string(COULER_PYTHON) + " " +
                          shell_quote(std::string(COULER_SHARED_DIR) + "/tools/validate.py") + " " + shell_quote(schema);
        std::vector<outcome*> batch;
        for (auto& e : all) {
            outcome& o = strict ? e.strict : e.lax;
            if (o.emitted && e.kind == kind) {
                cmd += " " + shell_quote(o.out.string());
                batch.push_back(&o);
            }
        }
        if (batch.empty())
            continue;
        fs::path log = work / (std::string("validate-") + kind + (strict ? "-strict.txt" : "-lax.txt"));
        run(cmd, log);
        std::string text = read(log);
        BOOST_TEST(text.find("valid=") != std::string::npos, "validate.py did not run: " << text.substr(0, 300));
        for (auto* o : batch) {
            o->validated = true;
            auto at = text.find("INVALID " + o->out.string() + "#");
            o->valid = at == std::string::npos;
            if (!o->valid) {
                auto end = text.find('\n', at);
                std::string msg = text.substr(at, end - at);
                o->reason += (o->reason.empty() ? "" : "; ") + std::string("schema: ") + msg.substr(msg.find(')') + 1);
            }
        }
    }
}

std::string cell(std::string s)
{
    std::replace(s.begin(), s.end(), '|', '/');
    std::replace(s.begin(), s.end(), '\n', ' ');
    if (s.size() > 400)
        s = s.substr(0, 400) + "...";
    return s;
}

std::string percent(std::size_t a, std::size_t b)
{
    if (b == 0)
        return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(a) / static_cast<double>(b));
    return buf;
}

} // namespace

BOOST_AUTO_TEST_CASE(argo_examples_round_trip)
{
    const fs::path root = fs::path(COULER_SHARED_DIR) / "conformance" / "argo-examples";
    BOOST_TEST_REQUIRE(fs::is_directory(root), root << " is missing: the shared conformance data is needed");
    const fs::path work = fs::path(COULER_BINARY_DIR) / "tests" / "argo_import" / "roundtrip";
    fs::remove_all(work);
    fs::create_directories(work / "strict");
    fs::create_directories(work / "lax");

    std::vector<example> all, other;
    for (auto& de : fs::recursive_directory_iterator(root)) {
        if (!de.is_regular_file() || de.path().extension() != ".yaml")
            continue;
        example e;
        e.file = de.path();
        e.rel = fs::relative(de.path(), root).generic_string();
        e.kind = kind_of(read(e.file));
        if (e.kind == "Workflow" || e.kind == "WorkflowTemplate" || e.kind == "ClusterWorkflowTemplate" ||
            e.kind == "CronWorkflow")
            all.push_back(std::move(e));
        else
            other.push_back(std::move(e));
    }
    auto by_rel = [](const example& a, const example& b) { return a.rel < b.rel; };
    std::sort(all.begin(), all.end(), by_rel);
    std::sort(other.begin(), other.end(), by_rel);

    for (auto& e : all) {
        import_and_emit(e, true, work / "strict");
        import_and_emit(e, false, work / "lax");
    }
    compare(all, true, work);
    compare(all, false, work);
    validate(all, true, work);
    validate(all, false, work);

    std::size_t workflows = 0, strict_pass = 0, lax_pass = 0, need_ext = 0;
    std::map<std::string, std::size_t> field_count;
    for (auto& e : all) {
        bool wf = e.kind == "Workflow";
        // CronWorkflow and ClusterWorkflowTemplate have no schema here: equality alone decides.
        if (e.kind == "CronWorkflow" || e.kind == "ClusterWorkflowTemplate") {
            e.strict.valid = e.strict.emitted;
            e.lax.valid = e.lax.emitted;
        }
        if (!wf)
            continue;
        ++workflows;
        strict_pass += e.strict.pass();
        lax_pass += e.lax.pass();
        need_ext += !e.strict.unmodelled.empty();
        std::set<std::string> fields;
        for (auto& p : e.strict.unmodelled)
            fields.insert(std::regex_replace(p, std::regex("\\[[0-9]+\\]"), "[]"));
        for (auto& f : fields)
            ++field_count[f];
        // Strict mode may refuse a valid example only for fields the IR lacks, or for bad YAML.
        if (!e.strict.imported && e.strict.unmodelled.empty())
            BOOST_TEST(e.strict.reason.find("invalid YAML") != std::string::npos, e.rel << ": " << e.strict.reason);
        // What the emitter writes must be valid, whatever the import path.
        if (e.strict.emitted)
            BOOST_TEST(e.strict.valid, e.rel << " (strict): " << e.strict.reason);
    }

    // Every Workflow with its strict result; then the ones that need the extension; then the
    // other workflow kinds; then what was skipped.
    std::ostringstream md, ext, kinds;
    md << "| example | strict round trip | reason |\n|---|---|---|\n";
    ext << "| example | fields the IR does not model | round trip with the extension | reason |\n|---|---|---|---|\n";
    kinds << "| example | kind | strict | reason (strict) | with extension | reason (extension) |\n"
          << "|---|---|---|---|---|---|\n";
    for (auto& e : all) {
        if (e.kind != "Workflow") {
            kinds << "| " << e.rel << " | " << e.kind << " | " << (e.strict.pass() ? "pass" : "FAIL") << " | "
                  << cell(e.strict.pass() ? "" : e.strict.reason) << " | " << (e.lax.pass() ? "pass" : "FAIL") << " | "
                  << cell(e.lax.pass() ? "" : e.lax.reason) << " |\n";
            continue;
        }
        md << "| " << e.rel << " | " << (e.strict.pass() ? "pass" : "FAIL") << " | "
           << cell(e.strict.pass() ? "" : e.strict.reason) << " |\n";
        if (!e.strict.unmodelled.empty()) {
            std::string f;
            for (auto& p : e.strict.unmodelled)
                f += (f.empty() ? "`" : ", `") + p + "`";
            ext << "| " << e.rel << " | " << cell(f) << " | " << (e.lax.pass() ? "pass" : "FAIL") << " | "
                << cell(e.lax.pass() ? "" : e.lax.reason) << " |\n";
        }
    }
    std::ostringstream summary;
    summary << "Workflow examples: " << workflows << "; strict round trip (no extension): " << strict_pass << " ("
            << percent(strict_pass, workflows) << "); with the Argo extension: " << lax_pass << " ("
            << percent(lax_pass, workflows) << "); needing the extension: " << need_ext << "\n";
    std::ostringstream fields;
    std::vector<std::pair<std::size_t, std::string>> ranked;
    for (auto& [f, n] : field_count)
        ranked.emplace_back(n, f);
    std::sort(ranked.rbegin(), ranked.rend());
    fields << "| examples | field the IR does not model |\n|---|---|\n";
    for (auto& [n, f] : ranked)
        fields << "| " << n << " | `" << f << "` |\n";
    std::ostringstream skipped;
    for (auto& e : other)
        skipped << "- " << e.rel << " (" << e.kind << ")\n";
    std::ofstream(work.parent_path() / "argo-coverage.md")
        << "<!-- generated by the argo_import_roundtrip test -->\n\n" << summary.str()
        << "\n## Every Workflow example (strict: no extension)\n\n" << md.str()
        << "\n## Workflow examples that need the Argo extension\n\n"
        << "They do not count toward coverage. Imported without --strict, the fields are kept in the "
           "extension and merged back by the emitter:\n\n"
        << ext.str() << "\n## Fields the IR does not model, by number of Workflow examples\n\n" << fields.str()
        << "\n## Other workflow kinds (WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow)\n\n"
        << "WorkflowTemplates are validated against workflowtemplate_v1alpha1.json; CronWorkflows and "
           "ClusterWorkflowTemplates have no schema here, so equality alone decides.\n\n"
        << kinds.str() << "\n## Not workflow kinds (skipped)\n\n" << skipped.str();
    BOOST_TEST_MESSAGE(summary.str());
    std::cout << summary.str() << "report: " << (work.parent_path() / "argo-coverage.md").string() << "\n";

    BOOST_TEST(workflows >= 100u, "only " << workflows << " Workflow examples found under " << root);
    // Floors at the measured level (see docs/argo-coverage.md): a regression fails the test.
    BOOST_TEST(strict_pass * 100 >= workflows * COULER_ARGO_STRICT_FLOOR_PERCENT,
               "strict coverage " << percent(strict_pass, workflows) << " is under the floor");
    BOOST_TEST(lax_pass * 100 >= workflows * COULER_ARGO_LAX_FLOOR_PERCENT,
               "coverage with the extension " << percent(lax_pass, workflows) << " is under the floor");
}
