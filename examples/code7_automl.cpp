// Paper Code 7: an AutoML workflow trains two model families on the same data at once.
#include <couler/couler.hpp>

#include <iostream>

int main()
{
    couler::builder wf("automl");
    const std::string features = "tenure,age,marital,address,ed,employ";
    auto train_xgboost = [&] {
        wf.run_container(couler::container("xgboost-image")
                             .command({"python", "-m", "train_xgboost"})
                             .args({"--table=pai_telco_demo_data", "--features=" + features, "--label=churn",
                                    "--objective=binary:logistic", "--num-boost-round=10", "--max-depth=5"})
                             .step_name("train-xgboost"));
    };
    auto train_lgbm = [&] {
        wf.run_container(couler::container("lightgbm-image")
                             .command({"python", "-m", "train_lightgbm"})
                             .args({"--table=pai_telco_demo_data", "--features=" + features, "--label=churn",
                                    "--num-leaves=63", "--num-iterations=200", "--model-path=lightgbm_model"})
                             .step_name("train-lgbm"));
    };
    wf.concurrent({train_xgboost, train_lgbm});
    couler::validate_or_throw(wf.workflow());
    std::cout << couler::to_json_pretty(wf.workflow());
}
