// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The SQLFlow parser: SQLFlow's own test statements (../shared/conformance/sqlflow) parse with
// the estimator, attributes, columns, label and targets SQLFlow's parser gives, the statements
// of its error-case tests fail, and errors carry line, column and the expected tokens.
#include <couler/frontend/sqlflow/parser.hpp>

#include <couler/frontend/sqlflow/json.hpp>

#define BOOST_TEST_MODULE sqlflow_parser
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace sf = couler::sqlflow;

BOOST_TEST_DONT_PRINT_LOG_VALUE(couler::sqlflow::expr::kind)

namespace {

struct conformance_case {
    std::string sql, source;
};

std::vector<conformance_case> conformance()
{
    std::ifstream in(COULER_SHARED_DIR "/conformance/sqlflow/statements.jsonl");
    BOOST_TEST_REQUIRE(static_cast<bool>(in));
    std::vector<conformance_case> out;
    std::string line;
    while (std::getline(in, line)) {
        auto v = boost::json::parse(line);
        // Go format templates (`%[1]s`): placeholders become identifiers, as SQLFlow's tests fill them.
        std::string sql = std::regex_replace(std::string(v.at("sql").as_string()), std::regex("%\\[(\\d)\\]s"), "tmpl$1");
        out.push_back({sql, std::string(v.at("source").as_string())});
    }
    return out;
}

const sf::statement& only(const sf::program& p)
{
    BOOST_TEST_REQUIRE(p.statements.size() == 1u);
    return p.statements[0];
}

std::string attr(const sf::statement& st, const std::string& key)
{
    auto v = st.attribute_value(key);
    return v ? boost::json::serialize(sf::attribute_to_json(*v)) : "<none>";
}

std::vector<std::string> column_texts(const sf::column_group& g)
{
    std::vector<std::string> out;
    for (const auto& e : g.columns)
        out.push_back(e.to_string());
    return out;
}

} // namespace

// The statements from SQLFlow's error-case tests (their source lines assert an error) fail;
// every other statement parses.
BOOST_AUTO_TEST_CASE(conformance_statements_parse_or_fail_as_in_sqlflow)
{
    const std::set<std::string> errors = {
        "go/parser/extended_syntax_parser_test.go:197", // DROP TABLE TO PREDICT
        "go/parser/extended_syntax_parser_test.go:203", //    DROP TABLE TO PREDICT
        "go/parser/extended_syntax_parser_test.go:214", // TO TRAIN "some_thing
        "go/parser/extended_syntax_parser_test.go:221", // ... into e;"   (unmatched quote after)
        "go/parser/extended_syntax_parser_test.go:286", // SHOW TRAIN ;
        "go/parser/extended_syntax_parser_test.go:374", // TO RUN "image"
        "go/parser/extended_syntax_parser_test.go:391", // INTO "output_table_1"
        "go/parser/external/parser_test.go:125",        // select select 1; select 1 to train;
        "go/parser/external/parser_test.go:143",        // describe table to train;
        "go/parser/sqlflow_parser_test.go:290",         // b =?? c
        "go/parser/sqlflow_parser_test.go:297",         // into e select a from b;
        "go/parser/sqlflow_parser_test.go:306",         // to train a select b from c;
    };
    auto cases = conformance();
    BOOST_TEST(cases.size() == 112u);
    std::size_t failed = 0;
    for (const auto& c : cases) {
        bool ok = true;
        try {
            sf::parse(c.sql);
        } catch (const sf::parse_error&) {
            ok = false;
        }
        BOOST_TEST(ok == !errors.count(c.source), c.source);
        failed += !ok;
    }
    BOOST_TEST(failed == errors.size());
}

