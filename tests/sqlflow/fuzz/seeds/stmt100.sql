SELECT * FROM iris.train_dense
TO TRAIN DNNClassifier
WITH
model.n_classes = 3,
model.hidden_units = [10, 20],
train.epoch = 200,
train.batch_size = 10,
train.verbose = 1
COLUMN DENSE(dense, 4, COMMA)
LABEL class
INTO sqlflow_models.my_dense_dnn_model;