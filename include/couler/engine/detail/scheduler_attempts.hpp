// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_SCHEDULER_ATTEMPTS_HPP
#define COULER_ENGINE_DETAIL_SCHEDULER_ATTEMPTS_HPP

// The scheduler (detail/scheduler.hpp), part: Running a leaf: resume and memo hits, inputs, spawning, attempts and retries, outputs.

#include <couler/engine/detail/retry_delay.hpp>
#include <couler/engine/detail/scheduler.hpp>

namespace couler {
namespace engine {
namespace detail {

inline void scheduler::start_invocation(int ii)
{
    inv_t& inv = invs_[ii];
    // The invariant: each invocation (node, item, iteration) of a scope starts at most once.
    // A second start is a scheduler bug; running the step twice would hide it.
    if (!started_.insert({inv.scope, inv.v, inv.item_index, inv.iteration}).second)
        throw std::logic_error("couler engine: step '" + inv.id + "' would start twice in one run");
    if (stopping_)
        return complete_invocation(ii, step_status::omitted, "");
    auto d = done_.find(inv.id);
    if (d != done_.end()) {
        if (reuse_outputs(inv, step_outputs::from_json(d->second.at("out")))) {
            // Resume: finished in the interrupted run; reuse its outputs.
            inv.restored = true;
            emit_cached(inv, cache_source::journal, nullptr);
            std::string st = std::string(d->second.at("status").as_string());
            return complete_invocation(ii, st == "Cached"    ? step_status::cached
                                           : st == "Skipped" ? step_status::skipped
                                                             : step_status::succeeded,
                                       "");
        }
    }
    std::string err;
    const step& st = (*scopes_[inv.scope].g)[inv.v];
    if (inv.item_index >= 0 && !st.when.empty()) {
        // A condition over `{{item}}` decides item by item (Argo skips those items).
        bool yes = condition_holds(subst_graph(st.when, inv.scope, &inv, err), err);
        if (!err.empty())
            return complete_invocation(ii, step_status::failed, "when: " + err);
        if (!yes)
            return complete_invocation(ii, step_status::skipped, "");
    }
    if (!prepare(ii, err))
        return complete_invocation(ii, step_status::failed, err);
    if (inv.tmpl->is_graph()) {
        const scope_t& sc = scopes_[inv.scope];
        if (sc.depth + 1 > o_.max_depth)
            return complete_invocation(ii, step_status::failed,
                                       "sub-workflow nesting deeper than " + std::to_string(o_.max_depth) +
                                           " (recursion guard)");
        store_.step_started(inv.id);
        journal_.append({{"t", "start"}, {"id", inv.id}, {"attempt", 1}}); // no process: no pgid
        int child = new_scope(inv.tmpl->graph(), inv.tmpl, inv.id + "/", sc.depth + 1, ii, inv.in_params,
                              inv.in_artifacts);
        --total_; // the invocation is replaced by its graph's nodes
        ++graph_invs_;
        start_scope(child);
        return;
    }
    std::string bad;
    step_request rq = request_of(*inv.tmpl, bad, &wf_.settings.pod_resources);
    // On a cluster the step's resources are the cluster's: it takes one of --jobs, no local memory.
    inv.slots = exec_->remote() ? 1 : rq.slots;
    inv.memory = exec_->remote() ? 0 : rq.memory;
    inv.daemon = inv.tmpl->daemon;
    if (o_.memoize && !inv.daemon) { // a daemon is a service, not a result to reuse
        std::string text;
        if (store_.read_memo(inv.memo_key, text)) {
            boost::json::error_code jec;
            auto v = boost::json::parse(text, jec);
            if (!jec && v.is_object() && v.as_object().contains("out") && memo_fresh(inv, v.as_object()) &&
                reuse_outputs(inv, step_outputs::from_json(v.as_object().at("out")))) {
                emit_cached(inv, cache_source::memo, &v.as_object());
                return complete_invocation(ii, step_status::cached, "");
            }
        }
    }
    launchable_.push_back(ii); // launched when it fits (slots, memory, parallelism)
}

// A memo record is used only while younger than the template's memoize.max_age (Argo's
// maxAge): its `time` is when the step last succeeded. A record without one is too old.
inline bool scheduler::memo_fresh(const inv_t& inv, const boost::json::object& rec) const
{
    if (!inv.tmpl->memoize || inv.tmpl->memoize->max_age.empty())
        return true;
    auto max_age = parse_duration(inv.tmpl->memoize->max_age);
    auto* t = rec.if_contains("time");
    if (!max_age || !t || !t->is_number())
        return false;
    double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    return now - t->to_number<double>() <= *max_age;
}

// Input artifacts in the order the step lists them (the cache model's order), then the rest.
inline std::vector<std::string> scheduler::input_order(const inv_t& inv) const
{
    std::vector<std::string> names;
    for (const auto& arg : (*scopes_[inv.scope].g)[inv.v].artifact_arguments)
        if (inv.in_artifacts.count(arg.name) &&
            std::find(names.begin(), names.end(), arg.name) == names.end())
            names.push_back(arg.name);
    for (const auto& [name, id] : inv.in_artifacts)
        if (std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    return names;
}

// A memoized or journalled step's outputs, reused instead of running it. For the cache it
// starts and finishes at once, and its outputs are labelled with it. With a capacity, each
// output is first copied out of the store into the step's directory: the copy is the
// object's origin, so later evictions (ours or another run's) cannot take it from this run;
// false if an output is gone from the store or could not be read (then the step runs).
// On success the outputs become the invocation's.
inline bool scheduler::reuse_outputs(inv_t& inv, step_outputs out)
{
    for (auto& [name, id] : out.artifacts)
        if (!store_.contains(id))
            return false;
    std::map<std::string, std::filesystem::path> copies;
    if (store_.capacity_bytes() > 0)
        for (auto& [name, id] : out.artifacts) {
            std::filesystem::path dest = run_dir_ / "steps" / dir_name(inv.id) / "cached" / name;
            std::error_code ec;
            store_.get_file(id, dest, ec);
            if (ec)
                return false;
            copies[name] = dest;
        }
    store_.step_started(inv.id);
    store_.step_finished(inv.id);
    for (auto& [name, id] : out.artifacts) {
        std::error_code ec;
        auto c = copies.find(name);
        std::uint64_t size = c != copies.end() ? std::filesystem::file_size(c->second, ec)
                                               : std::filesystem::file_size(store_.object_path(id), ec);
        store_.adopt(id, feed_.hint(inv.id, name, ec ? 0 : size, std::numeric_limits<double>::infinity(), 0),
                     c != copies.end() ? c->second : std::filesystem::path());
    }
    inv.out = std::move(out);
    return true;
}

inline void scheduler::launch(int ii)
{
    inv_t& inv = invs_[ii];
    std::error_code ec;
    if (auto ra = reattach_.find(inv.id); ra != reattach_.end()) {
        // Its job still runs (or ended unseen) in its prepared work dir: follow it, untouched.
        auto* a = ra->second.if_contains("attempt");
        inv.attempts = a && a->is_number() ? std::max(0, static_cast<int>(a->to_number<double>()) - 1) : 0;
        return spawn(ii);
    }
    if (inv.needs_work) {
        std::filesystem::remove_all(inv.work, ec); // a resumed step starts from a clean work dir
        std::filesystem::create_directories(inv.work, ec);
        if (ec)
            return complete_invocation(ii, step_status::failed, "cannot create " + inv.work.string());
    }
    // The directories that hold declared files, created one at a time and never through a link.
    for (const auto& d : declared_paths(*inv.tmpl)) {
        std::string why = make_parents_beneath(inv.work, d.path);
        if (!why.empty())
            return complete_invocation(ii, step_status::failed,
                                       "step '" + inv.id + "': " + d.field + " '" + shown_path(d.path) + "': " + why);
    }
    for (const auto& d : scratch_dirs(*inv.tmpl, wf_.settings.volumes)) {
        std::string why = make_dir_beneath(inv.work, d.path);
        if (!why.empty())
            return complete_invocation(ii, step_status::failed,
                                       "step '" + inv.id + "': " + d.field + " '" + shown_path(d.path) + "': " + why);
    }
    // The trace event the cache policy sees, then the reads (hits first, then misses).
    store_.step_started(inv.id);
    std::vector<std::string> names = input_order(inv);
    std::vector<std::pair<std::string, std::filesystem::path>> reads;
    for (const auto& name : names)
        reads.emplace_back(inv.in_artifacts[name], map_path(inv, inv.tmpl->inputs.find_artifact(name)->path));
    std::size_t bad = 0;
    store_.read_inputs(reads, ec, bad);
    if (ec)
        return complete_invocation(ii, step_status::failed, "input artifact '" + names[bad] + "': " + ec.message());
    inv.input_bytes = 0;
    for (auto& r : reads) {
        std::uint64_t n = std::filesystem::file_size(r.second, ec);
        inv.input_bytes += ec ? 0 : n;
    }
    ec.clear();
    for (auto& [from, to] : inv.path_map)
        if (from == "\x01source") {
            atomic_write(inv.dir / "script", to, ec, false, 0755);
        }
    spawn(ii);
}

inline void scheduler::spawn(int ii)
{
    inv_t& inv = invs_[ii];
    if (inv.pid != -1) // the invariant, per attempt: an attempt starts when the last has ended
        throw std::logic_error("couler engine: step '" + inv.id + "' would start attempt " +
                               std::to_string(inv.attempts + 1) + " while attempt " + std::to_string(inv.attempts) +
                               " runs");
    occupy(ii, 1); // given back when the process ends (finished_process)
    if (++inv.attempts == 1)
        inv.first_start = clock::now();
    executor_task task;
    task.run_id = run_id_;
    task.step_id = inv.id;
    task.attempt = inv.attempts;
    task.proc = inv.proc;
    task.dir = inv.dir;
    task.container = inv.container;
    task.timeout = inv.timeout;
    std::string bad;
    step_request rq = request_of(*inv.tmpl, bad, &wf_.settings.pod_resources);
    task.cpu = rq.cpu;
    task.memory = rq.memory;
    task.gpus = gpu_request(*inv.tmpl, &wf_.settings.pod_resources);
    task.annotations = inv.tmpl->annotations;
    // The executor adds what finds the attempt again after a crash: resume kills the process
    // group (and removes its container), or cancels the Slurm job.
    boost::json::object rec{{"t", "start"}, {"id", inv.id}};
    std::string why;
    long key = -1;
    if (auto ra = reattach_.find(inv.id); ra != reattach_.end()) {
        key = exec_->attach(task, ra->second, rec, why);
        reattach_.erase(ra);
        if (key < 0)
            emit_note(inv.id, "not re-attached (" + why + "): started again");
    }
    if (key < 0)
        key = exec_->start(task, rec, why);
    if (key < 0) {
        exit_info e;
        e.exit_code = 127;
        emit_started(inv, -1);
        return finished_process(ii, e, why);
    }
    inv.pid = key;
    inv.start = clock::now();
    inv.timed_out = false;
    if (inv.timeout > 0)
        inv.deadline = inv.start + std::chrono::microseconds(
                                       static_cast<long long>(exec_->deadline_after(inv.timeout) * 1e6));
    by_pid_[key] = ii;
    rec["attempt"] = inv.attempts;
    journal_.append(std::move(rec));
    inv.status = step_status::running;
    emit_started(inv, static_cast<int>(key));
    if (inv.daemon) {
        // Argo's daemon: ready once running; its step completes and its successors start,
        // while it runs on until the template that started it ends (stop_daemons).
        inv.daemoned = true;
        daemons_.push_back(ii);
        complete_invocation(ii, step_status::succeeded, "");
    }
}

/// A whole decimal integer (surrounding spaces allowed), or nothing.
inline std::optional<std::int64_t> parse_count(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    std::int64_t v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

inline void scheduler::finished_process(int ii, exit_info& e, std::string msg)
{
    inv_t& inv = invs_[ii];
    int code = e.exit_code;
    inv.pid = -1;
    occupy(ii, -1);
    if (inv.daemoned) {
        // A daemon ended: killed at its scope's end, or on its own (its step has completed).
        inv.stdout_text = std::move(e.out);
        inv.stderr_text = std::move(e.err);
        write_logs(inv);
        emit_logs(inv);
        journal_.append({{"t", "daemon_end"}, {"id", inv.id}, {"exit_code", code}});
        if (!inv.killed)
            emit_note(inv.id, "daemon " + inv.id + " exited (exit code " + std::to_string(code) +
                                  ") before its template ended");
        inv.stdout_text.clear();
        inv.stderr_text.clear();
        return;
    }
    inv.stdout_text = std::move(e.out);
    inv.stderr_text = std::move(e.err);
    inv.exit_code = code;
    write_logs(inv);
    emit_logs(inv);
    double secs = std::chrono::duration<double>(clock::now() - inv.start).count();
    last_seconds_[ii] = inv.attempts > 0 && code != 127 ? secs : 0;
    inv.seconds = secs;
    if (code == 0)
        store_.step_finished(inv.id); // its outputs are offered to the cache next
    std::string err;
    if (code == 0 && collect_outputs(inv, err))
        return complete_invocation(ii, step_status::succeeded, "");
    if (code != 0 && msg.empty())
        msg = inv.timed_out ? "timed out after " + inv.tmpl->timeout : "exit code " + std::to_string(code);
    if (msg.empty())
        msg = err;
    const auto& rs = inv.tmpl->retry;
    bool retryable = rs && (rs->policy != "OnError" || inv.timed_out || code == 127);
    if (retryable && !rs->unlimited) { // unlimited: until it succeeds, as Argo without a limit
        std::int64_t limit = rs->limit;
        if (!rs->limit_expression.empty()) {
            // The limit as an expression, e.g. {{inputs.parameters.retries}}: resolved now.
            std::string serr, text = subst_template(rs->limit_expression, inv, false, serr);
            auto parsed = serr.empty() ? parse_count(text) : std::nullopt;
            if (!parsed || *parsed < 0) {
                msg += "; not retried: the retry limit '" + rs->limit_expression + "' " +
                       (serr.empty() ? "is '" + text + "', not a count" : "cannot be resolved: " + serr);
                limit = 0;
            } else
                limit = *parsed;
        }
        retryable = inv.attempts <= limit;
    }
    double delay = 0;
    if (retryable) {
        if (rs->back_off) {
            delay = retry_delay(*rs->back_off, inv.attempts);
            // Argo's maxDuration bounds the whole retrying, from the first attempt's start: no
            // retry once it has passed, nor one whose wait would end after it.
            if (auto max = parse_duration(rs->back_off->max_duration)) {
                double elapsed = std::chrono::duration<double>(clock::now() - inv.first_start).count();
                if (elapsed + delay > *max) {
                    retryable = false;
                    msg += "; not retried: the retries' max duration of " + rs->back_off->max_duration +
                           (elapsed >= *max ? " has passed" : " would pass during the backoff");
                }
            }
        }
    }
    if (retryable) {
        inv.not_before = clock::now() + std::chrono::microseconds(static_cast<long long>(delay * 1e6));
        journal_.append({{"t", "retry"}, {"id", inv.id}, {"attempt", inv.attempts}, {"message", msg}});
        if (events_.active()) {
            auto re = step_event<step_retried_event>(inv);
            re.attempt = inv.attempts;
            re.next_attempt = inv.attempts + 1;
            re.exit_code = code;
            re.delay_seconds = delay;
            re.reason = msg;
            re.counts = counts();
            events_.emit(&run_observer::on_step_retried, re, "on_step_retried");
        }
        delayed_.push_back(ii);
        return;
    }
    complete_invocation(ii, step_status::failed, msg);
}

// Per-step logs, in the step's directory; only for steps that printed something.
inline void scheduler::write_logs(const inv_t& inv)
{
    if (inv.stdout_text.empty() && inv.stderr_text.empty() && !inv.needs_work)
        return;
    std::error_code ec;
    std::filesystem::create_directories(inv.dir, ec);
    for (auto [name, text] : {std::pair<const char*, const std::string*>{"stdout.log", &inv.stdout_text},
                              {"stderr.log", &inv.stderr_text}}) {
        std::filesystem::path p = inv.dir / name;
        if (text->empty()) {
            std::filesystem::remove(p, ec); // an earlier attempt's log
            continue;
        }
        // A new file: a link planted at its name (a container sees this directory) is
        // removed, never written through.
        ::unlink(p.c_str());
        int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0) {
            write_all(fd, text->data(), text->size());
            ::close(fd);
        }
    }
}

inline bool scheduler::collect_outputs(inv_t& inv, std::string& err)
{
    std::error_code ec;
    std::string out = inv.stdout_text;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
        out.pop_back();
    inv.out.result = std::move(out);
    // Outputs are opened under the work dir one component at a time, never through a link,
    // and only if they are regular files: a step must not make the engine store a host file.
    for (const auto& p : inv.tmpl->outputs.parameters) {
        std::string val;
        if (!p.from.path.empty()) {
            unique_fd fd;
            std::string why;
            beneath_kind k = open_beneath(inv.work, p.from.path, fd, why);
            if (k == beneath_kind::file && read_fd(fd.get(), val)) {
                while (!val.empty() && std::isspace(static_cast<unsigned char>(val.back())))
                    val.pop_back();
            } else if (k == beneath_kind::refused || k == beneath_kind::directory) {
                err = "output parameter '" + p.name + "': '" + p.from.path + "': " +
                      (k == beneath_kind::directory ? "is a directory" : why);
                return false;
            } else if (p.from.default_value) {
                val = *p.from.default_value;
            } else {
                err = "output parameter '" + p.name + "': " + p.from.path + " was not written";
                return false;
            }
        } else if (!p.from.parameter.empty() || !p.from.expression.empty()) {
            val = subst_template_mapped(!p.from.parameter.empty() ? p.from.parameter : p.from.expression, inv);
        } else {
            val = subst_template_mapped(p.value.value_or(p.from.default_value.value_or("")), inv);
        }
        inv.out.params[p.name] = val;
    }
    for (const auto& a : inv.tmpl->outputs.artifacts) {
        std::string local = map_path(inv, a.path);
        unique_fd fd;
        std::string why;
        beneath_kind k = open_beneath(inv.work, a.path, fd, why);
        if (k == beneath_kind::directory) {
            err = "output artifact '" + a.name + "' is a directory; the local engine stores files only";
            return false;
        }
        if (k == beneath_kind::refused) {
            err = "output artifact '" + a.name + "': '" + a.path + "': " + why;
            return false;
        }
        // The step's own file stays as the object's origin: consumers read it from there if
        // the policy refuses or evicts the object.
        struct stat st;
        std::string id;
        if (k == beneath_kind::file && ::fstat(fd.get(), &st) == 0)
            id = store_.put_file(fd.get(), local,
                                 feed_.hint(inv.id, a.name, static_cast<std::uint64_t>(st.st_size), inv.seconds,
                                            inv.input_bytes),
                                 ec);
        else
            ec = std::make_error_code(std::errc::no_such_file_or_directory);
        if (ec) {
            if (a.optional)
                continue;
            err = "output artifact '" + a.name + "': " + a.path + " was not written";
            return false;
        }
        inv.out.artifacts[a.name] = id;
    }
    return true;
}

} // namespace detail
} // namespace engine
} // namespace couler

#endif
