SELECT * FROM iris.train
TO PREDICT iris.modelzoo_predict.class
USING localhost:50056/sqlflow_models.modelzoo_model_iris:v0.1;