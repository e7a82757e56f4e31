SELECT * FROM iris.train WHERE class!=2
TO TRAIN BoostedTreesClassifier
WITH
	model.n_batches_per_layer=1,
	model.center_bias=True,
	train.batch_size=100,
	train.epoch=10,
	validation.select="SELECT * FROM iris.test where class!=2"
LABEL class
INTO sqlflow_models.boostedtrees_model;