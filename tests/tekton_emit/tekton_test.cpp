// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The Tekton emitter's mapping, one feature per case: documents, dependencies and result
// references, params, conditions (native and through a condition task), matrix, finally,
// retries, timeouts, secrets, workspaces, artifacts, refusals by name, and hostile strings.
#include <couler/emit/tekton.hpp>
#include <couler/ir/json.hpp>
#include <couler/ir/validate.hpp>

#define BOOST_TEST_MODULE tekton_emit
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace json = boost::json;
using namespace couler;

namespace {

workflow wf_of(const std::string& text)
{
    workflow wf = parse_workflow(text);
    validate_or_throw(wf);
    return wf;
}

/// A dag workflow `w` whose templates and steps are given as JSON text.
std::string doc(const std::string& templates, const std::string& steps, const std::string& settings = "")
{
    return R"({"couler_ir": 1, "settings": {"name": "w")" + settings + R"(}, "entrypoint": "main", "templates": [
        {"name": "main", "graph": {"style": "dag", "steps": [)" + steps + "]}}" + (templates.empty() ? "" : ", ") +
           templates + "]}";
}

const std::string echo = R"({"name": "echo", "inputs": {"parameters": [{"name": "msg", "default": "hi"}]},
    "container": {"image": "alpine:3.18", "command": ["echo"], "args": ["{{inputs.parameters.msg}}"]}})";
const std::string flip = R"({"name": "flip", "script": {"image": "python:3.12", "command": ["python"],
    "source": "import random\nprint(random.choice(['heads', 'tails']))\n"}})";

const json::object& task(const json::array& docs, const std::string& name, const char* list = "tasks")
{
    const json::object& spec = docs.back().as_object().at("spec").as_object().contains("pipelineSpec")
                                   ? docs.back().as_object().at("spec").at("pipelineSpec").as_object()
                                   : docs.front().as_object().at("spec").as_object();
    for (const auto& t : spec.at(list).as_array())
        if (t.at("name") == name.c_str())
            return t.as_object();
    throw std::runtime_error("no task " + name);
}

std::string refusal(const workflow& wf, const tekton_options& opt = {})
{
    try {
        to_tekton_json(wf, opt);
    } catch (const invalid_input& e) {
        return e.what();
    }
    return {};
}

/// Runs validate_tekton.py over the YAML of `wf`; true if every document is valid.
bool tekton_valid(const workflow& wf, const std::string& name, const tekton_options& opt = {})
{
    std::filesystem::create_directories(COULER_TEST_OUT_DIR);
    std::string file = std::string(COULER_TEST_OUT_DIR) + "/" + name + ".yaml";
    std::ofstream(file) << to_tekton_yaml(wf, opt);
    std::string cmd = "/usr/bin/python3 " COULER_SHARED_DIR "/tools/validate_tekton.py " + file + " > " + file + ".log";
    return std::system(cmd.c_str()) == 0;
}

std::string shell_quote(const std::string& s)
{
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

/// Runs a helper step's command (`sh -c SCRIPT NAME ARGS...`) here, with `args` in place of the
/// Tekton variables; returns the exit status.
int run_helper(const json::array& command, const std::vector<std::string>& args)
{
    std::string cmd = "sh -c " + shell_quote(std::string(command.at(2).as_string())) + " couler-test";
    for (const auto& a : args)
        cmd += " " + shell_quote(a);
    return std::system(cmd.c_str());
}

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

} // namespace

