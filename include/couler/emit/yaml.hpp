// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_YAML_HPP
#define COULER_EMIT_YAML_HPP

/// @file
/// @brief A YAML writer for JSON documents: block style, keys in document order.
///
/// The guarantee: for every boost::json::value whose strings are valid UTF-8, the text parses
/// back (YAML 1.2 core schema, and YAML 1.1 as PyYAML reads it) to exactly the same document.
/// Strings are written plain only when no reader could take them for anything else (a number,
/// a boolean, null, an indicator); multi-line strings become literal blocks when that is
/// unambiguous; everything else is double-quoted with escapes.

#include <couler/config.hpp>

#include <boost/json/value.hpp>

#include <ostream>
#include <string>
#include <string_view>

namespace couler {

/// @brief Options of the YAML writer.
struct yaml_options {
    /// Write multi-line strings as `|` literal blocks (readable scripts) where that is exact;
    /// false: always double-quoted.
    bool literal_blocks = true;
};

/// @brief Appends the YAML text of `v` to `out`.
/// @throws std::invalid_argument if a string is not valid UTF-8 (YAML cannot carry raw bytes).
/// @par Complexity O(size of the output).
COULER_INLINE void write_yaml(std::string& out, const boost::json::value& v, const yaml_options& opt = {});

/// @brief The YAML text of `v`.
COULER_INLINE std::string to_yaml(const boost::json::value& v, const yaml_options& opt = {});

/// @brief Writes the YAML text of `v` to a stream.
COULER_INLINE void write_yaml(std::ostream& os, const boost::json::value& v, const yaml_options& opt = {});

/// @brief One string as a YAML flow scalar (plain or double-quoted) that reads back as that string.
COULER_INLINE std::string yaml_quote(std::string_view s);

} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/emit/impl/yaml.hpp>
#endif

#endif
