// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_DETAIL_MOVE_FN_HPP
#define COULER_NET_DETAIL_MOVE_FN_HPP

#include <memory>
#include <type_traits>
#include <utility>

namespace couler::net::detail {

/// A move-only std::function (Asio and Beast handlers are not copyable).
template <class... Args>
class move_fn {
    struct base {
        virtual ~base() = default;
        virtual void call(Args... a) = 0;
    };
    template <class F>
    struct impl final : base {
        F f;
        explicit impl(F&& fn) : f(std::move(fn)) {}
        void call(Args... a) override { f(std::forward<Args>(a)...); }
    };
    std::unique_ptr<base> p_;

public:
    move_fn() = default;
    template <class F, class = std::enable_if_t<!std::is_same<std::decay_t<F>, move_fn>::value>>
    move_fn(F&& f) : p_(new impl<std::decay_t<F>>(std::decay_t<F>(std::forward<F>(f))))
    {}
    explicit operator bool() const noexcept { return static_cast<bool>(p_); }
    void operator()(Args... a)
    {
        auto p = std::move(p_); // the handler may start the next operation, which sets a new one
        p->call(std::forward<Args>(a)...);
    }
};

} // namespace couler::net::detail

#endif
