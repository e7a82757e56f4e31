// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_FRONTEND_SQLFLOW_PARSER_HPP
#define COULER_FRONTEND_SQLFLOW_PARSER_HPP

/// @file
/// @brief Parses SQLFlow's extended SQL: a program of `;`-separated statements, each either
/// standard SQL (passed through) or a standard SELECT followed by an extended clause
/// (`TO TRAIN`, `TO PREDICT`, `TO EVALUATE`, `TO EXPLAIN`, `TO RUN`, `TO MAXIMIZE`,
/// `TO MINIMIZE`), or `SHOW TRAIN model`.
///
/// As SQLFlow does, the program is split where the extended clause starts, and the standard
/// part goes to the database unchanged; the extended clause follows SQLFlow's grammar
/// (go/parser/extended_syntax_parser.y), with these differences: the clauses of TO TRAIN may
/// be left out in any combination (SQLFlow needs WITH before COLUMN, and WITH or LABEL), TO RUN
/// takes INTO without CMD, and the last statement needs no `;`.
///
/// @code
/// auto prog = couler::sqlflow::parse("SELECT * FROM iris.train TO TRAIN DNNClassifier "
///                                    "WITH model.n_classes = 3 LABEL class INTO my_model;");
/// assert(prog.statements[0].estimator == "DNNClassifier");
/// @endcode

#include <couler/frontend/sqlflow/statement.hpp>

#include <string_view>

namespace couler {
namespace sqlflow {

/// @brief Limits that keep hostile input from exhausting the parser.
struct parse_options {
    std::size_t max_depth = 200; ///< nesting of expressions (parentheses, lists, calls)
};

/// @brief Parses a whole program.
/// @throws parse_error at the first syntax error, with its line, column and expected tokens.
program parse(std::string_view text, const parse_options& opt = {});

} // namespace sqlflow
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/frontend/sqlflow/impl/parser.hpp>
#endif

#endif
