// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_FRONTEND_SQLFLOW_STATEMENT_HPP
#define COULER_FRONTEND_SQLFLOW_STATEMENT_HPP

/// @file
/// @brief The parsed form of a SQLFlow extended-SQL program: statements, their clauses, and
/// the expressions of attributes, columns, objectives and constraints.

#include <couler/config.hpp>

#include <cstddef>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace couler {
namespace sqlflow {

/// @brief An expression of the extended clauses, as SQLFlow's grammar has them: literals,
/// identifiers, `[lists]`, `(parentheses)`, function calls and operators.
struct expr {
    enum class kind { number, identifier, string, list, paren, call, unary, binary };
    kind k = kind::identifier;
    /// number: its text; identifier: its name; string: its content without quotes;
    /// call: the function's name; unary/binary: the operator (`-`, `NOT`, `+`, `<=`, `AND`...).
    std::string value;
    char quote = '"'; ///< string: the quote it was written with
    std::vector<expr> args; ///< list items, call arguments, the operand(s), the parenthesised expression

    /// @brief The expression as text, SQLFlow's way (`NUMERIC(x, 1)`, `[10, 20]`, `a + b`).
    std::string to_string() const;
};

/// @brief `COLUMN columns [FOR name]`: the feature columns of one input of the estimator.
struct column_group {
    std::string target = "feature_columns"; ///< the FOR name; SQLFlow's default without FOR
    std::vector<expr> columns;
};

/// @brief `key = value` of a WITH clause.
struct attribute {
    std::string key;
    expr value;
};

/// @brief One constraint of TO MAXIMIZE / MINIMIZE, with its optional `GROUP BY column`.
struct constraint {
    expr e;
    std::string group_by;
};

/// @brief The kinds of statement: standard SQL (`query`) or one of the extended clauses.
enum class statement_kind { query, train, predict, evaluate, explain, run, maximize, minimize, show_train };

/// @brief The spelling used by `couler sql --parse`: `train`, `show_train`, `query`...
inline const char* to_string(statement_kind k) noexcept
{
    switch (k) {
    case statement_kind::query: return "query";
    case statement_kind::train: return "train";
    case statement_kind::predict: return "predict";
    case statement_kind::evaluate: return "evaluate";
    case statement_kind::explain: return "explain";
    case statement_kind::run: return "run";
    case statement_kind::maximize: return "maximize";
    case statement_kind::minimize: return "minimize";
    case statement_kind::show_train: return "show_train";
    }
    return "query";
}

inline std::ostream& operator<<(std::ostream& os, statement_kind k) { return os << to_string(k); }

/// @brief One statement of a program.
///
/// Fields a kind does not have stay empty. Names (`reads`, `writes`) are lower-cased, as SQL
/// compares them.
struct statement {
    statement_kind kind = statement_kind::query;
    std::string text;   ///< the statement as written, without its `;`
    std::string select; ///< the standard-SQL part (the whole statement for a query); may be empty
    std::size_t line = 1, column = 1; ///< where it starts (1-based)

    std::string estimator;               ///< TO TRAIN: the estimator, e.g. `DNNClassifier`
    std::vector<attribute> attributes;   ///< WITH, in the order written
    std::vector<column_group> columns;   ///< TO TRAIN: COLUMN clauses
    std::string label;                   ///< LABEL (TRAIN, EVALUATE)
    /// USING: the model to start from (TRAIN), the model to apply (PREDICT), the explainer
    /// (EXPLAIN), the solver (MAXIMIZE/MINIMIZE).
    std::string using_;
    std::string model;                   ///< the model PREDICT uses, EVALUATE/EXPLAIN/SHOW TRAIN name
    /// INTO: the model (TRAIN), `table.column` (PREDICT, written after TO PREDICT), the result
    /// table (EVALUATE, EXPLAIN, MAXIMIZE/MINIMIZE), the output tables (RUN).
    std::vector<std::string> into;
    std::string image;                   ///< TO RUN: the image
    std::vector<std::string> cmd;        ///< TO RUN: CMD strings
    std::optional<expr> objective;       ///< TO MAXIMIZE / MINIMIZE
    std::vector<constraint> constraints; ///< CONSTRAINT

    std::vector<std::string> reads;  ///< tables and models it reads
    std::vector<std::string> writes; ///< tables and models it writes

    /// @brief The attribute with this key, or nullptr.
    const expr* attribute_value(const std::string& key) const
    {
        for (const auto& a : attributes)
            if (a.key == key)
                return &a.value;
        return nullptr;
    }
};

/// @brief A whole program: its statements in order.
struct program {
    std::vector<statement> statements;
};

/// @brief A syntax error, with where it is and what could have come there.
class parse_error : public std::runtime_error {
public:
    parse_error(std::size_t line, std::size_t column, std::vector<std::string> expected, std::string found,
                const std::string& message)
        : std::runtime_error(message), line_(line), column_(column), expected_(std::move(expected)),
          found_(std::move(found))
    {
    }
    std::size_t line() const noexcept { return line_; }     ///< 1-based
    std::size_t column() const noexcept { return column_; } ///< 1-based, in bytes
    /// @brief The tokens the grammar allows there (`INTO`, `an identifier`, `';'`...).
    const std::vector<std::string>& expected() const noexcept { return expected_; }
    const std::string& found() const noexcept { return found_; } ///< what is there instead

private:
    std::size_t line_, column_;
    std::vector<std::string> expected_;
    std::string found_;
};

} // namespace sqlflow
} // namespace couler

#endif
