// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_TESTS_NET_SUPPORT_HPP
#define COULER_TESTS_NET_SUPPORT_HPP

// Test support: a scratch directory, a throwaway CA and certificates made with the openssl
// command, and real servers (nginx, tinyproxy) started on free loopback ports with configuration
// files written here, stopped at the end. A missing program is a failure, never a skip.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace couler_test {

namespace fs = std::filesystem;

inline void write_file(const fs::path& p, const std::string& s)
{
    std::ofstream out(p, std::ios::binary);
    out << s;
    if (!out)
        throw std::runtime_error("cannot write " + p.string());
}

inline std::string read_file(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void run_or_throw(const std::string& cmd)
{
    if (std::system(cmd.c_str()) != 0)
        throw std::runtime_error("command failed: " + cmd);
}

/// A TCP port free on 127.0.0.1 now (the kernel picks it; a small race remains, as everywhere).
inline unsigned short free_port()
{
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

inline bool port_open(unsigned short port)
{
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

/// Finds a program in PATH, /usr/sbin and /usr/bin; throws naming the Debian package otherwise.
inline std::string find_program(const std::string& name, const std::string& package)
{
    std::vector<std::string> dirs = {"/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/bin", "/usr/local/sbin"};
    if (const char* path = std::getenv("PATH")) {
        std::string p = path;
        for (std::size_t a = 0, b; a <= p.size(); a = b + 1) {
            b = p.find(':', a);
            if (b == std::string::npos)
                b = p.size();
            dirs.insert(dirs.begin(), p.substr(a, b - a));
        }
    }
    for (auto& d : dirs)
        if (!d.empty() && ::access((d + "/" + name).c_str(), X_OK) == 0)
            return d + "/" + name;
    throw std::runtime_error(name + " is not installed (Debian package " + package +
                             "; scripts/install-deps.sh installs it)");
}

/// A child process, killed (SIGTERM, then SIGKILL after 5 s) when this object goes.
class child_process {
public:
    child_process(std::vector<std::string> argv, const fs::path& log)
    {
        std::vector<char*> a;
        for (auto& s : argv)
            a.push_back(s.data());
        a.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        const int rc = posix_spawn(&pid_, a[0], &fa, nullptr, a.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0)
            throw std::runtime_error("cannot start " + argv[0]);
        name_ = argv[0];
    }
    ~child_process() { stop(); }
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    bool running()
    {
        if (pid_ <= 0)
            return false;
        int st;
        if (::waitpid(pid_, &st, WNOHANG) == pid_) {
            pid_ = -1;
            return false;
        }
        return true;
    }

    /// Waits (10 s at most) until `port` accepts connections; throws if the process died.
    void wait_for_port(unsigned short port, const fs::path& log)
    {
        for (int i = 0; i < 200; ++i) {
            if (port_open(port))
                return;
            if (!running())
                throw std::runtime_error(name_ + " exited at start; its log:\n" + read_file(log));
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        throw std::runtime_error(name_ + " did not listen on port " + std::to_string(port) + " within 10 s");
    }

    void stop()
    {
        if (pid_ <= 0)
            return;
        ::kill(pid_, SIGTERM);
        int st;
        for (int i = 0; i < 100; ++i) {
            if (::waitpid(pid_, &st, WNOHANG) == pid_) {
                pid_ = -1;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &st, 0);
        pid_ = -1;
    }

private:
    pid_t pid_ = -1;
    std::string name_;
};

/// A throwaway CA, a server certificate for localhost/127.0.0.1, one for another name, an
/// expired one, and a client certificate: made with the openssl command in `dir`.
struct test_pki {
    fs::path dir;
    fs::path ca_cert, ca_key, server_cert, server_key, wrong_host_cert, expired_cert, client_cert, client_key;

    explicit test_pki(fs::path d) : dir(std::move(d))
    {
        const std::string openssl = find_program("openssl", "openssl");
        fs::create_directories(dir);
        auto p = [&](const char* n) { return (dir / n).string(); };
        ca_cert = p("ca.pem");
        ca_key = p("ca.key");
        server_cert = p("server.pem");
        server_key = p("server.key");
        wrong_host_cert = p("wrong-host.pem");
        expired_cert = p("expired.pem");
        client_cert = p("client.pem");
        client_key = p("client.key");
        const std::string q = " >>" + p("openssl.log") + " 2>&1";
        const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
        run_or_throw(openssl + " req -x509" + ec + " -keyout " + ca_key.string() + " -out " + ca_cert.string() +
                     " -days 2 -subj /CN=couler-test-ca" + q);
        auto sign = [&](const std::string& name, const std::string& key, const std::string& cn,
                        const std::string& ext, const std::string& days) {
            const std::string csr = p((name + ".csr").c_str()), extf = p((name + ".ext").c_str());
            write_file(extf, ext + "\n");
            run_or_throw(openssl + " req" + ec + " -keyout " + key + " -out " + csr + " -subj /CN=" + cn + q);
            run_or_throw(openssl + " x509 -req -in " + csr + " -CA " + ca_cert.string() + " -CAkey " +
                         ca_key.string() + " -CAcreateserial -out " + p((name + ".pem").c_str()) + " -days " +
                         days + " -extfile " + extf + q);
        };
        sign("server", server_key.string(), "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1", "2");
        sign("wrong-host", p("wrong-host.key"), "wrong.example", "subjectAltName=DNS:wrong.example", "2");
        sign("expired", p("expired.key"), "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-1");
        sign("client", client_key.string(), "couler-client", "extendedKeyUsage=clientAuth", "2");
    }
    fs::path key_of(const fs::path& cert) const
    {
        auto k = cert;
        return k.replace_extension(".key");
    }
};

/// nginx on two free ports (plain and TLS with the throwaway CA's server certificate), serving
/// `root`, started in the foreground with everything (pid, logs, temp files) under `dir`.
struct nginx_server {
    fs::path dir;
    unsigned short port = 0, tls_port = 0;
    std::unique_ptr<child_process> proc;

    nginx_server(fs::path d, const fs::path& root, const test_pki& pki) : dir(std::move(d))
    {
        const std::string nginx = find_program("nginx", "nginx");
        fs::create_directories(dir / "logs");
        port = free_port();
        tls_port = free_port();
        std::string conf = "daemon off;\nmaster_process on;\nworker_processes 1;\n";
        if (::geteuid() == 0)
            conf += "user root;\n";
        conf += "pid " + (dir / "nginx.pid").string() + ";\nerror_log " + (dir / "logs/error.log").string() +
                " warn;\nevents { worker_connections 256; }\nhttp {\n"
                "  access_log off;\n  default_type application/octet-stream;\n"
                "  keepalive_requests 1000000;\n  keepalive_timeout 60s;\n"
                "  client_body_temp_path " + (dir / "body").string() + ";\n"
                "  proxy_temp_path " + (dir / "proxy").string() + ";\n"
                "  fastcgi_temp_path " + (dir / "fastcgi").string() + ";\n"
                "  uwsgi_temp_path " + (dir / "uwsgi").string() + ";\n"
                "  scgi_temp_path " + (dir / "scgi").string() + ";\n"
                "  gzip on;\n  gzip_min_length 0;\n  gzip_types text/plain application/x-ndjson;\n"
                "  types { text/plain txt; application/x-ndjson ndjson; }\n"
                "  server {\n    listen 127.0.0.1:" + std::to_string(port) + ";\n"
                "    listen 127.0.0.1:" + std::to_string(tls_port) + " ssl;\n"
                "    ssl_certificate " + pki.server_cert.string() + ";\n"
                "    ssl_certificate_key " + pki.server_key.string() + ";\n"
                "    root " + root.string() + ";\n"
                "    add_header X-Connection $connection always;\n"
                "    add_header X-Connection-Requests $connection_requests always;\n"
                "  }\n}\n";
        write_file(dir / "nginx.conf", conf);
        const fs::path log = dir / "logs/stdout.log";
        proc = std::make_unique<child_process>(
            std::vector<std::string>{nginx, "-e", (dir / "logs/error.log").string(), "-p", dir.string(), "-c",
                                     (dir / "nginx.conf").string()},
            log);
        proc->wait_for_port(port, dir / "logs/error.log");
        proc->wait_for_port(tls_port, dir / "logs/error.log");
    }
    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }
    std::string tls_url(const std::string& path) const
    {
        return "https://127.0.0.1:" + std::to_string(tls_port) + path;
    }
};

/// tinyproxy (an HTTP proxy with CONNECT) on a free loopback port, logging under `dir`.
struct tinyproxy_server {
    fs::path dir;
    unsigned short port = 0;
    std::unique_ptr<child_process> proc;

    explicit tinyproxy_server(fs::path d) : dir(std::move(d))
    {
        const std::string tinyproxy = find_program("tinyproxy", "tinyproxy");
        fs::create_directories(dir);
        port = free_port();
        // No ConnectPort line: CONNECT may reach any port (the test's nginx is not on 443).
        write_file(dir / "tinyproxy.conf", "Port " + std::to_string(port) +
                                               "\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\nMaxClients 20\n"
                                               "LogLevel Info\nPidFile \"" + (dir / "tinyproxy.pid").string() +
                                               "\"\nLogFile \"" + (dir / "tinyproxy.log").string() + "\"\n");
        proc = std::make_unique<child_process>(
            std::vector<std::string>{tinyproxy, "-d", "-c", (dir / "tinyproxy.conf").string()}, dir / "stdout.log");
        proc->wait_for_port(port, dir / "stdout.log");
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
    std::string log() const { return read_file(dir / "tinyproxy.log"); }
};

} // namespace couler_test

#endif
