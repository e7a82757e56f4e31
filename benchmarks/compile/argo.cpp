// Builder + Argo emission: build a workflow, print its Argo YAML.
#include "pipeline.hpp"

#include <couler/emit/argo.hpp>

#include <iostream>

int main() { std::cout << couler::to_argo_yaml(make_pipeline()); }
