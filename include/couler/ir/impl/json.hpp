// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_IMPL_JSON_HPP
#define COULER_IR_IMPL_JSON_HPP

#include <couler/ir/detail/json_parser.hpp>
#include <couler/ir/detail/json_read.hpp>
#include <couler/ir/detail/json_reader.hpp>
#include <couler/ir/detail/json_write.hpp>
#include <couler/ir/detail/utf8.hpp>
#include <couler/version.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

#include <cmath>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <unordered_set>

namespace couler {

template <class S, class A> boost::json::value to_json(const basic_workflow<S, A>& wf)
{
    namespace json = boost::json;
    json::object o;
    o["couler_ir"] = ir_format_version;
    o["settings"] = detail::write(wf.settings);
    o["entrypoint"] = wf.entrypoint;
    if (!wf.secrets.empty()) {
        json::array a;
        for (auto& s : wf.secrets) {
            json::object x;
            x["name"] = s.name;
            detail::put(x, "namespace", s.namespace_);
            detail::put(x, "keys", s.keys);
            a.push_back(std::move(x));
        }
        o["secrets"] = std::move(a);
    }
    if (!wf.artifacts.empty())
        o["artifacts"] = detail::write_all(wf.artifacts);
    if (!wf.template_defaults.empty()) {
        json::value d = detail::write(wf.template_defaults.front(), true);
        if (wf.template_defaults.front().name.empty())
            d.as_object().erase("name");
        o["template_defaults"] = std::move(d);
    }
    o["templates"] = detail::write_all(wf.templates());
    detail::put(o, "extensions", wf.extensions);
    return o;
}

template <class S, class A> std::string to_json_string(const basic_workflow<S, A>& wf)
{
    boost::json::value doc = to_json(wf);
    detail::require_utf8(doc); // serialize would copy invalid bytes into text no reader accepts
    return boost::json::serialize(doc);
}

template <class S, class A> std::string to_json_pretty(const basic_workflow<S, A>& wf)
{
    boost::json::value doc = to_json(wf);
    detail::require_utf8(doc);
    return pretty_print(doc);
}

template <class S, class A> basic_workflow<S, A> workflow_from_json(const boost::json::value& doc, problems& out)
{
    namespace json = boost::json;
    basic_workflow<S, A> wf;
    // The version first: a document of another version is refused with that one problem, not
    // with the unknown fields a later version may define.
    if (auto obj = doc.if_object()) {
        auto ver = obj->if_contains("couler_ir");
        if (ver && (ver->is_int64() || ver->is_uint64()) &&
            !(ver->is_int64() ? ver->get_int64() == ir_format_version
                              : ver->get_uint64() == static_cast<std::uint64_t>(ir_format_version))) {
            out.push_back({"$.couler_ir", error::unsupported_version,
                           "IR format version " + json::serialize(*ver) + " is not supported (this reader reads version " +
                               std::to_string(ir_format_version) + ")"});
            return wf;
        }
    }
    detail::json_object_reader o(doc, "$", out,
                                 {"couler_ir", "settings", "entrypoint", "secrets", "artifacts", "template_defaults",
                                  "templates", "extensions"});
    if (!o.ok())
        return wf;
    std::int64_t version = 0;
    if (o.require("couler_ir"))
        o.int64_into("couler_ir", version); // a wrong type is a problem; a wrong number was handled above
    if (auto s = o.find("settings"))
        detail::read(*s, o.at("settings"), out, wf.settings);
    o.string("entrypoint", wf.entrypoint, true);
    detail::read_list(o, "secrets", wf.secrets, [&](const json::value& x, const std::string& p, secret_spec& d) {
        detail::json_object_reader r(x, p, out, {"name", "namespace", "keys"});
        r.string("name", d.name, true);
        r.string("namespace", d.namespace_);
        r.strings("keys", d.keys);
    });
    detail::read_list(o, "artifacts", wf.artifacts,
                      [&](const json::value& x, const std::string& p, typename basic_workflow<S, A>::artifact_type& d) {
                          detail::read(x, p, out, d);
                      });
    if (auto x = o.find("template_defaults")) {
        wf.template_defaults.emplace_back();
        detail::read(*x, o.at("template_defaults"), out, wf.template_defaults.back(), true, true);
    }
    o.require("templates");
    o.each("templates", [&](const json::value& x, const std::string& p) {
        typename basic_workflow<S, A>::template_type t;
        detail::read(x, p, out, t);
        auto name = x.is_object() ? x.get_object().if_contains("name") : nullptr;
        if (!name || !name->is_string())
            return; // already reported as missing or mistyped; an empty name is kept, for validate to report
        if (wf.find_template(t.name)) {
            out.push_back({detail::path_key(p, "name"), error::duplicate_name, "duplicate template name '" + t.name + "'"});
            return;
        }
        wf.add_template(std::move(t));
    });
    o.object("extensions", wf.extensions);
    return wf;
}

template <class S, class A> basic_workflow<S, A> workflow_from_json(const boost::json::value& doc)
{
    problems ps;
    auto wf = workflow_from_json<S, A>(doc, ps);
    if (!ps.empty())
        throw invalid_input(std::move(ps));
    return wf;
}

COULER_INLINE boost::json::value parse_json_text(std::string_view text, problems& out, const json_read_options& opt)
{
    boost::json::parse_options po;
    po.max_depth = opt.max_depth;
    // Boost.JSON's parser with a stricter handler: duplicate keys and numbers out of the
    // range of a double are errors, and doubles are read correctly rounded.
    boost::json::basic_parser<detail::strict_json_handler> p(po);
    p.handler().st.reset();
    boost::system::error_code ec;
    std::size_t n = p.write_some(true, text.data(), text.size(), ec);
    if (!ec && n < text.size()) {
        // write_some stops after a complete value: the rest must be white space.
        for (std::size_t i = n; i < text.size(); ++i)
            if (!(text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) {
                ec = boost::json::error::extra_data;
                n = i;
                break;
            }
        if (!ec)
            n = text.size();
    }
    if (!ec)
        p.write_some(false, nullptr, 0, ec);
    if (ec && p.handler().problem_code != error::ok) {
        out.push_back({p.handler().problem_path, p.handler().problem_code, p.handler().problem_message});
        return nullptr;
    }
    if (ec) {
        std::size_t line = 1, col = 1;
        for (std::size_t i = 0; i < n && i < text.size(); ++i) {
            if (text[i] == '\n') {
                ++line;
                col = 1;
            } else
                ++col;
        }
        std::string msg = "malformed JSON at line " + std::to_string(line) + ", column " + std::to_string(col) + ": " +
                          ec.message();
        if (ec == boost::json::error::too_deep)
            msg += " (nesting deeper than " + std::to_string(opt.max_depth) + ")";
        out.push_back({"$", error::malformed_json, std::move(msg)});
        return nullptr;
    }
    return p.handler().st.release();
}

template <class S, class A>
basic_workflow<S, A> parse_workflow(std::string_view text, problems& out, const json_read_options& opt)
{
    auto doc = parse_json_text(text, out, opt);
    if (!out.empty())
        return {};
    return workflow_from_json<S, A>(doc, out);
}

template <class S, class A> basic_workflow<S, A> parse_workflow(std::string_view text, const json_read_options& opt)
{
    problems ps;
    auto wf = parse_workflow<S, A>(text, ps, opt);
    if (!ps.empty())
        throw invalid_input(std::move(ps));
    return wf;
}

namespace detail {
COULER_INLINE void pretty(std::string& out, const boost::json::value& v, int indent)
{
    auto nl = [&](int n) {
        out += '\n';
        out.append(static_cast<std::size_t>(n) * 2, ' ');
    };
    if (auto o = v.if_object()) {
        if (o->empty()) {
            out += "{}";
            return;
        }
        out += '{';
        bool first = true;
        for (auto& kv : *o) {
            if (!first)
                out += ',';
            first = false;
            nl(indent + 1);
            out += boost::json::serialize(boost::json::value(kv.key()));
            out += ": ";
            pretty(out, kv.value(), indent + 1);
        }
        nl(indent);
        out += '}';
    } else if (auto a = v.if_array()) {
        if (a->empty()) {
            out += "[]";
            return;
        }
        out += '[';
        bool first = true;
        for (auto& x : *a) {
            if (!first)
                out += ',';
            first = false;
            nl(indent + 1);
            pretty(out, x, indent + 1);
        }
        nl(indent);
        out += ']';
    } else {
        out += boost::json::serialize(v);
    }
}
} // namespace detail

COULER_INLINE std::string pretty_print(const boost::json::value& v)
{
    std::string out;
    detail::pretty(out, v, 0);
    out += '\n';
    return out;
}

} // namespace couler

#endif
