 SELECT * FROM train_table
TO EXPLAIN my_model
WITH
  plots = force
USING TreeExplainer;