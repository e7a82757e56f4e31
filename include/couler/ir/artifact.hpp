// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_ARTIFACT_HPP
#define COULER_IR_ARTIFACT_HPP

/// @file
/// @brief Parameters and artifacts: the data that flows between steps (paper Table VI).

#include <couler/config.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace couler {

/// @brief The empty per-step / per-artifact payload of the default instantiation.
///
/// A platform that embeds couler instantiates `basic_workflow<MyStepData, MyArtifactData>`
/// to attach its own data to every step and artifact.
struct no_data {
    friend bool operator==(const no_data&, const no_data&) noexcept { return true; }
    friend bool operator!=(const no_data&, const no_data&) noexcept { return false; }
};

/// @brief Where an artifact lives (paper Table VI, plus local files and HTTP).
enum class artifact_kind { parameter, local, s3, oss, gcs, hdfs, git, http, azure, raw };

/// @brief The IR spelling of an artifact kind (`"s3"`, `"oss"`, ...).
inline std::string_view to_string(artifact_kind k) noexcept
{
    switch (k) {
    case artifact_kind::parameter: return "parameter";
    case artifact_kind::local: return "local";
    case artifact_kind::s3: return "s3";
    case artifact_kind::oss: return "oss";
    case artifact_kind::gcs: return "gcs";
    case artifact_kind::hdfs: return "hdfs";
    case artifact_kind::git: return "git";
    case artifact_kind::http: return "http";
    case artifact_kind::azure: return "azure";
    case artifact_kind::raw: return "raw";
    }
    return "local";
}

/// @brief Parses the IR spelling of an artifact kind; false if unknown.
inline bool from_string(std::string_view s, artifact_kind& out) noexcept
{
    static constexpr artifact_kind all[] = {artifact_kind::parameter, artifact_kind::local,
                                            artifact_kind::s3,        artifact_kind::oss,
                                            artifact_kind::gcs,       artifact_kind::hdfs,
                                            artifact_kind::git,       artifact_kind::http,
                                            artifact_kind::azure,     artifact_kind::raw};
    for (auto k : all)
        if (to_string(k) == s) {
            out = k;
            return true;
        }
    return false;
}

/// @brief A reference to one key of a Kubernetes Secret (or ConfigMap). Never a value.
struct secret_key_ref {
    std::string name; ///< the Secret's name
    std::string key;  ///< the key inside it

    friend bool operator==(const secret_key_ref& a, const secret_key_ref& b)
    {
        return a.name == b.name && a.key == b.key;
    }
    friend bool operator!=(const secret_key_ref& a, const secret_key_ref& b) { return !(a == b); }
};

/// @brief Where an output parameter's value comes from.
struct value_from {
    std::string path;       ///< a file the step writes
    std::string json_path;  ///< a JSONPath into a resource (job and resource steps)
    std::string jq_filter;  ///< a jq filter into a resource
    std::string expression; ///< an expression over other outputs
    std::string parameter;  ///< another parameter's value
    std::optional<std::string> default_value; ///< used when the source is missing
    /// The value is supplied from outside while the step runs (a suspend step's output set by
    /// the user who resumes it; Argo `valueFrom.supplied`).
    bool supplied = false;
    /// The value is read from a key of a ConfigMap when the workflow starts (inputs and
    /// workflow parameters; Argo `valueFrom.configMapKeyRef`).
    std::optional<secret_key_ref> config_map;

    bool empty() const
    {
        return path.empty() && json_path.empty() && jq_filter.empty() && expression.empty() &&
               parameter.empty() && !default_value && !supplied && !config_map;
    }
    friend bool operator==(const value_from& a, const value_from& b)
    {
        return std::tie(a.path, a.json_path, a.jq_filter, a.expression, a.parameter, a.default_value, a.supplied,
                        a.config_map) ==
               std::tie(b.path, b.json_path, b.jq_filter, b.expression, b.parameter, b.default_value, b.supplied,
                        b.config_map);
    }
    friend bool operator!=(const value_from& a, const value_from& b) { return !(a == b); }
};

/// @brief A named string value: a template input, a template output, a workflow parameter,
/// or an argument a step passes to its template.
///
/// Values may contain `{{...}}` expressions (see docs/ir.md, "Expressions").
struct parameter {
    std::string name;
    std::optional<std::string> value;         ///< the value (arguments, workflow parameters)
    std::optional<std::string> default_value; ///< the default (template inputs)
    value_from from;                          ///< for outputs: where the value is read
    std::string global_name;                  ///< exported workflow-wide under this name
    std::string description;
    std::vector<std::string> enum_values; ///< allowed values, if restricted
    std::optional<std::uint64_t> size_bytes; ///< for the cache optimizer

