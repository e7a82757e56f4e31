
SELECT * FROM iris.test
TO PREDICT iris.xgb_pred_result.class
USING sqlflow_models.my_xgb_multi_model;