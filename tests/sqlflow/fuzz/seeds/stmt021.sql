SELECT * FROM housing.train
TO EXPLAIN sqlflow_models.my_xgb_regression_model
WITH summary.plot_type="bar",
     summary.alpha=1,
     summary.sort=True
USING TreeExplainer;