// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_IMPL_AIRFLOW_HPP
#define COULER_EMIT_IMPL_AIRFLOW_HPP

#include <couler/emit/detail/airflow_text.hpp>
#include <couler/emit/impl/airflow_emitter.hpp>

namespace couler {

COULER_INLINE const char* to_string(airflow_target t) noexcept
{
    return t == airflow_target::airflow2 ? "airflow2" : "airflow3";
}

COULER_INLINE std::string airflow_py_string(std::string_view s)
{
    std::string out = "\"";
    char buf[16];
    for (std::size_t i = 0; i < s.size();) {
        std::uint32_t cp = 0;
        std::size_t n = detail::af_utf8_at(s, i, cp);
        if (n == 0) { // not UTF-8: Python's surrogateescape
            cp = 0xDC00u + static_cast<unsigned char>(s[i]);
            n = 1;
        }
        i += n;
        if (cp == '"' || cp == '\\') {
            out += '\\';
            out += static_cast<char>(cp);
        } else if (cp == '\n') {
            out += "\\n";
        } else if (cp == '\r') {
            out += "\\r";
        } else if (cp == '\t') {
            out += "\\t";
        } else if (cp >= 0x20 && cp < 0x7F) {
            out += static_cast<char>(cp);
        } else if (cp < 0x80) {
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
            out += buf;
        } else if (cp < 0x10000) {
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
            out += buf;
        } else {
            std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(cp));
            out += buf;
        }
    }
    out += '"';
    return out;
}

COULER_INLINE std::string airflow_jinja_literal(std::string_view s)
{
    // Each piece Jinja would read as syntax (or change: it normalises "\r" and "\r\n" to "\n"
    // and drops one trailing newline) is written as a Jinja string expression instead.
    std::string out;
    auto ends_with = [&](std::string_view suffix) {
        return out.size() >= suffix.size() && out.compare(out.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    // Appends a Jinja expression; a raw `{` just before it would make `{{{`, so it is escaped too.
    auto expr = [&](std::string_view text) {
        if (!out.empty() && out.back() == '{') {
            out.pop_back();
            out += "{{ '{' }}";
        }
        out += text;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        char next = i + 1 < s.size() ? s[i + 1] : '\0';
        if (c == '{' && (next == '{' || next == '%' || next == '#')) {
            expr(std::string("{{ '{") + next + "' }}");
            ++i;
        } else if (c == '{' && i + 1 == s.size()) {
            expr("{{ '{' }}"); // text may follow in the same field (a reference)
        } else if (c == '\r') {
            expr("{{ '\\r' }}");
        } else if (c == '\n' && i + 1 == s.size()) {
            expr("{{ '\\n' }}");
        } else if ((c == '.' && ends_with("params")) || (c == '(' && ends_with("xcom_pull"))) {
            // Plain text to Jinja, but the DAG checker's text heuristics would read it as a
            // reference to a parameter or an XCom.
            expr(std::string("{{ '") + c + "' }}");
        } else {
            out += c;
        }
    }
    // KubernetesPodOperator has template_ext (json, yaml, yml): a templated value ending so is
    // read as the name of a template file.
    if (ends_with("json") || ends_with("yaml") || ends_with("yml"))
        out += "{{ '' }}";
    return out;
}

template <class S, class A> airflow_dag emit_airflow(const basic_workflow<S, A>& wf, const airflow_options& opt)
{
    detail::airflow_emitter<S, A> e(wf, opt);
    return e.run();
}

template <class S, class A> std::string to_airflow_dag(const basic_workflow<S, A>& wf, const airflow_options& opt)
{
    return emit_airflow(wf, opt).source;
}

} // namespace couler

#endif
