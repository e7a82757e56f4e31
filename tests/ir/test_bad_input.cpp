// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Hostile IR JSON input: every case gives a clear problem (with the JSON path of the field
// when there is one) or is read correctly; never a crash, an exception or a hang.
#include <couler/ir/json.hpp>
#include <couler/ir/validate.hpp>

#include "print.hpp"
#include "random_workflow.hpp"

#define BOOST_TEST_MODULE ir_bad_input
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cmath>
#include <functional>
#include <random>
#include <string>

namespace json = boost::json;

namespace {

// A small valid document to break.
const char* const good_doc = R"({
  "couler_ir": 1,
  "settings": {"name": "w", "labels": {"team": "ml"}},
  "entrypoint": "main",
  "templates": [
    {"name": "echo", "container": {"image": "alpine", "args": ["a", "b"]},
     "outputs": {"artifacts": [{"name": "o", "kind": "s3", "bucket": "b", "size_bytes": 10}]}},
    {"name": "main", "graph": {"style": "dag", "steps": [
      {"name": "a", "template": "echo", "cost_seconds": 1.5},
      {"name": "b", "template": "echo", "dependencies": ["a", {"step": "c", "kind": "data"}], "group": 0},
      {"name": "c", "template": "echo"}
    ]}}
  ]
})";

struct result {
    couler::problems problems;
    couler::workflow wf;
    double seconds = 0;
};

