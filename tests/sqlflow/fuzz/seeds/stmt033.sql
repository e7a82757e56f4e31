SELECT * FROM iris.train 
TO TRAIN DNNClassifier 
WITH 
	model.n_classes = 3, 
	model.hidden_units=[10, 20] 
COLUMN EMBEDDING(CROSS([petal_width, petal_length], 10), 128, 'sum')
LABEL class 
INTO iris.cross_tf_e2e_test_model;
