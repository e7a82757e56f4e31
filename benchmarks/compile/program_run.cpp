// The three-unit program: the local engine.
#include <couler/engine.hpp>

#include <iostream>
#include <string>

int run_here(const couler::workflow& wf, const std::string& state_dir)
{
    couler::engine::options o;
    o.state_dir = state_dir;
    o.log = &std::cout;
    return couler::engine::local_engine(o).run(wf).ok() ? 0 : 1;
}
