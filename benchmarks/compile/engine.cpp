// Builder + the local engine: build a workflow and run it (with a state directory in argv[1]).
#include "pipeline.hpp"

#include <couler/engine.hpp>

#include <iostream>

int main(int argc, char** argv)
{
    couler::engine::options o;
    if (argc > 1)
        o.state_dir = argv[1];
    o.log = &std::cout;
    auto r = couler::engine::local_engine(o).run(make_pipeline());
    return r.ok() ? 0 : 1;
}
