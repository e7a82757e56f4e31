SELECT sepal_length, sepal_width, petal_length, concat(petal_width,',',class) as class FROM iris.train 
TO TRAIN sqlflow_models.RNNBasedTimeSeriesModel WITH
	model.n_in=3,
	model.stack_units = [10, 10],
	model.n_out=2,
	model.model_type="lstm",
	validation.metrics= "MeanAbsoluteError,MeanSquaredError"
LABEL class
INTO sqlflow_models.my_dnn_regts_model_2;