// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
//
// Linked into every executable of a COULER_SANITIZE build (see CMakeLists.txt). The options are
// compiled in rather than set in the tests' environment because tests start couler's programs
// through Python scripts, sh -c and the engine, some with an environment of their own; every
// instrumented process then checks the same things. ASAN_OPTIONS / UBSAN_OPTIONS in the
// environment still override them.

extern "C" {

// Leaks fail the run (LeakSanitizer works here: no ptrace restriction); stack use after return
// is left off (it multiplies stack use, and the IR's iterative algorithms walk 200,000-step chains).
const char* __asan_default_options()
{
    return "detect_leaks=1:strict_string_checks=1:check_initialization_order=1:strict_init_order=1";
}

const char* __ubsan_default_options() { return "print_stacktrace=1:halt_on_error=1"; }

const char* __lsan_default_options() { return "print_suppressions=0"; }

}
