// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The compiled mode's one translation unit (target couler::couler_compiled).
#include <couler/src.hpp>
