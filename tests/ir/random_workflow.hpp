// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_TESTS_IR_RANDOM_WORKFLOW_HPP
#define COULER_TESTS_IR_RANDOM_WORKFLOW_HPP

// A seeded generator of random IR workflows, for property tests and for dumping sample IR
// documents. Every field of the IR is exercised: every template body kind, every artifact
// kind, nested graph templates, loops, conditions, exit handlers, cron, volumes, retry,
// memoize, extensions, and hostile strings (quotes, control characters, unicode, `{{`,
// very long text) wherever the IR does not constrain the text.
//
// Two modes:
//  - valid (the default): the workflow passes couler::validate. Names follow the naming
//    rules; every `{{...}}` reference names something declared, on a step the referring step
//    depends on; required arguments are given; images are set.
//  - hostile: names are arbitrary strings too (still unique where the data structures need
//    it), references point anywhere, graphs may have cycles. Such a workflow is invalid, but
//    its JSON must still round trip.
//
// The same seed always gives the same workflow (std::mt19937_64 and hand-rolled
// distributions: the standard distributions differ between standard libraries).

#include <couler/ir/expression.hpp>
#include <couler/ir/names.hpp>
#include <couler/ir/workflow.hpp>

#include <boost/json/value.hpp>

#include <cctype>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace couler_test {

struct random_options {
    bool valid = true;          ///< generate a workflow couler::validate accepts
    std::size_t max_leaf_templates = 8;
    std::size_t max_graph_templates = 4; ///< nested graphs; the last one is the entry
    std::size_t max_steps = 14;          ///< per graph
    double long_string_rate = 0.01;      ///< chance that a free-text string is very long
};

class random_workflow_generator {
public:
    explicit random_workflow_generator(std::uint64_t seed, random_options opt = {}) : rng_(seed), opt_(opt) {}

    couler::workflow make()
    {
        counter_ = 0;
        used_empty_name_ = false;
        couler::workflow wf;
        make_settings(wf.settings);
        std::size_t nsecrets = below(3);
        for (std::size_t i = 0; i < nsecrets; ++i) {
            couler::secret_spec s;
            s.name = chance(0.5) ? dns_label() : text();
            if (chance(0.5))
                s.namespace_ = text();
            for (std::size_t k = below(3); k > 0; --k)
                s.keys.push_back(text());
            wf.secrets.push_back(std::move(s));
        }
        // Leaf templates first, then graph templates, each graph invoking only templates
        // defined before it (so there is no recursion), the last one being the entry.
        std::size_t nleaf = 1 + below(opt_.max_leaf_templates);
        for (std::size_t i = 0; i < nleaf; ++i)
            wf.add_template(make_leaf(i));
        std::size_t ngraph = 1 + below(opt_.max_graph_templates);
        for (std::size_t i = 0; i < ngraph; ++i)
            wf.add_template(make_graph_template(wf, i));
        wf.entrypoint = wf.templates().back().name;
        if (chance(0.4))
            wf.settings.on_exit = wf.templates()[below(nleaf)].name;
        if (!opt_.valid && chance(0.2))
            wf.settings.on_exit = text();
        if (chance(0.3))
            wf.extensions = random_object(2);
        for (std::size_t i = chance(0.2) ? 1 + below(2) : 0; i > 0; --i)
            wf.artifacts.push_back(make_artifact());
        make_hooks(wf, wf.settings.hooks, nleaf);
        if (chance(0.1)) {
            couler::step_template d;
            add_template_extras(d);
            if (chance(0.3))
                d.body = make_container(d.inputs);
            wf.template_defaults.push_back(std::move(d));
        }
        if (chance(0.1)) {
            couler::workflow_template_ref r;
            r.name = opt_.valid ? dns_label() : text();
            r.cluster_scope = chance(0.5);
            wf.settings.workflow_template_ref_ = r;
        }
        return wf;
    }

    /// Lifecycle hooks naming leaf templates (or a WorkflowTemplate's).
    void make_hooks(const couler::workflow& wf, couler::lifecycle_hooks& hooks, std::size_t nleaf)
    {
        for (std::size_t i = chance(0.2) ? 1 + below(2) : 0; i > 0; --i) {
            couler::lifecycle_hook h;
            if (chance(0.8))
                h.template_name = wf.templates()[below(nleaf)].name;
            else
                h.template_ref_ = make_template_ref();
            if (!opt_.valid && !h.template_ref_ && chance(0.2))
                h.template_name = text() + "x";
            if (chance(0.5))
                h.expression = safe_text();
            if (chance(0.3)) {
                couler::parameter a;
                a.name = io_name();
                a.value = text();
                h.arguments.push_back(std::move(a));
            }
            if (chance(0.2))
                h.artifact_arguments.push_back(make_artifact());
            hooks[i == 1 && chance(0.5) ? std::string("exit") : text()] = std::move(h);
        }
    }

