// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IMPORT_IMPL_ARGO_IO_HPP
#define COULER_IMPORT_IMPL_ARGO_IO_HPP

// Members of detail::argo::importer (couler/import/impl/argo.hpp): parameters and artifacts (inputs,
// outputs, arguments, artifact locations).

#include <couler/import/impl/argo.hpp>

namespace couler {
namespace detail {
namespace argo {

template <class S, class A>
void importer<S, A>::read_parameters(cursor& c, const char* key, std::vector<parameter>& out, bool value_from)
{
    auto a = c.list(key);
    if (!a)
        return;
    for (std::size_t i = 0; i < a->size(); ++i)
        if (auto e = c.element(key, *a, i))
            out.push_back(read_parameter(*e, value_from));
}

template <class S, class A>
parameter importer<S, A>::read_parameter(cursor& c, bool value_from)
{
    parameter p;
    c.str("name", p.name);
    c.str("value", p.value);
    c.str("default", p.default_value);
    c.str("description", p.description);
    c.str("globalName", p.global_name);
    c.strings("enum", p.enum_values);
    if (auto f = c.child("valueFrom")) {
        // Outside outputs only a ConfigMap key (and a default) can give the value.
        if (value_from) {
            f->str("path", p.from.path);
            f->str("jsonPath", p.from.json_path);
            f->str("jqFilter", p.from.jq_filter);
            f->str("expression", p.from.expression);
            f->str("parameter", p.from.parameter);
            if (auto sp = f->child("supplied")) {
                p.from.supplied = true;
                sp->finish();
            }
        }
        f->str("default", p.from.default_value);
        p.from.config_map = read_secret_ref(*f, "configMapKeyRef");
        f->finish();
    }
    c.finish();
    return p;
}

template <class S, class A>
void importer<S, A>::read_io(cursor& c, io_type& io, bool output)
{
    read_parameters(c, "parameters", io.parameters, output);
    read_artifacts(c, "artifacts", io.artifacts);
    c.finish();
}

template <class S, class A>
template <class Art>
void importer<S, A>::read_artifacts(cursor& c, const char* key, std::vector<Art>& out)
{
    auto a = c.list(key);
    if (!a)
        return;
    for (std::size_t i = 0; i < a->size(); ++i)
        if (auto e = c.element(key, *a, i))
            out.push_back(read_artifact<Art>(*e));
}

template <class S, class A>
std::optional<secret_key_ref> importer<S, A>::read_secret_ref(cursor& c, const char* key)
{
    auto s = c.child(key);
    if (!s)
        return std::nullopt;
    secret_key_ref r;
    s->str("name", r.name);
    s->str("key", r.key);
    s->finish();
    return r;
}

template <class S, class A>
template <class Art>
Art importer<S, A>::read_artifact(cursor& c)
{
    Art a;
    c.str("name", a.name);
    c.str("path", a.path);
    c.str("from", a.from);
    if (c.str("globalName", a.global_name))
        a.is_global = true;
    c.boolean("optional", a.optional);
    c.str("fromExpression", a.from_expression);
    if (auto g = c.child("artifactGC")) {
        g->str("strategy", a.gc_strategy);
        g->finish();
    }
    c.integer("mode", a.mode);
    if (auto ar = c.child("archive")) {
        int kinds = 0;
        for (const char* k : {"none", "tar", "zip"})
            if (ar->object().contains(k) && ++kinds == 1)
                if (auto x = ar->child(k)) {
                    a.archive = k;
                    if (a.archive == "tar")
                        x->integer("compressionLevel", a.archive_compression_level);
                    x->finish();
                }
        ar->finish();
    }
    static const char* const locations[] = {"s3", "oss", "gcs", "hdfs", "git", "http", "azure", "raw"};
    int found = 0;
    for (const char* loc : locations) {
        if (!c.object().contains(loc))
            continue;
        if (++found > 1) {
            c.leave(loc, "a second artifact location");
            continue;
        }
        auto l = c.child(loc);
        if (!l)
            continue;
        std::string k = loc;
        if (k == "s3" || k == "oss" || k == "gcs") {
            a.kind = k == "s3" ? artifact_kind::s3 : k == "oss" ? artifact_kind::oss : artifact_kind::gcs;
            l->str("bucket", a.bucket);
            l->str("key", a.key);
            if (k != "gcs") {
                l->str("endpoint", a.endpoint);
                a.access_key = read_secret_ref(*l, "accessKeySecret");
                a.secret_key = read_secret_ref(*l, "secretKeySecret");
            } else {
                a.secret_key = read_secret_ref(*l, "serviceAccountKeySecret");
            }
            if (k == "s3") {
                l->boolean("insecure", a.insecure);
                l->str("region", a.region);
            }
        } else if (k == "hdfs") {
            a.kind = artifact_kind::hdfs;
            l->strings("addresses", a.addresses);
            l->str("path", a.key);
            l->str("hdfsUser", a.user);
            l->boolean("force", a.force);
        } else if (k == "git") {
            a.kind = artifact_kind::git;
            l->str("repo", a.repo);
            l->str("revision", a.revision);
        } else if (k == "azure") {
            a.kind = artifact_kind::azure;
            l->str("endpoint", a.endpoint);
            l->str("container", a.bucket);
            l->str("blob", a.key);
            a.secret_key = read_secret_ref(*l, "accountKeySecret");
        } else if (k == "raw") {
            a.kind = artifact_kind::raw;
            l->str("data", a.raw_data);
        } else {
            a.kind = artifact_kind::http;
            l->str("url", a.url);
        }
        l->finish();
    }
    c.finish();
    return a;
}

} // namespace argo
} // namespace detail
} // namespace couler

#endif
