SELECT * FROM alifin_jtest_dev.weighted_key_value_train
TO TRAIN DNNClassifier
WITH model.n_classes = 2, model.hidden_units = [64,32],train.batch_size=128,train.epoch=2
COLUMN EMBEDDING(WEIGHTED_CATEGORY(CATEGORY_HASH(SPARSE(feature, 128, ",", "int", ":", "float"), 128)), 32)
LABEL label_col
INTO e2etest_weighted_emb;