// Fields as SQLFlow's parser tests assert them (go/parser/extended_syntax_parser_test.go).
BOOST_AUTO_TEST_CASE(train_clause_fields)
{
    auto p = sf::parse("TO TRAIN DNNClassifier\nWITH\n  n_classes = 3,\n  hidden_units = [10, 20]\nCOLUMN\n\temployee.name,\n"
                       "  bucketize(last_name, 1000),\n  cross(embedding(employee.name), bucketize(last_name, 1000)),\n"
                       "\tcross(indicator(employee.name), bucketize(last_name, 1000)),\n"
                       "\tconcat(\",\", employee.col1, employee.col2),\n\tconcat(',', employee.col1, employee.col2)\n"
                       "COLUMN\n  cross(embedding(employee.name), bucketize(last_name, 1000)),\n"
                       "  cross(indicator(employee.name), bucketize(last_name, 1000)) FOR C2\n"
                       "LABEL employee.salary\nINTO sqlflow_models.my_dnn_model;");
    const auto& st = only(p);
    BOOST_TEST(st.kind == sf::statement_kind::train);
    BOOST_TEST(st.estimator == "DNNClassifier");
    BOOST_TEST(attr(st, "n_classes") == "3");
    BOOST_TEST(attr(st, "hidden_units") == "[10,20]");
    BOOST_TEST_REQUIRE(st.columns.size() == 2u);
    BOOST_TEST(st.columns[0].target == "feature_columns");
    std::vector<std::string> want0 = {"employee.name", "bucketize(last_name, 1000)",
                                      "cross(embedding(employee.name), bucketize(last_name, 1000))",
                                      "cross(indicator(employee.name), bucketize(last_name, 1000))",
                                      "concat(\",\", employee.col1, employee.col2)",
                                      "concat(',', employee.col1, employee.col2)"};
    BOOST_TEST(column_texts(st.columns[0]) == want0, boost::test_tools::per_element());
    BOOST_TEST(st.columns[1].target == "C2");
    BOOST_TEST(st.columns[1].columns.size() == 2u);
    BOOST_TEST(st.label == "employee.salary");
    BOOST_TEST(st.into.at(0) == "sqlflow_models.my_dnn_model");
    BOOST_TEST(st.select.empty());

    // LABEL as a string loses its quotes (extended_syntax_parser_test.go:25).
    auto q = sf::parse("TO TRAIN DNNClassifier WITH n_classes = 3 LABEL \"employee.salary\" INTO m;");
    BOOST_TEST(only(q).label == "employee.salary");
}

BOOST_AUTO_TEST_CASE(predict_evaluate_explain_run_show)
{
    auto pr = only(sf::parse("SELECT * FROM iris.test TO PREDICT db.table.field\nUSING sqlflow_models.my_dnn_model;"));
    BOOST_TEST(pr.kind == sf::statement_kind::predict);
    BOOST_TEST(pr.into.at(0) == "db.table.field");
    BOOST_TEST(pr.model == "sqlflow_models.my_dnn_model");
    BOOST_TEST(pr.writes == std::vector<std::string>{"db.table"});
    BOOST_TEST((pr.reads == std::vector<std::string>{"iris.test", "sqlflow_models.my_dnn_model"}));

    auto ev = only(sf::parse("TO EVALUATE my_model WITH validation.metrics=\"MAE,MSE\" LABEL class INTO evaluation_result;"));
    BOOST_TEST(ev.kind == sf::statement_kind::evaluate);
    BOOST_TEST(ev.model == "my_model");
    BOOST_TEST(attr(ev, "validation.metrics") == "\"MAE,MSE\"");
    BOOST_TEST(ev.label == "class");
    BOOST_TEST(ev.into.at(0) == "evaluation_result");

    auto ex = only(sf::parse("TO EXPLAIN my_model\nWITH plots = force\nUSING TreeExplainer\nINTO db.table;"));
    BOOST_TEST(ex.kind == sf::statement_kind::explain);
    BOOST_TEST(attr(ex, "plots") == "\"force\"");
    BOOST_TEST(ex.using_ == "TreeExplainer");
    BOOST_TEST(ex.into.at(0) == "db.table");

    auto run = only(sf::parse("TO RUN a_data_scientist/ts_data_processor:1.0\n"
                              "CMD \"slide_window_to_row\", \"--param_a=value_a\", \"--param_b=value_b\"\n"
                              "INTO output_table_1, output_table_2;"));
    BOOST_TEST(run.image == "a_data_scientist/ts_data_processor:1.0");
    BOOST_TEST((run.cmd == std::vector<std::string>{"slide_window_to_row", "--param_a=value_a", "--param_b=value_b"}));
    BOOST_TEST((run.into == std::vector<std::string>{"output_table_1", "output_table_2"}));

    auto show = only(sf::parse("SHOW TRAIN my_dnn_classifier_model;"));
    BOOST_TEST(show.kind == sf::statement_kind::show_train);
    BOOST_TEST(show.model == "my_dnn_classifier_model");
}

