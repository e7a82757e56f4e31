// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IMPORT_IMPL_YAML_HPP
#define COULER_IMPORT_IMPL_YAML_HPP

#include <couler/import/detail/yaml_to_json.hpp>

#include <sstream>

namespace couler {

COULER_INLINE std::vector<boost::json::value> parse_yaml_documents(std::string_view text, problems& out,
                                                                   const yaml_read_options& opt)
{
    std::string buf(text);
    std::istringstream in(buf);
    // Aliases may multiply a small text: the budget bounds nodes plus string bytes.
    std::size_t budget = opt.max_expansion_base + opt.max_expansion_factor * text.size();
    detail::yaml_json_builder b(opt.max_depth, budget);
    try {
        YAML::Parser p(in);
        while (p.HandleNextDocument(b)) {
            if (b.documents.size() > opt.max_documents) {
                out.push_back({"$", error::malformed_json,
                               "more than " + std::to_string(opt.max_documents) + " YAML documents"});
                return {};
            }
        }
    } catch (const detail::yaml_stop& e) {
        out.push_back({"$", error::malformed_json, "invalid YAML: " + detail::yaml_position(e.line, e.column) + e.message});
        return {};
    } catch (const YAML::Exception& e) {
        out.push_back({"$", error::malformed_json,
                       "invalid YAML: " + detail::yaml_position(e.mark.line, e.mark.column) + e.msg});
        return {};
    }
    return std::move(b.documents);
}

COULER_INLINE boost::json::value parse_yaml(std::string_view text, problems& out, const yaml_read_options& opt)
{
    auto docs = parse_yaml_documents(text, out, opt);
    if (!out.empty())
        return nullptr;
    boost::json::value* found = nullptr;
    for (auto& d : docs) {
        if (d.is_null())
            continue;
        if (found) {
            out.push_back({"$", error::malformed_json, "expected one YAML document, found several"});
            return nullptr;
        }
        found = &d;
    }
    if (!found)
        return nullptr;
    return std::move(*found);
}

} // namespace couler

#endif
