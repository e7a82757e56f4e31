// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// ir_schema_read: reads IR JSON documents with couler's reader, for check_ir_schema.py.
//
//   ir_schema_read FILE...   one result line per file
//   ir_schema_read -         one result line per input line (each line one compact JSON document)
//
// A result line is a JSON object: {"problems": [...], "validate": [...], "roundtrip": DOC}: the reader's
// problems, then (only if there were none) couler::validate's problems, each {"path", "code", "message"},
// and to_json() of the workflow read (null when the reader found problems).
#include <couler/ir/json.hpp>
#include <couler/ir/validate.hpp>

#include <boost/json/serialize.hpp>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

const char* code_name(couler::error e)
{
    using couler::error;
    switch (e) {
    case error::ok: return "ok";
    case error::malformed_json: return "malformed_json";
    case error::wrong_type: return "wrong_type";
    case error::missing_field: return "missing_field";
    case error::unknown_field: return "unknown_field";
    case error::bad_value: return "bad_value";
    case error::unsupported_version: return "unsupported_version";
    case error::duplicate_name: return "duplicate_name";
    case error::unknown_reference: return "unknown_reference";
    case error::cycle: return "cycle";
    case error::invalid_name: return "invalid_name";
    case error::not_expressible: return "not_expressible";
    case error::io_error: return "io_error";
    }
    return "unknown";
}

std::string check(const std::string& text)
{
    namespace json = boost::json;
    couler::problems ps;
    auto wf = couler::parse_workflow(text, ps);
    json::object r;
    auto list = [](const couler::problems& v) {
        json::array a;
        for (auto& p : v)
            a.push_back(json::object{{"path", p.path}, {"code", code_name(p.code)}, {"message", p.message}});
        return a;
    };
    r["problems"] = list(ps);
    r["validate"] = ps.empty() ? list(couler::validate(wf)) : json::array();
    if (ps.empty())
        r["roundtrip"] = couler::to_json(wf);
    else
        r["roundtrip"] = nullptr;
    return json::serialize(r);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: ir_schema_read FILE... | ir_schema_read -\n";
        return 2;
    }
    if (std::string(argv[1]) == "-") {
        std::string line;
        while (std::getline(std::cin, line))
            std::cout << check(line) << '\n';
        return 0;
    }
    for (int i = 1; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        if (!in) {
            std::cerr << argv[i] << ": cannot open\n";
            return 2;
        }
        std::ostringstream s;
        s << in.rdbuf();
        std::cout << check(s.str()) << '\n';
    }
    return 0;
}
