
SELECT * FROM sanity_check.train
TO TRAIN DNNClassifier
WITH
	model.n_classes = 5,
	model.hidden_units = [42, 13],
	model.optimizer = "Adam",
	train.epoch = 100,
	validation.select="SELECT * FROM sanity_check.train"
LABEL class
INTO sqlflow_models.my_dnn_model;
