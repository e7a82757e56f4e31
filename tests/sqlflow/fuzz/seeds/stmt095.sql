SELECT * FROM iris.train
TO TRAIN DNNClassifier  -- comment 1
WITH -- comment 2
	model.hidden_units=[16, 32], -- comment 3
	model.n_classes=3 /* comment
4 */
LABEL class --
INTO my_dnn_classifier;