BOOST_AUTO_TEST_CASE(pipeline_and_run_documents)
{
    auto wf = wf_of(doc(echo, R"({"name": "a", "template": "echo"}, {"name": "b", "template": "echo",
        "arguments": [{"name": "msg", "value": "{{workflow.parameters.greeting}}"}], "dependencies": ["a"]})",
                        R"(, "parameters": [{"name": "greeting", "value": "hello"}])"));
    auto docs = to_tekton_json(wf);
    BOOST_TEST_REQUIRE(docs.size() == 2u);
    BOOST_TEST(docs[0].at("kind") == "Pipeline");
    BOOST_TEST(docs[0].at("apiVersion") == "tekton.dev/v1");
    BOOST_TEST(docs[1].at("kind") == "PipelineRun");
    BOOST_TEST(docs[1].at("spec").at("pipelineRef").at("name") == "w");
    BOOST_TEST(docs[1].at("spec").at("params").at(0).at("value") == "hello");
    const auto& b = task(docs, "b");
    BOOST_TEST(b.at("runAfter") == json::array{"a"});
    BOOST_TEST(b.at("params").at(0).at("value") == "$(params.greeting)");
    BOOST_TEST(b.at("taskSpec").at("steps").at(0).at("args").at(0) == "$(params.msg)");
    BOOST_TEST(b.at("taskSpec").at("params").at(0).at("default") == "hi");
    BOOST_TEST(tekton_valid(wf, "documents"));

    tekton_options inl;
    inl.inline_pipeline = true;
    auto one = to_tekton_json(wf, inl);
    BOOST_TEST_REQUIRE(one.size() == 1u);
    BOOST_TEST(one[0].at("spec").at("pipelineSpec").at("tasks").as_array().size() == 2u);
    BOOST_TEST(tekton_valid(wf, "documents_inline", inl));
}

