// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_EXECUTOR_IMPL_MAKE_EXECUTOR_HPP
#define COULER_ENGINE_EXECUTOR_IMPL_MAKE_EXECUTOR_HPP

#include <couler/engine/executor/container.hpp>
#include <couler/engine/executor/host.hpp>
#include <couler/engine/executor/slurm.hpp>
#include <couler/engine/engine.hpp>

namespace couler {
namespace engine {

COULER_INLINE std::unique_ptr<executor> make_executor(const options& o)
{
    if (o.executor == "slurm")
        return std::make_unique<slurm_executor>(o.slurm);
    if (o.runtime.empty() || o.runtime == "host")
        return std::make_unique<host_executor>();
    return std::make_unique<container_executor>(o.runtime, runtime_cli(o));
}

} // namespace engine
} // namespace couler

#endif
