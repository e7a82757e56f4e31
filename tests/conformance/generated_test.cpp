// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Workflows the Python SDK's unit tests built (shared/conformance/couler-python/generated),
// rebuilt with the C++ API; each is compared with the capture's last "semantic" snapshot.
#include <couler/api/builder.hpp>
#include <couler/emit/argo.hpp>

#define BOOST_TEST_MODULE conformance_argo_generated
#include <boost/test/unit_test.hpp>

#include "conformance_common.hpp"

using namespace couler;

namespace {

const std::string suite = "generated";

struct reset_once {
    reset_once() { conformance::reset(suite); }
};
BOOST_TEST_GLOBAL_FIXTURE(reset_once);

const std::string flip_coin_source =
    "\nimport random\n\nresult = \"heads\" if random.randint(0, 1) == 0 else \"tails\"\nprint(result)\n";

void emit(const std::string& test, const builder& wf)
{
    conformance::emit_case(suite, test, wf.workflow(), "generated", conformance::generated(test));
}
void emit_known_difference(const std::string& test, const builder& wf)
{
    conformance::emit_case(suite, test, wf.workflow(), "generated-differs", conformance::generated(test));
}

step_ref container_a(builder& wf, container c)
{
    return wf.run_container(c.command({"bash", "-c"}).args(std::vector<arg>{"echo -n hello world"}).template_name("A"));
}
container whalesay_latest() { return container("docker/whalesay:latest"); }
step_ref flip_coin(builder& wf) { return wf.run_script(script("python:3.6", flip_coin_source).template_name("flip-coin")); }
step_ref echo(builder& wf, const std::string& tmpl, const std::string& text)
{
    return wf.run_container(container("python:3.6").command({"bash", "-c", "echo \"" + text + "\""}).template_name(tmpl));
}

} // namespace

BOOST_AUTO_TEST_CASE(conformance_argo_generated_volume)
{
    builder wf("pytest");
    wf.add_volume(volume{"workdir", volume::source_kind::persistent_volume_claim, "my-existing-volume", {}, false});
    container_a(wf, whalesay_latest().volume_mounts({volume_mount{"workdir", "/mnt/vol", {}, false}}).working_dir("/mnt/src"));
    emit("argo_test__ArgoTest__test_run_container_with_volume", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_node_selector)
{
    builder wf("pytest");
    container_a(wf, whalesay_latest().node_selector(string_map{{"beta.kubernetes.io/arch", "amd64"}}));
    emit("argo_test__ArgoTest__test_run_container_with_node_selector", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_toleration)
{
    builder wf("pytest");
    // The upstream test passes effect and operator swapped; kept as captured.
    wf.add_toleration(toleration{"example-toleration", "NoSchedule", {}, "Exists", {}});
    container_a(wf, whalesay_latest());
    emit("argo_test__ArgoTest__test_run_container_with_toleration", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_image_pull_secret)
{
    builder wf("pytest");
    wf.add_image_pull_secret("test-secret");
    wf.add_image_pull_secret("test-secret1");
    container_a(wf, whalesay_latest().working_dir("/mnt/src"));
    emit("argo_test__ArgoTest__test_run_container_with_image_pull_secret", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_daemon)
{
    builder wf("pytest");
    wf.run_container(container("python:3.6").command({"echo $uname"}).daemon(true).template_name("test-run-daemon-container"));
    emit("daemon_step_test__DaemonStepTest__test_run_daemon_container", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_service_account)
{
    builder wf("pytest");
    wf.config_workflow(workflow_config().service_account("test-serviceaccount"));
    flip_coin(wf);
    emit("workflow_basic_test__WorkflowBasicTest__test_workflow_service_account", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_when_order_two)
{
    builder wf("pytest");
    auto a = flip_coin(wf);
    wf.when(equal(a, "heads"), [&] { return echo(wf, "heads", "it was heads"); });
    auto b = flip_coin(wf);
    wf.when(equal(b, "tails"), [&] { return echo(wf, "tails", "it was tails"); });
    emit("workflow_basic_test__WorkflowBasicTest__test_when_order_two", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_map)
{
    builder wf("pytest");
    wf.map(
        [&](const arg& item) {
            return wf.run_container(
                whalesay_latest().command({"cowsay"}).args(std::vector<arg>{item}).template_name("consume"));
        },
        std::vector<arg>{"t1", "t2", "t3"});
    emit("map_test__MapTest__test_map_function", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_create_job)
{
    builder wf("pytest");
    const std::string manifest = "\n        apiVersion: batch/v1\n        kind: Job\n        metadata:\n          generateName: "
                                 "rand-num-\n        spec:\n          template:\n            spec:\n              containers:\n"
                                 "              - name: rand\n                image: python:3.6\n                command: "
                                 "[\"python random_num.py\"]\n        ";
    wf.run_job(job(manifest)
                   .success_condition("status.succeeded > 0")
                   .failure_condition("status.failed > 3")
                   .set_owner_reference(false)
                   .template_name("test-create-job"));
    emit("argo_test__ArgoTest__test_create_job", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_workflow_config)
{
    builder wf("pytest");
    wf.config_workflow(workflow_config().time_to_clean(100));
    flip_coin(wf);
    // The SDK writes spec.ttlSecondsAfterFinished, which Argo's CRD no longer has: we write
    // ttlStrategy.secondsAfterCompletion (the strict schema rejects the SDK's form).
    emit_known_difference("workflow_basic_test__WorkflowBasicTest__test_workflow_config", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_scripts)
{
    {
        builder wf("pytest");
        wf.run_script(script("image1", "ls").command({"bash"}).template_name("test-run-bash-script"));
        emit("argo_test__ArgoTest__test_run_bash_script", wf);
    }
    {
        builder wf("pytest");
        wf.run_script(script("image1", "\ncouler._cleanup()\nsuper().setUp()\n").template_name("test-run-default-script"));
        emit("argo_test__ArgoTest__test_run_default_script", wf);
    }
    {
        builder wf("pytest");
        wf.run_script(script("python:3.6", "ls").command({"bash"}).daemon(true).template_name("test-run-daemon-script"));
        emit("daemon_step_test__DaemonStepTest__test_run_daemon_script", wf);
    }
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_args_as_other_types)
{
    builder wf("pytest");
    wf.run_container(
        container("docker/whalesay").command({"cowsay"}).args(std::vector<arg>{1, true, 1.1}).template_name("whalesay"));
    // C++ API: arg(1.1) is written with 17 digits ("1.1000000000000001"); Python's str() gives "1.1".
    emit("input_parameter_test__InputParametersTest__test_input_args_as_othertypes", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_set_dependencies_none)
{
    builder wf("pytest");
    auto job = [&](const std::string& name) {
        return wf.run_container(
            container("docker/whalesay:latest").command({"cowsay"}).args(std::vector<arg>{name}).step_name(name));
    };
    wf.set_dependencies([&] { return job("A"); }, std::vector<std::string>{});
    wf.set_dependencies([&] { return job("B"); }, std::vector<std::string>{"A"});
    wf.set_dependencies([&] { return job("C"); }, std::vector<std::string>{});
    emit("dag_test__DAGTest__test_set_dependencies_none", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_steps_order)
{
    builder wf("pytest");
    flip_coin(wf);
    echo(wf, "heads", "it was heads");
    echo(wf, "tails", "it was tails");
    flip_coin(wf);
    emit("workflow_basic_test__WorkflowBasicTest__test_steps_order", wf);
}

BOOST_AUTO_TEST_CASE(conformance_argo_generated_zz_check_batch) { conformance::check(suite); }
