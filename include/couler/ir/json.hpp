// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_JSON_HPP
#define COULER_IR_JSON_HPP

/// @file
/// @brief Lossless, versioned IR <-> JSON with Boost.JSON. The format is described in
/// docs/ir.md and constrained by docs/ir.schema.json.
///
/// Reading is strict: unknown fields, wrong types and bad enum values are problems, each
/// reported with its JSON path; reading reports every problem, not only the first.

#include <couler/ir/error.hpp>
#include <couler/ir/workflow.hpp>

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace couler {

/// @brief How the per-step and per-artifact payload of a basic_workflow is written and read.
///
/// The primary template uses Boost.JSON's `value_from` / `value_to` (so a payload type needs
/// `tag_invoke` overloads); `no_data` is never written.
template <class T, class = void> struct data_traits {
    static constexpr bool present = true;
    static boost::json::value to_json(const T& t) { return boost::json::value_from(t); }
    static T from_json(const boost::json::value& v) { return boost::json::value_to<T>(v); }
};
template <> struct data_traits<no_data> {
    static constexpr bool present = false;
    static boost::json::value to_json(const no_data&) { return nullptr; }
    static no_data from_json(const boost::json::value&) { return {}; }
};

/// @brief Limits that keep hostile input from exhausting the reader.
struct json_read_options {
    std::size_t max_depth = 256; ///< deeper nesting is refused with a clear error
};

/// @brief The IR document of a workflow: `{"couler_ir": 1, ...}`.
/// @throws std::invalid_argument if a number cannot be written as JSON (a NaN or infinite cost
/// or metric bucket; `validate` reports those by path).
template <class S, class A> boost::json::value to_json(const basic_workflow<S, A>& wf);

/// @brief The IR document as compact JSON text.
/// @throws invalid_input naming the path of every string that is not valid UTF-8 (JSON text
/// cannot carry it, and the reader would refuse the output); as to_json otherwise.
template <class S, class A> std::string to_json_string(const basic_workflow<S, A>& wf);

/// @brief The IR document as indented JSON text, for people. Throws as to_json_string.
template <class S, class A> std::string to_json_pretty(const basic_workflow<S, A>& wf);

/// @brief Reads a workflow from an IR document. Problems go to `out`; the return value is
/// meaningful only if `out` stayed empty.
template <class S = no_data, class A = no_data>
basic_workflow<S, A> workflow_from_json(const boost::json::value& doc, problems& out);

/// @brief Reads a workflow from an IR document; throws invalid_input listing every problem.
template <class S = no_data, class A = no_data>
basic_workflow<S, A> workflow_from_json(const boost::json::value& doc);

/// @brief Parses JSON text and reads it. Malformed text is one problem at path `$` with the
/// line and column. Problems go to `out`.
template <class S = no_data, class A = no_data>
basic_workflow<S, A> parse_workflow(std::string_view text, problems& out, const json_read_options& opt = {});

/// @brief Parses JSON text and reads it; throws invalid_input listing every problem.
template <class S = no_data, class A = no_data>
basic_workflow<S, A> parse_workflow(std::string_view text, const json_read_options& opt = {});

/// @brief Parses JSON text into a value; on failure adds one problem at `$` with line and column.
COULER_INLINE boost::json::value parse_json_text(std::string_view text, problems& out,
                                                 const json_read_options& opt = {});

/// @brief Writes a JSON value as indented text (two spaces), keys in document order.
COULER_INLINE std::string pretty_print(const boost::json::value& v);

// The compiled mode instantiates these once, for the default types, in couler/src.hpp.
#define COULER_IR_JSON_INSTANTIATIONS(ext) \
    ext template boost::json::value to_json(const workflow&); \
    ext template std::string to_json_string(const workflow&); \
    ext template std::string to_json_pretty(const workflow&); \
    ext template workflow workflow_from_json<>(const boost::json::value&, problems&); \
    ext template workflow workflow_from_json<>(const boost::json::value&); \
    ext template workflow parse_workflow<>(std::string_view, problems&, const json_read_options&); \
    ext template workflow parse_workflow<>(std::string_view, const json_read_options&);
#if defined(COULER_SEPARATE_COMPILATION)
COULER_IR_JSON_INSTANTIATIONS(extern)
#endif

} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/ir/impl/json.hpp>
#endif

#endif
