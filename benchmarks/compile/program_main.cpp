// The three-unit program (with program_emit.cpp and program_run.cpp): a platform that writes the
// pipeline's Argo YAML, then runs it here. This unit: main and the IR JSON.
#include "pipeline.hpp"

#include <couler/ir/json.hpp>

#include <iostream>
#include <string>

std::string emit_argo(const couler::workflow& wf);                     // program_emit.cpp
int run_here(const couler::workflow& wf, const std::string& state_dir); // program_run.cpp

int main(int argc, char** argv)
{
    auto wf = make_pipeline();
    std::cout << couler::to_json_string(wf).size() << " bytes of IR\n" << emit_argo(wf);
    return argc > 1 ? run_here(wf, argv[1]) : 0;
}
