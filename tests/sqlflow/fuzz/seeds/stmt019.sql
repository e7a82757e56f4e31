SELECT sepal_length, sepal_width, petal_length, concat(petal_width,',',class) as class FROM iris.test 
TO PREDICT iris.predict_ts_2.class USING sqlflow_models.my_dnn_regts_model_2;