// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_API_VALUES_HPP
#define COULER_API_VALUES_HPP

/// @file
/// @brief What flows between steps in the programming interface: outputs, arguments, conditions.

#include <couler/ir/artifact.hpp>
#include <couler/ir/expression.hpp>

#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace couler {

/// @brief One output of a step, as a later step refers to it.
///
/// Passing an output as an argument of another step makes that step depend on this one and
/// receive the value (paper Code 2).
struct output {
    enum class kind { parameter, artifact, result, workflow_parameter, status };
    kind what = kind::result;
    std::string step;    ///< the producing step (empty for a workflow parameter)
    std::string name;    ///< the output's name (parameters and artifacts)
    bool is_global = false;
    std::string global_name; ///< the workflow-wide name of a global parameter
    basic_artifact<> definition; ///< for artifacts: the full definition (kind, path, location)
    /// The graph template the producing step belongs to (empty if unknown): a step inside a
    /// sub-workflow that reads an output of a step outside it gets the value as an input.
    std::string graph{};

    /// @brief The IR expression naming this output: `{{steps.S.outputs...}}`,
    /// `{{workflow.outputs.parameters.N}}` for a global parameter (as the Python SDK does),
    /// `{{workflow.parameters.N}}` for a workflow parameter (builder::add_parameter), or
    /// `{{steps.S.status}}` for a step's status (step_ref::status).
    std::string expression() const
    {
        switch (what) {
        case kind::parameter:
            return is_global ? "{{workflow.outputs.parameters." + (global_name.empty() ? name : global_name) + "}}"
                             : output_parameter_ref(step, name);
        case kind::artifact: return output_artifact_ref(step, name);
        case kind::result: return result_ref(step);
        case kind::workflow_parameter: return "{{workflow.parameters." + name + "}}";
        case kind::status: return "{{steps." + step + ".status}}";
        }
        return result_ref(step);
    }
};

/// @brief A value given to a step: a literal, or an upstream output.
///
/// Implicit from strings, numbers, booleans and outputs, so `args({"--lr", 0.1, producer.output("accuracy")})`
/// works (also `producer.result()`, or a step_ref itself, which passes its default output).
/// Booleans are written as `True` / `False`, as the Python SDK writes them.
class arg {
public:
    arg(std::string s) : text_(std::move(s)), json_(text_) {}
    arg(const char* s) : text_(s), json_(text_) {}
    template <class T, std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, int> = 0>
    arg(T v) : text_(format_number(v)), json_(v)
    {
    }
    arg(bool b) : text_(b ? "True" : "False"), json_(text_) {}
    arg(output o) : text_(o.expression()), json_(text_), output_(std::move(o)) {}

    /// @brief The value as a JSON item of a map's list: numbers stay numbers.
    const boost::json::value& json() const { return json_; }

    /// @brief The literal text, or the expression of the output.
    const std::string& text() const { return text_; }
    /// @brief The upstream output, if this argument is one.
    const std::optional<output>& upstream() const { return output_; }

private:
    template <class T> static std::string format_number(T v)
    {
        if constexpr (std::is_integral_v<T>)
            return std::to_string(v);
        else
            return python_float_text(static_cast<double>(v));
    }

    /// Python's `str(float)`, which the SDK uses for arguments: the shortest text that reads
    /// back to the same double, fixed notation for exponents -4..15 (with ".0" for whole
    /// numbers), else `1e+16` / `1.5e-05`.
    static std::string python_float_text(double v)
    {
        if (std::isnan(v))
            return "nan";
        if (std::isinf(v))
            return v < 0 ? "-inf" : "inf";
        char buf[64];
        auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
        std::string sci(buf, res.ptr);
        std::string sign;
        if (!sci.empty() && sci[0] == '-') {
            sign = "-";
            sci.erase(0, 1);
        }
        auto e = sci.find('e');
        std::string digits = sci.substr(0, e);
        digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
        const int exponent = std::stoi(sci.substr(e + 1));
        const int point = exponent + 1; // digits d1 d2 ... with the decimal point after `point` of them
        if (point > -4 && point <= 16) {
            std::string out;
            if (point <= 0)
                out = "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
            else if (static_cast<std::size_t>(point) >= digits.size())
                out = digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0') + ".0";
            else
                out = digits.substr(0, static_cast<std::size_t>(point)) + "." + digits.substr(static_cast<std::size_t>(point));
            return sign + out;
        }
        std::string mantissa = digits.size() > 1 ? digits.substr(0, 1) + "." + digits.substr(1) : digits;
        std::string exp = std::to_string(exponent < 0 ? -exponent : exponent);
        if (exp.size() < 2)
            exp = "0" + exp;
        return sign + mantissa + (exponent < 0 ? "e-" : "e+") + exp;
    }
    std::string text_;
    boost::json::value json_;
    std::optional<output> output_;
};

/// @brief A condition on a step's output (paper Code 3): the left side is an output
/// expression, the right side a literal or another expression.
struct condition {
    std::string lhs;
    std::string op; ///< ==, !=, >, <, >=, <=
    std::string rhs;
    std::string step; ///< the step the left side reads, if known (a dependency in DAG mode)

    /// @brief The IR `when` expression, `lhs op rhs`.
    std::string expression() const { return lhs + " " + op + " " + rhs; }
};

namespace detail {
inline condition make_condition(const arg& lhs, const char* op, const arg& rhs)
{
    condition c{lhs.text(), op, rhs.text(), {}};
    if (lhs.upstream())
        c.step = lhs.upstream()->step;
    return c;
}
} // namespace detail

/// @name Predicates (paper Table V: `couler.equal`, `couler.bigger`, ...)
/// The one-argument forms are for `exec_while`, whose left side is the loop body's output.
/// @{
inline condition equal(const arg& lhs, const arg& rhs) { return detail::make_condition(lhs, "==", rhs); }
inline condition not_equal(const arg& lhs, const arg& rhs) { return detail::make_condition(lhs, "!=", rhs); }
inline condition bigger(const arg& lhs, const arg& rhs) { return detail::make_condition(lhs, ">", rhs); }
inline condition smaller(const arg& lhs, const arg& rhs) { return detail::make_condition(lhs, "<", rhs); }
inline condition bigger_equal(const arg& lhs, const arg& rhs) { return detail::make_condition(lhs, ">=", rhs); }
inline condition smaller_equal(const arg& lhs, const arg& rhs) { return detail::make_condition(lhs, "<=", rhs); }
inline condition equal(const arg& rhs) { return condition{{}, "==", rhs.text(), {}}; }
inline condition not_equal(const arg& rhs) { return condition{{}, "!=", rhs.text(), {}}; }
inline condition bigger(const arg& rhs) { return condition{{}, ">", rhs.text(), {}}; }
inline condition smaller(const arg& rhs) { return condition{{}, "<", rhs.text(), {}}; }
inline condition bigger_equal(const arg& rhs) { return condition{{}, ">=", rhs.text(), {}}; }
inline condition smaller_equal(const arg& rhs) { return condition{{}, "<=", rhs.text(), {}}; }
/// @}

/// @brief The workflow statuses an exit handler can react to.
enum class workflow_status { succeeded, failed, error };

inline const char* to_string(workflow_status s)
{
    switch (s) {
    case workflow_status::succeeded: return "Succeeded";
    case workflow_status::failed: return "Failed";
    case workflow_status::error: return "Error";
    }
    return "Succeeded";
}

} // namespace couler

#endif
