// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Conformance helpers: each case emits its workflow into the build tree and adds a line to a
// manifest; the last test case checks the whole batch with one Python call (check_argo.py):
// equality with the Python SDK's golden file under upstream's normalisation, the strict CRD
// schema (tools/validate.py) and tools/lint_argo.py.
#ifndef COULER_TESTS_CONFORMANCE_COMMON_HPP
#define COULER_TESTS_CONFORMANCE_COMMON_HPP

#include <couler/emit/argo.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace conformance {

namespace fs = std::filesystem;

inline fs::path shared_dir()
{
    fs::path p = COULER_SHARED_DIR;
    if (!fs::exists(p / "conformance" / "couler-python" / "golden"))
        throw std::runtime_error("COULER_SHARED_DIR (" + p.string() + ") does not hold the conformance data");
    return p;
}

inline fs::path out_dir(const std::string& suite)
{
    fs::path d = fs::path(COULER_BINARY_DIR) / "conformance_out" / suite;
    fs::create_directories(d);
    return d;
}

inline std::string golden(const std::string& file)
{
    return (shared_dir() / "conformance" / "couler-python" / "golden" / file).string();
}
inline std::string generated(const std::string& test)
{
    return (shared_dir() / "conformance" / "couler-python" / "generated" / (test + ".json")).string();
}

/// Emits `wf` as `<suite>/<name>.yaml` and records how to check it: kind is "golden",
/// "generated" or "none"; `subpath` limits the comparison (upstream's PARTIAL cases).
template <class W>
void emit_case(const std::string& suite, const std::string& name, const W& wf, const std::string& kind,
               const std::string& expected = {}, const std::string& subpath = {})
{
    fs::path dir = out_dir(suite);
    fs::path file = dir / (name + ".yaml");
    couler::argo_options opt;
    opt.exec_while_guard = false; // the SDK's recursive template has no iteration counter
    std::ofstream(file) << couler::to_argo_yaml(wf, opt);
    std::ofstream manifest(dir / "manifest.txt", std::ios::app);
    manifest << name << ' ' << file.string() << ' ' << kind;
    if (!expected.empty())
        manifest << ' ' << expected;
    if (!subpath.empty())
        manifest << ' ' << subpath;
    manifest << '\n';
}

/// Starts a suite: forgets the previous run's manifest.
inline void reset(const std::string& suite) { fs::remove(out_dir(suite) / "manifest.txt"); }

/// Runs check_argo.py over the suite's manifest; the test fails on any failure it prints.
inline void check(const std::string& suite)
{
    fs::path m = out_dir(suite) / "manifest.txt";
    BOOST_REQUIRE_MESSAGE(fs::exists(m), "no case of suite " << suite << " ran");
    std::string cmd = "/usr/bin/python3 " COULER_SOURCE_DIR "/tests/conformance/check_argo.py " +
                      shared_dir().string() + " " + m.string();
    BOOST_TEST(std::system(cmd.c_str()) == 0, cmd);
}

} // namespace conformance

#endif
