// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Helpers shared by the CLI's commands: reading input files and printing problems.
#ifndef COULER_TOOLS_COMMON_HPP
#define COULER_TOOLS_COMMON_HPP

#include <couler/ir.hpp>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace couler_cli {

/// Exit codes: 0 success, 1 invalid input or failed run, 2 usage or I/O error.
enum exit_code { exit_ok = 0, exit_invalid = 1, exit_usage = 2 };

/// Reads a whole file ("-" is standard input); false with a message on failure.
inline bool read_file(const std::string& path, std::string& out)
{
    if (path == "-") {
        std::ostringstream ss;
        ss << std::cin.rdbuf();
        out = ss.str();
        return true;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "couler: cannot read '" << path << "'\n";
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

/// Prints problems as `FILE: PATH: MESSAGE`, one per line, to standard error.
inline void print_problems(const std::string& file, const couler::problems& ps)
{
    for (const auto& p : ps)
        std::cerr << file << ": " << p.to_string() << "\n";
}

/// Loads an IR JSON workflow from a file; prints problems and returns false on failure.
inline bool load_ir(const std::string& path, couler::workflow& wf)
{
    std::string text;
    if (!read_file(path, text))
        return false;
    couler::problems ps;
    wf = couler::parse_workflow(text, ps);
    if (!ps.empty()) {
        print_problems(path, ps);
        return false;
    }
    return true;
}

} // namespace couler_cli

#endif
