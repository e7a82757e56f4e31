// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#include <couler/emit/yaml.hpp>

#define BOOST_TEST_MODULE argo_emit_yaml
#include <boost/test/unit_test.hpp>

#include "yaml_to_json.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <vector>

namespace json = boost::json;

namespace {

const std::vector<std::string>& hostile_strings()
{
    static const std::vector<std::string> v = {
        "", " ", "  ", "a", "yes", "no", "Yes", "NO", "y", "n", "Y", "on", "off", "On", "OFF", "true", "False",
        "null", "Null", "NULL", "~", "1e3", "1E3", "0x1F", "0o17", "0b101", "1_000", "012", "+1", "-1", ".5",
        "1.", ".inf", "-.inf", ".nan", ".NaN", "nan", "inf", "=", "<<", "123", "3.14", "1:20", "190:20:30",
        "2001-12-14", "2001-12-14t21:59:43.10-05:00", "key: value", "a:b", "a: b", "a:", ":a", "# comment",
        "a #b", "a#b", "- item", "-", "--", "---", "...", "--- x", "? q", "?", ": x", "{{inputs.parameters.p}}",
        "{{steps.a.outputs.result}} == heads", "{a: 1}", "[1, 2]", "{", "}", "[", "]", ",", "a, b", "&anchor",
        "*alias", "!tag", "!!str", "%YAML", "@at", "`tick", "|", ">", "|-", "'single'", "\"double\"", "it's",
        "say \"hi\"", "back\\slash", "\\n", "line1\nline2", "line1\nline2\n", "line1\nline2\n\n", "\nlead",
        "\n", "\n\n", "trail\n\n\n", " lead space", "trail space ", "a  b", "tab\there", "\ttab", "tab\t",
        "cr\r\nlf", "\r", "bell\x07", std::string("nul\0x", 5), "del\x7f", "unicode: héllo wörld ✓ 日本語",
        "emoji 🎉", "nel\xc2\x85x", "ls\xe2\x80\xa8x", "ps\xe2\x80\xa9x", "bom\xef\xbb\xbfx", "\xef\xbb\xbf",
        "c1\xc2\x9b", "nbsp\xc2\xa0x", "\xc2\xa0", "docker/whalesay:latest", "echo -n hello world > /mnt/t1.txt",
        "echo \"it was heads\"", "python:3.6", "/mnt", "a: |\n  b", "    indented\n  less\nnone",
        "x\n  indented second\n", "first\n #not comment\n", "key:\n- a\n- b\n", "%", "a%b", "0", "-0", "00",
        "1e", "e1", "E", ".", "..", "./x", "/", "_", "__", "a=b", "a+b", "TRUE", "tRuE", "yES",
        std::string(1100, 'k'), std::string(2000, 'x') + ": y",
        // Keys near the 1024-character limit of implicit keys once escaped (6 characters per
        // control byte): 160 bytes stay implicit (962), 170 need the explicit form (1022).
        std::string(160, '\x01'), std::string(170, '\x01'), std::string(161, 'k') + std::string(140, '\x02'),
        // Longer than the writer's 16 KiB buffer, plain, quoted and as a literal block.
        std::string(40000, 'z'), std::string(20000, '"'), [] {
            std::string s;
            for (int i = 0; i < 3000; ++i)
                s += "line " + std::to_string(i) + "\n";
            return s;
        }(),
    };
    return v;
}

json::value parse_back(const std::string& yaml) { return couler_test::yaml_to_json(YAML::Load(yaml)); }

void check_roundtrip(const json::value& doc)
{
    std::string text = couler::to_yaml(doc);
    json::value back;
    try {
        back = parse_back(text);
    } catch (const std::exception& e) {
        BOOST_FAIL("yaml-cpp could not parse:\n" << text << "\n" << e.what());
    }
    BOOST_TEST(back == doc, "round trip differs\nyaml:\n" << text << "\nexpected: " << json::serialize(doc)
                                                         << "\ngot:      " << json::serialize(back));
}

json::object hostile_document()
{
    json::object o;
    json::array list;
    std::size_t i = 0;
    for (const auto& s : hostile_strings()) {
        std::string key = std::to_string(i++);
        key.insert(0, 1, 'k'); // not "k" + ...: GCC 12 -O3 -Wrestrict false positive
        o[key] = s;
        list.emplace_back(s);
    }
    o["list"] = list;
    json::object keys;
    for (const auto& s : hostile_strings())
        keys[s] = s;
    o["keys"] = keys;
    json::array nested;
    nested.push_back(json::array{json::array{"x", "\ny\n"}, json::object{{"a", "b\nc\n"}, {"d", json::array{}}}});
    nested.push_back(json::object{});
    nested.push_back(json::array{});
    nested.push_back(nullptr);
    o["nested"] = nested;
    return o;
}

} // namespace

