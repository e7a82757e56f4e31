// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_VERSION_HPP
#define COULER_VERSION_HPP

/// @file
/// @brief The library version and the IR JSON format version.

#define COULER_VERSION_MAJOR 0
#define COULER_VERSION_MINOR 1
#define COULER_VERSION_PATCH 0
#define COULER_VERSION_STRING "0.1.0"

namespace couler {

/// The version of the IR JSON document format written by `to_json`.
/// Readers accept this version and refuse any other with a clear error.
constexpr int ir_format_version = 1;

} // namespace couler

#endif