BOOST_AUTO_TEST_CASE(result_reference_orders_and_captures_stdout)
{
    auto wf = wf_of(doc(echo + "," + flip, R"({"name": "Flip", "template": "flip"},
        {"name": "say", "template": "echo", "dependencies": ["Flip"],
         "arguments": [{"name": "msg", "value": "got {{tasks.Flip.outputs.result}}"}]})"));
    auto docs = to_tekton_json(wf);
    const auto& say = task(docs, "say");
    BOOST_TEST(!say.contains("runAfter")); // the result reference orders it
    BOOST_TEST(say.at("params").at(0).at("value") == "got $(tasks.flip.results.result)");
    const auto& f = task(docs, "flip").at("taskSpec");
    BOOST_TEST(f.at("results").at(0).at("name") == "result");
    BOOST_TEST(f.at("steps").at(0).at("stdoutConfig").at("path") == "/couler/stdout/stdout");
    BOOST_TEST(f.at("steps").at(0).at("script").as_string().starts_with("#!/usr/bin/env python\nimport random"));
    BOOST_TEST(f.at("steps").at(1).at("name") == "couler-outputs");
    BOOST_TEST(tekton_valid(wf, "result"));

    // An output parameter read from a file, with a default: written first, replaced by the file.
    auto out = wf_of(doc(R"({"name": "w", "outputs": {"parameters": [{"name": "p", "from": {"path": "/tmp/p", "default": "none"}}]},
        "container": {"image": "alpine:3.18", "command": ["sh", "-c", "echo 1 > /tmp/p"]}})", R"({"name": "w", "template": "w"})"));
    auto od = to_tekton_json(out);
    const auto& cmd = task(od, "w").at("taskSpec").at("steps").at(1).at("command").as_array();
    BOOST_TEST(json::array(cmd.begin() + 4, cmd.end()) ==
               (json::array{"fallback", "none", "$(results.p.path)", "optional", "/tmp/p", "$(results.p.path)"}));
    BOOST_TEST(task(od, "w").at("taskSpec").at("volumes").at(0).at("name") == "couler-dir-0");
    BOOST_TEST(tekton_valid(out, "output_default"));
}

BOOST_AUTO_TEST_CASE(conditions_native_and_lowered)
{
    auto wf = wf_of(doc(echo + "," + flip, R"({"name": "flip", "template": "flip"},
        {"name": "heads", "template": "echo", "dependencies": ["flip"], "when": "{{tasks.flip.outputs.result}} == heads"},
        {"name": "tails", "template": "echo", "dependencies": ["flip"], "when": "'{{tasks.flip.outputs.result}}' != heads"},
        {"name": "big", "template": "echo", "dependencies": ["flip"], "when": "{{tasks.flip.outputs.result}} > 5"})"));
    auto docs = to_tekton_json(wf);
    const auto& h = task(docs, "heads").at("when").at(0);
    BOOST_TEST(h.at("input") == "$(tasks.flip.results.result)");
    BOOST_TEST(h.at("operator") == "in");
    BOOST_TEST(h.at("values") == json::array{"heads"});
    BOOST_TEST(task(docs, "tails").at("when").at(0).at("operator") == "notin");
    const auto& big = task(docs, "big");
    BOOST_TEST(big.at("when").at(0).at("input") == "$(tasks.big-cond.results.ok)");
    BOOST_TEST(big.at("runAfter") == json::array{"flip"});
    const auto& cond = task(docs, "big-cond");
    BOOST_TEST(cond.at("params").at(0).at("value") == "$(tasks.flip.results.result)");
    BOOST_TEST(cond.at("params").at(1).at("value") == "5");
    BOOST_TEST(tekton_valid(wf, "conditions"));

    auto bad = wf_of(doc(echo + "," + flip, R"({"name": "flip", "template": "flip"},
        {"name": "x", "template": "echo", "dependencies": ["flip"],
         "when": "{{tasks.flip.outputs.result}} == a || {{tasks.flip.outputs.result}} == b"})"));
    std::string why = refusal(bad);
    BOOST_TEST(why.find("step 'x' of template 'main'") != std::string::npos, why);
    BOOST_TEST(why.find("||") != std::string::npos, why);
}

BOOST_AUTO_TEST_CASE(matrix_over_items_and_array_result)
{
    auto wf = wf_of(doc(echo + "," + flip, R"({"name": "each", "template": "echo",
         "arguments": [{"name": "msg", "value": "n={{item.n}}"}], "with_items": [{"n": 1}, {"n": "two"}]},
        {"name": "gen", "template": "flip"},
        {"name": "fan", "template": "echo", "dependencies": ["gen"],
         "arguments": [{"name": "msg", "value": "{{item}}"}], "with_param": "{{tasks.gen.outputs.result}}"})"));
    auto docs = to_tekton_json(wf);
    const auto& inc = task(docs, "each").at("matrix").at("include").as_array();
    BOOST_TEST_REQUIRE(inc.size() == 2u);
    BOOST_TEST(inc[0].at("params").at(0).at("value") == "n=1");
    BOOST_TEST(inc[1].at("params").at(0).at("value") == "n=two");
    BOOST_TEST(task(docs, "fan").at("matrix").at("params").at(0).at("value") == "$(tasks.gen.results.result[*])");
    BOOST_TEST(task(docs, "gen").at("taskSpec").at("results").at(0).at("type") == "array");
    BOOST_TEST(tekton_valid(wf, "matrix"));

    // A map whose item no argument reads: the Task gets a param it does not read, to fan out over.
    auto unused = wf_of(doc(echo, R"({"name": "thrice", "template": "echo", "with_items": ["a", "b", "c"]})"));
    auto ud = to_tekton_json(unused);
    const auto& th = task(ud, "thrice");
    BOOST_TEST(th.at("matrix").at("include").as_array().size() == 3u);
    BOOST_TEST(th.at("matrix").at("include").at(2).at("params").at(0).at("name") == "couler-item");
    BOOST_TEST(th.at("taskSpec").at("params").at(1).at("name") == "couler-item");
    BOOST_TEST(tekton_valid(unused, "matrix_unused_item"));

    std::string items;
    for (int i = 0; i < 257; ++i)
        items += (i ? "," : "") + std::to_string(i);
    auto big = wf_of(doc(echo, R"({"name": "many", "template": "echo",
        "arguments": [{"name": "msg", "value": "{{item}}"}], "with_items": [)" + items + "]}"));
    std::string why = refusal(big);
    BOOST_TEST(why.find("step 'many'") != std::string::npos, why);
    BOOST_TEST(why.find("257 items") != std::string::npos, why);
    BOOST_TEST(why.find("256") != std::string::npos, why);
}

BOOST_AUTO_TEST_CASE(finally_retries_timeouts_secrets_workspaces)
{
    std::string tmpl = R"({"name": "work", "retry": {"limit": 3}, "timeout": "1m",
        "container": {"image": "alpine:3.18", "command": ["sh", "-c", "ls /data"],
          "env": [{"name": "TOKEN", "secret": {"name": "creds", "key": "token"}}],
          "volume_mounts": [{"name": "data", "mount_path": "/data"}]}},
        {"name": "notify", "container": {"image": "alpine:3.18", "command": ["echo", "{{workflow.status}}"]}})";
    auto wf = wf_of(doc(tmpl, R"({"name": "work", "template": "work"})",
                        R"(, "on_exit": "notify", "volumes": [{"name": "data", "kind": "persistent_volume_claim", "source": "pvc-1"}])"));
    auto docs = to_tekton_json(wf);
    const auto& w = task(docs, "work");
    BOOST_TEST(w.at("retries") == 3);
    BOOST_TEST(w.at("timeout") == "60s");
    BOOST_TEST(w.at("taskSpec").at("steps").at(0).at("env").at(0).at("valueFrom").at("secretKeyRef").at("name") == "creds");
    BOOST_TEST(w.at("taskSpec").at("workspaces").at(0).at("mountPath") == "/data");
    BOOST_TEST(w.at("workspaces").at(0).at("workspace") == "data");
    BOOST_TEST(docs[1].at("spec").at("workspaces").at(0).at("persistentVolumeClaim").at("claimName") == "pvc-1");
    const auto& n = task(docs, "notify", "finally");
    BOOST_TEST(n.at("params").at(0).at("value") == "$(tasks.status)");
    BOOST_TEST(n.at("taskSpec").at("steps").at(0).at("command").at(1) == "$(params.couler-status)");
    BOOST_TEST(tekton_valid(wf, "finally"));
}

BOOST_AUTO_TEST_CASE(artifacts_through_the_workspace)
{
    std::string tmpl = R"({"name": "make", "outputs": {"artifacts": [{"name": "out", "kind": "local", "path": "/tmp/out.txt"}]},
          "container": {"image": "alpine:3.18", "command": ["sh", "-c", "echo x > /tmp/out.txt"]}},
        {"name": "use", "inputs": {"artifacts": [{"name": "in", "kind": "local", "path": "/in/file"}]},
          "container": {"image": "alpine:3.18", "command": ["cat", "/in/file"]}})";
    auto wf = wf_of(doc(tmpl, R"({"name": "make", "template": "make"}, {"name": "use", "template": "use",
        "dependencies": ["make"], "artifact_arguments": [{"name": "in", "kind": "local", "from": "{{tasks.make.outputs.artifacts.out}}"}]})"));
    auto docs = to_tekton_json(wf);
    const auto& run_ws = docs[1].at("spec").at("workspaces").at(0);
    BOOST_TEST(run_ws.at("name") == "couler-artifacts");
    BOOST_TEST(run_ws.at("volumeClaimTemplate").at("spec").at("resources").at("requests").at("storage") == "1Gi");
    const auto& use = task(docs, "use");
    BOOST_TEST(use.at("runAfter") == json::array{"make"});
    BOOST_TEST(use.at("taskSpec").at("steps").at(0).at("name") == "couler-inputs");
    BOOST_TEST(use.at("taskSpec").at("steps").at(0).at("command").at(5) ==
               "$(workspaces.couler-artifacts.path)/make/out");
    BOOST_TEST(tekton_valid(wf, "artifacts"));
}

