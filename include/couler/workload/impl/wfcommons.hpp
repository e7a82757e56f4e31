// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_WORKLOAD_IMPL_WFCOMMONS_HPP
#define COULER_WORKLOAD_IMPL_WFCOMMONS_HPP

#include <couler/workload/detail/build.hpp>

#include <boost/json.hpp>

#include <cmath>
#include <string>
#include <unordered_map>

namespace couler {
namespace workload {
namespace detail {

COULER_INLINE const boost::json::value* field(const boost::json::object& o, const char* k)
{
    auto it = o.find(k);
    return it == o.end() ? nullptr : &it->value();
}

COULER_INLINE bool number(const boost::json::value* v, double& out)
{
    if (!v)
        return false;
    if (v->is_double())
        out = v->get_double();
    else if (v->is_int64())
        out = double(v->get_int64());
    else if (v->is_uint64())
        out = double(v->get_uint64());
    else
        return false;
    return std::isfinite(out);
}

COULER_INLINE std::uint64_t size_of(const boost::json::value* v)
{
    double d = 0;
    return number(v, d) && d > 0 ? std::uint64_t(std::llround(d)) : 0;
}

COULER_INLINE std::string string_of(const boost::json::value* v)
{
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

COULER_INLINE void string_list(const boost::json::value* v, const std::string& where, std::vector<std::string>& out,
                        problems& ps)
{
    if (!v)
        return;
    if (!v->is_array()) {
        ps.push_back({where, error::wrong_type, "expected an array of strings"});
        return;
    }
    for (const auto& x : v->get_array()) {
        if (!x.is_string()) {
            ps.push_back({where, error::wrong_type, "expected an array of strings"});
            return;
        }
        out.emplace_back(x.get_string());
    }
}

COULER_INLINE std::vector<task_spec> read_v15(const boost::json::object& spec, const boost::json::object* exec, problems& out)
{
    std::vector<task_spec> tasks;
    std::unordered_map<std::string, std::uint64_t> sizes;
    if (auto files = field(spec, "files"); files && files->is_array()) {
        std::size_t i = 0;
        for (const auto& f : files->get_array()) {
            if (!f.is_object() || !field(f.get_object(), "id")) {
                out.push_back({"$.workflow.specification.files[" + std::to_string(i) + "]", error::missing_field,
                               "a file needs an id"});
            } else {
                sizes[string_of(field(f.get_object(), "id"))] = size_of(field(f.get_object(), "sizeInBytes"));
            }
            ++i;
        }
    }
    std::unordered_map<std::string, double> runtime;
    if (exec)
        if (auto et = field(*exec, "tasks"); et && et->is_array())
            for (const auto& t : et->get_array())
                if (t.is_object()) {
                    double r = 0;
                    if (number(field(t.get_object(), "runtimeInSeconds"), r))
                        runtime[string_of(field(t.get_object(), "id"))] = r;
                }
    auto ts = field(spec, "tasks");
    if (!ts || !ts->is_array()) {
        out.push_back({"$.workflow.specification.tasks", error::missing_field, "expected an array of tasks"});
        return tasks;
    }
    std::size_t i = 0;
    for (const auto& tv : ts->get_array()) {
        std::string where = "$.workflow.specification.tasks[" + std::to_string(i++) + "]";
        if (!tv.is_object()) {
            out.push_back({where, error::wrong_type, "a task is an object"});
            continue;
        }
        const auto& t = tv.get_object();
        task_spec s;
        s.where = where;
        s.id = string_of(field(t, "id"));
        if (s.id.empty())
            s.id = string_of(field(t, "name"));
        if (s.id.empty()) {
            out.push_back({where, error::missing_field, "a task needs an id"});
            continue;
        }
        s.program = string_of(field(t, "name"));
        auto r = runtime.find(s.id);
        s.runtime_seconds = r == runtime.end() ? 0.0 : r->second;
        string_list(field(t, "parents"), where + ".parents", s.parents, out);
        std::vector<std::string> in, outs;
        string_list(field(t, "inputFiles"), where + ".inputFiles", in, out);
        string_list(field(t, "outputFiles"), where + ".outputFiles", outs, out);
        for (auto& f : in)
            s.inputs.push_back({f, sizes.count(f) ? sizes[f] : 0});
        for (auto& f : outs)
            s.outputs.push_back({f, sizes.count(f) ? sizes[f] : 0});
        tasks.push_back(std::move(s));
    }
    return tasks;
}

COULER_INLINE std::vector<task_spec> read_v14(const boost::json::array& ts, problems& out)
{
    std::vector<task_spec> tasks;
    std::unordered_map<std::string, std::string> id_of_name;
    std::size_t i = 0;
    for (const auto& tv : ts) {
        std::string where = "$.workflow.tasks[" + std::to_string(i++) + "]";
        if (!tv.is_object()) {
            out.push_back({where, error::wrong_type, "a task is an object"});
            continue;
        }
        const auto& t = tv.get_object();
        task_spec s;
        s.where = where;
        std::string name = string_of(field(t, "name"));
        s.id = string_of(field(t, "id"));
        if (s.id.empty())
            s.id = name;
        if (s.id.empty()) {
            out.push_back({where, error::missing_field, "a task needs a name or an id"});
            continue;
        }
        if (!name.empty())
            id_of_name.emplace(name, s.id);
        s.program = string_of(field(t, "category"));
        if (s.program.empty())
            s.program = name;
        double r = 0;
        if (number(field(t, "runtimeInSeconds"), r) || number(field(t, "runtime"), r))
            s.runtime_seconds = r;
        string_list(field(t, "parents"), where + ".parents", s.parents, out);
        if (auto files = field(t, "files"); files && files->is_array()) {
            std::size_t k = 0;
            for (const auto& fv : files->get_array()) {
                std::string fw = where + ".files[" + std::to_string(k++) + "]";
                if (!fv.is_object()) {
                    out.push_back({fw, error::wrong_type, "a file is an object"});
                    continue;
                }
                const auto& f = fv.get_object();
                std::string fname = string_of(field(f, "name"));
                if (fname.empty())
                    fname = string_of(field(f, "id"));
                std::string link = string_of(field(f, "link"));
                auto sz = field(f, "sizeInBytes") ? size_of(field(f, "sizeInBytes")) : size_of(field(f, "size"));
                if (fname.empty() || (link != "input" && link != "output")) {
                    out.push_back({fw, error::bad_value, "a file needs a name and link input or output"});
                    continue;
                }
                (link == "input" ? s.inputs : s.outputs).push_back({fname, sz});
            }
        }
        tasks.push_back(std::move(s));
    }
    // Before 1.4, parents are task names.
    std::unordered_map<std::string, bool> is_id;
    for (const auto& s : tasks)
        is_id[s.id] = true;
    for (auto& s : tasks)
        for (auto& p : s.parents)
            if (!is_id.count(p)) {
                auto n = id_of_name.find(p);
                if (n != id_of_name.end())
                    p = n->second;
            }
    return tasks;
}

} // namespace detail

COULER_INLINE workflow read_wfcommons(const boost::json::value& doc, problems& out)
{
    std::vector<detail::task_spec> tasks;
    std::string name;
    const boost::json::object* wfo = nullptr;
    if (doc.is_object()) {
        name = detail::string_of(detail::field(doc.get_object(), "name"));
        if (auto w = detail::field(doc.get_object(), "workflow"); w && w->is_object())
            wfo = &w->get_object();
    }
    if (!wfo) {
        out.push_back({"$.workflow", error::missing_field, "not a WfCommons instance: no 'workflow' object"});
        return workflow();
    }
    if (auto spec = detail::field(*wfo, "specification"); spec && spec->is_object()) {
        auto exec = detail::field(*wfo, "execution");
        tasks = detail::read_v15(spec->get_object(), exec && exec->is_object() ? &exec->get_object() : nullptr, out);
    } else if (auto ts = detail::field(*wfo, "tasks"); ts && ts->is_array()) {
        tasks = detail::read_v14(ts->get_array(), out);
    } else {
        out.push_back({"$.workflow", error::missing_field, "neither 'specification' (1.5) nor 'tasks' (1.4)"});
        return workflow();
    }
    if (!out.empty())
        return workflow();
    return detail::build_workflow(name, tasks, out);
}

} // namespace workload
} // namespace couler

#endif
