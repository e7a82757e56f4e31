// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_DETAIL_JSON_PARSER_HPP
#define COULER_IR_DETAIL_JSON_PARSER_HPP

// The strict JSON text parser behind parse_json_text: Boost.JSON's basic_parser with a handler
// that builds the value like boost::json::parser does, and in addition
//  - refuses duplicate object keys (boost::json::parser silently keeps the last one, so a
//    strict reader could not notice `{"image": "a", "image": "b"}`), naming the key's path;
//  - reads every number with a fraction or exponent with std::from_chars, which is correctly
//    rounded (Boost.JSON 1.81's own conversion can be off by one unit in the last place, so
//    the doubles the writer prints, shortest round-trip form, did not always read back equal);
//  - refuses numbers too large for a double, which Boost.JSON turns into infinity, a value
//    the writer cannot write back as JSON.

#include <couler/ir/detail/json_reader.hpp>
#include <couler/ir/error.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <charconv>
#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

namespace couler {
namespace detail {

class strict_json_handler {
public:
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    using error_code = boost::system::error_code;
    using string_view = boost::json::string_view;

    boost::json::value_stack st;
    error problem_code = error::ok; ///< set when the handler itself stopped the parse
    std::string problem_path;       ///< where
    std::string problem_message;    ///< why

    strict_json_handler() = default;

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&)
    {
        begin_value();
        frames_.push_back(frame{true, {}, {}, 0});
        return true;
    }
    bool on_object_end(std::size_t n, error_code&)
    {
        frames_.pop_back();
        st.push_object(n);
        return true;
    }
    bool on_array_begin(error_code&)
    {
        begin_value();
        frames_.push_back(frame{false, {}, {}, 0});
        return true;
    }
    bool on_array_end(std::size_t n, error_code&)
    {
        frames_.pop_back();
        st.push_array(n);
        return true;
    }
    bool on_key_part(string_view s, std::size_t, error_code&)
    {
        key_.append(s.data(), s.size());
        st.push_chars(s);
        return true;
    }
    bool on_key(string_view s, std::size_t, error_code& ec)
    {
        key_.append(s.data(), s.size());
        frame& f = frames_.back();
        if (!f.keys.insert(key_).second) {
            std::string where = path(frames_.size() - 1);
            return stop(ec, error::duplicate_name, path_key(where, key_),
                        "duplicate key '" + key_ + "' in the object at " + where);
        }
        f.key = std::move(key_);
        key_.clear();
        st.push_key(s);
        return true;
    }
    bool on_string_part(string_view s, std::size_t, error_code&)
    {
        st.push_chars(s);
        return true;
    }
    bool on_string(string_view s, std::size_t, error_code&)
    {
        begin_value();
        st.push_string(s);
        return true;
    }
    bool on_number_part(string_view s, error_code&)
    {
        number_.append(s.data(), s.size());
        return true;
    }
    bool on_int64(std::int64_t i, string_view, error_code&)
    {
        begin_value();
        number_.clear();
        st.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, string_view, error_code&)
    {
        begin_value();
        number_.clear();
        st.push_uint64(u);
        return true;
    }
    bool on_double(double d, string_view s, error_code& ec)
    {
        begin_value();
        number_.append(s.data(), s.size());
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
        double exact = 0;
        auto r = std::from_chars(number_.data(), number_.data() + number_.size(), exact);
        if (r.ec == std::errc() && r.ptr == number_.data() + number_.size())
            d = exact;
#endif
        if (!std::isfinite(d))
            return stop(ec, error::bad_value, path(frames_.size()),
                        "the number " + number_.substr(0, 40) + (number_.size() > 40 ? "..." : "") +
                            " is too large for a double");
        number_.clear();
        st.push_double(d);
        return true;
    }
    bool on_bool(bool b, error_code&)
    {
        begin_value();
        st.push_bool(b);
        return true;
    }
    bool on_null(error_code&)
    {
        begin_value();
        st.push_null();
        return true;
    }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }

private:
    struct frame {
        bool object;
        std::unordered_set<std::string> keys; // objects: keys seen so far
        std::string key;                      // objects: the key of the value being read
        std::size_t count;                    // arrays: elements begun so far
    };

    void begin_value()
    {
        if (!frames_.empty() && !frames_.back().object)
            ++frames_.back().count;
    }

    // The JSON path of the value being read inside the first `depth` frames.
    std::string path(std::size_t depth) const
    {
        std::string p = "$";
        for (std::size_t i = 0; i < depth; ++i)
            p = frames_[i].object ? path_key(p, frames_[i].key) : path_index(p, frames_[i].count - 1);
        return p;
    }

    bool stop(error_code& ec, error code, std::string where, std::string message)
    {
        problem_code = code;
        problem_path = std::move(where);
        problem_message = std::move(message);
        ec = boost::json::error::exception; // any error stops the parser; problem_code says which
        return false;
    }

    std::vector<frame> frames_;
    std::string key_;
    std::string number_;
};

} // namespace detail
} // namespace couler

#endif
