// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_HPP
#define COULER_IR_HPP

/// @file
/// @brief The workflow IR: data model, graph algorithms, JSON and validation.

#include <couler/ir/algorithm.hpp>
#include <couler/ir/artifact.hpp>
#include <couler/ir/error.hpp>
#include <couler/ir/expression.hpp>
#include <couler/ir/graph.hpp>
#include <couler/ir/json.hpp>
#include <couler/ir/names.hpp>
#include <couler/ir/step.hpp>
#include <couler/ir/step_template.hpp>
#include <couler/ir/valid_names.hpp>
#include <couler/ir/validate.hpp>
#include <couler/ir/workflow.hpp>

#endif
