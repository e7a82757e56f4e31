// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The Python SDK's 19 golden workflows (shared/conformance/couler-python/golden), rebuilt with
// the C++ API and emitted by the Argo emitter. docs/argo-conformance.md lists each case.
#include <couler/api/builder.hpp>
#include <couler/emit/argo.hpp>

#define BOOST_TEST_MODULE conformance_argo_golden
#include <boost/test/unit_test.hpp>

#include "conformance_common.hpp"

using namespace couler;

namespace {

const std::string suite = "golden";

struct reset_once {
    reset_once() { conformance::reset(suite); }
};
BOOST_TEST_GLOBAL_FIXTURE(reset_once);

// The bodies of the Python test functions, as inspect.getsource gives them.
const std::string flip_coin_source =
    "\nimport random\n\nresult = \"heads\" if random.randint(0, 1) == 0 else \"tails\"\nprint(result)\n";
const std::string random_number_source = "\nimport random\n\nresult = random.randint(0, 1)\nprint(result)\n";

step_ref whalesay(builder& wf, const arg& msg, const std::string& image = "docker/whalesay")
{
    return wf.run_container(container(image).command({"cowsay"}).args(std::vector<arg>{msg}).template_name("whalesay"));
}
step_ref dag_job(builder& wf, const std::string& name)
{
    return wf.run_container(container("docker/whalesay:latest").command({"cowsay"}).args(std::vector<arg>{name}).step_name(name));
}
step_ref flip_coin(builder& wf, const std::string& tmpl = "flip-coin")
{
    return wf.run_script(script("python:3.6", flip_coin_source).template_name(tmpl));
}
step_ref echo(builder& wf, const std::string& tmpl, const std::string& text)
{
    return wf.run_container(container("python:3.6").command({"bash", "-c", "echo \"" + text + "\""}).template_name(tmpl));
}

void emit(const std::string& name, const builder& wf, const std::string& subpath = {})
{
    conformance::emit_case(suite, name, wf.workflow(), "golden", conformance::golden(name + ".yaml"), subpath);
}

/// A case known to differ from its golden file, for the reason docs/argo-conformance.md gives:
/// it must still differ (an unexpected pass fails, so the list stays true) and still be valid.
void emit_known_difference(const std::string& name, const builder& wf, const std::string& subpath = {})
{
    conformance::emit_case(suite, name, wf.workflow(), "golden-differs", conformance::golden(name + ".yaml"), subpath);
}

} // namespace

