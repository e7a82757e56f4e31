-- 1. test
SELECT * FROM iris.train TO TRAIN DNNClassifier WITH
    model.hidden_units=[10,20],
    model.n_classes=3
LABEL class INTO sqlflow_models.my_model;