BOOST_AUTO_TEST_CASE(refusals_name_step_and_feature)
{
    auto loop = wf_of(doc(flip, R"({"name": "again", "template": "flip",
        "repeat_while": {"condition": "{{steps.again.outputs.result}} == tails"}})"));
    std::string why = refusal(loop);
    BOOST_TEST(why.find("step 'again' of template 'main'") != std::string::npos, why);
    BOOST_TEST(why.find("exec_while") != std::string::npos, why);

    auto rec = wf_of(doc("", R"({"name": "self", "template": "main"})"));
    why = refusal(rec);
    BOOST_TEST(why.find("step 'self'") != std::string::npos, why);
    BOOST_TEST(why.find("recursion") != std::string::npos, why);

    auto ext = wf_of(doc(R"({"name": "t", "container": {"image": "alpine:3.18"}, "extensions": {"argo": {"x": 1}}})",
                         R"({"name": "s", "template": "t"})"));
    why = refusal(ext);
    BOOST_TEST(why.find("template 't'") != std::string::npos, why);
    BOOST_TEST(why.find("\"argo\"") != std::string::npos, why);

    // $(tasks.status) exists only in finally tasks.
    auto status = wf_of(doc(R"({"name": "t", "container": {"image": "alpine:3.18", "args": ["{{workflow.status}}"]}})",
                            R"({"name": "s", "template": "t"})"));
    why = refusal(status);
    BOOST_TEST(why.find("step 's' of template 'main'") != std::string::npos, why);
    BOOST_TEST(why.find("{{workflow.status}}") != std::string::npos, why);

    auto sus = wf_of(doc(R"({"name": "wait", "suspend": {}})", R"({"name": "s", "template": "wait"})"));
    why = refusal(sus);
    BOOST_TEST(why.find("suspend") != std::string::npos, why);
}

