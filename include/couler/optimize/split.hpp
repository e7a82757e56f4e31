// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_HPP
#define COULER_OPTIMIZE_SPLIT_HPP

/// @file
/// @brief Big-workflow auto-parallelism (paper §IV.B): budgeted splitting with an always
/// acyclic quotient, and workflow-of-workflows emission. See docs/splitting.md.
///
/// @code
/// couler::split::argo_split_options o;
/// o.limits.max_steps = 200;
/// auto s = couler::split::split_to_argo(wf, o); // s.children_yaml, s.parent_yaml, s.summary
/// @endcode

#include <couler/optimize/split/argo.hpp>
#include <couler/optimize/split/budget.hpp>
#include <couler/optimize/split/dag.hpp>
#include <couler/optimize/split/estimate.hpp>
#include <couler/optimize/split/partition.hpp>
#include <couler/optimize/split/workflow_parts.hpp>

#endif