    friend bool operator==(const parameter& a, const parameter& b)
    {
        return std::tie(a.name, a.value, a.default_value, a.from, a.global_name, a.description,
                        a.enum_values, a.size_bytes) ==
               std::tie(b.name, b.value, b.default_value, b.from, b.global_name, b.description,
                        b.enum_values, b.size_bytes);
    }
    friend bool operator!=(const parameter& a, const parameter& b) { return !(a == b); }
};

/// @brief A file or directory produced or consumed by a step, and where it is stored.
///
/// Location fields are used according to `kind`:
/// s3/oss/gcs: bucket, key, endpoint, insecure, access_key, secret_key (s3 also region);
/// hdfs: addresses, key (the HDFS path), user, force; git: repo, revision;
/// http: url; azure: endpoint, bucket (the container), key (the blob), secret_key (the account
/// key); raw: raw_data (the artifact's content, inline); local: only path. Credentials are
/// always Secret references.
/// `size_bytes` and `cost_seconds` feed the cache optimizer (paper §IV.A).
template <class Data = no_data> struct basic_artifact {
    std::string name;
    artifact_kind kind = artifact_kind::local;
    std::string path;       ///< path inside the step's file system
    std::string from;       ///< for arguments: expression naming an upstream output
    bool is_global = false; ///< exported workflow-wide
    std::string global_name;
    bool optional = false;
    std::string bucket, key, endpoint, url, repo, revision, user;
    std::vector<std::string> addresses;
    bool insecure = false;
    std::string region;   ///< s3: the bucket's region
    bool force = false;   ///< hdfs: overwrite an existing file
    std::string raw_data; ///< raw: the content itself
    std::optional<std::int64_t> mode; ///< file mode bits the file gets when placed (Argo `mode`, e.g. 0755 = 493)
    /// How an output is stored: empty (the engine default: a tarball), `none` (the file as
    /// is; a directory is not allowed), `tar` or `zip` (Argo `archive`).
    std::string archive;
    /// For outputs of graph templates: an expression choosing which upstream artifact is the
    /// output (Argo `fromExpression`), instead of `from`.
    std::string from_expression;
    std::optional<std::int64_t> archive_compression_level; ///< `tar` archive: gzip level (Argo compressionLevel)
    /// When the stored artifact is deleted: OnWorkflowCompletion, OnWorkflowDeletion, Never;
    /// empty means the workflow's artifact_gc_strategy (Argo artifact `artifactGC.strategy`).
    std::string gc_strategy;
    std::optional<secret_key_ref> access_key, secret_key;
    std::optional<std::uint64_t> size_bytes; ///< bytes, if known
    std::optional<double> cost_seconds;      ///< time to produce it again, if known
    Data data;                               ///< the embedding platform's payload

    friend bool operator==(const basic_artifact& a, const basic_artifact& b)
    {
        return std::tie(a.name, a.kind, a.path, a.from, a.is_global, a.global_name, a.optional, a.bucket,
                        a.key, a.endpoint, a.url, a.repo, a.revision, a.user, a.addresses, a.insecure, a.region,
                        a.force, a.raw_data, a.mode, a.archive, a.from_expression, a.archive_compression_level, a.gc_strategy, a.access_key, a.secret_key,
                        a.size_bytes, a.cost_seconds, a.data) ==
               std::tie(b.name, b.kind, b.path, b.from, b.is_global, b.global_name, b.optional, b.bucket,
                        b.key, b.endpoint, b.url, b.repo, b.revision, b.user, b.addresses, b.insecure, b.region,
                        b.force, b.raw_data, b.mode, b.archive, b.from_expression, b.archive_compression_level, b.gc_strategy, b.access_key, b.secret_key,
                        b.size_bytes, b.cost_seconds, b.data);
    }
    friend bool operator!=(const basic_artifact& a, const basic_artifact& b) { return !(a == b); }
};

/// @brief The inputs or the outputs of a step template.
template <class Data = no_data> struct basic_io {
    std::vector<parameter> parameters;
    std::vector<basic_artifact<Data>> artifacts;

    bool empty() const { return parameters.empty() && artifacts.empty(); }

    /// @brief The parameter with that name, or nullptr.
    const parameter* find_parameter(std::string_view n) const
    {
        for (const auto& p : parameters)
            if (p.name == n)
                return &p;
        return nullptr;
    }
    /// @brief The artifact with that name, or nullptr.
    const basic_artifact<Data>* find_artifact(std::string_view n) const
    {
        for (const auto& a : artifacts)
            if (a.name == n)
                return &a;
        return nullptr;
    }
    friend bool operator==(const basic_io& a, const basic_io& b)
    {
        return a.parameters == b.parameters && a.artifacts == b.artifacts;
    }
    friend bool operator!=(const basic_io& a, const basic_io& b) { return !(a == b); }
};

} // namespace couler

#endif
