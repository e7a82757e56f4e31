// Paper Code 4 (Appendix A.C): the diamond again, with set_dependencies naming each step's
// upstream steps, the way data engineers build large workflows.
#include <couler/couler.hpp>

#include <iostream>

int main()
{
    couler::builder wf("explicit-dag");
    auto job = [&](const std::string& name) {
        return wf.run_container(
            couler::container("docker/whalesay:latest").command({"cowsay"}).args({name}).step_name(name));
    };
    wf.set_dependencies([&] { return job("A"); }, std::vector<std::string>{});
    wf.set_dependencies([&] { return job("B"); }, std::vector<std::string>{"A"});
    wf.set_dependencies([&] { return job("C"); }, std::vector<std::string>{"A"});
    // An Argo-style depends expression works too.
    wf.set_dependencies([&] { return job("D"); }, std::string("B && C"));
    couler::validate_or_throw(wf.workflow());
    std::cout << couler::to_json_pretty(wf.workflow());
}
