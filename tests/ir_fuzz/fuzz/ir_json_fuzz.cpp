// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// libFuzzer target for the IR JSON reader: whatever the bytes, parse_workflow must report
// problems or return a workflow, never crash, hang, leak or hit undefined behaviour. What it
// reads must then be a fixed point of write -> read -> write (the parse -> dump -> parse -> dump
// check): the compact text of the workflow read back from the compact text is byte-identical,
// and so is the workflow read back from the indented text. The workflow read back must also
// equal the one read first, so the writer cannot drop what the reader accepted. validate() runs on every workflow
// read, so the graph checks (cycles, references, names) are fuzzed too.
#include <couler/ir.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what, const std::string& a, const std::string& b, const couler::problems& ps)
{
    std::fprintf(stderr, "ir_json_fuzz: %s\n--- first:\n%s\n--- second:\n%s\n", what, a.c_str(), b.c_str());
    for (const auto& p : ps)
        std::fprintf(stderr, "problem: %s\n", p.to_string().c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    couler::problems ps;
    auto wf = couler::parse_workflow(text, ps);
    if (!ps.empty())
        return 0;
    (void)couler::validate(wf);

    const std::string first = couler::to_json_string(wf);
    couler::problems back;
    auto wf2 = couler::parse_workflow(first, back);
    if (!back.empty())
        fail("the written IR does not read back", first, std::string(), back);
    const std::string second = couler::to_json_string(wf2);
    if (first != second)
        fail("write -> read -> write is not byte-identical", first, second, back);
    if (!(wf2 == wf)) // the writer left out something the reader had accepted
        fail("the workflow read back from its IR differs from the one read first", std::string(text), first, back);

    const std::string pretty = couler::to_json_pretty(wf);
    auto wf3 = couler::parse_workflow(pretty, back);
    if (!back.empty())
        fail("the indented IR does not read back", pretty, std::string(), back);
    const std::string third = couler::to_json_string(wf3);
    if (first != third)
        fail("indented write -> read -> write differs from the compact one", first, third, back);
    return 0;
}
