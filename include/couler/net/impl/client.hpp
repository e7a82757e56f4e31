// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_IMPL_CLIENT_HPP
#define COULER_NET_IMPL_CLIENT_HPP

#include <couler/net/impl/exchange.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/beast/core/bind_handler.hpp>

namespace couler::net {

inline client::client(client_options options)
    : owned_ioc_(std::make_unique<boost::asio::io_context>(1)), ioc_(owned_ioc_.get()), ex_(ioc_->get_executor()),
      state_(std::make_shared<detail::client_state>(ex_, std::move(options)))
{}

inline client::client(boost::asio::io_context& ioc, client_options options)
    : ioc_(&ioc), ex_(ioc.get_executor()), state_(std::make_shared<detail::client_state>(ex_, std::move(options)))
{}

inline client::client(executor_type ex, client_options options)
    : ex_(std::move(ex)), state_(std::make_shared<detail::client_state>(ex_, std::move(options)))
{}

inline client::~client()
{
    // Pooled sockets belong to the io_context: they go before it may.
    state_->pool.clear();
}

inline const client_options& client::options() const noexcept
{
    return state_->opts;
}

inline void client::close_idle()
{
    state_->pool.clear();
}

inline std::size_t client::idle_connections() const
{
    return state_->pool.idle_count();
}

inline void client::start(request req, mode m, line_handler on_line, event_handler on_event, stop_token stop,
                                 final_fn done, bool inline_start)
{
    auto op = std::make_shared<detail::exchange>(state_, std::move(req), static_cast<detail::op_mode>(m),
                                                 std::move(on_line), std::move(on_event), std::move(stop),
                                                 std::move(done));
    // An async_* call must never complete inside the initiating call: it starts on the executor.
    // A blocking call may complete at once (and saves the queueing).
    if (inline_start)
        op->start();
    else
        boost::asio::post(ex_, [op] { op->start(); });
}

template <class Token>
auto client::initiate(request req, mode m, line_handler on_line, event_handler on_event, stop_token stop,
                      Token&& token)
{
    return boost::asio::async_initiate<Token, void(error_code, response)>(
        [this](auto handler, request req, mode m, line_handler on_line, event_handler on_event, stop_token stop) {
            auto work = boost::asio::make_work_guard(boost::asio::get_associated_executor(handler, ex_));
            start(std::move(req), m, std::move(on_line), std::move(on_event), std::move(stop),
                  [h = std::move(handler), work = std::move(work)](error_code ec, response r) mutable {
                      auto ex = work.get_executor();
                      boost::asio::dispatch(ex, boost::beast::bind_front_handler(std::move(h), ec, std::move(r)));
                      work.reset();
                  });
        },
        token, std::move(req), m, std::move(on_line), std::move(on_event), std::move(stop));
}

template <class CompletionToken>
auto client::async_send(request req, CompletionToken&& token)
{
    return initiate(std::move(req), mode::whole, {}, {}, {}, std::forward<CompletionToken>(token));
}

template <class CompletionToken>
auto client::async_stream_lines(request req, line_handler on_line, stop_token stop, CompletionToken&& token)
{
    return initiate(std::move(req), mode::lines, std::move(on_line), {}, std::move(stop),
                    std::forward<CompletionToken>(token));
}

template <class CompletionToken>
auto client::async_stream_events(request req, event_handler on_event, stop_token stop, CompletionToken&& token)
{
    return initiate(std::move(req), mode::events, {}, std::move(on_event), std::move(stop),
                    std::forward<CompletionToken>(token));
}

inline response client::run_blocking(request req, mode m, line_handler on_line, event_handler on_event,
                                            stop_token stop, error_code& ec)
{
    if (!ioc_) {
        response r;
        r.method = std::string(http::to_string(req.method));
        r.url = redact_url(req.url);
        ec = error::no_io_context;
        return r;
    }
    struct result {
        bool done = false;
        error_code ec;
        response r;
    };
    auto res = std::make_shared<result>();
    start(std::move(req), m, std::move(on_line), std::move(on_event), std::move(stop),
          [res](error_code e, response r) {
              res->ec = e;
              res->r = std::move(r);
              res->done = true;
          },
          true);
    ioc_->restart();
    while (!res->done)
        if (ioc_->run_one() == 0) { // stopped from elsewhere
            ec = boost::asio::error::operation_aborted;
            return res->r;
        }
    ec = res->ec;
    return std::move(res->r);
}

inline response client::send(const request& req, error_code& ec)
{
    return run_blocking(req, mode::whole, {}, {}, {}, ec);
}

namespace detail {
inline response throw_on_error(response r, error_code ec)
{
    if (ec)
        throw http_error(ec, describe_error(r.method, r.url, ec, r.error_detail));
    return r;
}
} // namespace detail

inline response client::send(const request& req)
{
    error_code ec;
    auto r = send(req, ec);
    return detail::throw_on_error(std::move(r), ec);
}

inline response client::stream_lines(const request& req, line_handler on_line, stop_token stop,
                                            error_code& ec)
{
    return run_blocking(req, mode::lines, std::move(on_line), {}, std::move(stop), ec);
}

inline response client::stream_lines(const request& req, line_handler on_line, stop_token stop)
{
    error_code ec;
    auto r = stream_lines(req, std::move(on_line), std::move(stop), ec);
    return detail::throw_on_error(std::move(r), ec);
}

inline response client::stream_events(const request& req, event_handler on_event, stop_token stop,
                                             error_code& ec)
{
    return run_blocking(req, mode::events, {}, std::move(on_event), std::move(stop), ec);
}

inline response client::stream_events(const request& req, event_handler on_event, stop_token stop)
{
    error_code ec;
    auto r = stream_events(req, std::move(on_event), std::move(stop), ec);
    return detail::throw_on_error(std::move(r), ec);
}

} // namespace couler::net

#endif
