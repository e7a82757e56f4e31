// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_HPP
#define COULER_ENGINE_HPP

/// @file
/// @brief The embedded local engine: scheduler, process runner, artifact store, run journal.

#include <couler/engine/artifact_store.hpp>
#include <couler/engine/condition.hpp>
#include <couler/engine/engine.hpp>
#include <couler/engine/events.hpp>
#include <couler/engine/journal.hpp>
#include <couler/engine/process.hpp>
#include <couler/engine/text_progress.hpp>

#endif
