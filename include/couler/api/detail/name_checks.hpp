// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_API_DETAIL_NAME_CHECKS_HPP
#define COULER_API_DETAIL_NAME_CHECKS_HPP

// The builder's checks of the names users write. Here, not in api/impl/, because the builder's
// templates (api/impl/builder_control.hpp) call them and must see them in the compiled mode too.

#include <couler/ir/names.hpp>

#include <stdexcept>
#include <string>

namespace couler {
namespace detail {
// Throws std::invalid_argument for a name the engines would refuse, showing it as written.
inline void require_name(const char* what, const std::string& name, const std::string& problem, const char* rule)
{
    if (!problem.empty())
        throw std::invalid_argument(std::string(what) + " '" + name + "' is not valid: it " + problem + " (" + rule + ")");
}
inline const std::string& checked_workflow_name(const std::string& name)
{
    require_name("workflow name", name, workflow_name_problem(name),
                 "lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters");
    return name;
}
inline void require_step_name(const char* what, const std::string& name)
{
    require_name(what, name, step_name_problem(name),
                 "a letter or digit, then letters, digits and '-', at most 128 characters");
}
inline void require_io_name(const char* what, const std::string& name)
{
    require_name(what, name, io_name_problem(name), "letters, digits, '-' and '_', at most 128 characters");
}
} // namespace detail

} // namespace couler

#endif