BOOST_AUTO_TEST_CASE(argo_emit_yaml_every_hostile_string_roundtrips)
{
    for (const auto& s : hostile_strings()) {
        check_roundtrip(json::value(s));
        check_roundtrip(json::object{{"k", s}});
        check_roundtrip(json::array{s, json::object{{"k", s}, {s, s}}});
        check_roundtrip(json::object{{"m", json::object{{"n", json::array{json::array{s}}}}}});
    }
}

BOOST_AUTO_TEST_CASE(argo_emit_yaml_scalars_roundtrip)
{
    std::vector<json::value> vals = {nullptr, true, false, 0, -1, 42, std::numeric_limits<std::int64_t>::min(),
                                     std::numeric_limits<std::int64_t>::max(),
                                     std::numeric_limits<std::uint64_t>::max(), 0.0, -0.0, 1.0, 1.5, -2.25,
                                     1e300, 1e-300, 0.1, 123456789.123456789, 5e-324, 1e20, 1e21};
    for (const auto& v : vals) {
        check_roundtrip(v);
        check_roundtrip(json::object{{"k", v}});
        check_roundtrip(json::array{v, v});
    }
}

BOOST_AUTO_TEST_CASE(argo_emit_yaml_structure_and_order)
{
    json::value doc = json::parse(R"({"z":1,"a":{"w":[1,{"b":2,"a":[]}],"x":{}},"m":[[1,[2]],[]]})");
    std::string text = couler::to_yaml(doc);
    BOOST_TEST(text == "z: 1\na:\n  w:\n    - 1\n    - b: 2\n      a: []\n  x: {}\nm:\n  - - 1\n    - - 2\n  - []\n");
    check_roundtrip(doc);
    check_roundtrip(hostile_document());
    // A script stays readable: a literal block.
    std::string script = couler::to_yaml(json::object{{"source", "import os\nprint(1)\n"}});
    BOOST_TEST(script == "source: |\n  import os\n  print(1)\n");
    BOOST_CHECK_THROW(couler::to_yaml(json::value("bad\xff")), std::invalid_argument);
}

// The document also reads back under YAML 1.1 as PyYAML (what Argo users' tools use) reads it.
BOOST_AUTO_TEST_CASE(argo_emit_yaml_pyyaml_reads_the_same)
{
    namespace fs = std::filesystem;
    fs::path dir = fs::path(COULER_TEST_OUT_DIR) / "yaml";
    fs::create_directories(dir);
    json::value doc = hostile_document();
    {
        std::ofstream(dir / "hostile.yaml") << couler::to_yaml(doc);
        std::ofstream(dir / "hostile.json") << json::serialize(doc);
    }
    std::string cmd = "/usr/bin/python3 " COULER_SOURCE_DIR "/tests/argo_emit/yaml_equal.py " +
                      (dir / "hostile.yaml").string() + " " + (dir / "hostile.json").string();
    BOOST_TEST(std::system(cmd.c_str()) == 0, cmd);
}
