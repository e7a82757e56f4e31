// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IMPORT_YAML_HPP
#define COULER_IMPORT_YAML_HPP

/// @file
/// @brief YAML text to Boost.JSON values, for the importers (Argo YAML) and for tools that
/// accept either JSON or YAML.
///
/// This header links yaml-cpp (Debian `libyaml-cpp-dev`; CMake `find_package(yaml-cpp CONFIG)`,
/// target `yaml-cpp`): couler stays header-only, but a program that includes it must link
/// yaml-cpp. Only couler/import/ needs it.
///
/// Scalars are resolved as YAML 1.1 readers (PyYAML, Argo's Go reader) do in practice:
/// `null`, `~` and empty are null; `true/false/yes/no/on/off` (three casings) are booleans;
/// decimal, `0x` and `0`-octal integers; floats need a dot (`1.5`, `1.0e+3`), so `1e3` stays a
/// string; `.inf`, `.nan`. Quoted and block scalars are always strings. `<<` merge keys are
/// applied. Duplicate keys, recursive aliases, and complex (non-scalar) keys are errors.

#include <couler/config.hpp>
#include <couler/ir/error.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace couler {

/// @brief Limits that keep hostile YAML from exhausting the reader.
struct yaml_read_options {
    std::size_t max_depth = 256;                   ///< deeper nesting of collections is an error
    std::size_t max_documents = 1024;              ///< more documents in one stream is an error
    std::size_t max_expansion_base = 1u << 20;     ///< node + string-byte budget, fixed part
    std::size_t max_expansion_factor = 4;          ///< ... plus this many per input byte (aliases)
};

/// @brief Every document of a YAML stream, in order (an empty document is null).
///
/// On malformed YAML adds one problem at path `$` whose message gives the line and column
/// (1-based) and returns nothing.
/// @par Complexity linear in the size of the result, which the limits bound.
COULER_INLINE std::vector<boost::json::value> parse_yaml_documents(std::string_view text, problems& out,
                                                                   const yaml_read_options& opt = {});

/// @brief The one non-empty document of a YAML stream (null if there is none).
///
/// Several non-empty documents are a problem at `$`, as is malformed YAML (with line and column).
COULER_INLINE boost::json::value parse_yaml(std::string_view text, problems& out, const yaml_read_options& opt = {});

} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/import/impl/yaml.hpp>
#endif

#endif
