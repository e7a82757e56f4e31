// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_FRONTEND_SQLFLOW_ZOO_HPP
#define COULER_FRONTEND_SQLFLOW_ZOO_HPP

/// @file
/// @brief The step zoo: which image and command run each kind of step a SQLFlow statement
/// compiles to, read from a JSON file (docs/sqlflow.md, "The step zoo"; the default one is
/// share/couler/sqlflow/zoo.json, installed under `<prefix>/share/couler/sqlflow/`).
///
/// @code{.json}
/// {
///   "couler_sqlflow_zoo": 1,
///   "image": "couler/sqlflow-step:latest", "command": ["/usr/bin/python3"], "script": "steps/sqlflow_step.py",
///   "steps": {"query": {"args": ["query"]}, "train": {"args": ["train"]}, ...},
///   "estimators": ["DNNClassifier", "xgboost.*", ...],
///   "run_images": {"couler/table-stats:1": {"script": "steps/table_stats.py"}}
/// }
/// @endcode
/// Top-level `image`, `command`, `script` are defaults each entry may override. A `script` (a
/// path relative to the zoo file) is read and embedded in the workflow as a script step, so the
/// workflow carries its programs to any engine; without one the step is a container running
/// `command` + `args`.

#include <couler/config.hpp>

#include <boost/json/value.hpp>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace couler {
namespace sqlflow {

/// @brief What runs one kind of step.
struct step_program {
    std::string image;
    std::vector<std::string> command;
    std::vector<std::string> args;
    std::filesystem::path script; ///< the script's file, if any
    std::string source;           ///< its text (read when the zoo is loaded)
};

/// @brief The step kinds a zoo must define: query, extract, train, predict, evaluate,
/// explain, optimize, show_train (RUN steps use `run_images` or the statement's image).
inline const char* const zoo_step_kinds[] = {"query",   "extract", "train",    "predict",
                                             "evaluate", "explain", "optimize", "show_train"};

/// @brief A loaded step zoo.
struct step_zoo {
    std::filesystem::path file;
    std::map<std::string, step_program> steps;
    std::vector<std::string> estimators; ///< names, or `prefix.*` patterns
    std::map<std::string, step_program> run_images;

    /// @brief True if the zoo's train program knows `estimator` (a name or a `prefix.*` match).
    bool knows_estimator(const std::string& estimator) const;
};

/// @brief Reads a zoo from its JSON text; scripts are read relative to `base_dir`.
/// @throws std::runtime_error naming the field (and file) that is wrong or missing.
step_zoo parse_zoo(const boost::json::value& doc, const std::filesystem::path& base_dir);

/// @brief Reads a zoo file. @throws std::runtime_error if it cannot be read or is invalid.
step_zoo load_zoo(const std::filesystem::path& file);

} // namespace sqlflow
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/frontend/sqlflow/impl/zoo.hpp>
#endif

#endif
