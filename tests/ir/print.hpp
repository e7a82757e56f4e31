// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_TESTS_IR_PRINT_HPP
#define COULER_TESTS_IR_PRINT_HPP

// Printers for the IR's enums, so that Boost.Test can show them when a check fails.
// Test-only: found by argument-dependent lookup.

#include <couler/ir/error.hpp>
#include <couler/ir/graph.hpp>
#include <couler/ir/step_template.hpp>

#include <ostream>

namespace couler {
inline std::ostream& operator<<(std::ostream& os, error e) { return os << make_error_code(e).message(); }
inline std::ostream& operator<<(std::ostream& os, graph_style s)
{
    return os << (s == graph_style::dag ? "dag" : "steps");
}
inline std::ostream& operator<<(std::ostream& os, dependency_kind k)
{
    return os << (k == dependency_kind::order ? "order" : k == dependency_kind::data ? "data" : "explicit");
}
inline std::ostream& operator<<(std::ostream& os, template_kind k) { return os << to_string(k); }
inline std::ostream& operator<<(std::ostream& os, artifact_kind k) { return os << to_string(k); }
} // namespace couler

#endif