BOOST_AUTO_TEST_CASE(hostile_strings_keep_their_meaning)
{
    // Quotes, newlines, YAML indicators and a shell $(...) reach the task unchanged.
    const std::string nasty = "it's \"quoted\"\nline2: {a: [b]} # not a comment\n$(date) `id` \\n '' ---";
    json::object t = json::parse(echo).as_object();
    auto wf = wf_of(doc(json::serialize(t), R"({"name": "s", "template": "echo", "arguments": [{"name": "msg", "value": )" +
                                                json::serialize(json::value(nasty)) + "}]}"));
    BOOST_TEST(tekton_valid(wf, "hostile"));
    std::string yaml = to_tekton_yaml(wf);
    std::string file = std::string(COULER_TEST_OUT_DIR) + "/hostile.yaml";
    // Read back with PyYAML: the param value is exactly the user's string.
    std::string cmd = "/usr/bin/python3 -c \"import sys,yaml,json; d=list(yaml.safe_load_all(open(sys.argv[1]))); "
                      "print(json.dumps(d[0]['spec']['tasks'][0]['params'][0]['value']))\" " + file + " > " + file + ".out";
    BOOST_TEST_REQUIRE(std::system(cmd.c_str()) == 0);
    std::ifstream in(file + ".out");
    std::string back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    BOOST_TEST(json::parse(back) == json::value(nasty));

    // Tekton variables in user text would be substituted and Tekton has no escape: refused by name.
    for (std::string v : {"$(params.msg)", "x $(tasks.a.results.r) y", "$( context.pipelineRun.name)", "$(params['x'])"}) {
        auto bad = wf_of(doc(echo, R"({"name": "s", "template": "echo", "arguments": [{"name": "msg", "value": )" +
                                       json::serialize(json::value(v)) + "}]}"));
        std::string why = refusal(bad);
        BOOST_TEST(why.find("step 's' of template 'main'") != std::string::npos, why);
        BOOST_TEST(why.find("Tekton would substitute") != std::string::npos, v << ": " << why);
    }
    // In a command, a script, an env value, a when value, a map item: refused too.
    auto cmdv = wf_of(doc(R"J({"name": "t", "container": {"image": "alpine:3.18", "command": ["echo", "$(params.x)"]}})J",
                          R"({"name": "s", "template": "t"})"));
    BOOST_TEST(refusal(cmdv).find("command[1]") != std::string::npos, refusal(cmdv));
    auto item = wf_of(doc(echo, R"J({"name": "s", "template": "echo", "arguments": [{"name": "msg", "value": "{{item}}"}],
        "with_items": ["ok", "$(workspaces.w.path)"]})J"));
    BOOST_TEST(refusal(item).find("map item") != std::string::npos, refusal(item));
    auto when = wf_of(doc(echo + "," + flip, R"J({"name": "f", "template": "flip"}, {"name": "s", "template": "echo",
        "dependencies": ["f"], "when": "{{tasks.f.outputs.result}} == $(params.x)"})J"));
    BOOST_TEST(refusal(when).find("condition") != std::string::npos, refusal(when));
    // A condition task gets the operands as params (data), never as script text.
    auto ord = wf_of(doc(echo + "," + flip, R"({"name": "f", "template": "flip"}, {"name": "s", "template": "echo",
        "dependencies": ["f"], "when": "{{tasks.f.outputs.result}} < '; rm -rf / #'"})"));
    auto docs = to_tekton_json(ord);
    BOOST_TEST(task(docs, "s-cond").at("params").at(1).at("value") == "; rm -rf / #");
    BOOST_TEST(task(docs, "s-cond").at("taskSpec").at("steps").at(0).at("command").at(6) == "$(params.b)");
}

