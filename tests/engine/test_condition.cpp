// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#include <couler/engine/condition.hpp>

#define BOOST_TEST_MODULE engine_condition
#include <boost/test/unit_test.hpp>

using couler::engine::evaluate_condition;
using couler::engine::parse_duration;

BOOST_AUTO_TEST_CASE(string_comparisons)
{
    BOOST_TEST(evaluate_condition("heads == heads"));
    BOOST_TEST(!evaluate_condition("tails == heads"));
    BOOST_TEST(evaluate_condition("tails != heads"));
    BOOST_TEST(evaluate_condition("'a b' == \"a b\""));
    BOOST_TEST(evaluate_condition("hello world == hello world")); // substituted values keep inner spaces
}

BOOST_AUTO_TEST_CASE(numbers_compare_numerically)
{
    BOOST_TEST(evaluate_condition("10 > 9"));   // as strings "10" < "9"
    BOOST_TEST(evaluate_condition("0.95 >= 0.9"));
    BOOST_TEST(!evaluate_condition("0.85 >= 0.9"));
    BOOST_TEST(evaluate_condition("2 <= 2.0"));
    BOOST_TEST(evaluate_condition("1e3 == 1000"));
    BOOST_TEST(evaluate_condition("-1 < 0"));
}

BOOST_AUTO_TEST_CASE(boolean_operators)
{
    BOOST_TEST(evaluate_condition("a == a && 3 > 2"));
    BOOST_TEST(!evaluate_condition("a == b && 3 > 2"));
    BOOST_TEST(evaluate_condition("a == b || 3 > 2"));
    BOOST_TEST(evaluate_condition("(a == b || 1 < 2) && !(x == y)"));
    BOOST_TEST(!evaluate_condition("false"));
    BOOST_TEST(evaluate_condition("true"));
    BOOST_TEST(!evaluate_condition("a == b || c == d || e == f"));
}

BOOST_AUTO_TEST_CASE(malformed_conditions_throw)
{
    BOOST_CHECK_THROW(evaluate_condition("(a == b"), std::invalid_argument);
    BOOST_CHECK_THROW(evaluate_condition("'open == b"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(durations)
{
    BOOST_TEST(*parse_duration("30s") == 30.0);
    BOOST_TEST(*parse_duration("1m30s") == 90.0);
    BOOST_TEST(*parse_duration("2h") == 7200.0);
    BOOST_TEST(*parse_duration("500ms") == 0.5);
    BOOST_TEST(*parse_duration("7") == 7.0);
    BOOST_TEST(!parse_duration("abc"));
    BOOST_TEST(!parse_duration("5y"));
    BOOST_TEST(!parse_duration(""));
}

BOOST_AUTO_TEST_CASE(regex_match)
{
    BOOST_TEST(evaluate_condition("tails =~ ^ta"));
    BOOST_TEST(!evaluate_condition("heads =~ ^ta"));
    BOOST_TEST(evaluate_condition("heads !~ ^ta"));
    BOOST_TEST(evaluate_condition("'v1.2.3' =~ '[0-9]+\\.[0-9]+'"));
    BOOST_CHECK_THROW(evaluate_condition("a =~ '('"), std::invalid_argument);
}
