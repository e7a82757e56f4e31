// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Writes random IR documents (tests/ir/random_workflow.hpp) into a directory, one file per
// workflow, for checking against the IR JSON Schema (docs/ir.schema.json).
//
//   ir_random_dump <directory> [count=100] [seed=1] [--hostile]
//
// Files are named wf-<seed>.json. Without --hostile every workflow passes couler::validate
// (the program checks it and exits 1 otherwise); with --hostile names and references are
// arbitrary strings too, so the documents are well-formed IR but not valid workflows.
#include <couler/ir/json.hpp>
#include <couler/ir/validate.hpp>

#include "random_workflow.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv)
{
    std::vector<std::string> args;
    bool hostile = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--hostile")
            hostile = true;
        else if (a == "-h" || a == "--help") {
            std::cout << "usage: ir_random_dump <directory> [count=100] [seed=1] [--hostile]\n";
            return 0;
        } else
            args.push_back(a);
    }
    if (args.empty() || args.size() > 3) {
        std::cerr << "usage: ir_random_dump <directory> [count=100] [seed=1] [--hostile]\n";
        return 2;
    }
    const std::filesystem::path dir = args[0];
    const unsigned long long count = args.size() > 1 ? std::strtoull(args[1].c_str(), nullptr, 10) : 100;
    const unsigned long long seed = args.size() > 2 ? std::strtoull(args[2].c_str(), nullptr, 10) : 1;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        std::cerr << "ir_random_dump: cannot create " << dir << ": " << ec.message() << "\n";
        return 1;
    }
    couler_test::random_options opt;
    opt.valid = !hostile;
    int status = 0;
    for (unsigned long long i = 0; i < count; ++i) {
        const auto s = seed + i;
        auto wf = couler_test::random_workflow(s, opt);
        if (!hostile) {
            auto ps = couler::validate(wf);
            if (!ps.empty()) {
                std::cerr << "ir_random_dump: seed " << s << " gave an invalid workflow:\n"
                          << couler::invalid_input(ps).what() << "\n";
                status = 1;
            }
        }
        auto path = dir / ("wf-" + std::to_string(s) + ".json");
        std::ofstream out(path, std::ios::binary);
        out << couler::to_json_pretty(wf);
        if (!out) {
            std::cerr << "ir_random_dump: cannot write " << path << "\n";
            return 1;
        }
    }
    std::cout << "wrote " << count << (hostile ? " hostile" : " valid") << " IR documents to " << dir << "\n";
    return status;
}
