
SELECT * FROM iris.train WHERE class < 2
TO TRAIN xgboost.gbtree
WITH
	objective="binary:logistic"
LABEL class
INTO sqlflow_models.my_xgb_multi_model;
