// The floor: what any couler translation unit pays for its two dependencies' headers.
#include <boost/graph/adjacency_list.hpp>
#include <boost/json.hpp>

int main() { return 0; }
