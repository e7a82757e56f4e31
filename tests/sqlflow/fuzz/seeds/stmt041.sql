SELECT * FROM %[1]s LIMIT 100;

SELECT * FROM %[1]s
TO TRAIN xgboost.gbtree
WITH objective="multi:softmax",num_class=3
LABEL class
INTO %[2]s;

SELECT * FROM %[1]s
TO TRAIN xgboost.gbtree
WITH objective="multi:softmax",num_class=3
COLUMN sepal_length, DENSE(sepal_width)
LABEL class
INTO %[2]s;
