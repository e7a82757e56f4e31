
SELECT * FROM iris.train
TO TRAIN xgboost.gbtree
WITH
	objective="multi:softmax",
	num_class=3
LABEL class
INTO sqlflow_models.my_xgb_multi_model;