BOOST_AUTO_TEST_CASE(helper_scripts_do_what_the_lowering_says)
{
    // The scripts the emitter writes, run here with sh and awk as the helper image runs them.
    auto wf = wf_of(doc(echo + "," + flip, R"({"name": "f", "template": "flip"}, {"name": "s", "template": "echo",
        "dependencies": ["f"], "when": "{{tasks.f.outputs.result}} > 9"})"));
    auto docs = to_tekton_json(wf);
    const auto& copy = task(docs, "f").at("taskSpec").at("steps").at(1).at("command").as_array();
    const auto& cond = task(docs, "s-cond").at("taskSpec").at("steps").at(0).at("command").as_array();
    const std::string d = std::string(COULER_TEST_OUT_DIR) + "/helpers";
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    std::ofstream(d + "/stdout") << "heads\n\n";
    BOOST_TEST(run_helper(copy, {"result", d + "/stdout", d + "/result"}) == 0);
    BOOST_TEST(slurp(d + "/result") == "heads"); // trailing newlines trimmed, as Argo trims stdout
    BOOST_TEST(run_helper(copy, {"fallback", "it's $x", d + "/p", "optional", d + "/missing", d + "/p"}) == 0);
    BOOST_TEST(slurp(d + "/p") == "it's $x");
    std::ofstream(d + "/file") << "from file";
    BOOST_TEST(run_helper(copy, {"fallback", "none", d + "/q", "optional", d + "/file", d + "/q"}) == 0);
    BOOST_TEST(slurp(d + "/q") == "from file");
    BOOST_TEST(run_helper(copy, {"copy", d + "/missing", d + "/r"}) != 0); // a missing output fails the step
    std::filesystem::create_directories(d + "/dir/sub");
    std::ofstream(d + "/dir/sub/x") << "x";
    BOOST_TEST(run_helper(copy, {"copy", d + "/dir", d + "/ws/step/art"}) == 0);
    BOOST_TEST(slurp(d + "/ws/step/art/sub/x") == "x");

    auto compare = [&](const std::string& a, const std::string& op, const std::string& b) {
        BOOST_TEST_REQUIRE(run_helper(cond, {a, op, b, d + "/ok"}) == 0);
        return slurp(d + "/ok");
    };
    BOOST_TEST(compare("10", ">", "9") == "true");  // numbers as numbers
    BOOST_TEST(compare("10", "<", "9") == "false");
    BOOST_TEST(compare("2.5", ">=", "2.50") == "true");
    BOOST_TEST(compare("b", ">", "a") == "true");   // otherwise as strings
    BOOST_TEST(compare("; rm -rf / #", ">", "$(id)") == "true"); // operands are data, never shell text
    BOOST_TEST(compare("a\\nb", "<", "a\\nc") == "true"); // backslashes are data, not escapes
}
