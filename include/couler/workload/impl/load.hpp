// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_WORKLOAD_IMPL_LOAD_HPP
#define COULER_WORKLOAD_IMPL_LOAD_HPP

#include <fstream>
#include <sstream>

namespace couler {
namespace workload {

COULER_INLINE format detect(std::string_view text)
{
    std::size_t i = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        i = 3;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        ++i;
    if (i == text.size())
        return format::unknown;
    if (text[i] == '<')
        return text.find("<adag", i) != std::string_view::npos ? format::dax : format::unknown;
    if (text[i] != '{')
        return format::unknown;
    // Cheap: look for the distinguishing top-level key near the start instead of parsing twice.
    std::string_view head = text.substr(i, 4096);
    if (head.find("\"couler_ir\"") != std::string_view::npos)
        return format::ir_json;
    if (text.find("\"workflow\"") != std::string_view::npos)
        return format::wfcommons;
    return format::unknown;
}

COULER_INLINE workflow load_text(std::string_view text, problems& out)
{
    switch (detect(text)) {
    case format::dax: return read_dax(text, out);
    case format::ir_json: return parse_workflow(text, out);
    case format::wfcommons: {
        auto doc = parse_json_text(text, out);
        if (!out.empty())
            return workflow();
        return read_wfcommons(doc, out);
    }
    case format::unknown: break;
    }
    // Maybe IR JSON whose "couler_ir" key sits far down: let the IR reader say what is wrong.
    if (!text.empty() && text.find('{') != std::string_view::npos)
        return parse_workflow(text, out);
    out.push_back({"$", error::bad_value, "not a workload: expected WfCommons JSON, Pegasus DAX or couler IR JSON"});
    return workflow();
}

COULER_INLINE workflow load(const std::string& path, problems& out)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.push_back({"$", error::io_error, "cannot read '" + path + "'"});
        return workflow();
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return load_text(ss.str(), out);
}

COULER_INLINE workflow load(const std::string& path)
{
    problems ps;
    workflow wf = load(path, ps);
    if (!ps.empty())
        throw invalid_input(std::move(ps));
    return wf;
}

} // namespace workload
} // namespace couler

#endif
