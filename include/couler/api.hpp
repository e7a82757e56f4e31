// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_API_HPP
#define COULER_API_HPP

/// @file
/// @brief The unified programming interface (paper Table V, Table VI, Appendix A).

#include <couler/api/builder.hpp>
#include <couler/api/options.hpp>
#include <couler/api/values.hpp>

#endif
