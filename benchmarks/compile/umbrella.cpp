// The umbrella header with an empty main.
#include <couler/couler.hpp>

int main() { return 0; }
