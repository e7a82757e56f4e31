// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The engine's entry header first, outside the guard (it includes this one): see scheduler.hpp.
#include <couler/engine/engine.hpp>

#ifndef COULER_ENGINE_DETAIL_EVENT_DISPATCH_HPP
#define COULER_ENGINE_DETAIL_EVENT_DISPATCH_HPP

// Delivers a run's events (events.hpp) to its observers: a text_progress on `options::log`,
// if set, then `options::observer`. Every call comes from the scheduler's one thread. An
// observer that throws is detached and the first such error kept: a platform's bug must not
// stop (or half-stop) a run whose steps are processes already running.

#include <couler/engine/events.hpp>
#include <couler/engine/text_progress.hpp>

#include <exception>
#include <optional>
#include <string>
#include <vector>

namespace couler {
namespace engine {
namespace detail {

class event_dispatch {
public:
    explicit event_dispatch(const options& o)
    {
        if (o.log) {
            printer_.emplace(*o.log, o.tty, o.summary_rows);
            observers_.push_back(&*printer_);
        }
        if (o.observer)
            observers_.push_back(o.observer);
    }
    event_dispatch(const event_dispatch&) = delete;
    event_dispatch& operator=(const event_dispatch&) = delete;

    /// Whether anyone listens: events need not be built otherwise.
    bool active() const
    {
        for (auto* o : observers_)
            if (o)
                return true;
        return false;
    }

    /// Calls `fn` of every attached observer with `e`; `name` names the callback in errors.
    template <class E>
    void emit(void (run_observer::*fn)(const E&), const E& e, const char* name)
    {
        for (auto& o : observers_) {
            if (!o)
                continue;
            try {
                (o->*fn)(e);
            } catch (const std::exception& x) {
                detach(o, name, x.what());
            } catch (...) {
                detach(o, name, "an exception not derived from std::exception");
            }
        }
    }

    /// The first observer's exception, `observer threw in on_X: what`; empty if none threw.
    const std::string& error() const { return error_; }

private:
    void detach(run_observer*& o, const char* name, const std::string& what)
    {
        o = nullptr;
        if (error_.empty())
            error_ = std::string("observer threw in ") + name + ": " + what;
    }

    std::optional<text_progress> printer_;
    std::vector<run_observer*> observers_;
    std::string error_;
};

} // namespace detail
} // namespace engine
} // namespace couler

#endif
