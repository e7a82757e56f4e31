// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_ERROR_HPP
#define COULER_IR_ERROR_HPP

/// @file
/// @brief Error codes and the path-qualified problem list every reader and validator reports.

#include <couler/config.hpp>

#include <stdexcept>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

namespace couler {

/// @brief What went wrong, as an error code with its own category.
enum class error {
    ok = 0,
    malformed_json,     ///< the text is not JSON
    wrong_type,         ///< a field has the wrong JSON type
    missing_field,      ///< a required field is absent
    unknown_field,      ///< a field the format does not define
    bad_value,          ///< a value outside what the field accepts
    unsupported_version,///< an IR document of another format version
    duplicate_name,     ///< two things share a name that must be unique
    unknown_reference,  ///< a name that points at nothing
    cycle,              ///< dependencies form a cycle
    invalid_name,       ///< a name the engines would refuse
    not_expressible,    ///< a target cannot express an IR feature
    io_error,           ///< a file could not be read or written
};

/// @brief The category of couler::error.
class error_category_impl : public std::error_category {
public:
    const char* name() const noexcept override { return "couler"; }
    std::string message(int ev) const override
    {
        switch (static_cast<error>(ev)) {
        case error::ok: return "success";
        case error::malformed_json: return "malformed JSON";
        case error::wrong_type: return "wrong type";
        case error::missing_field: return "missing field";
        case error::unknown_field: return "unknown field";
        case error::bad_value: return "bad value";
        case error::unsupported_version: return "unsupported IR version";
        case error::duplicate_name: return "duplicate name";
        case error::unknown_reference: return "unknown reference";
        case error::cycle: return "dependency cycle";
        case error::invalid_name: return "invalid name";
        case error::not_expressible: return "not expressible by the target";
        case error::io_error: return "I/O error";
        }
        return "unknown couler error";
    }
};

/// @brief The one instance of the category.
inline const std::error_category& error_category() noexcept
{
    static const error_category_impl instance;
    return instance;
}

/// @brief Makes couler::error usable as a std::error_code.
inline std::error_code make_error_code(error e) noexcept
{
    return {static_cast<int>(e), error_category()};
}

/// @brief One problem found in an input, with the JSON path of the offending field.
///
/// Paths look like `$.workflow.templates[2].container.image`.
struct problem {
    std::string path;    ///< where, as a JSON path from the document root
    error code;          ///< what kind of problem
    std::string message; ///< a sentence a person can act on

    /// @brief `path: message`, the form the CLI prints.
    std::string to_string() const { return path + ": " + message; }
};

/// @brief A list of problems; empty means the input is fine.
using problems = std::vector<problem>;

/// @brief Thrown by the throwing overloads; carries every problem found, not only the first.
class invalid_input : public std::runtime_error {
public:
    explicit invalid_input(problems ps)
        : std::runtime_error(summarize(ps)), problems_(std::move(ps))
    {
    }

    /// @brief Every problem found.
    const problems& all() const noexcept { return problems_; }

    /// @brief The code of the first problem (error::ok if there is none).
    std::error_code code() const noexcept
    {
        return make_error_code(problems_.empty() ? error::ok : problems_.front().code);
    }

private:
    static std::string summarize(const problems& ps)
    {
        std::string s;
        for (const auto& p : ps) {
            if (!s.empty())
                s += '\n';
            s += p.to_string();
        }
        return s.empty() ? std::string("invalid input") : s;
    }
    problems problems_;
};

} // namespace couler

namespace std {
template <> struct is_error_code_enum<couler::error> : true_type {};
} // namespace std

#endif