// Reads text without letting any exception escape: an exception is a test failure.
result read(const std::string& text, const couler::json_read_options& opt = {})
{
    result r;
    auto start = std::chrono::steady_clock::now();
    try {
        r.wf = couler::parse_workflow(text, r.problems, opt);
    } catch (const std::exception& e) {
        BOOST_ERROR("parse_workflow threw " << e.what());
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

std::string dump(const couler::problems& ps)
{
    std::string s;
    for (auto& p : ps)
        s += "\n  " + p.to_string().substr(0, 300);
    return s;
}

bool has(const couler::problems& ps, const std::string& path, couler::error code, const std::string& words = "")
{
    for (auto& p : ps)
        if (p.path == path && p.code == code && p.message.find(words) != std::string::npos)
            return true;
    return false;
}

#define EXPECT_PROBLEM(ps, path, code, words)                                                                          \
    BOOST_TEST(has(ps, path, code, words), "expected " << path << " (" << code << ", '" << words << "') in:" << dump(ps))

// good_doc with one JSON edit applied.
std::string edited(const std::function<void(json::object&)>& edit)
{
    auto v = json::parse(good_doc);
    edit(v.as_object());
    return json::serialize(v);
}

json::object& tmpl(json::object& doc, std::size_t i) { return doc["templates"].as_array()[i].as_object(); }
json::object& step(json::object& doc, std::size_t i)
{
    return tmpl(doc, 1)["graph"].as_object()["steps"].as_array()[i].as_object();
}

} // namespace

BOOST_AUTO_TEST_CASE(the_good_document_is_good)
{
    auto r = read(good_doc);
    BOOST_TEST(r.problems.empty(), dump(r.problems));
    BOOST_TEST(r.wf.templates().size() == 2u);
}

BOOST_AUTO_TEST_CASE(malformed_json)
{
    for (std::string text : std::vector<std::string>{
             "", " ", "\n\n", "{", "}", "{\"a\"}", "{'a': 1}", "{\"a\": 1,}", "[1,]", "{\"a\": 1} x", "{} {}", "nul",
             "tru", "\"unterminated", "{\"a\": \"\\x\"}", "// c\n{}", "/* c */ {}", "{\"a\": 1 /* c */}",
             "{\"a\": \"line\nbreak\"}", "{\"a\":\t\"tab\tinside\"}", std::string("{\"a\": 1}\0", 9),
             std::string("{\0}", 3), "{\"a\" 1}", "{\"a\": [1 2]}", "{,}", "{\"a\": 01}", "{\"a\": 1.}",
             "{\"a\": .5}", "{\"a\": +1}", "{\"a\": 1e}", "{\"a\": --1}", "{\"a\": 0x10}", "{\"a\": NaN}",
             "{\"a\": nan}", "{\"a\": Infinity}", "{\"a\": -Infinity}", "{\"a\": inf}", "{\"a\": undefined}",
             "\xef\xbb\xbf{}"}) {
        auto r = read(text);
        BOOST_TEST_REQUIRE(r.problems.size() == 1u, "'" << text << "'" << dump(r.problems));
        BOOST_TEST(r.problems[0].path == "$");
        BOOST_TEST(r.problems[0].code == couler::error::malformed_json, text);
        BOOST_TEST(r.problems[0].message.find("line ") != std::string::npos, r.problems[0].message);
    }
    // Line and column point at the error.
    auto r = read("{\n  \"couler_ir\": 1,\n  \"entrypoint\": ,\n}");
    BOOST_TEST_REQUIRE(r.problems.size() == 1u);
    BOOST_TEST(r.problems[0].message.find("line 3, column 17") != std::string::npos, r.problems[0].message);
}

BOOST_AUTO_TEST_CASE(the_document_must_be_an_object)
{
    for (auto text : {"[]", "1", "\"x\"", "null", "true", "[{\"couler_ir\": 1}]"}) {
        auto r = read(text);
        BOOST_TEST_REQUIRE(r.problems.size() == 1u, text);
        BOOST_TEST(r.problems[0].path == "$");
        BOOST_TEST(r.problems[0].code == couler::error::wrong_type);
        BOOST_TEST(r.problems[0].message.find("expected an object") != std::string::npos);
    }
    auto r = read("{}");
    EXPECT_PROBLEM(r.problems, "$.couler_ir", couler::error::missing_field, "couler_ir");
    EXPECT_PROBLEM(r.problems, "$.entrypoint", couler::error::missing_field, "entrypoint");
    EXPECT_PROBLEM(r.problems, "$.templates", couler::error::missing_field, "templates");
}

BOOST_AUTO_TEST_CASE(wrong_types_name_the_field)
{
    struct wrong {
        std::function<void(json::object&)> edit;
        std::string path;
        couler::error code;
        std::string words;
    };
    using couler::error;
    std::vector<wrong> cases = {
        {[](json::object& d) { d["settings"].as_object()["name"] = 5; }, "$.settings.name", error::wrong_type,
         "expected a string, found an integer"},
        {[](json::object& d) { d["settings"] = json::array{}; }, "$.settings", error::wrong_type, "expected an object"},
        {[](json::object& d) { d["settings"].as_object()["labels"].as_object()["team"] = true; },
         "$.settings.labels.team", error::wrong_type, "found a boolean"},
        {[](json::object& d) { d["settings"].as_object()["labels"].as_object()["a b\"c"] = 1; },
         "$.settings.labels[\"a b\\\"c\"]", error::wrong_type, "found an integer"},
        {[](json::object& d) { d["templates"] = json::object{}; }, "$.templates", error::wrong_type, "expected an array"},
        {[](json::object& d) { d["templates"].as_array()[0] = "echo"; }, "$.templates[0]", error::wrong_type,
         "expected an object, found a string"},
        {[](json::object& d) { tmpl(d, 0)["container"].as_object()["args"].as_array()[1] = 3; },
         "$.templates[0].container.args[1]", error::wrong_type, "expected a string"},
        {[](json::object& d) { tmpl(d, 0)["container"].as_object()["args"] = "a b"; }, "$.templates[0].container.args",
         error::wrong_type, "expected an array of strings"},
        {[](json::object& d) { tmpl(d, 0)["container"].as_object()["command"] = nullptr; },
         "$.templates[0].container.command", error::wrong_type, "found null"},
        {[](json::object& d) { tmpl(d, 0)["daemon"] = "true"; }, "$.templates[0].daemon", error::wrong_type,
         "expected a boolean"},
        {[](json::object& d) { tmpl(d, 0)["outputs"].as_object()["artifacts"].as_array()[0].as_object()["size_bytes"] = -1; },
         "$.templates[0].outputs.artifacts[0].size_bytes", error::wrong_type, "non-negative integer"},
        {[](json::object& d) { tmpl(d, 0)["outputs"].as_object()["artifacts"].as_array()[0].as_object()["size_bytes"] = 1.5; },
         "$.templates[0].outputs.artifacts[0].size_bytes", error::wrong_type, "found a number"},
        {[](json::object& d) { tmpl(d, 0)["outputs"].as_object()["artifacts"].as_array()[0].as_object()["kind"] = "ftp"; },
         "$.templates[0].outputs.artifacts[0].kind", error::bad_value, "unknown artifact kind 'ftp'"},
        {[](json::object& d) { tmpl(d, 0)["outputs"].as_object()["artifacts"].as_array()[0].as_object().erase("kind"); },
         "$.templates[0].outputs.artifacts[0].kind", error::missing_field, "'kind'"},
        {[](json::object& d) { step(d, 0)["cost_seconds"] = "1.5"; }, "$.templates[1].graph.steps[0].cost_seconds",
         error::wrong_type, "expected a number, found a string"},
        {[](json::object& d) { step(d, 1)["group"] = "0"; }, "$.templates[1].graph.steps[1].group", error::wrong_type,
         "expected an integer"},
        {[](json::object& d) { step(d, 1)["group"] = -1; }, "$.templates[1].graph.steps[1].group", error::bad_value,
         "between 0 and"},
        {[](json::object& d) { step(d, 1)["group"] = std::int64_t(1) << 40; }, "$.templates[1].graph.steps[1].group",
         error::bad_value, "between 0 and"},
        {[](json::object& d) { step(d, 1)["dependencies"].as_array()[0] = 7; },
         "$.templates[1].graph.steps[1].dependencies[0]", error::wrong_type, "expected an object, found an integer"},
        {[](json::object& d) { step(d, 1)["dependencies"].as_array()[1].as_object()["kind"] = "soft"; },
         "$.templates[1].graph.steps[1].dependencies[1].kind", error::bad_value, "unknown dependency kind 'soft'"},
        {[](json::object& d) { step(d, 1)["dependencies"].as_array()[0] = "zz"; },
         "$.templates[1].graph.steps[1].dependencies[0]", error::unknown_reference, "'zz'"},
        {[](json::object& d) { step(d, 1)["with_items"] = json::object{}; }, "$.templates[1].graph.steps[1].with_items",
         error::wrong_type, "expected an array"},
        {[](json::object& d) { step(d, 1)["repeat_while"] = json::object{{"max_iterations", 3}}; },
         "$.templates[1].graph.steps[1].repeat_while.condition", error::missing_field, "condition"},
        {[](json::object& d) { step(d, 1).erase("template"); }, "$.templates[1].graph.steps[1].template",
         error::missing_field, "'template'"},
        {[](json::object& d) { tmpl(d, 1)["graph"].as_object()["style"] = "parallel"; }, "$.templates[1].graph.style",
         error::bad_value, "unknown graph style 'parallel'"},
        {[](json::object& d) { d["settings"].as_object()["kind"] = "cron"; }, "$.settings.kind", error::bad_value,
         "unknown workflow kind 'cron'"},
        {[](json::object& d) { d["settings"].as_object()["volumes"] = json::array{json::object{{"name", "v"}, {"kind", "nfs"}}}; },
         "$.settings.volumes[0].kind", error::bad_value, "unknown volume kind 'nfs'"},
        {[](json::object& d) { tmpl(d, 0)["script"] = json::object{{"image", "x"}, {"source", "y"}}; }, "$.templates[0]",
         error::bad_value, "exactly one of container, script"},
        {[](json::object& d) { tmpl(d, 0).erase("container"); }, "$.templates[0]", error::missing_field,
         "exactly one of"},
        {[](json::object& d) { tmpl(d, 0)["name"] = json::array{}; }, "$.templates[0].name", error::wrong_type,
         "expected a string"},
        {[](json::object& d) { d["entrypoint"] = 1; }, "$.entrypoint", error::wrong_type, "expected a string"},
        {[](json::object& d) { d["extensions"] = "argo"; }, "$.extensions", error::wrong_type, "expected an object"},
        {[](json::object& d) { d["settings"].as_object()["active_deadline_seconds"] = std::uint64_t(1) << 63; },
         "$.settings.active_deadline_seconds", error::bad_value, "out of range"},
        {[](json::object& d) { d["settings"].as_object()["parallelism"] = 2.0; }, "$.settings.parallelism",
         error::wrong_type, "expected an integer, found a number"},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        auto r = read(edited(cases[i].edit));
        EXPECT_PROBLEM(r.problems, cases[i].path, cases[i].code, cases[i].words);
    }
    // Several wrong fields: every one is reported.
    auto r = read(edited([](json::object& d) {
        d["settings"].as_object()["name"] = 5;
        step(d, 0)["cost_seconds"] = "x";
        tmpl(d, 0)["daemon"] = 1;
    }));
    BOOST_TEST(r.problems.size() == 3u, dump(r.problems));
}

BOOST_AUTO_TEST_CASE(unknown_fields_are_refused_by_name)
{
    auto r = read(edited([](json::object& d) {
        d["foo"] = 1;
        d["settings"].as_object()["serviceAccountName"] = "x";      // Argo's spelling, not the IR's
        tmpl(d, 0)["container"].as_object()["imagePullPolicy"] = "Always";
        step(d, 0)["dependsOn"] = json::array{};
        step(d, 0)["we\"ird\nkey"] = 1;
    }));
    EXPECT_PROBLEM(r.problems, "$.foo", couler::error::unknown_field, "unknown field 'foo'");
    EXPECT_PROBLEM(r.problems, "$.settings.serviceAccountName", couler::error::unknown_field, "'serviceAccountName'");
    EXPECT_PROBLEM(r.problems, "$.templates[0].container.imagePullPolicy", couler::error::unknown_field,
                   "'imagePullPolicy'");
    EXPECT_PROBLEM(r.problems, "$.templates[1].graph.steps[0].dependsOn", couler::error::unknown_field, "'dependsOn'");
    EXPECT_PROBLEM(r.problems, "$.templates[1].graph.steps[0][\"we\\\"ird?key\"]", couler::error::unknown_field, "");
    BOOST_TEST(r.problems.size() == 5u, dump(r.problems));
    // Extensions and the security context are free-form.
    r = read(edited([](json::object& d) {
        d["extensions"] = json::object{{"anything", json::object{{"goes", json::array{1, nullptr}}}}};
        step(d, 0)["extensions"] = json::object{{"argo", json::object{{"x", 1}}}};
        d["settings"].as_object()["security_context"] = json::object{{"runAsUser", 1}};
    }));
    BOOST_TEST(r.problems.empty(), dump(r.problems));
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_refused)
{
    auto dup = [](const std::string& from, const std::string& to) {
        std::string s = good_doc;
        auto at = s.find(from);
        BOOST_TEST_REQUIRE(at != std::string::npos);
        s.replace(at, from.size(), to);
        return s;
    };
    auto r = read(dup("\"couler_ir\": 1,", "\"couler_ir\": 1, \"couler_ir\": 1,"));
    BOOST_TEST_REQUIRE(r.problems.size() == 1u, dump(r.problems));
    EXPECT_PROBLEM(r.problems, "$.couler_ir", couler::error::duplicate_name, "duplicate key 'couler_ir'");

    // The later value would silently win: `alpine` would become `evil`.
    r = read(dup("\"image\": \"alpine\"", "\"image\": \"alpine\", \"image\": \"evil\""));
    BOOST_TEST_REQUIRE(r.problems.size() == 1u, dump(r.problems));
    EXPECT_PROBLEM(r.problems, "$.templates[0].container.image", couler::error::duplicate_name,
                   "in the object at $.templates[0].container");

    r = read(dup("\"cost_seconds\": 1.5", "\"cost_seconds\": 1.5, \"extensions\": {\"a\": 1, \"\\u0061\": 2}"));
    EXPECT_PROBLEM(r.problems, "$.templates[1].graph.steps[0].extensions.a", couler::error::duplicate_name, "'a'");

    // The same key in different objects is fine.
    r = read(R"({"couler_ir": 1, "entrypoint": "m", "templates": [], "extensions": {"a": {"a": {"a": 1}}, "b": [{"a": 1}, {"a": 2}]}})");
    BOOST_TEST(r.problems.empty(), dump(r.problems));

    // Many keys, and a duplicate at the end: found quickly (a hash set, not a quadratic scan).
    std::string big = "{\"couler_ir\": 1, \"entrypoint\": \"m\", \"templates\": [], \"extensions\": {";
    for (int i = 0; i < 200000; ++i)
        big += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",";
    big += "\"k7\": 0}}";
    r = read(big);
    EXPECT_PROBLEM(r.problems, "$.extensions.k7", couler::error::duplicate_name, "");
    BOOST_TEST(r.seconds < 5.0);
}

BOOST_AUTO_TEST_CASE(huge_strings)
{
    const std::string mb(1 << 20, 'x');
    // A 1 MB value everywhere strings go: accepted, and read back exactly.
    auto text = edited([&](json::object& d) {
        d["settings"].as_object()["labels"].as_object()[mb] = mb;
        tmpl(d, 0)["container"].as_object()["args"].as_array().push_back(json::value(mb));
        step(d, 0)["when"] = mb;
        step(d, 0)["with_items"] = json::array{json::value(mb + "\"\n\\")};
    });
    auto r = read(text);
    BOOST_TEST(r.problems.empty(), dump(r.problems));
    BOOST_TEST(r.wf.settings.labels.at(mb) == mb);
    BOOST_TEST(couler::to_json_string(r.wf).size() > 4u * mb.size());
    BOOST_TEST(r.seconds < 2.0);
    // A 1 MB name: read, and refused by the validator, not by a crash.
    text = edited([&](json::object& d) { step(d, 2)["name"] = mb; });
    r = read(text);
    BOOST_TEST(r.problems.size() == 1u, dump(r.problems)); // b depends on c, which is now unknown
    BOOST_TEST(r.wf.graph()[2].name.size() == mb.size());
    // A 1 MB unknown key: the problem names it.
    text = edited([&](json::object& d) { d[mb] = 1; });
    r = read(text);
    BOOST_TEST_REQUIRE(r.problems.size() == 1u);
    BOOST_TEST(r.problems[0].code == couler::error::unknown_field);
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused_quickly)
{
    for (std::size_t depth : {10000u, 100000u, 1000000u}) {
        for (int shape = 0; shape < 4; ++shape) {
            std::string open, close;
            for (std::size_t i = 0; i < depth; ++i) {
                open += shape % 2 == 0 ? "[" : "{\"a\":";
                close += shape % 2 == 0 ? "]" : "}";
            }
            std::string text = shape < 2 ? open + "1" + close // the whole document
                                         : "{\"couler_ir\": 1, \"entrypoint\": \"m\", \"templates\": [], \"extensions\": {\"x\": " +
                                               open + "1" + close + "}}";
            auto r = read(text);
            BOOST_TEST_REQUIRE(r.problems.size() == 1u, depth << " " << shape << dump(r.problems));
            BOOST_TEST(r.problems[0].code == couler::error::malformed_json);
            BOOST_TEST(r.problems[0].message.find("nesting deeper than 256") != std::string::npos, r.problems[0].message);
            BOOST_TEST(r.seconds < 0.5, "depth " << depth << " shape " << shape << ": " << r.seconds << " s");
            // Unclosed, as if truncated.
            r = read(open);
            BOOST_TEST(r.problems.size() == 1u);
            BOOST_TEST(r.seconds < 0.5);
        }
    }
    // Nesting within the limit is read, and written back the same.
    std::string open, close;
    for (int i = 0; i < 200; ++i) {
        open += "[{\"k\":";
        close += "}]";
    }
    std::string text = "{\"couler_ir\": 1, \"entrypoint\": \"m\", \"templates\": [], \"extensions\": {\"x\": " + open +
                       "null" + close + "}}";
    auto r = read(text);
    BOOST_TEST_REQUIRE(r.problems.size() == 1u); // 401 levels: over the default limit
    couler::json_read_options deeper;
    deeper.max_depth = 1000;
    r = read(text, deeper);
    BOOST_TEST(r.problems.empty(), dump(r.problems));
    json::parse_options po;
    po.max_depth = 1000;
    BOOST_TEST((json::value(r.wf.extensions) == json::parse(text, {}, po).at("extensions")));
    BOOST_TEST((couler::parse_workflow(couler::to_json_string(r.wf), deeper) == r.wf));
    // A stricter limit is honoured and named.
    couler::json_read_options shallow;
    shallow.max_depth = 3;
    r = read(good_doc, shallow);
    BOOST_TEST_REQUIRE(r.problems.size() == 1u);
    BOOST_TEST(r.problems[0].message.find("deeper than 3") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(truncated_input)
{
    const std::string full = couler::to_json_string(couler_test::random_workflow(3));
    std::size_t step_size = std::max<std::size_t>(1, full.size() / 1200);
    std::size_t n = 0;
    for (std::size_t cut = 0; cut < full.size(); cut += step_size, ++n) {
        auto r = read(full.substr(0, cut));
        BOOST_TEST_REQUIRE(r.problems.size() == 1u, "cut at " << cut);
        BOOST_TEST(r.problems[0].code == couler::error::malformed_json);
    }
    BOOST_TEST(n > 600u);
    BOOST_TEST(read(full).problems.empty());
}

BOOST_AUTO_TEST_CASE(huge_and_special_numbers)
{
    auto with_cost = [](const std::string& n) {
        return "{\"couler_ir\": 1, \"entrypoint\": \"m\", \"templates\": [{\"name\": \"m\", \"graph\": {\"steps\": "
               "[{\"name\": \"a\", \"template\": \"m\", \"cost_seconds\": " +
               n + "}]}}]}";
    };
    // Too large for a double: refused with the path, rather than read as infinity (which
    // could not be written back as JSON).
    for (const std::string& n : std::vector<std::string>{"1e400", "-1e400", "1E+309", std::string(400, '9'), std::string(400, '9') + ".5"}) {
        auto r = read(with_cost(n));
        BOOST_TEST_REQUIRE(r.problems.size() == 1u, n << dump(r.problems));
        EXPECT_PROBLEM(r.problems, "$.templates[0].graph.steps[0].cost_seconds", couler::error::bad_value,
                       "too large for a double");
    }
    // In a free-form object, the same.
    auto r = read(R"({"couler_ir": 1, "entrypoint": "m", "templates": [], "extensions": {"a": [0, 1e999]}})");
    EXPECT_PROBLEM(r.problems, "$.extensions.a[1]", couler::error::bad_value, "too large");
    r = read(R"({"couler_ir": 1e400, "entrypoint": "m", "templates": []})");
    EXPECT_PROBLEM(r.problems, "$.couler_ir", couler::error::bad_value, "too large");

    // Representable numbers are read: tiny ones underflow towards zero, long ones round.
    for (auto [n, want] : std::vector<std::pair<std::string, double>>{{"1e-400", 0.0},
                                                                      {"4.9e-324", 4.9e-324},
                                                                      {"0.1", 0.1},
                                                                      {"1.7976931348623157e308", 1.7976931348623157e308},
                                                                      {"-0", 0.0},
                                                                      {"123456789012345678901234567890", 1.2345678901234568e29},
                                                                      {"0." + std::string(500, '0') + "1", 0.0}}) {
        r = read(with_cost(n));
        BOOST_TEST_REQUIRE(r.problems.empty(), n << dump(r.problems));
        BOOST_TEST(*r.wf.graph()[0].cost_seconds == want, n);
    }
    // Integers beyond 64 bits where an integer is needed: a clear problem.
    r = read(R"({"couler_ir": 1, "entrypoint": "m", "templates": [], "settings": {"parallelism": 18446744073709551616}})");
    EXPECT_PROBLEM(r.problems, "$.settings.parallelism", couler::error::wrong_type, "expected an integer, found a number");
    r = read(R"({"couler_ir": 18446744073709551615, "entrypoint": "m", "templates": []})");
    EXPECT_PROBLEM(r.problems, "$.couler_ir", couler::error::unsupported_version, "18446744073709551615");
}

BOOST_AUTO_TEST_CASE(non_finite_numbers_cannot_be_written)
{
    // NaN and infinity have no JSON form: validate() names the field, and the writer refuses
    // them rather than write text no reader accepts.
    for (double bad : {std::nan(""), HUGE_VAL, -HUGE_VAL, -1.0}) {
        couler::workflow wf("w");
        couler::step s;
        s.name = "a";
        s.template_name = "w";
        s.cost_seconds = bad;
        wf.graph().add_step(s);
        auto p = couler::validate(wf);
        bool named = false;
        for (const auto& x : p)
            named = named || x.path == "$.templates[0].graph.steps[0].cost_seconds";
        BOOST_TEST(named, dump(p));
        if (!std::isfinite(bad))
            BOOST_CHECK_THROW(couler::to_json_string(wf), std::invalid_argument);
    }
}

BOOST_AUTO_TEST_CASE(invalid_utf8)
{
    for (const std::string& bad : std::vector<std::string>{"\xff", "\xc3", "\xc3(", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                            "\xf8\x88\x80\x80\x80", "a\x80z"}) {
        // In a value and in a key.
        for (auto text : {"{\"couler_ir\": 1, \"entrypoint\": \"" + bad + "\", \"templates\": []}",
                          "{\"couler_ir\": 1, \"entrypoint\": \"m\", \"templates\": [], \"extensions\": {\"" + bad + "\": 1}}"}) {
            auto r = read(text);
            BOOST_TEST_REQUIRE(r.problems.size() == 1u, dump(r.problems));
            BOOST_TEST(r.problems[0].code == couler::error::malformed_json);
            BOOST_TEST(r.problems[0].message.find("line 1") != std::string::npos, r.problems[0].message);
        }
    }
    // Escaped lone surrogates: Boost.JSON refuses them too.
    for (const std::string& esc : std::vector<std::string>{"\\ud800", "\\udc00", "\\ud800\\u0041"}) {
        auto r = read("{\"couler_ir\": 1, \"entrypoint\": \"" + esc + "\", \"templates\": []}");
        BOOST_TEST(r.problems.size() == 1u, esc << dump(r.problems));
    }
    // Valid escapes of every kind read as the characters they stand for.
    auto r = read(R"({"couler_ir": 1, "entrypoint": "\u00e9\ud83d\ude80\n\"\\\/\b\f\r\t\u0000", "templates": []})");
    BOOST_TEST_REQUIRE(r.problems.empty(), dump(r.problems));
    BOOST_TEST(r.wf.entrypoint == std::string("é🚀\n\"\\/\b\f\r\t\0", 15));
}

BOOST_AUTO_TEST_CASE(strings_that_are_not_utf8_cannot_be_written)
{
    // Built through the API, a string may hold any bytes. Boost.JSON's serializer would copy
    // them into text that no JSON reader (ours included) accepts: the writer names them instead.
    for (const std::string& bad : std::vector<std::string>{"\xff", "caf\xe9", "\xc3(", "\xed\xa0\x80", "a\x80z"}) {
        couler::workflow wf("w");
        couler::step_template t;
        t.name = "t";
        couler::container_spec c;
        c.image = "alpine:3";
        c.args = {"ok", "arg " + bad};
        t.body = c;
        t.extensions["argo"] = boost::json::object{{"key " + bad, 1}};
        wf.add_template(t);
        couler::step s;
        s.name = "a";
        s.template_name = "t";
        wf.graph().add_step(s);
        BOOST_CHECK_NO_THROW(couler::to_json(wf)); // a Boost.JSON value may hold any bytes
        for (auto write : {+[](const couler::workflow& w) { return couler::to_json_string(w); },
                           +[](const couler::workflow& w) { return couler::to_json_pretty(w); }}) {
            try {
                write(wf);
                BOOST_ERROR("wrote invalid UTF-8: " << bad);
            } catch (const couler::invalid_input& e) {
                BOOST_TEST_REQUIRE(e.all().size() == 2u, dump(e.all()));
                BOOST_TEST(e.all()[0].path == "$.templates[1].container.args[1]", dump(e.all()));
                BOOST_TEST(e.all()[1].path == "$.templates[1].extensions.argo", dump(e.all()));
                for (const auto& p : e.all()) {
                    BOOST_TEST(p.code == couler::error::bad_value);
                    BOOST_TEST(p.message.find("UTF-8") != std::string::npos, p.message);
                }
            }
        }
    }
    // Valid UTF-8 of every length is written and reads back equal.
    couler::workflow ok("w");
    ok.settings.labels["k"] = "é 日本 🎉 \x7f";
    auto back = couler::parse_workflow(couler::to_json_string(ok));
    BOOST_TEST(back.settings.labels.at("k") == "é 日本 🎉 \x7f");
}

BOOST_AUTO_TEST_CASE(random_mutations_never_crash)
{
    // Byte-level mutations of real documents: each is refused with problems, or read and
    // then written and read again identically.
    std::mt19937_64 rng(2026);
    const char bytes[] = "{}[]\",:0123456789.eE+-\\ntfu \n\x80\xff";
    std::size_t read_ok = 0, refused = 0;
    std::vector<std::string> originals;
    for (std::uint64_t seed = 0; seed < 40; ++seed)
        originals.push_back(couler::to_json_string(couler_test::random_workflow(seed)));
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 800; ++i) {
        std::string text = originals[rng() % originals.size()];
        for (int k = 1 + static_cast<int>(rng() % 4); k > 0; --k) {
            std::size_t at = rng() % text.size();
            switch (rng() % 3) {
            case 0: text[at] = bytes[rng() % (sizeof bytes - 1)]; break;
            case 1: text.erase(at, 1 + rng() % 8); break;
            default: text.insert(at, 1, bytes[rng() % (sizeof bytes - 1)]); break;
            }
            if (text.empty())
                text = "{";
        }
        auto r = read(text);
        if (!r.problems.empty()) {
            ++refused;
            for (auto& p : r.problems)
                BOOST_TEST((!p.path.empty() && p.path[0] == '$' && !p.message.empty()));
            continue;
        }
        ++read_ok;
        auto again = couler::to_json_string(r.wf);
        auto r2 = read(again);
        BOOST_TEST(r2.problems.empty(), dump(r2.problems));
        BOOST_TEST((r2.wf == r.wf));
    }
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST_MESSAGE(read_ok << " mutants read, " << refused << " refused, in " << seconds << " s");
    BOOST_TEST(refused > 0u);
    BOOST_TEST(read_ok > 0u);
}
