// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Compiling SQLFlow programs to one workflow: the steps each statement becomes, the edges
// between statements that share tables or models, the step zoo, and the errors.
#include <couler/frontend/sqlflow.hpp>

#include <couler/ir/validate.hpp>

#define BOOST_TEST_MODULE sqlflow_compile
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace sf = couler::sqlflow;

BOOST_TEST_DONT_PRINT_LOG_VALUE(couler::template_kind)

namespace {

const std::string zoo_file = COULER_SOURCE_DIR "/share/couler/sqlflow/zoo.json";

couler::workflow compile(const std::string& text, bool extract_in_step = false)
{
    sf::compile_options o;
    o.datasource = "sqlite:///data";
    o.extract_in_step = extract_in_step;
    return sf::compile(sf::parse(text), sf::load_zoo(zoo_file), o);
}

bool edge(const couler::workflow& wf, const std::string& a, const std::string& b)
{
    const auto& g = wf.graph();
    return g.dependency_between(g.at(a), g.at(b)).has_value();
}

std::string compile_error_of(const std::string& text)
{
    try {
        compile(text);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "<no error>";
}

} // namespace

BOOST_AUTO_TEST_CASE(iris_program_is_one_dag)
{
    auto wf = compile("SELECT * FROM iris.train TO TRAIN DNNClassifier WITH model.n_classes = 3, "
                      "model.hidden_units = [10, 10] COLUMN sepal_length, sepal_width, petal_length, petal_width "
                      "LABEL class INTO sqlflow_models.my_dnn_model;\n"
                      "SELECT * FROM iris.test TO PREDICT iris.predict.class USING sqlflow_models.my_dnn_model;\n"
                      "SELECT * FROM other.table;\n");
    BOOST_TEST(couler::validate(wf).empty());
    const auto& g = wf.graph();
    BOOST_TEST(g.size() == 5u);
    BOOST_TEST(edge(wf, "s1-data", "s1-train"));
    BOOST_TEST(edge(wf, "s1-train", "s2-data")); // the predict reads the model the train writes
    BOOST_TEST(edge(wf, "s2-data", "s2-predict"));
    BOOST_TEST(g.predecessors(g.at("s3-query")).empty()); // independent of both
    BOOST_TEST(g[g.at("s1-train")].template_name == "sqlflow-train");
    BOOST_TEST(g[g.at("s1-train")].artifact_arguments.at(0).from == "{{tasks.s1-data.outputs.artifacts.data}}");
    const auto* t = wf.find_template("sqlflow-train");
    BOOST_TEST_REQUIRE(t != nullptr);
    BOOST_TEST(t->kind() == couler::template_kind::script);
    BOOST_TEST(std::get<couler::script_spec>(t->body).source.find("def step_train") != std::string::npos);
    BOOST_TEST(wf.settings.parameters.at(0).name == "datasource");
    BOOST_TEST(*wf.settings.parameters.at(0).value == "sqlite:///data");
    // Each step gets its statement as JSON.
    auto j = boost::json::parse(*g[g.at("s2-predict")].arguments.at(0).value);
    BOOST_TEST(j.at("kind").as_string() == "predict");
    BOOST_TEST(j.at("into").as_string() == "iris.predict.class");
}

BOOST_AUTO_TEST_CASE(extract_in_step_passes_no_artifacts)
{
    const std::string text = "SELECT * FROM iris.train TO TRAIN DNNClassifier LABEL class INTO m.x;\n"
                             "SELECT * FROM iris.test TO PREDICT iris.p.class USING m.x;\n"
                             "SELECT * FROM iris.p;\n";
    auto wf = compile(text, true);
    BOOST_TEST(couler::validate(wf).empty());
    const auto& g = wf.graph();
    BOOST_TEST(g.size() == 3u); // no sN-data steps
    BOOST_TEST(edge(wf, "s1-train", "s2-predict"));
    BOOST_TEST(edge(wf, "s2-predict", "s3-query"));
    BOOST_TEST(g[g.at("s2-predict")].artifact_arguments.empty());
    BOOST_TEST(wf.find_template("sqlflow-extract") == nullptr);
    for (const auto* name : {"sqlflow-train", "sqlflow-predict"}) {
        const auto* t = wf.find_template(name);
        BOOST_TEST_REQUIRE(t != nullptr);
        BOOST_TEST(t->inputs.artifacts.empty());
        BOOST_TEST(t->outputs.artifacts.empty());
        const auto& env = std::get<couler::script_spec>(t->body).container.env;
        bool extracts = false;
        for (const auto& e : env)
            extracts = extracts || (e.name == "SQLFLOW_EXTRACT" && e.value == "in_step");
        BOOST_TEST(extracts, name << " extracts its own data");
    }
    auto prog = sf::parse(text);
    sf::compile_options o;
    o.extract_in_step = true;
    BOOST_TEST(sf::step_names(prog, 0, o) == std::vector<std::string>{"s1-train"});
    BOOST_TEST(sf::step_names(prog, 0) == (std::vector<std::string>{"s1-data", "s1-train"}));
}

BOOST_AUTO_TEST_CASE(ordering_follows_reads_and_writes)
{
    auto wf = compile("SELECT * FROM a.t;\n"                      // s1 reads a.t
                      "INSERT INTO a.t VALUES (1);\n"            // s2 writes a.t: after s1 (write after read)
                      "SELECT * FROM b.u;\n"                      // s3 independent
                      "USE b;\n"                                  // s4: unknown effects, a barrier
                      "SELECT * FROM b.u;\n"                      // s5 after the barrier
                      "SHOW TRAIN m;\n");                         // s6 after the barrier
    BOOST_TEST(edge(wf, "s1-query", "s2-query"));
    BOOST_TEST(!edge(wf, "s1-query", "s3-query"));
    BOOST_TEST(!edge(wf, "s2-query", "s3-query"));
    BOOST_TEST(edge(wf, "s3-query", "s4-query"));
    BOOST_TEST(edge(wf, "s4-query", "s5-query"));
    BOOST_TEST(edge(wf, "s4-query", "s6-show-train"));
}

BOOST_AUTO_TEST_CASE(every_kind_compiles)
{
    auto wf = compile("SELECT * FROM t TO EVALUATE m LABEL c INTO r;\n"
                      "SELECT * FROM t TO EXPLAIN m USING TreeExplainer INTO e;\n"
                      "SELECT * FROM t TO RUN couler/table-stats:1 CMD \"a\" INTO s;\n"
                      "SELECT * FROM t TO RUN someone/image:2 CMD \"x\", \"y\";\n"
                      "SELECT * FROM t TO MAXIMIZE SUM(x) CONSTRAINT SUM(x) <= 1 WITH variables=\"x\" INTO o;\n"
                      "SELECT * FROM t TO TRAIN a_data_scientist/regressors:v0.2/MyDNNRegressor LABEL c INTO m2;\n");
    BOOST_TEST(couler::validate(wf).empty());
    const auto& g = wf.graph();
    for (const char* s : {"s1-evaluate", "s2-explain", "s3-run", "s4-run", "s5-optimize", "s6-train"})
        BOOST_TEST(g.find(s).has_value(), s);
    // A RUN image the zoo maps runs the zoo's program with CMD as arguments.
    const auto* zoo_run = wf.find_template("s3-run");
    BOOST_TEST(zoo_run->kind() == couler::template_kind::script);
    BOOST_TEST(zoo_run->container()->args == std::vector<std::string>{"a"});
    // Any other image runs as itself (its entrypoint), with the SELECT in the environment.
    const auto* image_run = wf.find_template("s4-run");
    BOOST_TEST(image_run->kind() == couler::template_kind::container);
    BOOST_TEST(image_run->container()->image == "someone/image:2");
    BOOST_TEST(!image_run->container()->command.has_value());
    bool has_select = false;
    for (const auto& e : image_run->container()->env)
        has_select = has_select || (e.name == "SQLFLOW_TO_RUN_SELECT" && e.value == "SELECT * FROM t");
    BOOST_TEST(has_select);
    // A model-zoo estimator trains in its own image.
    const auto& train = g[g.at("s6-train")];
    BOOST_TEST(wf.find_template(train.template_name)->container()->image == "a_data_scientist/regressors:v0.2");
}

BOOST_AUTO_TEST_CASE(errors_name_the_statement)
{
    BOOST_TEST(compile_error_of("SELECT 1;\nSELECT * FROM t TO TRAIN NoSuchModel LABEL c INTO m;")
                   .find("line 2: unknown estimator 'NoSuchModel'") == 0u);
    BOOST_TEST(compile_error_of("TO PREDICT a.b USING m;").find("line 1: TO PREDICT needs a standard SELECT") == 0u);
    // Estimator patterns of the zoo.
    BOOST_TEST(compile_error_of("SELECT * FROM t TO TRAIN xgboost.gbtree LABEL c INTO m;") == "<no error>");
    BOOST_TEST(compile_error_of("SELECT * FROM t TO TRAIN xgboost LABEL c INTO m;").find("unknown estimator") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(zoo_files_are_checked)
{
    auto err = [](const std::string& json) -> std::string {
        try {
            sf::parse_zoo(boost::json::parse(json), COULER_SOURCE_DIR "/share/couler/sqlflow");
        } catch (const std::runtime_error& e) {
            return e.what();
        }
        return "<no error>";
    };
    BOOST_TEST(err("{}").find("couler_sqlflow_zoo") != std::string::npos);
    BOOST_TEST(err(R"({"couler_sqlflow_zoo": 1, "image": "i", "steps": {}})") == "steps.query: missing");
    BOOST_TEST(err(R"({"couler_sqlflow_zoo": 1, "image": "i", "steps": {"querry": {}}})") == "steps.querry: not a step kind");
    BOOST_TEST(err(R"({"couler_sqlflow_zoo": 1, "steps": {"query": {"script": "nope.py", "command": ["sh"], "image": "i"}}})")
                   .find("cannot read the script of steps.query") == 0u);
    BOOST_TEST(err(R"({"couler_sqlflow_zoo": 1, "colour": 1, "steps": {}})").find("colour") != std::string::npos);

    // A zoo of plain containers: images and commands as written, no script.
    std::string kinds;
    for (const char* k : sf::zoo_step_kinds)
        kinds += std::string(kinds.empty() ? "" : ",") + "\"" + k + "\": {\"args\": [\"" + k + "\"]}";
    auto zoo = sf::parse_zoo(boost::json::parse(R"({"couler_sqlflow_zoo": 1, "image": "my/step:1", "command": ["step"],
                                                    "estimators": ["DNNClassifier"], "steps": {)" + kinds + "}}"),
                             ".");
    auto wf = sf::compile(sf::parse("SELECT * FROM t TO TRAIN DNNClassifier LABEL c INTO m;"), zoo);
    const auto* t = wf.find_template("sqlflow-train");
    BOOST_TEST(t->kind() == couler::template_kind::container);
    BOOST_TEST(t->container()->image == "my/step:1");
    BOOST_TEST((*t->container()->command == std::vector<std::string>{"step"}));
    BOOST_TEST(t->container()->args == std::vector<std::string>{"train"});
}
