// A small training pipeline written with the builder, shared by the benchmark's programs.
#ifndef COULER_BENCH_COMPILE_PIPELINE_HPP
#define COULER_BENCH_COMPILE_PIPELINE_HPP

#include <couler/api/builder.hpp>

#include <string>
#include <vector>

inline couler::workflow make_pipeline()
{
    couler::builder wf("compile-bench");
    auto threshold = wf.add_parameter("threshold", "0.9");
    auto prep = wf.run_script(
        couler::script("python:3.11-slim", "print('rows')").command({"python3"}).step_name("prep"));
    auto train = [&](const couler::arg& lr) {
        return wf.run_container(couler::container("alpine:3.19")
                                    .command({"sh", "-c"})
                                    .args({couler::arg("echo train"), lr, couler::arg(prep)})
                                    .step_name("train"));
    };
    auto trained = wf.map(train, std::vector<couler::arg>{couler::arg("0.1"), couler::arg("0.01")});
    wf.when(couler::equal(prep.result(), "rows"), [&] {
        return wf.run_container(couler::container("alpine:3.19")
                                    .command({"echo", "deploy"})
                                    .args({couler::arg(threshold), couler::arg(trained.result())})
                                    .step_name("deploy"));
    });
    return wf.release();
}

#endif
