// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_IMPL_RETRY_HPP
#define COULER_NET_IMPL_RETRY_HPP

#include <boost/asio/error.hpp>

#include <array>
#include <cctype>
#include <cstdlib>

namespace couler::net {

inline bool retryable_error(error_code ec) noexcept
{
    namespace ae = boost::asio::error;
    if (ec == error::connection_closed || ec == error::connect_timeout)
        return true;
    return ec == ae::connection_refused || ec == ae::connection_reset || ec == ae::connection_aborted ||
           ec == ae::broken_pipe || ec == ae::host_unreachable || ec == ae::network_unreachable ||
           ec == ae::timed_out || ec == ae::host_not_found_try_again || ec == ae::eof;
}

namespace detail {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
inline long long days_from_civil(long long y, unsigned m, unsigned d) noexcept
{
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

inline int month_index(std::string_view m) noexcept
{
    static constexpr std::array<std::string_view, 12> names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == m)
            return static_cast<int>(i) + 1;
    return 0;
}

inline bool read_number(std::string_view& s, std::size_t digits_min, std::size_t digits_max, long long& out)
{
    std::size_t n = 0;
    out = 0;
    while (n < s.size() && n < digits_max && std::isdigit(static_cast<unsigned char>(s[n])))
        out = out * 10 + (s[n++] - '0');
    if (n < digits_min)
        return false;
    s.remove_prefix(n);
    return true;
}

inline bool expect(std::string_view& s, char c)
{
    if (s.empty() || s.front() != c)
        return false;
    s.remove_prefix(1);
    return true;
}

// "08:49:37"
inline bool read_time(std::string_view& s, long long& secs)
{
    long long h, m, sec;
    if (!read_number(s, 2, 2, h) || !expect(s, ':') || !read_number(s, 2, 2, m) || !expect(s, ':') ||
        !read_number(s, 2, 2, sec) || h > 23 || m > 59 || sec > 60)
        return false;
    secs = h * 3600 + m * 60 + sec;
    return true;
}

} // namespace detail

inline std::optional<long long> parse_http_date(std::string_view v)
{
    using namespace detail;
    auto comma = v.find(',');
    long long day = 0, year = 0, secs = 0;
    int month = 0;
    if (comma != std::string_view::npos) {
        std::string_view s = v.substr(comma + 1);
        if (!expect(s, ' ') || !read_number(s, 2, 2, day))
            return std::nullopt;
        if (comma == 3) { // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
            if (!expect(s, ' ') || s.size() < 4 || !(month = month_index(s.substr(0, 3))))
                return std::nullopt;
            s.remove_prefix(3);
            if (!expect(s, ' ') || !read_number(s, 4, 4, year))
                return std::nullopt;
        } else { // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
            if (!expect(s, '-') || s.size() < 4 || !(month = month_index(s.substr(0, 3))))
                return std::nullopt;
            s.remove_prefix(3);
            if (!expect(s, '-') || !read_number(s, 2, 2, year))
                return std::nullopt;
            year += year < 70 ? 2000 : 1900;
        }
        if (!expect(s, ' ') || !read_time(s, secs) || s != " GMT")
            return std::nullopt;
    } else { // asctime: "Sun Nov  6 08:49:37 1994"
        std::string_view s = v;
        if (s.size() < 8 || s[3] != ' ')
            return std::nullopt;
        s.remove_prefix(4);
        if (!(month = month_index(s.substr(0, 3))))
            return std::nullopt;
        s.remove_prefix(3);
        if (!expect(s, ' '))
            return std::nullopt;
        if (!s.empty() && s.front() == ' ')
            s.remove_prefix(1);
        if (!read_number(s, 1, 2, day) || !expect(s, ' ') || !read_time(s, secs) || !expect(s, ' ') ||
            !read_number(s, 4, 4, year) || !s.empty())
            return std::nullopt;
    }
    if (day < 1 || day > 31)
        return std::nullopt;
    return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 + secs;
}

inline std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view v,
                                                                         std::chrono::system_clock::time_point now)
{
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
        v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
        v.remove_suffix(1);
    if (v.empty())
        return std::nullopt;
    if (v.find_first_not_of("0123456789") == std::string_view::npos) {
        if (v.size() > 9)
            return std::chrono::milliseconds(999'999'999LL * 1000); // absurd, but a number: far away
        return std::chrono::milliseconds(std::atoll(std::string(v).c_str()) * 1000);
    }
    auto t = parse_http_date(v);
    if (!t)
        return std::nullopt;
    const auto now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const long long diff = *t * 1000 - now_ms;
    return std::chrono::milliseconds(diff > 0 ? diff : 0);
}

inline std::string retry_event::message() const
{
    std::string s = "retrying " + method + " " + url + " after ";
    if (status)
        s += "HTTP " + std::to_string(status);
    else
        s += error.message();
    s += " (attempt " + std::to_string(attempt) + "), waiting " + std::to_string(delay.count()) + " ms";
    if (from_retry_after)
        s += " as Retry-After asks";
    return s;
}

} // namespace couler::net

#endif
