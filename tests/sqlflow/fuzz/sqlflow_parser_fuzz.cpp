// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// libFuzzer target for the SQLFlow parser: whatever the bytes, parse() returns a program or
// throws parse_error, never crashes, hangs or hits undefined behaviour. For a program it
// returns, each statement's text (what the parser says the statement is) parses again to one
// statement with the same JSON (line aside): the split into statements and clauses is stable.
#include <couler/frontend/sqlflow/json.hpp>
#include <couler/frontend/sqlflow/parser.hpp>

#include <boost/json/serialize.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace sf = couler::sqlflow;

namespace {

std::string json_without_line(const sf::statement& st)
{
    auto o = sf::to_json(st);
    o.erase("line");
    return boost::json::serialize(o);
}

[[noreturn]] void fail(const char* what, const std::string& a, const std::string& b)
{
    std::fprintf(stderr, "sqlflow_parser_fuzz: %s\n--- first:\n%s\n--- second:\n%s\n", what, a.c_str(), b.c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    sf::program prog;
    try {
        prog = sf::parse(text);
    } catch (const sf::parse_error& e) {
        if (e.line() == 0 || e.column() == 0)
            fail("error without a position", e.what(), "");
        return 0;
    }
    for (const auto& st : prog.statements) {
        sf::program again;
        try {
            again = sf::parse(st.text);
        } catch (const sf::parse_error& e) {
            fail("a statement's text does not parse again", st.text, e.what());
        }
        if (again.statements.size() != 1)
            fail("a statement's text parses to another number of statements", st.text, std::to_string(again.statements.size()));
        std::string a = json_without_line(st), b = json_without_line(again.statements[0]);
        if (a != b)
            fail("a statement's text parses to another statement", a, b);
    }
    return 0;
}
