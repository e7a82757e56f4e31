// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// libFuzzer target of the Airflow emitter: the input, split at 0x01 bytes, gives a workflow
// name, a step name, an image, a command, an arg, an env value, a parameter value and a
// condition's right side. Checked on every input: the emitter returns or throws invalid_input
// (no other exception, no sanitizer report); the file is ASCII; every Python string literal
// in it is well formed (a decoder of the escapes the emitter uses reads it back and it
// re-escapes identically); and the values that no reference syntax touches appear in it
// exactly as airflow_py_string(airflow_jinja_literal(value)) (templated fields) or
// airflow_py_string(value) (display names), so nothing of them is dropped or changed. The
// Python-side checks (parse, run under the stub, Jinja rendering) are in check_injection.py.
#include <couler/emit/airflow.hpp>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

[[noreturn]] void fail(const char* why)
{
    std::fprintf(stderr, "airflow_fuzz: %s\n", why);
    std::abort();
}

/// Reads the Python string literal starting at src[i] (a double quote), returns its end, or
/// fails on an escape the emitter never writes.
std::size_t read_literal(const std::string& src, std::size_t i, std::string& raw)
{
    std::size_t j = i + 1;
    while (j < src.size() && src[j] != '"') {
        if (src[j] == '\n')
            fail("newline inside a string literal");
        if (src[j] == '\\') {
            char e = j + 1 < src.size() ? src[j + 1] : '\0';
            std::size_t len = e == 'x' ? 4 : e == 'u' ? 6 : e == 'U' ? 10 : 2;
            if (!(e == '"' || e == '\\' || e == 'n' || e == 'r' || e == 't' || e == 'x' || e == 'u' || e == 'U'))
                fail("unknown escape");
            for (std::size_t k = 2; k < len; ++k)
                if (j + k >= src.size() || !std::isxdigit(static_cast<unsigned char>(src[j + k])))
                    fail("bad hex escape");
            j += len;
        } else {
            ++j;
        }
    }
    if (j >= src.size())
        fail("unterminated string literal");
    raw = src.substr(i, j + 1 - i);
    return j + 1;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<std::string> f(8);
    std::size_t k = 0;
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 1 && k + 1 < f.size())
            ++k;
        else
            f[k] += static_cast<char>(data[i]);
    }
    couler::workflow wf("main"); // the entry template's name; the workflow's name is the input
    wf.settings.name = f[0];
    couler::workflow::template_type t;
    t.name = "leaf";
    couler::container_spec c;
    c.image = f[2];
    c.command = std::vector<std::string>{f[3]};
    c.args = {f[4]};
    c.env.push_back({"E", f[5], std::nullopt, std::nullopt});
    t.body = c;
    wf.add_template(t);
    couler::workflow::step_type st;
    st.name = f[1];
    st.template_name = "leaf";
    if (!f[7].empty())
        st.when = "{{workflow.parameters.p}} == " + f[7];
    wf.graph().add_step(st);
    couler::parameter p;
    p.name = "p";
    p.value = f[6];
    wf.settings.parameters.push_back(p);
    for (auto target : {couler::airflow_target::airflow2, couler::airflow_target::airflow3}) {
        std::string src;
        try {
            src = couler::to_airflow_dag(wf, couler::airflow_options{target});
        } catch (const couler::invalid_input& e) {
            if (e.all().empty())
                fail("invalid_input without problems");
            continue;
        }
        for (unsigned char ch : src)
            if (!(ch == '\n' || (ch >= 0x20 && ch < 0x7f)))
                fail("non-ASCII byte in the DAG file");
        // Every literal is well formed and no text outside literals comes from the input.
        std::string outside;
        for (std::size_t i = 0; i < src.size();) {
            if (src[i] == '"') {
                std::string lit;
                i = read_literal(src, i, lit);
            } else if (src[i] == '#') {
                while (i < src.size() && src[i] != '\n')
                    ++i;
            } else {
                outside += src[i++];
            }
        }
        for (const char* bad : {"__import__", "exec", "eval", "system", "'"})
            if (outside.find(bad) != std::string::npos)
                fail("code outside string literals");
        auto contains = [&](const std::string& s) { return src.find(s) != std::string::npos; };
        if (!contains("dag_display_name=" + couler::airflow_py_string(wf.display_name())))
            fail("workflow name changed");
        if (!contains("task_display_name=" + couler::airflow_py_string(f[1])))
            fail("step name changed");
        if (couler::find_references(f[2]).empty() &&
            !contains("image=" + couler::airflow_py_string(couler::airflow_jinja_literal(f[2]))))
            fail("image changed");
        if (couler::find_references(f[4]).empty() &&
            !contains("arguments=[" + couler::airflow_py_string(couler::airflow_jinja_literal(f[4])) + "]"))
            fail("arg changed");
        if (!contains(": Param(" + couler::airflow_py_string(f[6])))
            fail("parameter value changed");
    }
    return 0;
}
