select c1, c2, c3, c4, c5, class from feature_derivation_case.train
TO TRAIN DNNClassifier
WITH model.n_classes=2
COLUMN c1, c2, CROSS([c4, c5], 128), CROSS([c1, c2], 256)
LABEL class INTO model_table;