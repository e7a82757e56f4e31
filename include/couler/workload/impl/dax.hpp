// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_WORKLOAD_IMPL_DAX_HPP
#define COULER_WORKLOAD_IMPL_DAX_HPP

#include <couler/workload/detail/build.hpp>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <unordered_map>

namespace couler {
namespace workload {

COULER_INLINE workflow read_dax(std::string_view xml, problems& out)
{
    namespace pt = boost::property_tree;
    pt::ptree doc;
    try {
        std::istringstream in{std::string(xml)};
        pt::read_xml(in, doc, pt::xml_parser::no_comments);
    } catch (const pt::xml_parser_error& e) {
        out.push_back({"$", error::malformed_json, "malformed XML at line " + std::to_string(e.line()) + ": " + e.message()});
        return workflow();
    }
    auto root = doc.get_child_optional("adag");
    if (!root) {
        out.push_back({"$", error::missing_field, "not a DAX document: no <adag> element"});
        return workflow();
    }
    auto attr = [](const pt::ptree& n, const char* k) { return n.get<std::string>(std::string("<xmlattr>.") + k, ""); };
    auto to_number = [](const std::string& s, double& d) {
        try {
            std::size_t used = 0;
            d = std::stod(s, &used);
            return used == s.size() && std::isfinite(d);
        } catch (...) {
            return false;
        }
    };
    std::vector<detail::task_spec> tasks;
    std::unordered_map<std::string, std::size_t> by_id;
    std::size_t jobs = 0, childs = 0;
    for (const auto& [tag, node] : *root) {
        if (tag == "job") {
            std::string where = "$.adag.job[" + std::to_string(jobs++) + "]";
            detail::task_spec s;
            s.where = where;
            s.id = attr(node, "id");
            s.program = attr(node, "name");
            if (s.id.empty()) {
                out.push_back({where, error::missing_field, "a job needs an id"});
                continue;
            }
            std::string rt = attr(node, "runtime");
            double r = 0;
            if (!rt.empty() && !to_number(rt, r)) {
                out.push_back({where + ".runtime", error::bad_value, "runtime '" + rt + "' is not a number"});
                continue;
            }
            s.runtime_seconds = std::max(r, 0.0);
            for (const auto& [utag, u] : node) {
                if (utag != "uses")
                    continue;
                std::string file = attr(u, "file");
                if (file.empty())
                    file = attr(u, "name"); // DAX 3
                std::string link = attr(u, "link");
                double size = 0;
                std::string sz = attr(u, "size");
                if (!sz.empty() && !to_number(sz, size)) {
                    out.push_back({where + ".uses", error::bad_value, "size '" + sz + "' is not a number"});
                    continue;
                }
                if (file.empty() || (link != "input" && link != "output")) {
                    out.push_back({where + ".uses", error::bad_value, "<uses> needs a file and link input or output"});
                    continue;
                }
                detail::file_use f{file, size > 0 ? std::uint64_t(std::llround(size)) : 0};
                (link == "input" ? s.inputs : s.outputs).push_back(std::move(f));
            }
            by_id.emplace(s.id, tasks.size());
            tasks.push_back(std::move(s));
        } else if (tag == "child") {
            std::string where = "$.adag.child[" + std::to_string(childs++) + "]";
            std::string ref = attr(node, "ref");
            auto c = by_id.find(ref);
            if (c == by_id.end()) {
                out.push_back({where, error::unknown_reference, "unknown job '" + ref + "'"});
                continue;
            }
            for (const auto& [ptag, p] : node)
                if (ptag == "parent")
                    tasks[c->second].parents.push_back(attr(p, "ref"));
        }
    }
    // An input nobody produces: take the largest size any job states for it.
    std::unordered_map<std::string, std::uint64_t> largest;
    for (const auto& t : tasks)
        for (const auto& f : t.inputs)
            largest[f.name] = std::max(largest[f.name], f.size_bytes);
    for (auto& t : tasks)
        for (auto& f : t.inputs)
            f.size_bytes = largest[f.name];
    if (!out.empty())
        return workflow();
    return detail::build_workflow(attr(*root, "name"), tasks, out);
}

} // namespace workload
} // namespace couler

#endif
