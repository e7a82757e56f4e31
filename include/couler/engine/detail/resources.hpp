// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_RESOURCES_HPP
#define COULER_ENGINE_DETAIL_RESOURCES_HPP

// What a step asks of the machine: its CPU and memory requests (Kubernetes quantities), the
// slots they take of --jobs, and what the machine has.

#include <couler/ir/step_template.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>

#include <unistd.h>

namespace couler {
namespace engine {
namespace detail {

/// A Kubernetes quantity (`2`, `500m`, `1.5`, `512Mi`, `1G`, `1e9`) as a number (CPUs or
/// bytes); nothing if it is not one (an expression such as `{{inputs.parameters.cpu}}`).
inline std::optional<double> parse_quantity(const std::string& s)
{
    if (s.empty())
        return std::nullopt;
    const char* b = s.c_str();
    char* end = nullptr;
    double v = std::strtod(b, &end);
    if (end == b || !(v >= 0) || std::isinf(v) || !std::isdigit(static_cast<unsigned char>(s[0])))
        return std::nullopt;
    std::string suffix(end);
    static const std::pair<const char*, double> units[] = {
        {"", 1},       {"m", 1e-3},   {"k", 1e3},    {"M", 1e6},   {"G", 1e9},          {"T", 1e12},
        {"P", 1e15},   {"E", 1e18},   {"Ki", 1024.}, {"Mi", 1024. * 1024}, {"Gi", 1024. * 1024 * 1024},
        {"Ti", 1024. * 1024 * 1024 * 1024}, {"Pi", 1024. * 1024 * 1024 * 1024 * 1024},
        {"Ei", 1024. * 1024 * 1024 * 1024 * 1024 * 1024}};
    for (auto& [u, f] : units)
        if (suffix == u)
            return v * f;
    return std::nullopt;
}

/// What one invocation of a leaf template takes while it runs.
struct step_request {
    double cpu = 0;          ///< CPUs requested; 0: none stated
    double memory = 0;       ///< bytes requested; 0: none stated
    std::size_t slots = 1;   ///< of --jobs: ceil(cpu), at least 1
    std::string cpu_text, memory_text; ///< as written, for messages
};

/// The request of a leaf template: per resource, its container's request (else its limit, as
/// Kubernetes defaults a request to the limit), or the template's pod resources, or the
/// workflow's (`workflow_pod`), whichever is largest. `bad` names a value that is not a
/// quantity (then the request is not usable).
inline step_request request_of(const step_template& t, std::string& bad,
                               const resource_requirements* workflow_pod = nullptr)
{
    step_request r;
    auto take = [&](const resource_requirements& rr, const char* name, double& val, std::string& text) {
        const std::string* v = nullptr;
        if (auto it = rr.requests.find(name); it != rr.requests.end())
            v = &it->second;
        else if (auto lt = rr.limits.find(name); lt != rr.limits.end())
            v = &lt->second;
        if (!v)
            return;
        auto q = parse_quantity(*v);
        if (!q) {
            if (bad.empty())
                bad = std::string(name) + " '" + *v + "'";
            return;
        }
        if (*q > val) {
            val = *q;
            text = *v;
        }
    };
    for (const resource_requirements* rr :
         {t.container() ? &t.container()->resources : nullptr, &t.pod_resources, workflow_pod}) {
        if (!rr)
            continue;
        take(*rr, "cpu", r.cpu, r.cpu_text);
        take(*rr, "memory", r.memory, r.memory_text);
    }
    r.slots = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(r.cpu - 1e-9)));
    return r;
}

/// GPUs a leaf template asks for (`nvidia.com/gpu`, request else limit, the largest of its
/// container, its pod and the workflow's); 0 if none or not a whole number.
inline std::int64_t gpu_request(const step_template& t, const resource_requirements* workflow_pod = nullptr)
{
    std::int64_t n = 0;
    for (const resource_requirements* rr :
         {t.container() ? &t.container()->resources : nullptr, &t.pod_resources, workflow_pod}) {
        if (!rr)
            continue;
        const std::string* v = nullptr;
        if (auto it = rr->requests.find("nvidia.com/gpu"); it != rr->requests.end())
            v = &it->second;
        else if (auto lt = rr->limits.find("nvidia.com/gpu"); lt != rr->limits.end())
            v = &lt->second;
        if (!v)
            continue;
        auto q = parse_quantity(*v);
        if (q && *q == std::floor(*q))
            n = std::max(n, static_cast<std::int64_t>(*q));
    }
    return n;
}

/// The machine's cores (at least 1).
inline unsigned machine_cores() { return std::max(1u, std::thread::hardware_concurrency()); }

/// The machine's physical memory in bytes (0 if unknown).
inline double machine_memory()
{
    long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? static_cast<double>(pages) * static_cast<double>(size) : 0;
}

} // namespace detail
} // namespace engine
} // namespace couler

#endif
