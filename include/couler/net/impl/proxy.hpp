// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_IMPL_PROXY_HPP
#define COULER_NET_IMPL_PROXY_HPP

#include <boost/asio/ip/address.hpp>

#include <cstdlib>

namespace couler::net {
namespace detail {

inline std::string lower_ascii(std::string_view s)
{
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

inline bool address_in_cidr(const boost::asio::ip::address& a, std::string_view net, unsigned bits)
{
    boost::system::error_code ec;
    auto n = boost::asio::ip::make_address(std::string(net), ec);
    if (ec || n.is_v4() != a.is_v4())
        return false;
    auto bytes_a = a.is_v4() ? std::string(reinterpret_cast<const char*>(a.to_v4().to_bytes().data()), 4)
                             : std::string(reinterpret_cast<const char*>(a.to_v6().to_bytes().data()), 16);
    auto bytes_n = n.is_v4() ? std::string(reinterpret_cast<const char*>(n.to_v4().to_bytes().data()), 4)
                             : std::string(reinterpret_cast<const char*>(n.to_v6().to_bytes().data()), 16);
    if (bits > bytes_a.size() * 8)
        return false;
    for (unsigned i = 0; i < bits; ++i) {
        const unsigned byte = i / 8, bit = 7 - i % 8;
        if (((bytes_a[byte] >> bit) & 1) != ((bytes_n[byte] >> bit) & 1))
            return false;
    }
    return true;
}

} // namespace detail

inline bool no_proxy_matches(std::string_view list, std::string_view host_in)
{
    const std::string host = detail::lower_ascii(host_in);
    boost::system::error_code aec;
    const auto addr = boost::asio::ip::make_address(host, aec);
    std::size_t pos = 0;
    while (pos <= list.size()) {
        auto end = list.find(',', pos);
        if (end == std::string_view::npos)
            end = list.size();
        std::string entry = detail::lower_ascii(list.substr(pos, end - pos));
        pos = end + 1;
        const char* ws = " \t";
        entry.erase(0, entry.find_first_not_of(ws) == std::string::npos ? entry.size() : entry.find_first_not_of(ws));
        entry.erase(entry.find_last_not_of(ws) + 1);
        if (entry.empty())
            continue;
        if (entry == "*")
            return true;
        if (!aec) { // an IP host: compare as addresses
            std::string net = entry;
            unsigned bits = addr.is_v4() ? 32 : 128;
            if (auto slash = entry.find('/'); slash != std::string::npos) {
                net = entry.substr(0, slash);
                const std::string b = entry.substr(slash + 1);
                if (b.empty() || b.size() > 3 || b.find_first_not_of("0123456789") != std::string::npos)
                    continue;
                bits = static_cast<unsigned>(std::stoul(b));
            }
            if (net.size() > 2 && net.front() == '[' && net.back() == ']')
                net = net.substr(1, net.size() - 2);
            if (detail::address_in_cidr(addr, net, bits))
                return true;
            continue;
        }
        // Host names: drop a port and a leading dot, then match the name or a subdomain.
        if (auto colon = entry.rfind(':'); colon != std::string::npos && entry.find(':') == colon)
            entry.erase(colon);
        if (!entry.empty() && entry.front() == '.')
            entry.erase(0, 1);
        if (host == entry)
            return true;
        if (host.size() > entry.size() && host.compare(host.size() - entry.size(), entry.size(), entry) == 0 &&
            host[host.size() - entry.size() - 1] == '.')
            return true;
    }
    return false;
}

inline proxy_settings proxy_settings::from_environment(const std::function<const char*(const char*)>& getenv)
{
    auto get = [&](const char* name) -> std::string {
        const char* v = getenv ? getenv(name) : std::getenv(name);
        return v ? v : "";
    };
    auto first = [&](std::initializer_list<const char*> names) {
        for (const char* n : names)
            if (auto v = get(n); !v.empty())
                return v;
        return std::string();
    };
    proxy_settings p;
    const std::string all = first({"all_proxy", "ALL_PROXY"});
    p.http_proxy = first({"http_proxy"});
    if (p.http_proxy.empty())
        p.http_proxy = all;
    p.https_proxy = first({"https_proxy", "HTTPS_PROXY"});
    if (p.https_proxy.empty())
        p.https_proxy = all;
    p.no_proxy = first({"no_proxy", "NO_PROXY"});
    return p;
}

inline std::string proxy_settings::proxy_for(const target_url& url) const
{
    if (url.scheme == target_url::kind::http_unix)
        return {};
    const std::string& p = url.tls() ? https_proxy : http_proxy;
    if (p.empty() || no_proxy_matches(no_proxy, url.host))
        return {};
    return p;
}

} // namespace couler::net

#endif
