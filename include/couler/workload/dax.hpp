// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_WORKLOAD_DAX_HPP
#define COULER_WORKLOAD_DAX_HPP

/// @file
/// @brief Pegasus DAX (2.1 and 3.x) as IR workflows.
///
/// `<job id name runtime>` with `<uses file|name link="input|output" size>` and edges in
/// `<child ref><parent ref/></child>`. Parsed with Boost.PropertyTree's XML reader (header-only,
/// in Boost already; no hand-written parser). When one file appears with different sizes,
/// the producer's size wins; for an input nobody produces, the largest size seen.
/// Steps, templates and artifacts are laid out as read_wfcommons does.

#include <couler/ir/error.hpp>
#include <couler/ir/workflow.hpp>

#include <string_view>

namespace couler {
namespace workload {

/// @brief Reads DAX XML text. Problems go to `out`; the result is meaningful only if `out`
/// stayed empty.
workflow read_dax(std::string_view xml, problems& out);

} // namespace workload
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/workload/impl/dax.hpp>
#endif

#endif
