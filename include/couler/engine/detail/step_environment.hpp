// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_STEP_ENVIRONMENT_HPP
#define COULER_ENGINE_DETAIL_STEP_ENVIRONMENT_HPP

// What a host step inherits from the engine: a documented few variables, not everything (the
// engine's environment may hold credentials a workflow from elsewhere has no business reading).

#include <couler/config.hpp>

#include <string>
#include <vector>

namespace couler {
namespace engine {
namespace detail {

/// The variables every host step inherits, if the engine has them (docs/engine.md).
inline const std::vector<std::string>& default_step_environment()
{
    static const std::vector<std::string> names{"PATH", "HOME", "LANG", "TMPDIR"};
    return names;
}

/// The `KEY=VALUE` entries of `env` whose key is in default_step_environment() or `extra`.
inline std::vector<std::string> step_environment(const std::vector<std::string>& env,
                                                        const std::vector<std::string>& extra)
{
    auto wanted = [&](const std::string& key) {
        for (const auto* names : {&default_step_environment(), &extra})
            for (const auto& n : *names)
                if (n == key)
                    return true;
        return false;
    };
    std::vector<std::string> out;
    for (const auto& e : env) {
        auto eq = e.find('=');
        if (eq != std::string::npos && wanted(e.substr(0, eq)))
            out.push_back(e);
    }
    return out;
}

} // namespace detail
} // namespace engine
} // namespace couler

#endif
