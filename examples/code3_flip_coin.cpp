// Paper Code 3: the result of a script decides which step runs next.
#include <couler/couler.hpp>

#include <iostream>

int main()
{
    couler::builder wf("coin-flip");
    auto flip_coin = [&] {
        return wf.run_script(couler::script("python:alpine3.6",
                                            "import random\n"
                                            "res = \"heads\" if random.randint(0, 1) == 0 else \"tails\"\n"
                                            "print(res)\n")
                                 .step_name("flip-coin"));
    };
    auto heads = [&] {
        return wf.run_container(
            couler::container("alpine:3.6").command({"sh", "-c", "echo \"it was headed\""}).step_name("heads"));
    };
    auto tails = [&] {
        return wf.run_container(
            couler::container("alpine:3.6").command({"sh", "-c", "echo \"it was tailed\""}).step_name("tails"));
    };
    auto result = flip_coin();
    wf.when(couler::equal(result.result(), "heads"), heads);
    wf.when(couler::equal(result.result(), "tails"), tails);
    couler::validate_or_throw(wf.workflow());
    std::cout << couler::to_json_pretty(wf.workflow());
}
