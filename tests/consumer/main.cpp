// A program that uses the installed couler package: builds the diamond, round-trips its IR
// JSON, validates it, and prints its critical path.
#include <couler/couler.hpp>

#include <iostream>

int main()
{
    couler::builder wf("consumer");
    auto job = [&](const std::string& name) {
        return wf.run_container(couler::container("alpine:3.18").command({"echo"}).args({name}).step_name(name));
    };
    wf.dag({{[&] { return job("a"); }, [&] { return job("b"); }},
            {[&] { return job("a"); }, [&] { return job("c"); }},
            {[&] { return job("b"); }, [&] { return job("d"); }},
            {[&] { return job("c"); }, [&] { return job("d"); }}});
    auto back = couler::parse_workflow(couler::to_json_string(wf.workflow()));
    if (!(back == wf.workflow()) || !couler::validate(back).empty())
        return 1;
    auto cp = couler::critical_path(back.graph());
    if (!cp || cp->path.size() != 3)
        return 1;
    std::cout << "consumer ok: " << back.graph().size() << " steps, critical path " << cp->length << "\n";
    return 0;
}
