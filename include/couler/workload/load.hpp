// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_WORKLOAD_LOAD_HPP
#define COULER_WORKLOAD_LOAD_HPP

/// @file
/// @brief One call for any workload file: WfCommons JSON (WfFormat 1.4 / 1.5), Pegasus DAX
/// XML, or couler IR JSON, told apart by content.
///
/// @code
/// couler::problems ps;
/// couler::workflow wf = couler::workload::load("montage.json", ps);
/// if (!ps.empty()) { /* report */ }
/// // wf.graph()[v].cost_seconds: run time; template outputs' size_bytes: artifact sizes
/// @endcode

#include <couler/ir/error.hpp>
#include <couler/ir/json.hpp>
#include <couler/ir/workflow.hpp>
#include <couler/workload/dax.hpp>
#include <couler/workload/wfcommons.hpp>

#include <string>
#include <string_view>

namespace couler {
namespace workload {

/// @brief The formats load() recognises.
enum class format { unknown, ir_json, wfcommons, dax };

/// @brief The format of a document, from its first bytes and top-level keys.
format detect(std::string_view text);

/// @brief Reads a workload from text of any recognised format. Problems go to `out`.
workflow load_text(std::string_view text, problems& out);

/// @brief Reads a workload file of any recognised format. Problems go to `out` (an unreadable
/// file is one io_error problem).
workflow load(const std::string& path, problems& out);

/// @brief Throwing form of load(): throws invalid_input listing every problem.
workflow load(const std::string& path);

} // namespace workload
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/workload/impl/load.hpp>
#endif

#endif
