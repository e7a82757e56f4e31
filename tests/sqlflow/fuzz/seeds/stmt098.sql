
SELECT * FROM sanity_check.train
TO PREDICT sanity_check.predict.class
USING sqlflow_models.my_dnn_model;
