// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Helpers shared by the CLI's commands: reading input files and printing problems.
#ifndef COULER_TOOLS_COMMON_HPP
#define COULER_TOOLS_COMMON_HPP

#include <couler/import/any.hpp>
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

/// Writes a command's result to `path`, or to standard output if it is empty or "-".
/// Returns exit_ok, or exit_usage with a message if the file cannot be written.
inline int write_output(const std::string& path, const std::string& text)
{
    if (path.empty() || path == "-") {
        std::cout << text;
        return exit_ok;
    }
    std::ofstream out(path, std::ios::binary);
    if (!(out << text)) {
        std::cerr << "couler: cannot write '" << path << "'\n";
        return exit_usage;
    }
    return exit_ok;
}

/// Prints problems as `FILE: PATH: MESSAGE`, one per line, to standard error.
inline void print_problems(const std::string& file, const couler::problems& ps)
{
    for (const auto& p : ps)
        std::cerr << file << ": " << p.to_string() << "\n";
}

/// Loads a workflow file: IR JSON, Argo YAML/JSON, WfCommons or DAX (decided by content, see
/// couler/import/any.hpp). Returns exit_ok, exit_invalid (problems printed) or exit_usage
/// (the file cannot be read). `renamed`, if given, receives how many names of a workload were
/// made valid (a note on standard error says so too).
inline int load_workflow(const std::string& path, couler::workflow& wf, std::size_t* renamed_out = nullptr)
{
    std::string text;
    if (!read_file(path, text))
        return exit_usage;
    couler::problems ps;
    std::size_t renamed = 0;
    wf = couler::read_workflow_text(text, ps, {}, &renamed);
    if (!ps.empty()) {
        print_problems(path, ps);
        return exit_invalid;
    }
    if (renamed_out)
        *renamed_out = renamed;
    if (renamed > 0)
        std::cerr << path << ": note: " << renamed << " task, file or template name" << (renamed == 1 ? "" : "s")
                  << " of the workload renamed to Argo's rules ([a-zA-Z0-9][-a-zA-Z0-9]*)\n";
    return exit_ok;
}

} // namespace couler_cli

#endif
