// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_DETAIL_CONNECTION_HPP
#define COULER_NET_DETAIL_CONNECTION_HPP

// One connection, whatever carries it (TCP, TLS over TCP, a unix socket), behind one virtual
// interface so the request machinery is compiled once rather than once per transport; the pool
// of idle keep-alive connections per host.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <couler/net/detail/move_fn.hpp>

#include <array>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <sys/socket.h>

namespace couler::net::detail {

namespace asio = boost::asio;

using io_handler = move_fn<boost::system::error_code, std::size_t>;

/// Up to 16 buffers by value: a ConstBufferSequence that outlives the caller's.
struct buffer_array {
    std::array<asio::const_buffer, 16> b;
    std::size_t n = 0;
    const asio::const_buffer* begin() const noexcept { return b.data(); }
    const asio::const_buffer* end() const noexcept { return b.data() + n; }
};

/// A connection is itself the AsyncStream Beast's algorithms read and write.
class connection {
public:
    using executor_type = asio::any_io_executor;
    virtual ~connection() = default;
    executor_type get_executor() { return executor(); }

    template <class MutableBuffers, class Handler>
    void async_read_some(const MutableBuffers& buffers, Handler&& handler)
    {
        asio::mutable_buffer first;
        for (auto it = asio::buffer_sequence_begin(buffers); it != asio::buffer_sequence_end(buffers); ++it) {
            asio::mutable_buffer b(*it);
            if (b.size()) {
                first = b;
                break;
            }
        }
        read_some(first, io_handler(std::forward<Handler>(handler)));
    }

    template <class ConstBuffers, class Handler>
    void async_write_some(const ConstBuffers& buffers, Handler&& handler)
    {
        buffer_array a;
        for (auto it = asio::buffer_sequence_begin(buffers);
             it != asio::buffer_sequence_end(buffers) && a.n < a.b.size(); ++it) {
            asio::const_buffer b(*it);
            if (b.size())
                a.b[a.n++] = b;
        }
        write_some(a, io_handler(std::forward<Handler>(handler)));
    }

    virtual void read_some(asio::mutable_buffer b, io_handler h) = 0;
    virtual void write_some(const buffer_array& b, io_handler h) = 0;
    virtual void close() noexcept = 0;
    virtual int native_handle() noexcept = 0;
    virtual asio::any_io_executor executor() = 0;

    /// True while the peer has neither closed nor sent anything unasked (an idle HTTP connection
    /// must be silent): checked before a pooled connection is reused.
    bool idle_and_open() noexcept
    {
        const int fd = native_handle();
        if (fd < 0 || buffer.size() != 0)
            return false;
        char c;
        const auto n = ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }

    /// Read buffer. Beast reads max(512, free capacity) bytes at a time: reserving 64 KiB makes
    /// that one system call per 64 KiB instead of one per 512 bytes.
    boost::beast::flat_buffer buffer = [] {
        boost::beast::flat_buffer b;
        b.reserve(65536);
        return b;
    }();
    std::chrono::steady_clock::time_point idle_since{};
    bool reused = false;
};

template <class Stream>
class basic_connection final : public connection {
public:
    template <class... A>
    explicit basic_connection(A&&... a) : stream(std::forward<A>(a)...)
    {}
    void read_some(asio::mutable_buffer b, io_handler h) override { stream.async_read_some(b, std::move(h)); }
    void write_some(const buffer_array& b, io_handler h) override { stream.async_write_some(b, std::move(h)); }
    void close() noexcept override
    {
        boost::system::error_code ec;
        lowest().close(ec);
    }
    int native_handle() noexcept override { return lowest().is_open() ? lowest().native_handle() : -1; }
    asio::any_io_executor executor() override { return stream.get_executor(); }

    Stream stream;

private:
    auto& lowest() { return stream.lowest_layer(); }
};

using tcp_connection = basic_connection<asio::ip::tcp::socket>;
using tls_connection = basic_connection<asio::ssl::stream<asio::ip::tcp::socket>>;
using unix_connection = basic_connection<asio::local::stream_protocol::socket>;

/// Idle keep-alive connections, per key ("scheme://host:port via proxy" or "unix:path").
class connection_pool {
public:
    connection_pool(std::size_t max_idle_per_key, std::chrono::milliseconds idle_timeout)
        : max_(max_idle_per_key), timeout_(idle_timeout)
    {}

    /// A live idle connection for `key`, or null. Connections idle past the timeout are closed.
    std::unique_ptr<connection> take(const std::string& key)
    {
        purge();
        auto it = idle_.find(key);
        if (it == idle_.end())
            return nullptr;
        auto& q = it->second;
        while (!q.empty()) {
            auto c = std::move(q.back());
            q.pop_back();
            if (c->idle_and_open()) {
                c->reused = true;
                return c;
            }
            c->close();
        }
        return nullptr;
    }

    void put(const std::string& key, std::unique_ptr<connection> c)
    {
        purge();
        if (max_ == 0 || c->buffer.size() != 0) { // (take() checks the socket before reuse)
            c->close();
            return;
        }
        c->idle_since = std::chrono::steady_clock::now();
        auto& q = idle_[key];
        q.push_back(std::move(c));
        while (q.size() > max_) {
            q.front()->close();
            q.pop_front();
        }
    }

    /// Closes connections idle for longer than the timeout.
    void purge()
    {
        const auto now = std::chrono::steady_clock::now();
        for (auto it = idle_.begin(); it != idle_.end();) {
            auto& q = it->second;
            while (!q.empty() && now - q.front()->idle_since >= timeout_) {
                q.front()->close();
                q.pop_front();
            }
            it = q.empty() ? idle_.erase(it) : std::next(it);
        }
    }

    void clear()
    {
        for (auto& [k, q] : idle_)
            for (auto& c : q)
                c->close();
        idle_.clear();
    }

    std::size_t idle_count() const
    {
        std::size_t n = 0;
        for (auto& [k, q] : idle_)
            n += q.size();
        return n;
    }

private:
    std::size_t max_;
    std::chrono::milliseconds timeout_;
    std::map<std::string, std::deque<std::unique_ptr<connection>>> idle_;
};

} // namespace couler::net::detail

#endif
