// The three-unit program: Argo emission.
#include <couler/emit/argo.hpp>
#include <couler/ir/validate.hpp>

#include <string>

std::string emit_argo(const couler::workflow& wf)
{
    couler::validate_or_throw(wf);
    return couler::to_argo_yaml(wf);
}
