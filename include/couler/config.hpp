// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_CONFIG_HPP
#define COULER_CONFIG_HPP

/// @file
/// @brief Build configuration shared by every couler header.

#include <boost/config.hpp>

#if __cplusplus < 201703L && !(defined(_MSVC_LANG) && _MSVC_LANG >= 201703L)
#error "couler needs C++17 or later"
#endif

/// Functions defined in headers that are not templates carry this, so that
/// many translation units can include them without ODR violations.
#define COULER_INLINE inline

#endif