BOOST_AUTO_TEST_CASE(optimize_clause)
{
    auto st = only(sf::parse("TO MINIMIZE SUM((price - materials_cost - other_cost) * product)\n"
                             "CONSTRAINT SUM(finishing * product) <= 100 GROUP BY product,\n"
                             "           SUM(carpentry * product) <= 80,\n\t\t   product <= max_num\n"
                             "WITH variables=\"product\",\n\t product=\"Integers\"\nINTO db.table;"));
    BOOST_TEST(st.kind == sf::statement_kind::minimize);
    BOOST_TEST(st.objective->to_string() == "SUM((price - materials_cost - other_cost) * product)");
    BOOST_TEST_REQUIRE(st.constraints.size() == 3u);
    BOOST_TEST(st.constraints[0].e.to_string() == "SUM(finishing * product) <= 100");
    BOOST_TEST(st.constraints[0].group_by == "product");
    BOOST_TEST(st.constraints[2].e.to_string() == "product <= max_num");
    BOOST_TEST(st.using_.empty());
    BOOST_TEST(st.into.at(0) == "db.table");
    // Precedence: * binds tighter than -, comparisons looser than both.
    auto e = only(sf::parse("SELECT 1 TO MAXIMIZE a - b * c <= -d WITH variables=\"x\" INTO t;")).objective;
    BOOST_TEST(e->value == "<=");
    BOOST_TEST(e->args[0].value == "-");
    BOOST_TEST(e->args[0].args[1].value == "*");
    BOOST_TEST(e->args[1].k == sf::expr::kind::unary);
}

BOOST_AUTO_TEST_CASE(attribute_values_and_model_zoo_estimators)
{
    auto st = only(sf::parse("SELECT * FROM t TO TRAIN test/my_repo:v1.0/DNNClassifier WITH a = 1, b = 2.5, c = \"s\", "
                             "d = True, e = ident, f = [1, [2, \"x\"]], g = x + 1, h = NUMERIC(x, 1), i = 1e-3 "
                             "COLUMN NUMERIC(x, 1), CATEGORY_ID(c, 100), BUCKET(NUMERIC(y, 1), [1, 10]) LABEL l INTO m;"));
    BOOST_TEST(st.estimator == "test/my_repo:v1.0/DNNClassifier");
    BOOST_TEST(attr(st, "a") == "1");
    BOOST_TEST(attr(st, "b") == "2.5E0");
    BOOST_TEST(attr(st, "c") == "\"s\"");
    BOOST_TEST(attr(st, "d") == "true");
    BOOST_TEST(attr(st, "e") == "\"ident\"");
    BOOST_TEST(attr(st, "f") == "[1,[2,\"x\"]]");
    BOOST_TEST(attr(st, "g") == "\"x + 1\"");
    BOOST_TEST(attr(st, "h") == "\"NUMERIC(x, 1)\"");
    BOOST_TEST(attr(st, "i") == "1E-3");
    BOOST_TEST(st.columns.at(0).columns.at(2).to_string() == "BUCKET(NUMERIC(y, 1), [1, 10])");
}

BOOST_AUTO_TEST_CASE(programs_split_into_statements)
{
    auto p = sf::parse("-- a comment; with a semicolon\nuse iris; /* block ; */ show tables;\n"
                       "SELECT a, ';' AS x FROM t WHERE b IN (SELECT c FROM u) TO TRAIN DNNClassifier LABEL a INTO m;\n"
                       "SELECT * FROM (SELECT 1 TO) x;\nSHOW TRAIN m");
    BOOST_TEST_REQUIRE(p.statements.size() == 5u);
    BOOST_TEST(p.statements[0].select == "use iris");
    BOOST_TEST(p.statements[0].line == 2u);
    BOOST_TEST(p.statements[1].select == "show tables");
    BOOST_TEST(p.statements[2].kind == sf::statement_kind::train);
    BOOST_TEST(p.statements[2].select == "SELECT a, ';' AS x FROM t WHERE b IN (SELECT c FROM u)");
    BOOST_TEST((p.statements[2].reads == std::vector<std::string>{"t", "u"}));
    BOOST_TEST(p.statements[2].line == 3u);
    BOOST_TEST(p.statements[3].kind == sf::statement_kind::query); // TO inside parentheses
    BOOST_TEST(p.statements[4].kind == sf::statement_kind::show_train);
}

