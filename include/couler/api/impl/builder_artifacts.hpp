// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_API_IMPL_BUILDER_ARTIFACTS_HPP
#define COULER_API_IMPL_BUILDER_ARTIFACTS_HPP

// Members of couler::builder (couler/api/builder.hpp): the create_*_artifact functions (paper Table VI).

#include <couler/api/builder.hpp>

namespace couler {

// ------------------------------------------------------------------ builder: artifacts

COULER_INLINE artifact builder::new_artifact(artifact_kind kind, const char* prefix, const std::string& path, bool is_global)
{
    artifact a;
    a.kind = kind;
    a.name = prefix + next_output_id();
    a.path = path;
    a.is_global = is_global;
    return a;
}

COULER_INLINE artifact builder::create_parameter_artifact(const std::string& path, bool is_global)
{
    return new_artifact(artifact_kind::parameter, "output-id-", path, is_global);
}

COULER_INLINE artifact builder::create_local_artifact(const std::string& path, bool is_global)
{
    return new_artifact(artifact_kind::local, "output-local-", path, is_global);
}

COULER_INLINE artifact named(artifact a, const std::string& name)
{
    detail::require_io_name("output name", name);
    a.name = name;
    if (a.is_global)
        a.global_name = name;
    return a;
}

// Named artifacts do not take a number: the unnamed ones keep the Python SDK's numbering.
COULER_INLINE artifact builder::create_parameter_artifact(const std::string& path, const std::string& name, bool is_global)
{
    artifact a;
    a.kind = artifact_kind::parameter;
    a.path = path;
    a.is_global = is_global;
    return named(std::move(a), name);
}

COULER_INLINE artifact builder::create_local_artifact(const std::string& path, const std::string& name, bool is_global)
{
    artifact a;
    a.kind = artifact_kind::local;
    a.path = path;
    a.is_global = is_global;
    return named(std::move(a), name);
}

namespace detail {
COULER_INLINE void set_credentials(artifact& a, const std::string& secret, const char* access, const char* secret_key)
{
    if (secret.empty())
        return;
    a.access_key = secret_key_ref{secret, access};
    a.secret_key = secret_key_ref{secret, secret_key};
}
} // namespace detail

COULER_INLINE artifact builder::create_s3_artifact(const std::string& path, const std::string& bucket, const std::string& key,
                                            const std::string& endpoint, const std::string& credentials, bool insecure,
                                            bool is_global)
{
    artifact a = new_artifact(artifact_kind::s3, "output-s3-", path, is_global);
    a.bucket = bucket;
    a.key = key;
    a.endpoint = endpoint;
    a.insecure = insecure;
    detail::set_credentials(a, credentials, "accessKey", "secretKey");
    return a;
}

COULER_INLINE artifact builder::create_oss_artifact(const std::string& path, const std::string& bucket, const std::string& key,
                                             const std::string& endpoint, const std::string& credentials, bool is_global)
{
    artifact a = new_artifact(artifact_kind::oss, "output-oss-", path, is_global);
    a.bucket = bucket;
    a.key = key;
    a.endpoint = endpoint;
    detail::set_credentials(a, credentials, "accessKey", "secretKey");
    return a;
}

COULER_INLINE artifact builder::create_gcs_artifact(const std::string& path, const std::string& bucket, const std::string& key,
                                             const std::string& credentials, bool is_global)
{
    artifact a = new_artifact(artifact_kind::gcs, "output-gcs-", path, is_global);
    a.bucket = bucket;
    a.key = key;
    if (!credentials.empty())
        a.secret_key = secret_key_ref{credentials, "serviceAccountKey"};
    return a;
}

COULER_INLINE artifact builder::create_hdfs_artifact(const std::string& path, const std::vector<std::string>& addresses,
                                              const std::string& hdfs_path, const std::string& user, bool is_global)
{
    artifact a = new_artifact(artifact_kind::hdfs, "output-hdfs-", path, is_global);
    a.addresses = addresses;
    a.key = hdfs_path;
    a.user = user;
    return a;
}

COULER_INLINE artifact builder::create_git_artifact(const std::string& path, const std::string& repo,
                                             const std::string& revision, bool is_global)
{
    artifact a = new_artifact(artifact_kind::git, "output-git-", path, is_global);
    a.repo = repo;
    a.revision = revision;
    return a;
}

COULER_INLINE artifact builder::create_http_artifact(const std::string& path, const std::string& url, bool is_global)
{
    artifact a = new_artifact(artifact_kind::http, "output-http-", path, is_global);
    a.url = url;
    return a;
}

} // namespace couler

#endif
