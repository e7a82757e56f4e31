// Paper Code 5: flip a coin until it comes up heads (exec_while repeats while "tails").
#include <couler/couler.hpp>

#include <iostream>

int main()
{
    couler::builder wf("exec-while");
    auto flip_coin = [&] {
        return wf.run_script(couler::script("python:alpine3.6",
                                            "import random\n"
                                            "result = \"heads\" if random.randint(0, 1) == 0 else \"tails\"\n"
                                            "print(result)\n")
                                 .step_name("flip-coin"));
    };
    wf.exec_while(couler::equal("tails"), flip_coin);
    couler::validate_or_throw(wf.workflow());
    std::cout << couler::to_json_pretty(wf.workflow());
}
