// Paper Code 2: a producer writes a parameter artifact; a consumer receives it.
// Steps run in call order (implicit building); the data passes by using the output.
#include <couler/couler.hpp>

#include <iostream>

int main()
{
    couler::builder wf("producer-consumer");
    auto producer = [&](const std::string& step_name) {
        auto out = wf.create_parameter_artifact("/opt/hello_world.txt", /*is_global=*/true);
        return wf.run_container(couler::container("docker/whalesay:latest")
                                    .command({"bash", "-c"})
                                    .args({"echo -n hello world > " + out.path})
                                    .output(out)
                                    .step_name(step_name));
    };
    auto consumer = [&](const std::string& step_name, const couler::step_ref& input) {
        return wf.run_container(
            couler::container("docker/whalesay:latest").command({"cowsay"}).args({input}).step_name(step_name));
    };
    auto output = producer("step1");
    consumer("step2", output);
    couler::validate_or_throw(wf.workflow());
    std::cout << couler::to_json_pretty(wf.workflow());
}
