// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// libFuzzer target: build a JSON document from the input bytes, write it as YAML, read it back
// with yaml-cpp, and require the same document. Strings mix hostile fragments (indicators,
// YAML 1.1 booleans, numbers, line breaks, escapes-only code points) with arbitrary code points.
#include <couler/emit/yaml.hpp>

#include "../yaml_to_json.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

struct bytes {
    const std::uint8_t* p;
    std::size_t n;
    std::uint8_t next() { return n ? (--n, *p++) : 0; }
    bool empty() const { return n == 0; }
};

const char* const fragments[] = {"yes", "no", "on", "off", "y", "n", "~", "null", "true", "1e3", "0x1F", "0o7", "-",
                                 "- ", ": ", ":", "#", " #", "{{", "}}", "'", "\"", "\\", "\n", "\r\n", "\t", " ",
                                 "?", "|", ">", "&", "*", "!", "%", "@", "`", ",", "[", "]", "{", "}", "---", "...",
                                 ".inf", ".nan", "1", "0", "+", ".", "=", "<<", "abc", "a-b", "/mnt",
                                 "\xc2\x85", "\xe2\x80\xa8", "\xef\xbb\xbf", "\xc3\xa9", "\xf0\x9f\x8e\x89"};

void append_utf8(std::string& s, char32_t cp)
{
    if (cp >= 0xD800 && cp <= 0xDFFF)
        cp = 0xFFFD;
    if (cp < 0x80)
        s += static_cast<char>(cp);
    else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string make_string(bytes& in)
{
    std::string s;
    std::size_t len = in.next() % 12;
    for (std::size_t i = 0; i < len && !in.empty(); ++i) {
        std::uint8_t b = in.next();
        if (b < 128)
            s += fragments[b % (sizeof fragments / sizeof *fragments)];
        else if (b < 200)
            s += static_cast<char>(0x20 + b % 95);
        else if (b < 230)
            s += static_cast<char>(b % 32); // control characters
        else {
            char32_t cp = (char32_t(in.next()) << 8 | in.next()) % 0x110000;
            append_utf8(s, cp);
        }
    }
    return s;
}

boost::json::value make_value(bytes& in, int depth)
{
    std::uint8_t b = in.next();
    switch (depth > 6 ? b % 7 : b % 9) {
    case 0: return nullptr;
    case 1: return (b & 0x10) != 0;
    case 2: return static_cast<std::int64_t>(std::uint64_t(in.next()) << 56 | std::uint64_t(in.next()) << 8 | in.next()) >> (in.next() % 64);
    case 3: return std::uint64_t(0xFFFFFFFFFFFFFFF0ull) + in.next() % 16;
    case 4: {
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i)
            bits = bits << 8 | in.next();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        if (d != d)
            d = 0.5; // NaN never equals itself; JSON has no NaN anyway
        return d;
    }
    case 5:
    case 6: return boost::json::string(make_string(in));
    case 7: {
        boost::json::array a;
        std::size_t n = in.next() % 5;
        for (std::size_t i = 0; i < n && !in.empty(); ++i)
            a.push_back(make_value(in, depth + 1));
        return a;
    }
    default: {
        boost::json::object o;
        std::size_t n = in.next() % 5;
        for (std::size_t i = 0; i < n && !in.empty(); ++i)
            o[make_string(in)] = make_value(in, depth + 1);
        return o;
    }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    bytes in{data, size};
    boost::json::value doc = make_value(in, 0);
    std::string text = couler::to_yaml(doc);
    boost::json::value back;
    try {
        back = couler_test::yaml_to_json(YAML::Load(text));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "yaml-cpp rejected the output: %s\n--- yaml\n%s--- json\n%s\n", e.what(), text.c_str(),
                     boost::json::serialize(doc).c_str());
        std::abort();
    }
    if (back != doc) {
        std::fprintf(stderr, "round trip differs\n--- yaml\n%s--- json\n%s\n--- got\n%s\n", text.c_str(),
                     boost::json::serialize(doc).c_str(), boost::json::serialize(back).c_str());
        std::abort();
    }
    return 0;
}
