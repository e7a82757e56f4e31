// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_IMPL_TEKTON_HPP
#define COULER_EMIT_IMPL_TEKTON_HPP

#include <couler/emit/argo.hpp> // argo_deep_merge
#include <couler/emit/detail/argo_fields.hpp>
#include <couler/emit/detail/tekton_expr.hpp>
#include <couler/ir/expression.hpp>
#include <couler/ir/names.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace couler {
namespace detail {

/// A Kubernetes DNS-1123 label: what Tekton accepts as a pipeline task name.
inline bool tekton_is_label(std::string_view s)
{
    if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-')
        return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

/// Tekton param names: `[a-zA-Z_][a-zA-Z0-9_.-]*`; result names must also end alphanumeric.
inline bool tekton_is_param_name(std::string_view s, bool result)
{
    if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_' ||
                       (result && s[0] >= '0' && s[0] <= '9')))
        return false;
    char b = s.back();
    if (result && !((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')))
        return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.'))
            return false;
    return true;
}

/// The script of the helper steps: arguments come in triples `OP SRC DST`. `result` writes the
/// file's text without trailing newlines (Argo trims a step's standard output); `copy` copies a
/// file or directory; `optional` copies it if it exists; `fallback` writes the text SRC (an
/// output's default, overwritten by an `optional` copy that follows). Paths are arguments, never script
/// text, so no user string is ever parsed by the shell.
inline const char* tekton_copy_script()
{
    return "set -eu\n"
           "while [ \"$#\" -ge 3 ]; do\n"
           "  case \"$1\" in\n"
           "    result) v=\"$(cat -- \"$2\")\"; printf '%s' \"$v\" > \"$3\" ;;\n"
           "    fallback) printf '%s' \"$2\" > \"$3\" ;;\n"
           "    optional) if [ -e \"$2\" ]; then mkdir -p -- \"$(dirname -- \"$3\")\"; rm -rf -- \"$3\"; cp -r -- \"$2\" \"$3\"; fi ;;\n"
           "    *) mkdir -p -- \"$(dirname -- \"$3\")\"; rm -rf -- \"$3\"; cp -r -- \"$2\" \"$3\" ;;\n"
           "  esac\n"
           "  shift 3\n"
           "done\n";
}

/// The condition task's script: `A OP B`, numbers compared as numbers (as Argo's govaluate
/// does), anything else as strings; writes `true` or `false` to the result file `$4`. The
/// operands are awk's ARGV (not -v, which would interpret backslashes).
inline const char* tekton_condition_script()
{
    return "set -eu\n"
           "if awk 'function num(x) { return x ~ /^[ \\t]*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?[ \\t]*$/ }\n"
           "BEGIN { a = ARGV[1]; op = ARGV[2]; b = ARGV[3]\n"
           "  if (num(a) && num(b)) { a += 0; b += 0 } else { a = a \"\"; b = b \"\" }\n"
           "  if (op == \">\") r = a > b; else if (op == \"<\") r = a < b; else if (op == \">=\") r = a >= b; else r = a <= b\n"
           "  exit !r }' \"$1\" \"$2\" \"$3\"; then printf true > \"$4\"; else printf false > \"$4\"; fi\n";
}

template <class S, class A> class tekton_emitter {
public:
    using workflow_type = basic_workflow<S, A>;
    using template_type = basic_step_template<S, A>;
    using graph_type = basic_graph<S, A>;
    using step_type = basic_step<S, A>;
    using vertex = typename graph_type::vertex;

    tekton_emitter(const workflow_type& wf, const tekton_options& opt) : wf_(wf), opt_(opt) {}

    json::array run();

    /// Where a string is evaluated, which decides what its references become.
    enum class place { task, pipeline, finally_ };

    /// What translating one string needs and what it learns.
    struct xctx {
        place where = place::pipeline;
        const template_type* tmpl = nullptr;    ///< task: the template whose inputs `$(params.P)` name
        std::map<std::string, std::string>* implicit = nullptr; ///< task: param -> pipeline-level value
        const json::value* item = nullptr;      ///< pipeline: the map item being substituted
        std::set<std::string>* reads = nullptr; ///< pipeline: tasks whose results it reads
    };

private:
    const workflow_type& wf_;
    const tekton_options& opt_;
    problems probs_;
    const graph_type* graph_ = nullptr;       ///< the entry graph (nullptr: a leaf entrypoint)
    const template_type* entry_ = nullptr;
    std::set<std::string> task_names_;        ///< every pipeline task name, conditions included
    std::map<std::string, std::set<std::string>> stdout_needed_; ///< step -> it must capture stdout
    std::map<std::string, std::set<std::string>> array_results_; ///< step -> results typed array
    std::set<std::string> mapped_;            ///< steps that run as a Matrix
    bool artifacts_used_ = false;
    std::set<std::string> workspaces_used_;   ///< workflow volumes mounted by some task
    std::vector<json::object> task_run_specs_;
    std::map<std::string, std::string> tnames_; ///< IR step name -> Tekton task name
    bool in_finally_ = false; ///< the task being built is a finally task ($(tasks.status) is allowed)

    /// The Tekton name of a step: Argo allows upper case (`A`, `B`), a DNS-1123 label does not.
    std::string tname(const std::string& step) const
    {
        auto it = tnames_.find(step);
        if (it != tnames_.end())
            return it->second;
        std::string out = step;
        for (char& c : out)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        return out;
    }
    /// Records the Tekton names of `g`'s steps, refusing two that differ only in case.
    void name_steps(const template_type& owner, const std::vector<std::string>& names)
    {
        for (const auto& n : names) {
            std::string t = tname(n);
            for (const auto& [ir, tk] : tnames_)
                if (tk == t && ir != n)
                    add("step '" + n + "' of template '" + owner.name + "' and step '" + ir +
                            "' are both task '" + t + "' in Tekton (task names are lower case)",
                        error::duplicate_name);
            tnames_[n] = t;
        }
    }

    void add(std::string message, error code = error::not_expressible, std::string path = "$")
    {
        probs_.push_back(problem{std::move(path), code, std::move(message)});
    }
    static std::string where(const template_type& t, const step_type& s)
    {
        return "step '" + s.name + "' of template '" + t.name + "'";
    }
    static std::string tmpl_who(const template_type& t) { return "template '" + t.name + "'"; }

    /// The template a step runs: a workflow template or its inline one.
    const template_type* step_template(const step_type& s) const
    {
        if (!s.inline_template.empty())
            return &s.inline_template.front();
        return wf_.find_template(s.template_name);
    }

    void check_extensions(const json::object& ext, const std::string& who)
    {
        for (const auto& kv : ext) {
            if (kv.key() == "tekton") {
                if (!kv.value().is_object())
                    add(who + ": the \"tekton\" extension must be an object", error::wrong_type);
                continue;
            }
            bool empty = kv.value().is_null() || (kv.value().is_object() && kv.value().get_object().empty()) ||
                         (kv.value().is_array() && kv.value().get_array().empty());
            if (!empty)
                add(who + ": extension \"" + std::string(kv.key()) +
                    "\" belongs to another engine; Tekton cannot express it");
        }
    }
    static void merge_extension(json::object& o, const json::object& ext)
    {
        auto it = ext.find("tekton");
        if (it != ext.end() && it->value().is_object())
            argo_deep_merge(o, it->value().get_object());
    }

    // ------------------------------------------------------------------ strings
    /// Translates IR `{{...}}` references in `s` to Tekton variables; refuses what has no
    /// Tekton form and user text that Tekton would substitute.
    std::string tr(std::string_view s, xctx& c, const std::string& who, const std::string& field);

    /// `s` as a literal: refused if Tekton would substitute part of it.
    std::string lit(const std::string& s, const std::string& who, const std::string& field)
    {
        check_literal(s, who, field);
        return s;
    }
    void check_literal(std::string_view s, const std::string& who, const std::string& field)
    {
        if (auto p = tekton_variable_at(s); p != std::string_view::npos) {
            std::size_t e = s.find(')', p);
            add(who + ": " + field + " holds '" +
                std::string(s.substr(p, e == std::string_view::npos ? 24 : e + 1 - p)) +
                "', which Tekton would substitute (it has no escape for $(...)); Tekton cannot carry this value");
        }
    }
    /// The item's text as Argo substitutes it: strings as they are, anything else as JSON.
    static std::string item_text(const json::value& v)
    {
        return v.is_string() ? std::string(v.get_string()) : json::serialize(v);
    }

    // ------------------------------------------------------------------ planning
    void plan();
    void plan_reference(const std::string& text, const step_type& s, const std::string& who, bool array);

    // ------------------------------------------------------------------ tasks (impl/tekton_task.hpp)
    struct task_use {
        std::map<std::string, std::string> implicit;  ///< task params the pipeline fills
        std::vector<json::object> bindings;           ///< PipelineTask workspaces
    };
    json::object task_spec(const template_type& t, const step_type& s, const std::string& who, task_use& u);
    json::object container_step(const container_spec& c, const template_type& t, xctx& x, const std::string& who,
                                task_use& u, json::array& task_workspaces);
    json::object helper_step(const char* name, json::array args) const
    {
        json::array cmd{"sh", "-c", tekton_copy_script(), "couler-copy"};
        for (auto& a : args)
            cmd.push_back(std::move(a));
        return json::object{{"name", name}, {"image", opt_.helper_image}, {"command", std::move(cmd)}};
    }
    void check_template(const template_type& t, const std::string& who);

    // ------------------------------------------------------------------ pipeline
    json::object pipeline_task(const template_type& owner, const step_type& s, bool in_finally);
    bool plain_depends(const template_type& owner, const step_type& s) const;
    void when_json(json::object& pt, const template_type& owner, const step_type& s, bool in_finally,
                   std::set<std::string>& reads, std::vector<json::object>& conditions);
    /// True if the Matrix fans out over `couler-item`, a param the Task must declare.
    bool matrix_json(json::object& pt, const template_type& owner, const step_type& s, const template_type& t,
                     std::set<std::string>& reads);
    json::object pipeline_spec();
    json::object pipeline_run(json::object spec_or_ref, bool inline_spec);
    void check_settings();
    json::object metadata(const std::string& suffix_kind) const;
};

template <class S, class A>
std::string tekton_emitter<S, A>::tr(std::string_view s, xctx& c, const std::string& who, const std::string& field)
{
    if (s.find("{{") == std::string_view::npos)
        return lit(std::string(s), who, field);
    std::string out;
    std::size_t last = 0;
    using k = reference::kind;
    for (const auto& r : find_references(s)) {
        std::string text(s.substr(last, r.begin - last));
        check_literal(text, who, field);
        out += text;
        last = r.end;
        auto refuse = [&](const std::string& why) {
            add(who + ": " + field + ": '{{" + r.text + "}}' " + why);
        };
        auto implicit = [&](const std::string& name, const std::string& value) {
            if (c.tmpl && c.tmpl->inputs.find_parameter(name)) {
                refuse("names a workflow value whose task parameter '" + name + "' clashes with an input");
                return;
            }
            (*c.implicit)[name] = value;
            out += "$(params." + name + ")";
        };
        switch (r.what) {
        case k::input_parameter:
            if (c.where == place::task) {
                out += "$(params." + r.name + ")";
            } else if (entry_ && entry_->inputs.find_parameter(r.name)) {
                out += "$(params." + r.name + ")"; // the entry template's inputs are pipeline params
            } else
                refuse("names an input the pipeline does not have");
            break;
        case k::input_artifact:
            if (c.where == place::task && c.tmpl) {
                const auto* a = c.tmpl->inputs.find_artifact(r.name);
                if (a && r.text == "inputs.artifacts." + r.name + ".path" && !a->path.empty())
                    out += lit(a->path, who, field);
                else
                    refuse("has no Tekton form (only the path of a declared input artifact)");
            } else
                refuse("has no Tekton form here");
            break;
        case k::workflow_parameter:
            if (c.where == place::task)
                implicit(r.name, "$(params." + r.name + ")");
            else
                out += "$(params." + r.name + ")";
            break;
        case k::workflow_other: {
            std::string v;
            if (r.text == "workflow.name")
                v = "$(context.pipelineRun.name)";
            else if (r.text == "workflow.namespace")
                v = "$(context.pipelineRun.namespace)";
            else if (r.text == "workflow.uid")
                v = "$(context.pipelineRun.uid)";
            else if (r.text == "workflow.status" && (c.where == place::finally_ || (c.where == place::task && in_finally_)))
                v = "$(tasks.status)"; // Tekton's vocabulary: Succeeded, Completed, Failed, None
            if (v.empty()) {
                refuse("has no Tekton form" + std::string(r.text == "workflow.status" ? " outside the exit handler" : ""));
                break;
            }
            if (c.where == place::task)
                implicit("couler-" + std::string(r.text.substr(9)), v);
            else
                out += v;
            break;
        }
        case k::output_parameter:
        case k::result:
            if (c.where != place::pipeline || !graph_ || !graph_->find(r.step)) {
                refuse("reads a step the task cannot see");
                break;
            }
            if (mapped_.count(r.step)) {
                refuse("reads an output of the mapped step '" + r.step + "' (Tekton would make it an array)");
                break;
            }
            out += "$(tasks." + tname(r.step) + ".results." + (r.what == k::result ? std::string("result") : r.name) + ")";
            if (c.reads)
                c.reads->insert(tname(r.step));
            break;
        case k::step_other:
            if (c.where == place::finally_ && graph_ && graph_->find(r.step) &&
                (r.text == "tasks." + r.step + ".status" || r.text == "steps." + r.step + ".status"))
                out += "$(tasks." + tname(r.step) + ".status)";
            else
                refuse("has no Tekton form" + std::string(c.where == place::finally_ ? "" : " outside the exit handler"));
            break;
        case k::item:
            if (!c.item) {
                refuse("is a map item where Tekton cannot substitute one");
                break;
            }
            if (r.name.empty())
                out += lit(item_text(*c.item), who, field + " (map item)");
            else if (const auto* o = c.item->if_object(); o && o->contains(r.name))
                out += lit(item_text(o->at(r.name)), who, field + " (map item)");
            else
                refuse("names a key the map item does not have");
            break;
        case k::output_artifact:
            refuse("passes an artifact where Tekton needs a string");
            break;
        case k::other: {
            // `{{outputs.parameters.P.path}}`, `{{outputs.artifacts.A.path}}`: the declared path.
            auto parts = split_dots(r.text);
            const std::string* path = nullptr;
            if (c.where == place::task && c.tmpl && parts.size() == 4 && parts[0] == "outputs" && parts[3] == "path") {
                if (parts[1] == "parameters")
                    if (const auto* p = c.tmpl->outputs.find_parameter(parts[2]))
                        path = &p->from.path;
                if (parts[1] == "artifacts")
                    if (const auto* a = c.tmpl->outputs.find_artifact(parts[2]))
                        path = &a->path;
            }
            if (path && !path->empty())
                out += lit(*path, who, field);
            else
                refuse("has no Tekton form");
            break;
        }
        case k::workflow_output_parameter:
            refuse("has no Tekton form");
            break;
        }
    }
    std::string rest(s.substr(last));
    check_literal(rest, who, field);
    return out + rest;
}

} // namespace detail
} // namespace couler

#include <couler/emit/impl/tekton_pipeline.hpp>
#include <couler/emit/impl/tekton_step.hpp>
#include <couler/emit/impl/tekton_task.hpp>

namespace couler {

template <class S, class A>
boost::json::array to_tekton_json(const basic_workflow<S, A>& wf, const tekton_options& opt)
{
    return detail::tekton_emitter<S, A>(wf, opt).run();
}

template <class S, class A> std::string to_tekton_yaml(const basic_workflow<S, A>& wf, const tekton_options& opt)
{
    std::string out;
    for (const auto& d : to_tekton_json(wf, opt)) {
        out += "---\n";
        write_yaml(out, d, opt.yaml);
    }
    return out;
}

} // namespace couler

#endif