    std::vector<couler::prometheus_metric> make_metrics()
    {
        std::vector<couler::prometheus_metric> ms;
        for (std::size_t i = chance(0.1) ? 1 + below(2) : 0; i > 0; --i) {
            couler::prometheus_metric m;
            m.name = ident();
            if (chance(0.5))
                m.help = text();
            for (std::size_t k = below(3); k > 0; --k)
                m.labels.emplace_back(ident(), text());
            if (chance(0.3))
                m.when = "{{status}} == Succeeded";
            m.kind = pick(std::vector<std::string>{"gauge", "counter", "histogram"});
            m.value = "{{duration}}";
            if (m.kind == "gauge" && chance(0.5))
                m.realtime = chance(0.5);
            if (m.kind == "histogram")
                for (std::size_t k = 1 + below(3); k > 0; --k)
                    m.buckets.push_back(any_double());
            ms.push_back(std::move(m));
        }
        return ms;
    }

    couler::resource_claim make_claim()
    {
        couler::resource_claim c;
        c.name = text();
        if (chance(0.5))
            c.claim_name = text();
        else
            c.template_name = text();
        return c;
    }

    couler::template_ref make_template_ref()
    {
        couler::template_ref r;
        r.name = opt_.valid ? dns_label() : text();
        r.template_name = opt_.valid ? ident() : text();
        r.cluster_scope = chance(0.5);
        return r;
    }

    std::optional<couler::synchronization_spec> maybe_sync()
    {
        if (!chance(0.2))
            return std::nullopt;
        couler::synchronization_spec y;
        for (std::size_t i = below(3); i > 0; --i) {
            couler::mutex_lock m;
            m.name = opt_.valid || chance(0.5) ? ident() : text();
            if (chance(0.3))
                m.namespace_ = text();
            m.database = chance(0.3);
            y.mutexes.push_back(std::move(m));
        }
        for (std::size_t i = below(3); i > 0; --i) {
            couler::semaphore_lock m;
            if (chance(0.5))
                m.config_map = couler::secret_key_ref{text(), text()};
            else
                m.database_key = ident();
            if (chance(0.3))
                m.namespace_ = text();
            y.semaphores.push_back(std::move(m));
        }
        return y;
    }

