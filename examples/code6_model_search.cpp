// Paper Code 6: train one model per batch size with map, then evaluate every trained model.
// The training step is a TFJob from the step zoo (one parameter server, one worker).
#include <couler/couler.hpp>

#include <iostream>

int main()
{
    couler::builder wf("model-search");
    auto train_tensorflow = [&](const couler::arg& batch_size) {
        return wf.run_job(couler::job()
                              .framework("tensorflow")
                              .manifest("apiVersion: kubeflow.org/v1\n"
                                        "kind: TFJob\n"
                                        "metadata:\n"
                                        "  generateName: wide-deep-\n"
                                        "spec:\n"
                                        "  tfReplicaSpecs:\n"
                                        "    PS:\n"
                                        "      replicas: 1\n"
                                        "      template:\n"
                                        "        spec:\n"
                                        "          containers:\n"
                                        "          - name: tensorflow\n"
                                        "            image: wide-deep-model:v1.0\n"
                                        "            command: [python, /train_model.py]\n"
                                        "    Worker:\n"
                                        "      replicas: 1\n"
                                        "      template:\n"
                                        "        spec:\n"
                                        "          containers:\n"
                                        "          - name: tensorflow\n"
                                        "            image: wide-deep-model:v1.0\n"
                                        "            command: [python, /train_model.py, "
                                        "--batch-size, \"{{inputs.parameters.para-train-tensorflow-0}}\"]\n")
                              .success_condition("status.replicaStatuses.Worker.succeeded == 1")
                              .failure_condition("status.replicaStatuses.Worker.failed > 0")
                              .args({batch_size})
                              .template_name("train-tensorflow"));
    };
    auto run_multiple_jobs = [&](int num_jobs) {
        std::vector<couler::arg> para;
        for (int i = 1, batch_size = 0; i <= num_jobs; ++i)
            para.emplace_back(batch_size += 100);
        return wf.map(train_tensorflow, para);
    };
    auto evaluation = [&](const couler::arg& model_path) {
        return wf.run_container(couler::container("model_evaluation:v1")
                                    .command({"python", "model_eval.py"})
                                    .args({model_path})
                                    .step_name("eval"));
    };
    auto trained = run_multiple_jobs(5);
    // Evaluate each trained model: the job's name output is the model's location.
    wf.map(evaluation, std::vector<couler::arg>{trained.output_at(0)});
    couler::validate_or_throw(wf.workflow());
    std::cout << couler::to_json_pretty(wf.workflow());
}
