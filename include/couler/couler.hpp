// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_COULER_HPP
#define COULER_COULER_HPP

/// @file
/// @brief The umbrella header: the IR, the programming interface and the DOT emitter.
/// Engines, emitters and optimizers with heavier dependencies have their own headers.

#include <couler/api.hpp>
#include <couler/emit/dot.hpp>
#include <couler/ir.hpp>
#include <couler/version.hpp>

#endif
