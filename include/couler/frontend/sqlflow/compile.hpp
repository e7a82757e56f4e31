// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_FRONTEND_SQLFLOW_COMPILE_HPP
#define COULER_FRONTEND_SQLFLOW_COMPILE_HPP

/// @file
/// @brief Compiles a parsed SQLFlow program to one workflow (paper Appendix B.E: Couler as
/// SQLFlow's backend). Each statement becomes steps whose programs come from the step zoo:
///
/// | statement | steps |
/// |---|---|
/// | standard SQL | `sN-query` |
/// | TO TRAIN / PREDICT / EVALUATE / EXPLAIN | `sN-data` (runs the SELECT into an artifact), then `sN-train`... |
/// | TO MAXIMIZE / MINIMIZE | `sN-data`, then `sN-optimize` |
///
/// (with compile_options::extract_in_step, no `sN-data`: `sN-train`... runs the SELECT itself)
/// | TO RUN | `sN-run` (the image gets the SELECT, as SQLFlow passes it) |
/// | SHOW TRAIN | `sN-show-train` |
///
/// N is the statement's 1-based position. A statement waits for every earlier statement that
/// writes a table or model it reads or writes, or reads one it writes (so the program's
/// results do not depend on scheduling); a standard statement whose tables cannot be found
/// and which is not a SELECT (`USE db`, `SET ...`) is a barrier. Every step gets the statement
/// as JSON (`SQLFLOW_STATEMENT`, see to_step_json) and the data source (`SQLFLOW_DATASOURCE`,
/// the workflow parameter `datasource`).
///
/// @code
/// auto zoo = couler::sqlflow::load_zoo("/usr/local/share/couler/sqlflow/zoo.json");
/// couler::sqlflow::compile_options o;
/// o.datasource = "sqlite:///var/lib/data";
/// couler::workflow wf = couler::sqlflow::compile(couler::sqlflow::parse(text), zoo, o);
/// @endcode

#include <couler/frontend/sqlflow/statement.hpp>
#include <couler/frontend/sqlflow/zoo.hpp>
#include <couler/ir/workflow.hpp>

#include <stdexcept>
#include <string>

namespace couler {
namespace sqlflow {

/// @brief How to compile.
struct compile_options {
    std::string name = "sqlflow"; ///< the workflow's name
    /// The default of the workflow parameter `datasource`, which the steps receive; for the
    /// default zoo, `sqlite://DIR` (a directory: `db.table` is table `table` of `DIR/db.db`).
    std::string datasource;
    /// Each TRAIN / PREDICT / EVALUATE / EXPLAIN / MAXIMIZE / MINIMIZE statement as one step
    /// that runs its SELECT itself (into a temporary file) instead of an `sN-data` step whose
    /// SQLite file travels to the next step as an artifact: for engines that pass no files
    /// between steps (Airflow refuses artifacts). `couler sql --emit airflow` sets it.
    bool extract_in_step = false;
};

/// @brief A statement that cannot be compiled (an extended clause with no SELECT, an
/// estimator the zoo does not know...), naming its line.
class compile_error : public std::runtime_error {
public:
    compile_error(std::size_t line, const std::string& message)
        : std::runtime_error("line " + std::to_string(line) + ": " + message), line_(line)
    {
    }
    std::size_t line() const noexcept { return line_; }

private:
    std::size_t line_;
};

/// @brief The steps statement `index` (0-based) of a program compiled with `opt` became, first to last.
std::vector<std::string> step_names(const program& prog, std::size_t index, const compile_options& opt = {});

/// @brief Compiles `prog` to one workflow (a DAG).
/// @throws compile_error for a statement that cannot run (see the class).
workflow compile(const program& prog, const step_zoo& zoo, const compile_options& opt = {});

} // namespace sqlflow
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/frontend/sqlflow/impl/compile.hpp>
#endif

#endif
