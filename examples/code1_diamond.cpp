// Paper Code 1 / Code 4: a diamond DAG built explicitly from edge lists.
// A runs first, then B and C at the same time, then D.
#include <couler/couler.hpp>

#include <iostream>

int main()
{
    couler::builder wf("diamond");
    auto job = [&](const std::string& name) {
        return wf.run_container(
            couler::container("docker/whalesay:latest").command({"cowsay"}).args({name}).step_name(name));
    };
    wf.dag({
        {[&] { return job("A"); }},
        {[&] { return job("A"); }, [&] { return job("B"); }}, // A -> B
        {[&] { return job("A"); }, [&] { return job("C"); }}, // A -> C
        {[&] { return job("B"); }, [&] { return job("D"); }}, // B -> D
        {[&] { return job("C"); }, [&] { return job("D"); }}, // C -> D
    });
    couler::validate_or_throw(wf.workflow());
    std::cout << couler::to_json_pretty(wf.workflow());
}