    // ------------------------------------------------------------ primitive draws
    std::uint64_t next() { return rng_(); }
    /// Uniform in [0, n); 0 if n is 0.
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng_() % n); }
    bool chance(double p) { return static_cast<double>(rng_() >> 11) * 0x1.0p-53 < p; }
    template <class T> const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

    /// A string designed to break writers and readers.
    std::string hostile()
    {
        static const std::vector<std::string> pieces = {
            "a", "Z", "0", "-", "_", ".", " ", "\"", "\\", "/", "'", "\n", "\r", "\t", "\b", "\f",
            std::string("\0", 1), "\x01", "\x1f", "\x7f", "é", "日本語", "🚀", "\xe2\x80\xa8" /* U+2028 */,
            "\xef\xbb\xbf" /* BOM */, "{{", "}}", "{{pod.name}}", "{{=sprig.trim(x)}}", "{{ item }}", "{{",
            "${x}", "%s", "%n", "<script>", "</", "&amp;", "null", "true", "[", "]", "{", "}", ":", ",",
            "$.a[0]", "\\u0000", "\\\"", "'; DROP TABLE", "\xc3\xa9\xcc\x81" /* e + combining */};
        std::string s;
        std::size_t n = below(8);
        for (std::size_t i = 0; i < n; ++i)
            s += pick(pieces);
        if (chance(opt_.long_string_rate)) {
            std::string piece = pick(pieces) + "x";
            std::size_t target = 2000 + below(20000);
            while (s.size() < target)
                s += piece;
        }
        return s;
    }

    /// Free text: hostile most of the time, plain sometimes.
    std::string text() { return chance(0.7) ? hostile() : ident(); }

    /// `[a-zA-Z0-9][-a-zA-Z0-9]*`, short.
    std::string ident(std::size_t max_len = 12)
    {
        static const char first[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        static const char rest[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";
        std::string s(1, first[below(sizeof first - 1)]);
        std::size_t n = below(max_len);
        for (std::size_t i = 0; i < n; ++i)
            s += rest[below(sizeof rest - 1)];
        return s;
    }

    /// A DNS-1123 label: lower-case alphanumerics and '-', alphanumeric at both ends.
    // An identifier made a repository path component (lower-case, ending in a letter or digit),
    // so that images follow the distribution reference grammar; the same draws as ident().
    static std::string image_path(std::string s)
    {
        for (auto& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (s.back() == '-')
            s.back() = 'x';
        return s;
    }

    std::string dns_label(std::size_t max_len = 20)
    {
        static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
        static const char mid[] = "abcdefghijklmnopqrstuvwxyz0123456789-";
        std::string s(1, alnum[below(sizeof alnum - 1)]);
        std::size_t n = below(max_len);
        for (std::size_t i = 0; i < n; ++i)
            s += mid[below(sizeof mid - 1)];
        if (s.size() > 1)
            s.back() = alnum[below(sizeof alnum - 1)];
        return s;
    }

    /// A DNS-1123 subdomain: labels joined by dots.
    std::string dns_subdomain()
    {
        std::string s = dns_label();
        for (std::size_t i = below(3); i > 0; --i)
            s += "." + dns_label();
        return s;
    }

    /// A step or template name, unique within this workflow.
    std::string step_name()
    {
        std::string n = std::to_string(counter_++);
        if (opt_.valid) {
            // Sometimes capitals and single letters: Argo accepts `A`, `B`.
            std::string base = ident(chance(0.1) ? 100 : 10);
            n = base.substr(0, couler::max_step_name_length - n.size() - 1) + "-" + n;
            if (chance(0.05))
                n = std::string(1, "ABCDEFG"[below(7)]) + std::to_string(counter_++);
            return n;
        }
        if (!used_empty_name_ && chance(0.03)) {
            used_empty_name_ = true; // one empty name per workflow at most: names are unique
            return std::string();
        }
        // '#' is in no hostile piece, so "#n#" keeps names unique.
        return chance(0.05) ? n : hostile() + "#" + n + "#";
    }

    /// A parameter or artifact name (`[-a-zA-Z0-9_]+`).
    std::string io_name()
    {
        if (!opt_.valid && chance(0.5))
            return hostile() + "#" + std::to_string(counter_++) + "#";
        std::string s = ident(10);
        if (chance(0.3))
            s += "_" + ident(4);
        return s + "_" + std::to_string(counter_++);
    }

    std::int64_t any_int64()
    {
        switch (below(4)) {
        case 0: return static_cast<std::int64_t>(below(100));
        case 1: return -static_cast<std::int64_t>(below(1000));
        case 2: return static_cast<std::int64_t>(rng_());
        default: return chance(0.5) ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
        }
    }

    /// A finite double that prints and reads back exactly.
    double any_double()
    {
        switch (below(5)) {
        case 0: return static_cast<double>(below(1000));
        case 1: return static_cast<double>(below(100000)) / 8.0;
        case 2: return 0.1 * static_cast<double>(below(1000));
        case 3: return 1e-300 * static_cast<double>(1 + below(9));
        default: return 1.7976931348623157e308 / static_cast<double>(1 + below(9));
        }
    }

    /// A JSON value of bounded depth, with hostile strings and keys.
    boost::json::value random_value(int depth)
    {
        switch (below(depth > 0 ? 8 : 6)) {
        case 0: return nullptr;
        case 1: return chance(0.5);
        case 2: return any_int64();
        case 3: return chance(0.2) ? boost::json::value(std::numeric_limits<std::uint64_t>::max() - below(10))
                                   : boost::json::value(any_double());
        case 4:
        case 5: return boost::json::value(text());
        case 6: return random_object(depth - 1);
        default: {
            boost::json::array a;
            for (std::size_t i = below(4); i > 0; --i)
                a.push_back(random_value(depth - 1));
            return a;
        }
        }
    }

    boost::json::object random_object(int depth)
    {
        boost::json::object o;
        for (std::size_t i = 1 + below(3); i > 0; --i)
            o[text()] = random_value(depth);
        return o;
    }

    std::map<std::string, std::string> random_map()
    {
        std::map<std::string, std::string> m;
        for (std::size_t i = below(4); i > 0; --i)
            m[text()] = text();
        return m;
    }

private:
    // ------------------------------------------------------------ settings
    void make_settings(couler::workflow_settings& s)
    {
        static const std::vector<couler::workflow_kind> kinds = {couler::workflow_kind::workflow,
                                                                 couler::workflow_kind::workflow_template,
                                                                 couler::workflow_kind::cluster_workflow_template};
        s.kind = pick(kinds);
        if (chance(0.7))
            s.name = opt_.valid ? dns_subdomain() : text();
        if (chance(0.4))
            s.generate_name = opt_.valid ? dns_label() + "-" : text();
        if (chance(0.5))
            s.namespace_ = opt_.valid ? dns_label() : text();
        if (chance(0.5))
            s.labels = random_map();
        if (chance(0.5))
            s.annotations = random_map();
        for (std::size_t i = below(4); i > 0; --i) {
            couler::parameter p = make_parameter(/*with_from=*/false);
            p.value = text();
            s.parameters.push_back(std::move(p));
        }
        if (chance(0.3))
            s.service_account = text();
        if (chance(0.3))
            s.active_deadline_seconds = any_int64();
        if (chance(0.3))
            s.ttl_seconds_after_finished = any_int64();
        if (chance(0.2))
            s.ttl_seconds_after_success = any_int64();
        if (chance(0.2))
            s.ttl_seconds_after_failure = any_int64();
        s.synchronization = maybe_sync();
        if (chance(0.2))
            s.artifact_repository = couler::artifact_repository_ref{chance(0.5) ? text() : "", text()};
        if (chance(0.2)) {
            couler::pod_gc_spec g;
            if (chance(0.8))
                g.strategy = pick(std::vector<std::string>{"OnPodCompletion", "OnPodSuccess", "OnWorkflowCompletion"});
            if (chance(0.3))
                g.label_selector = random_object(2);
            if (chance(0.3))
                g.delete_delay_duration = "30s";
            s.pod_gc = std::move(g);
        }
        if (chance(0.2))
            s.pod_labels = random_map();
        if (chance(0.2))
            s.pod_annotations = random_map();
        if (chance(0.2))
            s.workflow_labels = random_map();
        if (chance(0.2))
            s.workflow_annotations = random_map();
        if (chance(0.2))
            s.workflow_labels_from = random_map();
        if (chance(0.2))
            s.artifact_gc_strategy = pick(std::vector<std::string>{"OnWorkflowCompletion", "OnWorkflowDeletion"});
        if (chance(0.2))
            s.pod_resources.limits["memory"] = text();
        for (std::size_t i = chance(0.1) ? 1 + below(2) : 0; i > 0; --i)
            s.resource_claims.push_back(make_claim());
        s.metrics = make_metrics();
        if (chance(0.25)) {
            couler::cron_schedule c;
            c.schedule = opt_.valid || chance(0.5) ? "*/" + std::to_string(1 + below(59)) + " * * * *" : text();
            if (chance(0.5))
                c.timezone = text();
            if (chance(0.5))
                c.concurrency_policy = pick(std::vector<std::string>{"Allow", "Forbid", "Replace"});
            if (chance(0.5))
                c.starting_deadline_seconds = any_int64();
            if (chance(0.5))
                c.successful_jobs_history_limit = any_int64();
            if (chance(0.5))
                c.failed_jobs_history_limit = any_int64();
            c.suspend = chance(0.5);
            for (std::size_t i = chance(0.3) ? 1 + below(2) : 0; i > 0; --i)
                c.schedules.push_back(std::to_string(below(60)) + " * * * *");
            if (!c.schedules.empty() && chance(0.5))
                c.schedule.clear();
            if (chance(0.3))
                c.when = text();
            s.cron = c;
        }
        if (chance(0.3))
            s.parallelism = any_int64();
        for (std::size_t i = below(4); i > 0; --i)
            s.volumes.push_back(make_volume());
        for (std::size_t i = below(3); i > 0; --i) {
            couler::volume_claim_template v;
            v.name = text();
            for (std::size_t k = below(3); k > 0; --k)
                v.access_modes.push_back(chance(0.5) ? "ReadWriteOnce" : text());
            if (chance(0.7))
                v.storage = std::to_string(1 + below(100)) + "Gi";
            if (chance(0.5))
                v.storage_class = text();
            s.volume_claim_templates.push_back(std::move(v));
        }
        for (std::size_t i = below(3); i > 0; --i)
            s.image_pull_secrets.push_back(text());
        if (chance(0.3))
            s.node_selector = random_map();
        for (std::size_t i = below(3); i > 0; --i)
            s.tolerations.push_back(make_toleration());
        if (chance(0.3))
            s.security_context = random_object(2);
    }

    couler::volume make_volume()
    {
        couler::volume v;
        v.name = text();
        static const std::vector<couler::volume::source_kind> vk = {
            couler::volume::source_kind::empty_dir, couler::volume::source_kind::persistent_volume_claim,
            couler::volume::source_kind::config_map, couler::volume::source_kind::secret,
            couler::volume::source_kind::host_path};
        v.kind = pick(vk);
        if (chance(0.7))
            v.source = text();
        if (chance(0.3))
            v.medium = "Memory";
        v.read_only = chance(0.5);
        return v;
    }

    couler::toleration make_toleration()
    {
        couler::toleration t;
        if (chance(0.8))
            t.key = text();
        if (chance(0.8))
            t.operator_ = chance(0.5) ? "Exists" : "Equal";
        if (chance(0.5))
            t.value = text();
        if (chance(0.5))
            t.effect = "NoSchedule";
        if (chance(0.3))
            t.toleration_seconds = any_int64();
        return t;
    }

    std::optional<couler::secret_key_ref> maybe_secret()
    {
        if (!chance(0.4))
            return std::nullopt;
        return couler::secret_key_ref{text(), text()};
    }

    // ------------------------------------------------------------ io
    couler::parameter make_parameter(bool with_from)
    {
        couler::parameter p;
        p.name = io_name();
        if (chance(0.2))
            p.value = text();
        if (chance(0.5))
            p.default_value = text();
        if (with_from && chance(0.7)) {
            switch (below(7)) {
            case 5: p.from.supplied = true; break;
            case 0: p.from.path = "/tmp/" + text(); break;
            case 1: p.from.json_path = "{.status." + text() + "}"; break;
            case 2: p.from.jq_filter = "." + text(); break;
            case 3: p.from.expression = text(); break;
            case 4: p.from.parameter = text(); break;
            default:
                p.from.path = text();
                p.from.json_path = text();
                p.from.jq_filter = text();
                p.from.expression = text();
                p.from.parameter = text();
                break;
            }
            if (chance(0.3))
                p.from.default_value = text();
        } else if (chance(0.1))
            p.from.config_map = couler::secret_key_ref{text(), text()};
        if (chance(0.2))
            p.global_name = opt_.valid ? io_name() : text();
        if (chance(0.3))
            p.description = text();
        for (std::size_t i = chance(0.2) ? 1 + below(4) : 0; i > 0; --i)
            p.enum_values.push_back(text());
        if (chance(0.3))
            p.size_bytes = chance(0.1) ? std::numeric_limits<std::uint64_t>::max() : rng_() >> below(64);
        return p;
    }

    couler::artifact make_artifact()
    {
        static const std::vector<couler::artifact_kind> kinds = {
            couler::artifact_kind::parameter, couler::artifact_kind::local, couler::artifact_kind::s3,
            couler::artifact_kind::oss,       couler::artifact_kind::gcs,   couler::artifact_kind::hdfs,
            couler::artifact_kind::git,       couler::artifact_kind::http,  couler::artifact_kind::azure,
            couler::artifact_kind::raw};
        couler::artifact a;
        a.name = io_name();
        a.kind = pick(kinds);
        if (chance(0.8))
            a.path = "/data/" + text();
        a.is_global = chance(0.2);
        if (a.is_global || chance(0.1))
            a.global_name = text();
        a.optional = chance(0.2);
        using k = couler::artifact_kind;
        bool everything = !opt_.valid && chance(0.3); // hostile: fields outside the kind's set
        if (everything || a.kind == k::s3 || a.kind == k::oss || a.kind == k::gcs) {
            a.bucket = text();
            a.key = text();
            if (chance(0.5))
                a.endpoint = text();
            a.insecure = chance(0.3);
            a.access_key = maybe_secret();
            a.secret_key = maybe_secret();
        }
        if (everything || a.kind == k::hdfs) {
            for (std::size_t i = 1 + below(3); i > 0; --i)
                a.addresses.push_back(text());
            a.key = text();
            if (chance(0.5))
                a.user = text();
        }
        if (everything || a.kind == k::git) {
            a.repo = "https://example.com/" + text();
            if (chance(0.5))
                a.revision = text();
        }
        if (everything || a.kind == k::http)
            a.url = "https://example.com/" + text();
        if (everything || a.kind == k::s3)
            if (chance(0.3))
                a.region = text();
        if (everything || a.kind == k::hdfs)
            a.force = chance(0.3);
        if (everything || a.kind == k::azure) {
            a.bucket = text();
            a.key = text();
            if (chance(0.5))
                a.endpoint = text();
            a.secret_key = maybe_secret();
        }
        if (everything || a.kind == k::raw)
            a.raw_data = text();
        if (chance(0.2))
            a.mode = static_cast<std::int64_t>(below(512));
        if (chance(0.2))
            a.archive = pick(std::vector<std::string>{"none", "tar", "zip"});
        if (chance(0.1))
            a.from_expression = safe_text();
        if (a.archive == "tar" && chance(0.5))
            a.archive_compression_level = static_cast<std::int64_t>(below(10));
        if (chance(0.1))
            a.gc_strategy = pick(std::vector<std::string>{"OnWorkflowCompletion", "OnWorkflowDeletion", "Never"});
        if (chance(0.4))
            a.size_bytes = rng_() >> below(64);
        if (chance(0.4))
            a.cost_seconds = any_double();
        return a;
    }

    couler::io make_io(bool outputs)
    {
        couler::io io;
        for (std::size_t i = below(4); i > 0; --i)
            io.parameters.push_back(make_parameter(outputs));
        for (std::size_t i = below(3); i > 0; --i)
            io.artifacts.push_back(make_artifact());
        return io;
    }

    // ------------------------------------------------------------ templates
    couler::container_spec make_container(const couler::io& inputs)
    {
        couler::container_spec c;
        if (opt_.valid || chance(0.8)) {
            // One draw per statement: the order operands of + are evaluated in is unspecified,
            // and a seed must give the same workflow with every compiler.
            c.image = dns_label();
            c.image += "/" + image_path(ident());
            c.image += ":" + std::to_string(below(10));
        }
        if (chance(0.7)) {
            c.command.emplace();
            for (std::size_t i = below(3); i > 0; --i)
                c.command->push_back(template_text(inputs));
        }
        for (std::size_t i = below(4); i > 0; --i)
            c.args.push_back(template_text(inputs));
        for (std::size_t i = below(3); i > 0; --i) {
            couler::env_var e;
            e.name = text();
            switch (below(3)) {
            case 0: e.value = text(); break;
            case 1: e.secret = couler::secret_key_ref{text(), text()}; break;
            default: e.config_map = couler::secret_key_ref{text(), text()}; break;
            }
            c.env.push_back(std::move(e));
        }
        for (std::size_t i = below(2); i > 0; --i) {
            couler::env_from_source e;
            if (chance(0.5))
                e.secret = text();
            else
                e.config_map = text();
            if (chance(0.5))
                e.prefix = text();
            c.env_from.push_back(std::move(e));
        }
        if (chance(0.5)) {
            c.resources.requests["cpu"] = std::to_string(1 + below(8));
            if (chance(0.5))
                c.resources.limits["memory"] = std::to_string(1 + below(64)) + "Gi";
            if (chance(0.3))
                c.resources.limits[text()] = text();
            if (chance(0.2))
                c.resources.claims.push_back(text());
        }
        if (chance(0.3))
            c.working_dir = text();
        for (std::size_t i = below(3); i > 0; --i) {
            couler::volume_mount m;
            m.name = text();
            m.mount_path = "/mnt/" + text();
            if (chance(0.3))
                m.sub_path = text();
            m.read_only = chance(0.5);
            c.volume_mounts.push_back(std::move(m));
        }
        if (chance(0.3))
            c.image_pull_policy = pick(std::vector<std::string>{"Always", "Never", "IfNotPresent"});
        if (chance(0.2))
            c.readiness_probe = random_object(2);
        if (chance(0.1))
            c.liveness_probe = random_object(2);
        if (chance(0.1))
            c.startup_probe = random_object(2);
        if (chance(0.1))
            c.lifecycle = random_object(2);
        if (chance(0.1))
            c.security_context = random_object(2);
        if (chance(0.2))
            c.name = opt_.valid ? ident() : text();
        return c;
    }

    /// Text for a leaf template's command, args or source: may reference its declared inputs.
    std::string template_text(const couler::io& inputs)
    {
        std::string s = text();
        if (chance(0.4) && !inputs.parameters.empty())
            s += "{{inputs.parameters." + pick(inputs.parameters).name + "}}";
        if (chance(0.2) && !inputs.artifacts.empty())
            s += "{{inputs.artifacts." + pick(inputs.artifacts).name + ".path}}";
        if (!opt_.valid && chance(0.1))
            s += "{{inputs.parameters." + text() + "}}";
        return s + (chance(0.5) ? text() : std::string());
    }

    couler::resource_spec make_resource()
    {
        couler::resource_spec r;
        r.action = pick(std::vector<std::string>{"create", "apply", "patch", "replace", "delete", "get", text()});
        r.manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + text() + "\n";
        if (chance(0.5))
            r.success_condition = "status.succeeded > " + std::to_string(below(3));
        if (chance(0.5))
            r.failure_condition = text();
        if (chance(0.3))
            r.merge_strategy = pick(std::vector<std::string>{"strategic", "merge", "json"});
        r.set_owner_reference = chance(0.5);
        for (std::size_t i = below(3); i > 0; --i)
            r.flags.push_back(text());
        return r;
    }

    void add_template_extras(couler::step_template& t)
    {
        if (chance(0.3))
            t.node_selector = random_map();
        for (std::size_t i = chance(0.2) ? 1 + below(2) : 0; i > 0; --i)
            t.tolerations.push_back(make_toleration());
        t.daemon = chance(0.1);
        if (chance(0.3))
            t.timeout = std::to_string(1 + below(100)) + "s";
        if (chance(0.3)) {
            couler::retry_strategy r;
            r.limit = any_int64();
            if (chance(0.5))
                r.policy = pick(std::vector<std::string>{"Always", "OnFailure", "OnError", "OnTransientError"});
            if (chance(0.5)) {
                couler::backoff b;
                if (chance(0.8))
                    b.duration = std::to_string(below(60)) + "s";
                if (chance(0.5))
                    b.factor = any_int64();
                if (chance(0.5))
                    b.max_duration = "1m";
                r.back_off = b;
            }
            if (chance(0.3))
                r.expression = text();
            if (chance(0.2))
                r.unlimited = true;
            else if (chance(0.2))
                r.limit_expression = "{{inputs.parameters.n}}" + text();
            if (!opt_.valid && chance(0.1)) {
                r.unlimited = true;
                r.limit_expression = text();
            }
            if (r.back_off && chance(0.3))
                r.back_off->cap = "5m";
            t.retry = r;
        }
        if (chance(0.2))
            t.memoize = couler::memoize_spec{text(), chance(0.5) ? "1h" : "", chance(0.5) ? text() : ""};
        if (chance(0.2))
            t.parallelism = any_int64();
        if (chance(0.2))
            t.total_timeout = chance(0.5) ? std::to_string(1 + below(100)) + "s" : text();
        t.synchronization = maybe_sync();
        // Sidecars and init containers: named, with an image, names unique in the pod.
        for (auto* list : {&t.sidecars, &t.init_containers})
            for (std::size_t i = chance(0.15) ? 1 + below(2) : 0; i > 0; --i) {
                couler::user_container u;
                u.container = make_container(t.inputs);
                u.container.name = opt_.valid ? "c" + std::to_string(counter_++) : text();
                if (u.container.image.empty())
                    u.container.image = "busybox";
                u.mirror_volume_mounts = chance(0.3);
                list->push_back(std::move(u));
            }
        for (std::size_t i = chance(0.15) ? 1 + below(2) : 0; i > 0; --i)
            t.volumes.push_back(make_volume());
        if (chance(0.1)) {
            t.pod_resources.limits["cpu"] = std::to_string(1 + below(4));
            t.pod_resources.requests["memory"] = text();
        }
        for (std::size_t i = chance(0.1) ? 1 + below(2) : 0; i > 0; --i)
            t.resource_claims.push_back(make_claim());
        t.metrics = make_metrics();
        if (chance(0.1))
            t.annotations = random_map();
        if (chance(0.1))
            t.pod_spec_patch = "{\"containers\":[{\"name\":\"main\"}]} " + text();
        if (chance(0.2))
            t.extensions = random_object(2);
    }

    couler::step_template make_leaf(std::size_t)
    {
        couler::step_template t;
        t.name = step_name();
        t.inputs = make_io(false);
        t.outputs = make_io(true);
        switch (below(7)) {
        case 5: {
            couler::container_set_spec cs;
            for (std::size_t i = 1 + below(3); i > 0; --i) {
                couler::container_node n;
                n.container = make_container(t.inputs);
                n.container.name = opt_.valid ? (i == 1 ? std::string("main") : "c" + std::to_string(counter_++)) : text();
                if (n.container.image.empty() && (opt_.valid || chance(0.5)))
                    n.container.image = "busybox";
                if (!cs.containers.empty() && chance(0.5))
                    n.dependencies.push_back(cs.containers[below(cs.containers.size())].container.name);
                cs.containers.push_back(std::move(n));
            }
            for (std::size_t i = below(2); i > 0; --i) {
                couler::volume_mount m;
                m.name = text();
                m.mount_path = "/mnt/" + text();
                cs.volume_mounts.push_back(std::move(m));
            }
            t.container_set = std::move(cs);
            break;
        }
        case 6: {
            couler::http_spec h;
            h.url = "https://example.com/" + text();
            if (chance(0.5))
                h.method = pick(std::vector<std::string>{"GET", "POST", "PUT"});
            for (std::size_t i = below(3); i > 0; --i) {
                couler::http_header x;
                x.name = text();
                if (chance(0.5))
                    x.value = text();
                else
                    x.secret = couler::secret_key_ref{text(), text()};
                h.headers.push_back(std::move(x));
            }
            if (chance(0.3))
                h.body = text();
            if (chance(0.5))
                h.success_condition = "response.statusCode == 20" + std::to_string(below(10));
            if (chance(0.3))
                h.timeout_seconds = any_int64();
            h.insecure_skip_verify = chance(0.2);
            t.http = std::move(h);
            break;
        }
        case 0: t.body = make_container(t.inputs); break;
        case 1: {
            couler::script_spec s;
            s.container = make_container(t.inputs);
            s.source = template_text(t.inputs);
            s.source += "\nprint(\"" + text() + "\")\n";
            t.body = std::move(s);
            break;
        }
        case 2: {
            couler::job_spec j;
            j.framework = pick(std::vector<std::string>{"", "tensorflow", "pytorch", "mpi", "xgboost"});
            j.resource = make_resource();
            for (std::size_t i = below(3); i > 0; --i)
                j.local_command.push_back(text());
            t.body = std::move(j);
            break;
        }
        case 3: t.body = make_resource(); break;
        default: t.body = couler::suspend_spec{chance(0.5) ? std::to_string(below(100)) + "s" : std::string()}; break;
        }
        add_template_extras(t);
        return t;
    }

    // ------------------------------------------------------------ graphs
    /// A reference to something step `v` may use: an output of an ancestor, an input of the
    /// owner template, a workflow parameter, or the loop item.
    std::string reference_for(const couler::workflow& wf, const couler::step_template& owner,
                              const couler::graph& g, std::size_t v, const std::vector<std::set<std::size_t>>& anc,
                              bool artifacts)
    {
        if (!opt_.valid && chance(0.3))
        {
            std::string r = "{{steps." + text();
            r += std::string(".outputs.") + (artifacts ? "artifacts." : "parameters.") + text() + "}}";
            return r;
        }
        std::vector<std::string> options;
        for (auto u : anc[v]) {
            const auto* t = wf.find_template(g[u].template_name);
            if (!t)
                continue;
            if (artifacts) {
                for (auto& a : t->outputs.artifacts)
                    options.push_back(couler::output_artifact_ref(g[u].name, a.name));
            } else {
                for (auto& p : t->outputs.parameters)
                    options.push_back(couler::output_parameter_ref(g[u].name, p.name));
                if (t->container() || t->is_graph())
                    options.push_back(couler::result_ref(g[u].name));
            }
        }
        if (!artifacts) {
            for (auto& p : owner.inputs.parameters)
                options.push_back(couler::input_parameter_ref(p.name));
            for (auto& p : wf.settings.parameters)
                options.push_back("{{workflow.parameters." + p.name + "}}");
            options.push_back("{{item}}");
            options.push_back("{{workflow.name}}");
        }
        if (options.empty())
            return std::string();
        return pick(options);
    }

    couler::step_template make_graph_template(const couler::workflow& wf, std::size_t)
    {
        couler::step_template t;
        t.name = step_name();
        t.inputs = make_io(false);
        // A graph template's inputs are given by its callers: keep defaults so that any
        // caller is valid without arguments.
        for (auto& p : t.inputs.parameters)
            if (!p.default_value && !p.value)
                p.default_value = text();
        if (chance(0.3))
            t.outputs = make_io(true);
        couler::graph g;
        g.style = chance(0.5) ? couler::graph_style::dag : couler::graph_style::steps;
        if (chance(0.2))
            g.fail_fast = chance(0.5);
        if (g.style == couler::graph_style::dag && chance(0.1))
            g.target = text();
        std::size_t n = below(opt_.max_steps + 1);
        std::vector<std::set<std::size_t>> anc(n);
        std::vector<const couler::step_template*> callees;
        for (auto& x : wf.templates())
            callees.push_back(&x);
        static const std::vector<couler::dependency_kind> dep_kinds = {
            couler::dependency_kind::order, couler::dependency_kind::data, couler::dependency_kind::explicit_};
        int group = 0;
        for (std::size_t v = 0; v < n; ++v) {
            const couler::step_template* callee = pick(callees);
            couler::step s;
            s.name = step_name();
            s.template_name = callee->name;
            if (!opt_.valid && chance(0.1))
                s.template_name = text();
            if (g.style == couler::graph_style::steps) {
                if (v > 0 && chance(0.5))
                    ++group;
                s.group = group;
            }
            g.add_step(std::move(s));
            // Dependencies on earlier steps (a DAG); hostile mode adds back edges too.
            std::vector<std::size_t> preds;
            for (std::size_t u = 0; u < v; ++u)
                if (chance(v < 4 ? 0.5 : 2.0 / static_cast<double>(v)))
                    preds.push_back(u);
            // Shuffle, so that in-edge order is not index order.
            for (std::size_t i = preds.size(); i > 1; --i)
                std::swap(preds[i - 1], preds[below(i)]);
            for (auto u : preds) {
                g.add_dependency(u, v, pick(dep_kinds));
                anc[v].insert(u);
                anc[v].insert(anc[u].begin(), anc[u].end());
            }
            if (!opt_.valid && v > 0 && chance(0.1)) {
                std::size_t back = below(v + 1); // may close a cycle, or be a self loop
                g.add_dependency(v, back, pick(dep_kinds));
            }
        }
        for (std::size_t v = 0; v < n; ++v)
            fill_step(wf, t, g, v, anc);
        t.body = std::move(g);
        add_template_extras(t);
        return t;
    }

    void fill_step(const couler::workflow& wf, const couler::step_template& owner, couler::graph& g, std::size_t v,
                   const std::vector<std::set<std::size_t>>& anc)
    {
        couler::step& s = g[v];
        const couler::step_template* callee = wf.find_template(s.template_name);
        auto ref_or_text = [&](bool artifacts) {
            std::string r = reference_for(wf, owner, g, v, anc, artifacts);
            if (chance(0.5))
                return r;
            std::string out = opt_.valid ? safe_text() : text();
            out += r;
            out += opt_.valid ? safe_text() : text();
            return out;
        };
        if (callee) {
            for (auto& in : callee->inputs.parameters) {
                if (in.default_value && chance(0.5))
                    continue;
                couler::parameter a;
                a.name = in.name;
                a.value = ref_or_text(false);
                if (chance(0.1))
                    a.description = text();
                s.arguments.push_back(std::move(a));
            }
            for (auto& in : callee->inputs.artifacts) {
                if (chance(0.3))
                    continue;
                couler::artifact a = make_artifact();
                a.name = in.name;
                a.from = reference_for(wf, owner, g, v, anc, true);
                s.artifact_arguments.push_back(std::move(a));
            }
        }
        if (!opt_.valid && chance(0.2)) {
            couler::parameter a;
            a.name = text();
            a.value = text();
            s.arguments.push_back(std::move(a));
        }
        if (chance(0.3))
        {
            s.when = reference_for(wf, owner, g, v, anc, false);
            s.when += " == " + (opt_.valid ? safe_text() : text());
        }
        switch (below(5)) {
        case 0:
            for (std::size_t i = 1 + below(4); i > 0; --i)
                s.with_items.push_back(random_value(2));
            break;
        case 1: s.with_param = reference_for(wf, owner, g, v, anc, false); break;
        case 2: {
            couler::loop_sequence q;
            if (chance(0.5))
                q.count = std::to_string(below(10));
            else {
                q.start = std::to_string(below(10));
                q.end = std::to_string(10 + below(10));
            }
            if (chance(0.3))
                q.format = "step-%02d";
            if (!opt_.valid && chance(0.3))
                q.format = text();
            s.with_sequence = q;
            break;
        }
        default: break;
        }
        if (chance(0.15) && callee && (callee->container() || callee->is_graph())) {
            couler::repeat_while r;
            r.condition = couler::result_ref(s.name) + " == " + safe_text();
            r.max_iterations = 1 + static_cast<std::int64_t>(below(1000));
            if (!opt_.valid && chance(0.3))
                r.max_iterations = any_int64();
            s.repeat = r;
        }
        if (chance(0.2))
            s.depends = text();
        s.continue_on_failed = chance(0.1);
        s.continue_on_error = chance(0.1);
        make_hooks(wf, s.hooks, leaf_count(wf));
        // A template of a WorkflowTemplate instead of a local one (its siblings see no outputs).
        if (chance(0.05) && !s.repeat && !s.name.empty()) {
            s.template_ref_ = make_template_ref();
            s.template_name.clear();
            s.arguments.clear();
            s.artifact_arguments.clear();
        }
        // A template defined in place (Argo inline), named or not.
        if (chance(0.05) && !s.repeat && !s.template_ref_) {
            couler::step_template it = make_leaf(0);
            if (chance(0.5))
                it.name.clear();
            s.template_name.clear();
            s.arguments.clear();
            s.artifact_arguments.clear();
            for (auto& in : it.inputs.parameters)
                if (!in.default_value && !in.value) {
                    couler::parameter a;
                    a.name = in.name;
                    a.value = safe_text();
                    s.arguments.push_back(std::move(a));
                }
            s.inline_template.push_back(std::move(it));
        }
        if (chance(0.6))
            s.cost_seconds = any_double();
        if (chance(0.2))
            s.extensions = random_object(2);
    }

    /// The leaf templates come first in the workflow: those that are not graphs.
    static std::size_t leaf_count(const couler::workflow& wf)
    {
        std::size_t n = 0;
        while (n < wf.templates().size() && !wf.templates()[n].is_graph())
            ++n;
        return n;
    }

    /// Hostile text that cannot form a `{{...}}` reference the validator would check.
    std::string safe_text()
    {
        std::string s = text();
        for (std::size_t pos; (pos = s.find("{{")) != std::string::npos;)
            s.replace(pos, 2, "{ {");
        return s;
    }

    std::mt19937_64 rng_;
    random_options opt_;
    std::size_t counter_ = 0;
    bool used_empty_name_ = false;
};

/// The workflow of one seed, in the given mode.
inline couler::workflow random_workflow(std::uint64_t seed, random_options opt = {})
{
    return random_workflow_generator(seed, opt).make();
}

} // namespace couler_test

#endif
