// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Property test: hostile strings (quotes of every kind, triple quotes, backslashes, newlines,
// NUL, Jinja, Python code, shell, unicode, lone surrogates and bytes that are not UTF-8) as
// step names, images, commands, args, env values, parameter values and workflow names. Each
// case's DAG file must be refused naming the field (only for text the IR reads as a reference,
// `{{...}}`), or pass check_injection.py: it compiles, holds only DAG-building statements,
// runs nothing but the DAG definition under the offline stub (an audit hook refuses processes,
// writes, imports outside airflow), passes check_airflow_dag.py, and every value, rendered by
// Jinja the way Airflow renders templated fields, equals the input byte for byte.
#include <couler/emit/airflow.hpp>

#include <boost/json/serialize.hpp>

#define BOOST_TEST_MODULE airflow_emit_injection
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::vector<std::string>& fragments()
{
    static const std::vector<std::string> f = {
        "\"", "'", "\"\"\"", "'''", "\\", "\\\\", "\n", "\r\n", "\r", "\t", std::string(1, '\0'), "{{", "}}",
        "{%", "%}", "{#", "#}", "{% for x in range(3) %}x{% endfor %}", "{%- raw %}", "{% endraw %}",
        "__import__('os').system('touch /tmp/couler-pwned')", "\"); __import__('os').system('id'); (\"",
        "'''); exec('1'); ('''", "\\\"", "\\x41", "\\u0041", "\\N{BULLET}", "é", "日本語", "😀", "\xed\xa0\x80",
        "\xed\xbf\xbf", "\xff", "\x80", "\xc3", "${HOME}", "$(id)", "`id`", "params.x", "params", ".x",
        "xcom_pull(task_ids='nope')", "a.json", ".yaml", "yml", "{", "}", " ", "\x7f", "\x1b[31m", "\xe2\x80\xae",
        "plain", "-", "--", "#", "%", "{{ 7*7 }}"};
    return f;
}

std::string hostile(std::mt19937& rng)
{
    std::uniform_int_distribution<std::size_t> pick(0, fragments().size() - 1), count(1, 4);
    std::string s;
    for (std::size_t i = count(rng); i > 0; --i)
        s += fragments()[pick(rng)];
    return s;
}

std::string hex(std::string_view s)
{
    static const char* d = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out += d[c >> 4];
        out += d[c & 15];
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(hostile_values_are_data)
{
    const fs::path out = fs::path(COULER_TEST_OUT_DIR);
    fs::remove_all(out);
    fs::create_directories(out);
    std::ofstream manifest(out / "manifest.jsonl");
    std::mt19937 rng(20261205);
    std::size_t emitted = 0, refused = 0;
    for (int n = 0; n < 160; ++n) {
        std::string wname = hostile(rng), sname = hostile(rng), image = hostile(rng), cmd = hostile(rng),
                    arg = hostile(rng), input = hostile(rng), env_name = hostile(rng), env_value = hostile(rng),
                    pvalue = hostile(rng), pname = n % 3 ? "p" : hostile(rng);
        // A parameter name sits inside `{{workflow.parameters.NAME}}`: braces and dots would
        // end the reference, and spaces around it are trimmed.
        for (char& ch : pname)
            if (ch == '{' || ch == '}' || ch == '.')
                ch = '_';
        pname = "_" + pname + "_";
        couler::workflow wf(wname);
        couler::workflow::template_type t;
        t.name = "leaf";
        couler::container_spec c;
        c.image = image;
        c.command = std::vector<std::string>{cmd, "{{workflow.parameters." + pname + "}}"};
        c.args = {arg, "<{{inputs.parameters.x}}>"};
        c.env.push_back({env_name, env_value, std::nullopt, std::nullopt});
        t.body = c;
        couler::parameter x;
        x.name = "x";
        t.inputs.parameters.push_back(x);
        wf.add_template(t);
        couler::workflow::step_type st;
        st.name = sname;
        st.template_name = "leaf";
        couler::parameter a;
        a.name = "x";
        a.value = input;
        st.arguments.push_back(a);
        wf.graph().add_step(st);
        couler::parameter p;
        p.name = pname;
        p.value = pvalue;
        wf.settings.parameters.push_back(p);
        for (auto target : {couler::airflow_target::airflow2, couler::airflow_target::airflow3}) {
            json::object line{{"case", n}, {"target", couler::to_string(target)}};
            std::string src;
            try {
                src = couler::to_airflow_dag(wf, couler::airflow_options{target});
            } catch (const couler::invalid_input& e) {
                // Only text the IR reads as a reference, `{{...}}`, is refused here.
                bool has_ref = false;
                for (const auto* s : {&image, &cmd, &arg, &input, &env_value})
                    has_ref = has_ref || !couler::find_references(*s).empty();
                has_ref = has_ref || !couler::find_references(pname).empty();
                BOOST_TEST(has_ref, "case " << n << " refused without a reference: " << e.what());
                for (const auto& pr : e.all())
                    BOOST_TEST(pr.path.find("$.") == 0, pr.to_string());
                ++refused;
                continue;
            }
            for (unsigned char ch : src) // the file is ASCII: no encoding can change it
                BOOST_TEST_REQUIRE((ch == '\n' || (ch >= 0x20 && ch < 0x7f)), "case " << n << ": byte " << int(ch));
            fs::path py = out / ("case" + std::to_string(n) + "_" + couler::to_string(target) + ".py");
            std::ofstream(py, std::ios::binary) << src;
            line["py"] = py.string();
            line["expect"] = json::object{
                {"dag_display_name", hex(wname)},
                {"task_display_name", hex(sname)},
                {"image", hex(image)},
                {"cmds", json::array{json::string(hex(cmd)), json::string(hex(pvalue))}},
                {"arguments", json::array{json::string(hex(arg)), json::string(hex("<" + input + ">"))}},
                {"env_name", hex(env_name)},
                {"env_value", hex(env_value)},
                {"param_name", hex(pname)},
                {"param_value", hex(pvalue)}};
            manifest << json::serialize(line) << '\n';
            ++emitted;
        }
    }
    manifest.close();
    BOOST_TEST_MESSAGE(emitted << " emitted, " << refused << " refused");
    BOOST_TEST(emitted > 100u);
    std::string cmd = "/usr/bin/python3 " COULER_SOURCE_DIR "/tests/airflow_emit/check_injection.py " COULER_SHARED_DIR
                      " " + (out / "manifest.jsonl").string();
    BOOST_TEST(std::system(cmd.c_str()) == 0, cmd);
}
