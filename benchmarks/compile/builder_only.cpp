// A builder-only program: build a workflow, print its size.
#include "pipeline.hpp"

#include <iostream>

int main()
{
    auto wf = make_pipeline();
    std::cout << wf.templates().size() << " templates\n";
}
