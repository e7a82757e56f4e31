 SELECT * FROM train_table
TO TRAIN my_model
WITH
  param = value
COLUMN a, b
LABEL c
INTO model_table;