// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_FRONTEND_SQLFLOW_HPP
#define COULER_FRONTEND_SQLFLOW_HPP

/// @file
/// @brief The SQLFlow frontend (paper Appendix B.E): SQLFlow's extended SQL parsed and
/// compiled to one couler workflow, which any engine runs or any emitter writes out. Not part
/// of the umbrella couler.hpp: include it when you need it. See docs/sqlflow.md.
///
/// @code
/// auto prog = couler::sqlflow::parse(sql_text);                 // throws parse_error
/// auto zoo = couler::sqlflow::load_zoo(zoo_json_path);          // the step programs
/// couler::sqlflow::compile_options o;
/// o.datasource = "sqlite:///path/to/databases";
/// couler::workflow wf = couler::sqlflow::compile(prog, zoo, o); // throws compile_error
/// @endcode

#include <couler/frontend/sqlflow/compile.hpp>
#include <couler/frontend/sqlflow/json.hpp>
#include <couler/frontend/sqlflow/parser.hpp>
#include <couler/frontend/sqlflow/statement.hpp>
#include <couler/frontend/sqlflow/zoo.hpp>

#endif