BOOST_AUTO_TEST_CASE(conformance_argo_golden_dag_1)
{
    builder wf("pytest");
    auto A = [&] { return dag_job(wf, "A"); };
    auto B = [&] { return dag_job(wf, "B"); };
    auto C = [&] { return dag_job(wf, "C"); };
    auto D = [&] { return dag_job(wf, "D"); };
    wf.dag({{A}, {A, B}, {A, C}, {B, D}});
    emit("dag_golden_1", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_dag_2)
{
    builder wf("pytest");
    auto A = [&] { return dag_job(wf, "A"); };
    auto B = [&] { return dag_job(wf, "B"); };
    wf.dag({{A}, {A, B}});
    wf.set_dependencies(
        [&] {
            auto coin = wf.run_script(script("python:3.6", flip_coin_source).step_name("flip-coin-0"));
            return wf.when(equal(coin, "heads"), [&] {
                return wf.run_container(
                    container("python:3.6").command({"bash", "-c", "echo \"it was heads\""}).step_name("heads-0"));
            });
        },
        std::vector<std::string>{"B"});
    emit("dag_golden_2", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_input_para_1)
{
    builder wf("pytest");
    whalesay(wf, "hello1");
    whalesay(wf, "hello2");
    emit("input_para_golden_1", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_input_para_2)
{
    builder wf("pytest");
    auto two = [&](const arg& a, const arg& b) {
        return wf.run_container(
            container("docker/whalesay").command({"cowsay"}).args(std::vector<arg>{a, b}).template_name("whalesay-two"));
    };
    two("hello1", "hello2");
    two("x", "y");
    emit("input_para_golden_2", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_input_para_3)
{
    builder wf("pytest");
    whalesay(wf, "test");
    auto n = wf.run_script(script("python:3.6", random_number_source).template_name("generate-number"));
    whalesay(wf, n);
    emit("input_para_golden_3", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_input_para_4)
{
    builder wf("pytest");
    wf.run_container(container("docker/whalesay").command({"cowsay"}).args(std::string("test")).template_name("whalesay"));
    emit("input_para_golden_4", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_output_1)
{
    builder wf("pytest");
    auto out = wf.create_parameter_artifact("/mnt/hello_world.txt");
    auto p = wf.run_container(container("docker/whalesay:latest")
                                  .command({"bash", "-c"})
                                  .args(std::vector<arg>{"echo -n hello world > /mnt/hello_world.txt"})
                                  .output(out)
                                  .template_name("producer"));
    wf.run_container(container("docker/whalesay:latest").command({"cowsay"}).args(std::vector<arg>{p}).template_name("consumer"));
    emit("output_golden_1", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_output_2)
{
    builder wf("pytest");
    auto o1 = wf.create_parameter_artifact("/mnt/place_one.txt");
    auto o2 = wf.create_parameter_artifact("/mnt/place_two.txt");
    auto p = wf.run_container(container("docker/whalesay:latest")
                                  .command({"bash", "-c"})
                                  .args(std::vector<arg>{"echo -n output one > /mnt/place_one.txt && echo -n output tw0 > /mnt/place_two.txt"})
                                  .output(std::vector<artifact>{o1, o2})
                                  .template_name("producer-two"));
    auto outs = p.outputs();
    wf.run_container(container("docker/whalesay:latest")
                         .command({"cowsay"})
                         .args(std::vector<arg>{outs.at(0), outs.at(1)})
                         .template_name("consume-two"));
    emit("output_golden_2", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_parameter_passing)
{
    builder wf("pytest");
    auto A = [&] {
        auto o1 = wf.create_parameter_artifact("/mnt/t1.txt");
        auto o2 = wf.create_parameter_artifact("/mnt/t2.txt");
        return wf.run_container(container("docker/whalesay:latest")
                                    .command({"bash", "-c"})
                                    .args(std::vector<arg>{"echo -n A > /mnt/t1.txt && echo -n B > /mnt/t2.txt"})
                                    .output(std::vector<artifact>{o1, o2})
                                    .step_name("A"));
    };
    wf.set_dependencies(A, std::vector<std::string>{});
    wf.set_dependencies(
        [&] {
            return wf.run_container(
                container("docker/whalesay:latest").command({"echo"}).args(std::vector<arg>{"--input: x"}).step_name("B"));
        },
        std::vector<std::string>{"A"});
    emit("parameter_passing_golden", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_resource_config)
{
    builder wf("pytest");
    wf.run_container(container("docker/whalesay")
                         .command({"cowsay"})
                         .args(std::vector<arg>{"resource test"})
                         .resources(string_map{{"cpu", "1"}, {"memory", "100Mi"}})
                         .template_name("whalesay"));
    // Upstream compares only this part (PARTIAL); the template is the second one.
    emit_known_difference("resource_config_golden", wf, "spec.templates.1.container.resources");
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_run_concurrent_subtasks)
{
    builder wf("pytest");
    whalesay(wf, "workflow start");
    wf.concurrent({[&] {
                       wf.run_workflow("concurrent-task-1", [&] {
                           whalesay(wf, "workflow one");
                           whalesay(wf, "t1");
                           whalesay(wf, "t2");
                       });
                   },
                   [&] { wf.run_workflow("concurrent-task-2", [&] { whalesay(wf, "workflow two"); }); }});
    whalesay(wf, "workflow finish");
    emit("run_concurrent_subtasks_golden", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_run_concurrent_2)
{
    builder wf("pytest");
    // This golden file was written by upstream's older helpers: whalesay runs `bash -c cowsay`
    // and tails uses the whalesay image.
    auto whalesay_bash = [&] {
        wf.run_container(container("docker/whalesay")
                             .command({"bash", "-c", "cowsay"})
                             .args(std::vector<arg>{"hello1"})
                             .template_name("whalesay"));
    };
    wf.concurrent({whalesay_bash, whalesay_bash, [&] {
                       wf.run_container(container("docker/whalesay")
                                            .command({"bash", "-c", "echo \"it was tails\""})
                                            .template_name("tails"));
                   }});
    // Upstream compares the template names of the first parallel group only; we compare the whole file too.
    emit("run_concurrent_golden_2", wf, "spec.templates.0.steps.0.*.template");
    emit("run_concurrent_golden_2", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_run_concurrent)
{
    builder wf("pytest");
    wf.concurrent({[&] { whalesay(wf, "hello1"); }, [&] { echo(wf, "heads", "it was heads"); },
                   [&] { echo(wf, "tails", "it was tails"); }});
    emit("run_concurrent_golden", wf, "spec.templates.0.steps.0.*.template");
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_run_concurrent_3)
{
    builder wf("pytest");
    std::vector<step_ref> rets;
    auto job = [&](const std::string& tmpl, const std::string& file) {
        auto out = wf.create_parameter_artifact("/tmp/" + file);
        rets.push_back(wf.run_container(container("python:3.6")
                                            .command({"bash", "-c"})
                                            .args(std::vector<arg>{"echo -n " + file + " > /tmp/" + file})
                                            .output(out)
                                            .template_name(tmpl)));
    };
    wf.concurrent({[&] { job("job-one", "job_one.txt"); }, [&] { job("job-two", "job_two.txt"); }});
    wf.run_container(container("python:3.6")
                         .command({"bash", "-c"})
                         .args(std::vector<arg>{rets.at(0), rets.at(1)})
                         .template_name("summary"));
    emit("run_concurrent_golden_3", wf, "spec.templates.0.steps.0.*.template");
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_secret)
{
    builder wf("pytest");
    auto job = [&](const std::string& tmpl) {
        auto secret = wf.create_secret({{"uname", "abc"}, {"passwd", "def"}});
        wf.run_container(container("python:3.6").command({"echo $uname"}).secret(secret).template_name(tmpl));
    };
    job("job-1");
    job("job-2");
    emit("secret_golden", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_while)
{
    builder wf("pytest");
    wf.exec_while(equal("tails"), [&] { return flip_coin(wf); });
    emit("while_golden", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_workflow_basic)
{
    builder wf("pytest");
    flip_coin(wf);
    wf.set_exit_handler(workflow_status::succeeded, [&] { echo(wf, "heads", "it was heads"); });
    wf.set_exit_handler(workflow_status::failed, [&] { echo(wf, "tails", "it was tails"); });
    emit("workflow_basic_golden", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_golden_cron_workflow)
{
    builder wf("pytest");
    echo(wf, "tails", "run schedule job");
    auto cron = cron_config("1 0 * * *");
    wf.config_workflow(workflow_config().name("pytest").cron(cron));
    emit("cron_workflow_golden", wf);
}

// Runs last: one Python call checks every case above.
BOOST_AUTO_TEST_CASE(conformance_argo_golden_zz_check_batch) { conformance::check(suite); }
