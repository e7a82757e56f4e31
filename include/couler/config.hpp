// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_CONFIG_HPP
#define COULER_CONFIG_HPP

/// @file
/// @brief Build configuration shared by every couler header.
///
/// Two modes, as Boost.JSON has them:
/// - header-only (the default): every definition is in the headers, inline;
/// - compiled once: define `COULER_SEPARATE_COMPILATION` in every translation unit and include
///   `<couler/src.hpp>` in exactly one of them (the CMake target `couler::couler_compiled` does
///   both). The public headers then declare only: the definitions in their `impl/` headers are
///   compiled in that one unit, and the function templates over `basic_workflow` are instantiated
///   there for the default types (`couler::workflow`), declared `extern template` everywhere else.
///   A workflow with payload types of its own (`basic_workflow<S, A>`) needs the header-only mode.
///
/// The HTTP client (couler/net/) is header-only in both modes.

#include <boost/config.hpp>

#if __cplusplus < 201703L && !(defined(_MSVC_LANG) && _MSVC_LANG >= 201703L)
#error "couler needs C++17 or later"
#endif

#if defined(COULER_SEPARATE_COMPILATION)
/// Functions declared in public headers and defined in `impl/` headers carry this: empty in the
/// compiled mode (one definition, in the unit that includes couler/src.hpp), `inline` otherwise,
/// so that many translation units can include them without ODR violations.
#define COULER_INLINE
#else
#define COULER_INLINE inline
#endif

#endif