BOOST_AUTO_TEST_CASE(tables_read_and_written)
{
    auto p = sf::parse("INSERT INTO db.out SELECT * FROM a JOIN b.c AS x ON 1 LEFT JOIN d y ON 1;\n"
                       "WITH w AS (SELECT * FROM src) SELECT * FROM w, other o;\n"
                       "CREATE TABLE IF NOT EXISTS n.t AS SELECT * FROM `q`;\nDROP TABLE old;\nDELETE FROM gone;\n"
                       "UPDATE up SET a = 1;\nSELECT * FROM json_each('[1]');");
    BOOST_TEST((p.statements[0].writes == std::vector<std::string>{"db.out"}));
    BOOST_TEST((p.statements[0].reads == std::vector<std::string>{"a", "b.c", "d"}));
    BOOST_TEST((p.statements[1].reads == std::vector<std::string>{"src", "other"}));
    BOOST_TEST((p.statements[2].writes == std::vector<std::string>{"n.t"}));
    BOOST_TEST((p.statements[2].reads == std::vector<std::string>{"q"}));
    BOOST_TEST((p.statements[3].writes == std::vector<std::string>{"old"}));
    BOOST_TEST((p.statements[4].writes == std::vector<std::string>{"gone"}));
    BOOST_TEST(p.statements[4].reads.empty());
    BOOST_TEST((p.statements[5].writes == std::vector<std::string>{"up"}));
    BOOST_TEST(p.statements[6].reads.empty());
    // validation.select names an input too.
    auto t = only(sf::parse("SELECT * FROM iris.train TO TRAIN DNNClassifier WITH validation.select = "
                            "\"SELECT * FROM iris.test\" LABEL class INTO m;"));
    BOOST_TEST((t.reads == std::vector<std::string>{"iris.train", "iris.test"}));
}

BOOST_AUTO_TEST_CASE(errors_carry_line_column_and_expected_tokens)
{
    auto error_of = [](const std::string& text) -> sf::parse_error {
        try {
            sf::parse(text);
        } catch (const sf::parse_error& e) {
            return e;
        }
        BOOST_FAIL("no error for: " + text);
        throw;
    };
    auto e = error_of("SELECT 1;\nSELECT * FROM t\nTO TRAIN DNNClassifier\n  LABLE class INTO m;");
    BOOST_TEST(e.line() == 4u);
    BOOST_TEST(e.column() == 3u);
    BOOST_TEST((e.expected() == std::vector<std::string>{"WITH", "COLUMN", "LABEL", "USING", "INTO"}));
    BOOST_TEST(e.found() == "'LABLE'");
    BOOST_TEST(std::string(e.what()) ==
               "line 4, column 3: unexpected 'LABLE' (expected WITH, COLUMN, LABEL, USING or INTO)");

    e = error_of("SELECT * FROM t TO PREDICT a.b.c WITH x = USING m;");
    BOOST_TEST(e.column() == 43u);
    BOOST_TEST(e.expected() == std::vector<std::string>{"an expression"});

    e = error_of("SELECT * FROM t TO EVALUATE m LABEL c;");
    BOOST_TEST(e.expected() == std::vector<std::string>{"INTO"});
    e = error_of("SELECT * FROM t TO TRAIN e WITH a = 1, a = 2 INTO m;");
    BOOST_TEST(std::string(e.what()).find("given twice") != std::string::npos);
    e = error_of("SELECT 1 TO TRAIN e COLUMN a COLUMN b INTO m;");
    BOOST_TEST(std::string(e.what()).find("needs FOR") != std::string::npos);
    e = error_of("SELECT 1 /* open");
    BOOST_TEST(e.line() == 1u);
    BOOST_TEST(e.column() == 10u);
    e = error_of("SELECT 1 TO RUN img CMD x;");
    BOOST_TEST(e.expected() == std::vector<std::string>{"a string"});
    // Nesting is bounded, not a stack overflow.
    e = error_of("SELECT 1 TO TRAIN e WITH a = " + std::string(5000, '[') + " INTO m;");
    BOOST_TEST(std::string(e.what()).find("nested too deeply") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(statement_json)
{
    auto st = only(sf::parse("SELECT * FROM iris.train TO TRAIN DNNClassifier WITH model.n_classes = 3, "
                             "model.hidden_units = [10, 10] COLUMN sepal_length, sepal_width LABEL class "
                             "INTO sqlflow_models.my_dnn_model;"));
    auto j = sf::to_json(st);
    BOOST_TEST(boost::json::serialize(j.at("kind")) == "\"train\"");
    BOOST_TEST(boost::json::serialize(j.at("attributes")) == "{\"model.n_classes\":3,\"model.hidden_units\":[10,10]}");
    BOOST_TEST(boost::json::serialize(j.at("columns")) == "{\"feature_columns\":[\"sepal_length\",\"sepal_width\"]}");
    BOOST_TEST(j.at("using").is_null());
    BOOST_TEST(boost::json::serialize(j.at("writes")) == "[\"sqlflow_models.my_dnn_model\"]");
    auto s = sf::to_step_json(st);
    BOOST_TEST(s.at("text").as_string() == st.text);
}
